//! Indicators of a monitoring campaign (监测指标): their kinds, checking an
//! enterprise's raw answers into typed values, and the arithmetic reports need
//! (change against the previous period, percent bands).
//!
//! Every numeric kind (number, percent, money) is held as `i64` hundredths of
//! the value: `"95.5"` is 9550, `"95.5%"` is 9550 meaning 95.50%.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{NumberError, format_hundredths, normalise, parse_hundredths};
use crate::field_error::{FieldError, FieldErrors, Message};

/// Longest text answer, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// What sort of answer an indicator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    Number,
    Percent,
    Money,
    YesNo,
    Choice,
    Text,
}

impl IndicatorKind {
    pub const ALL: [IndicatorKind; 6] = [
        IndicatorKind::Number,
        IndicatorKind::Percent,
        IndicatorKind::Money,
        IndicatorKind::YesNo,
        IndicatorKind::Choice,
        IndicatorKind::Text,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Number => "number",
            IndicatorKind::Percent => "percent",
            IndicatorKind::Money => "money",
            IndicatorKind::YesNo => "yes_no",
            IndicatorKind::Choice => "choice",
            IndicatorKind::Text => "text",
        }
    }

    pub fn parse(s: &str) -> Option<IndicatorKind> {
        IndicatorKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Chinese and English names.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            IndicatorKind::Number => ("数值", "Number"),
            IndicatorKind::Percent => ("百分比", "Percentage"),
            IndicatorKind::Money => ("金额", "Amount of money"),
            IndicatorKind::YesNo => ("是/否", "Yes/no"),
            IndicatorKind::Choice => ("单选", "Choice"),
            IndicatorKind::Text => ("文字", "Text"),
        }
    }

    /// Number, percent and money: held as hundredths, may have a range.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            IndicatorKind::Number | IndicatorKind::Percent | IndicatorKind::Money
        )
    }
}

/// One option of a choice indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
}

/// One question of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// `[a-z][a-z0-9_]{0,39}`, unique in the campaign.
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub kind: IndicatorKind,
    /// Shown beside the value only, e.g. "人", "万元".
    #[serde(default)]
    pub unit: Option<String>,
    /// Smallest allowed value in hundredths (numeric kinds only).
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest allowed value in hundredths (numeric kinds only).
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub required: bool,
    /// The options of a choice indicator; empty for every other kind.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Numeric kinds only: reports show the change against the previous period.
    #[serde(default)]
    pub compare_previous: bool,
}

/// A checked answer. Choice codes and texts are `Text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Num(i64),
    Bool(bool),
    Text(String),
}

/// One enterprise's answers for one period, by indicator code.
pub type Answers = BTreeMap<String, Value>;

/// Whether `s` is a well-formed indicator or rule code: `[a-z][a-z0-9_]{0,39}`.
pub fn is_valid_code(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=40).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

fn range_message(ind: &Indicator) -> Message {
    let (zh, en) = (&ind.label_zh, &ind.label_en);
    match (ind.min.map(format_hundredths), ind.max.map(format_hundredths)) {
        (Some(a), Some(b)) => Message::new(
            format!("“{zh}”应在 {a} 至 {b} 之间"),
            format!("{en} must be between {a} and {b}"),
        ),
        (Some(a), None) => Message::new(format!("“{zh}”应不小于 {a}"), format!("{en} must be at least {a}")),
        (None, Some(b)) => Message::new(format!("“{zh}”应不大于 {b}"), format!("{en} must be at most {b}")),
        (None, None) => Message::new(format!("“{zh}”数值过大"), format!("{en} is too large a number")),
    }
}

fn parse_yes_no(s: &str) -> Option<bool> {
    match s.to_lowercase().as_str() {
        "是" | "有" | "yes" | "y" | "true" | "1" => Some(true),
        "否" | "无" | "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// One non-blank answer, checked against its indicator. Messages name the indicator.
fn parse_value(ind: &Indicator, text: &str) -> Result<Value, FieldError> {
    let error = |code: &str, zh: String, en: String| {
        let message = Message::new(format!("“{}”{zh}", ind.label_zh), format!("{} {en}", ind.label_en));
        FieldError::new(&ind.code, code, message)
    };
    let out_of_range = || FieldError::new(&ind.code, "answer.range", range_message(ind));
    match ind.kind {
        IndicatorKind::Number | IndicatorKind::Percent | IndicatorKind::Money => {
            let v = parse_hundredths(text, ind.kind == IndicatorKind::Percent).map_err(|e| match e {
                NumberError::Format => error(
                    "answer.number",
                    "应为数字，如 1234.5".into(),
                    "must be a number such as 1234.5".into(),
                ),
                NumberError::Decimals => error(
                    "answer.decimals",
                    "最多保留 2 位小数".into(),
                    "has at most two decimal places".into(),
                ),
                NumberError::Overflow => out_of_range(),
            })?;
            if ind.min.is_some_and(|m| v < m) || ind.max.is_some_and(|m| v > m) {
                return Err(out_of_range());
            }
            Ok(Value::Num(v))
        }
        IndicatorKind::YesNo => parse_yes_no(&normalise(text))
            .map(Value::Bool)
            .ok_or_else(|| error("answer.yes_no", "应填“是”或“否”".into(), "must be yes or no".into())),
        IndicatorKind::Choice => {
            let found = ind.choices.iter().find(|c| {
                c.code.eq_ignore_ascii_case(text) || c.label_zh == text || c.label_en.eq_ignore_ascii_case(text)
            });
            found.map(|c| Value::Text(c.code.clone())).ok_or_else(|| {
                let zh: Vec<String> = ind
                    .choices
                    .iter()
                    .map(|c| format!("{}（{}）", c.code, c.label_zh))
                    .collect();
                let en: Vec<String> = ind
                    .choices
                    .iter()
                    .map(|c| format!("{} ({})", c.code, c.label_en))
                    .collect();
                let (zh, en) = (zh.join("、"), en.join(", "));
                error(
                    "answer.choice",
                    format!("应为以下之一：{zh}"),
                    format!("must be one of: {en}"),
                )
            })
        }
        IndicatorKind::Text if text.chars().count() > MAX_TEXT_CHARS => Err(error(
            "answer.text_length",
            format!("最多 {MAX_TEXT_CHARS} 个字"),
            format!("has at most {MAX_TEXT_CHARS} characters"),
        )),
        IndicatorKind::Text => Ok(Value::Text(text.to_owned())),
    }
}

/// Checks one enterprise's raw answers (by indicator code), reporting every bad
/// field at once under its indicator code. A blank optional answer is left out.
pub fn parse_answers(indicators: &[Indicator], raw: &BTreeMap<String, String>) -> Result<Answers, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut answers = Answers::new();
    for ind in indicators {
        let text = raw.get(&ind.code).map_or("", |s| s.trim());
        if text.is_empty() {
            if ind.required {
                let message = Message::new(
                    format!("请填写“{}”", ind.label_zh),
                    format!("{} is required", ind.label_en),
                );
                errors.push(FieldError::new(&ind.code, "answer.required", message));
            }
            continue;
        }
        match parse_value(ind, text) {
            Ok(v) => {
                answers.insert(ind.code.clone(), v);
            }
            Err(e) => errors.push(e),
        }
    }
    for key in raw.keys().filter(|k| !indicators.iter().any(|i| &i.code == *k)) {
        let message = Message::new(
            format!("没有代码为“{key}”的指标"),
            format!("there is no indicator {key:?}"),
        );
        errors.push(FieldError::new(key, "answer.unknown", message));
    }
    errors.into_result(answers)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An optional indicator of `kind` labelled "<code>中文" / "<code> en".
    pub(crate) fn ind(code: &str, kind: IndicatorKind) -> Indicator {
        Indicator {
            code: code.into(),
            label_zh: format!("{code}中文"),
            label_en: format!("{code} en"),
            kind,
            unit: None,
            min: None,
            max: None,
            required: false,
            choices: vec![],
            compare_previous: false,
        }
    }

    pub(crate) fn orders() -> Indicator {
        let c = |code: &str, zh: &str, en: &str| Choice {
            code: code.into(),
            label_zh: zh.into(),
            label_en: en.into(),
        };
        let choices = vec![c("up", "增加", "Increasing"), c("down", "减少", "Decreasing")];
        Indicator {
            choices,
            ..ind("orders", IndicatorKind::Choice)
        }
    }

    fn ranged(code: &str, kind: IndicatorKind, min: Option<i64>, max: Option<i64>) -> Indicator {
        Indicator {
            min,
            max,
            ..ind(code, kind)
        }
    }

    fn required(code: &str, kind: IndicatorKind) -> Indicator {
        Indicator {
            required: true,
            ..ind(code, kind)
        }
    }

    fn raw(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn one(i: &Indicator, text: &str) -> Result<Value, FieldError> {
        match parse_answers(std::slice::from_ref(i), &raw(&[(&i.code, text)])) {
            Ok(a) => Ok(a[&i.code].clone()),
            Err(e) => Err(e.0[0].clone()),
        }
    }

    fn num(kind: IndicatorKind, text: &str) -> i64 {
        match one(&ind("x", kind), text) {
            Ok(Value::Num(n)) => n,
            other => panic!("{text:?}: {other:?}"),
        }
    }

    fn code(i: &Indicator, text: &str) -> String {
        one(i, text).expect_err(text).code
    }

    fn fields_and_codes(errors: &FieldErrors) -> Vec<(&str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect()
    }

    #[test]
    fn numeric_answers_are_read_as_hundredths_with_a_percent_sign_only_for_percents() {
        assert_eq!(num(IndicatorKind::Number, "95.5"), 9550);
        assert_eq!(num(IndicatorKind::Money, "1,234.56"), 123_456);
        assert_eq!(num(IndicatorKind::Percent, "９５．５％"), 9550);
        assert_eq!(num(IndicatorKind::Number, "－３０"), -3000);
        let n = ind("x", IndicatorKind::Number);
        assert_eq!(code(&n, "5%"), "answer.number");
        assert_eq!(code(&n, "1.234"), "answer.decimals");
        assert_eq!(code(&n, "99999999999999999999999"), "answer.range");
        assert_eq!(one(&ind("x", IndicatorKind::YesNo), "１"), Ok(Value::Bool(true)));
    }

    #[test]
    fn a_percent_above_the_maximum_is_refused_naming_the_indicator() {
        let p = ranged("rate", IndicatorKind::Percent, Some(0), Some(10_000));
        let e = one(&p, "100.01").unwrap_err();
        assert_eq!((e.field.as_str(), e.code.as_str()), ("rate", "answer.range"));
        assert_eq!(e.message.zh, "“rate中文”应在 0 至 100 之间");
        assert_eq!(e.message.en, "rate en must be between 0 and 100");
        assert_eq!(one(&p, "100"), Ok(Value::Num(10_000)));
        assert_eq!(code(&p, "-0.01"), "answer.range");
        let floor = ranged("chg", IndicatorKind::Percent, Some(-10_000), None);
        assert_eq!(
            one(&floor, "-100.5").unwrap_err().message.en,
            "chg en must be at least -100"
        );
        let cap = ranged("c", IndicatorKind::Number, None, Some(150));
        assert_eq!(one(&cap, "1.51").unwrap_err().message.zh, "“c中文”应不大于 1.5");
    }

    #[test]
    fn yes_no_accepts_chinese_english_and_digits_in_any_case() {
        let y = ind("x", IndicatorKind::YesNo);
        for t in ["是", "有", "YES", " y ", "True", "1"] {
            assert_eq!(one(&y, t), Ok(Value::Bool(true)), "{t:?}");
        }
        for t in ["否", "无", "No", "N", "false", "0"] {
            assert_eq!(one(&y, t), Ok(Value::Bool(false)), "{t:?}");
        }
        assert_eq!(code(&y, "maybe"), "answer.yes_no");
    }

    #[test]
    fn a_choice_is_found_by_code_or_either_label_and_stored_as_its_code() {
        for t in ["down", "DOWN", "减少", "decreasing"] {
            assert_eq!(one(&orders(), t), Ok(Value::Text("down".into())), "{t:?}");
        }
        let e = one(&orders(), "flat").unwrap_err();
        assert_eq!(e.code, "answer.choice");
        assert_eq!(
            e.message.en,
            "orders en must be one of: up (Increasing), down (Decreasing)"
        );
        assert_eq!(e.message.zh, "“orders中文”应为以下之一：up（增加）、down（减少）");
    }

    #[test]
    fn text_is_trimmed_and_limited_to_two_thousand_characters() {
        let t = ind("x", IndicatorKind::Text);
        assert_eq!(one(&t, "  缺工人 "), Ok(Value::Text("缺工人".into())));
        assert!(one(&t, &"字".repeat(MAX_TEXT_CHARS)).is_ok());
        assert_eq!(code(&t, &"字".repeat(MAX_TEXT_CHARS + 1)), "answer.text_length");
    }

    #[test]
    fn every_bad_field_is_reported_at_once_and_blank_optional_answers_are_left_out() {
        let list = [
            required("a", IndicatorKind::Number),
            required("b", IndicatorKind::Text),
            ind("c", IndicatorKind::YesNo),
            ind("d", IndicatorKind::Percent),
            ind("e", IndicatorKind::Number),
            orders(),
        ];
        let bad = raw(&[
            ("b", "　"),
            ("c", "?"),
            ("d", "1.001"),
            ("e", " "),
            ("orders", "x"),
            ("zz", "1"),
        ]);
        let errors = parse_answers(&list, &bad).unwrap_err();
        let expected = [
            ("a", "answer.required"),
            ("b", "answer.required"),
            ("c", "answer.yes_no"),
            ("d", "answer.decimals"),
            ("orders", "answer.choice"),
            ("zz", "answer.unknown"),
        ];
        assert_eq!(fields_and_codes(&errors), expected);
        assert_eq!(errors.0[0].message.en, "a en is required");
        let ok = parse_answers(&list, &raw(&[("a", "3"), ("b", "x"), ("e", ""), ("orders", "增加")])).unwrap();
        let expected = [
            ("a", Value::Num(300)),
            ("b", Value::Text("x".into())),
            ("orders", Value::Text("up".into())),
        ];
        assert_eq!(
            ok,
            expected
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<Answers>()
        );
    }

    #[test]
    fn codes_are_a_lowercase_letter_then_up_to_39_letters_digits_or_underscores() {
        assert!(is_valid_code("a") && is_valid_code("staff_total2") && is_valid_code(&"a".repeat(40)));
        for bad in ["", "1a", "_a", "aB", "a-b", "产能", &"a".repeat(41)] {
            assert!(!is_valid_code(bad), "{bad:?}");
        }
    }

    #[test]
    fn kinds_round_trip_through_their_names_and_serialise_as_them() {
        for k in IndicatorKind::ALL {
            assert_eq!(IndicatorKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(IndicatorKind::parse("float"), None);
        let numeric: Vec<_> = IndicatorKind::ALL.into_iter().filter(|k| k.is_numeric()).collect();
        assert_eq!(
            numeric,
            [IndicatorKind::Number, IndicatorKind::Percent, IndicatorKind::Money]
        );
        let json = serde_json::to_value(ind("x", IndicatorKind::YesNo)).unwrap();
        assert_eq!(json["kind"], "yes_no");
        let back: Indicator =
            serde_json::from_str(r#"{"code":"x","label_zh":"甲","label_en":"a","kind":"money"}"#).unwrap();
        assert_eq!(back.kind, IndicatorKind::Money);
        assert!(!back.required && back.choices.is_empty() && back.min.is_none());
        let values: Vec<Value> = serde_json::from_str(r#"[5, true, "up"]"#).unwrap();
        assert_eq!(values, [Value::Num(5), Value::Bool(true), Value::Text("up".into())]);
    }

    proptest! {
        #[test]
        fn parsing_arbitrary_answers_never_panics(s in "\\PC{0,12}") {
            for k in IndicatorKind::ALL {
                let _ = parse_answers(&[ind("x", k)], &raw(&[("x", &s)]));
            }
        }
    }
}
