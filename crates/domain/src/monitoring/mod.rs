//! Operations-monitoring campaigns (运行监测): a department asks enterprises the
//! same indicators every period and follows coverage, problems and alerts.
//!
//! - [`indicators`]: what an indicator is and how raw answers become values;
//! - [`periods`](mod@periods): weekly, monthly or one-off reporting periods and their keys;
//! - [`alerts`]: threshold rules on answers and the breaches they find;
//! - [`templates`](mod@templates): ready-made campaigns, each citing its source, and size bands.
//!
//! This file holds what the parts share: numbers in hundredths (reading and
//! writing them), checking a campaign's indicator list, showing values, and the
//! arithmetic of reports (change against the previous period, percent bands).

pub mod alerts;
pub mod figures;
pub mod indicators;
pub mod periods;
pub mod templates;

pub use alerts::*;
pub use indicators::*;
pub use periods::*;
pub use templates::*;

use crate::field_error::{FieldError, FieldErrors, Message};

/// Most indicators one campaign may ask.
pub const MAX_INDICATORS: usize = 60;

/// Full-width digits and punctuation (as typed with a Chinese input method) to ASCII.
fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
            '．' => '.',
            '－' | '−' => '-',
            '，' => ',',
            '％' => '%',
            c => c,
        })
        .collect()
}

/// Why a text is not a number in hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all (`answer.number`).
    Format,
    /// More than two decimals (`answer.decimals`).
    Decimals,
    /// Beyond what an `i64` of hundredths holds.
    Overflow,
}

/// A number as hundredths: `"95.5"` → 9550, `"1,234.56"` → 123456, `"-30"` → -3000;
/// full-width digits and punctuation are accepted, a trailing `%` only when `percent`.
pub fn parse_hundredths(input: &str, percent: bool) -> Result<i64, NumberError> {
    let s = normalise(input);
    let s = match s.strip_suffix('%') {
        Some(rest) if percent => rest.trim_end(),
        _ => s.as_str(),
    };
    let (negative, s) = s.strip_prefix('-').map_or((false, s), |rest| (true, rest));
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    let grouped = int.contains(',') && (1..=3).contains(&first.len());
    let int_ok = digits(first) && groups.all(|g| grouped && g.len() == 3 && digits(g));
    if !int_ok || (s.contains('.') && !digits(frac)) {
        return Err(NumberError::Format);
    }
    if frac.len() > 2 {
        return Err(NumberError::Decimals);
    }
    let mut value: i128 = 0;
    for d in int
        .bytes()
        .filter(u8::is_ascii_digit)
        .chain(frac.bytes())
        .chain(b"00".iter().copied().skip(frac.len()))
    {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(d - b'0')))
            .ok_or(NumberError::Overflow)?;
    }
    i64::try_from(if negative { -value } else { value }).map_err(|_| NumberError::Overflow)
}

/// `9550` → `"95.5"`, `100` → `"1"`, `-3000` → `"-30"`, `123456` → `"1234.56"`.
pub fn format_hundredths(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let (int, frac) = (v.unsigned_abs() / 100, v.unsigned_abs() % 100);
    match frac {
        0 => format!("{sign}{int}"),
        f if f.is_multiple_of(10) => format!("{sign}{int}.{}", f / 10),
        f => format!("{sign}{int}.{f:02}"),
    }
}

/// An answer as shown to people: percent with `%`, yes/no as 是/否 or Yes/No,
/// a choice by its label. The unit of numbers and money is not appended.
pub fn display_value(ind: &Indicator, v: &Value, en: bool) -> String {
    match (ind.kind, v) {
        (IndicatorKind::Percent, Value::Num(n)) => format!("{}%", format_hundredths(*n)),
        (_, Value::Num(n)) => format_hundredths(*n),
        (_, Value::Bool(b)) => match (b, en) {
            (true, false) => "是",
            (false, false) => "否",
            (true, true) => "Yes",
            (false, true) => "No",
        }
        .to_owned(),
        (IndicatorKind::Choice, Value::Text(code)) => match ind.choices.iter().find(|c| &c.code == code) {
            Some(c) if en => c.label_en.clone(),
            Some(c) => c.label_zh.clone(),
            None => code.clone(),
        },
        (_, Value::Text(t)) => t.clone(),
    }
}

/// Checks a campaign's list of indicators, reporting every problem at once
/// under `indicators[i].<field>` (or `indicators` for the list as a whole).
pub fn validate_indicators(list: &[Indicator]) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if list.is_empty() {
        let message = Message::new("至少需要一个指标", "at least one indicator is needed");
        errors.push(FieldError::new("indicators", "indicators.empty", message));
    }
    if list.len() > MAX_INDICATORS {
        let message = Message::new(
            format!("指标不能超过 {MAX_INDICATORS} 个"),
            format!("at most {MAX_INDICATORS} indicators"),
        );
        errors.push(FieldError::new("indicators", "indicators.too_many", message));
    }
    for (i, ind) in list.iter().enumerate() {
        let mut push = |field: &str, code: &str, zh: &str, en: &str| {
            errors.push(FieldError::new(
                format!("indicators[{i}].{field}"),
                code,
                Message::new(zh, en),
            ));
        };
        if !is_valid_code(&ind.code) {
            push(
                "code",
                "indicator.code",
                "指标代码应以小写字母开头，仅含小写字母、数字和下划线，最长 40 位",
                "an indicator code starts with a lowercase letter and has only lowercase letters, digits and underscores, at most 40",
            );
        } else if list[..i].iter().any(|other| other.code == ind.code) {
            push(
                "code",
                "indicator.duplicate",
                "指标代码重复",
                "this indicator code is used twice",
            );
        }
        if ind.label_zh.trim().is_empty() {
            push(
                "label_zh",
                "indicator.label",
                "请填写指标中文名称",
                "the Chinese label is missing",
            );
        }
        if ind.label_en.trim().is_empty() {
            push(
                "label_en",
                "indicator.label",
                "请填写指标英文名称",
                "the English label is missing",
            );
        }
        if ind.kind == IndicatorKind::Choice {
            let mut codes: Vec<&str> = ind.choices.iter().map(|c| c.code.trim()).collect();
            let blank = ind
                .choices
                .iter()
                .any(|c| c.code.trim().is_empty() || c.label_zh.trim().is_empty() || c.label_en.trim().is_empty());
            codes.sort_unstable();
            codes.dedup();
            if ind.choices.is_empty() || blank || codes.len() != ind.choices.len() {
                push(
                    "choices",
                    "indicator.choices",
                    "单选指标需要至少一个选项，选项代码不得重复，代码和名称不得为空",
                    "a choice indicator needs at least one option, each with its own code and both labels",
                );
            }
        } else if !ind.choices.is_empty() {
            push(
                "choices",
                "indicator.choices",
                "只有单选指标可设选项",
                "only a choice indicator has options",
            );
        }
        if ind.kind.is_numeric() {
            if let (Some(min), Some(max)) = (ind.min, ind.max)
                && min > max
            {
                push(
                    "min",
                    "indicator.range",
                    "最小值不能大于最大值",
                    "the minimum is above the maximum",
                );
            }
        } else {
            if ind.min.is_some() || ind.max.is_some() {
                push(
                    "min",
                    "indicator.range",
                    "只有数值类指标可设范围",
                    "only a numeric indicator has a range",
                );
            }
            if ind.compare_previous {
                push(
                    "compare_previous",
                    "indicator.compare_previous",
                    "只有数值类指标可与上期比较",
                    "only a numeric indicator is compared with the previous period",
                );
            }
        }
    }
    errors.into_result(())
}

/// Change of `current` against `previous` in hundredths of a percent, rounded
/// toward zero: 70 after 100 is -3000 (−30%). Divides by the size of `previous`,
/// so a fall is negative even from a negative base. `None` when `previous` is 0.
pub fn change_bp(current: i64, previous: i64) -> Option<i64> {
    if previous == 0 {
        return None;
    }
    let change = (i128::from(current) - i128::from(previous)) * 10_000 / i128::from(previous).abs();
    Some(i64::try_from(change).unwrap_or(if change < 0 { i64::MIN } else { i64::MAX }))
}

/// Band of 10 percentage points of a percent in hundredths: below 10% is 0,
/// [10%, 20%) is 1 … 90% and above is 9; negatives fall in band 0.
pub fn percent_band(hundredths: i64) -> usize {
    usize::try_from(hundredths / 1000).map_or(0, |b| b.min(9))
}

/// `"0–10%"`, `"10–20%"` … `"80–90%"`, `"≥90%"`.
pub fn band_label(i: usize) -> String {
    match i {
        0..=8 => format!("{}–{}%", i * 10, i * 10 + 10),
        _ => "≥90%".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::indicators::tests::{ind, orders};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_money_and_percents_parse_to_hundredths() {
        let ok = |s: &str, percent: bool| parse_hundredths(s, percent).unwrap_or_else(|e| panic!("{s:?}: {e:?}"));
        assert_eq!(ok("95.5", false), 9550);
        assert_eq!(ok("1,234.56", false), 123_456);
        assert_eq!(ok("1,234,567", false), 123_456_700);
        assert_eq!(ok("95.5%", true), 9550);
        assert_eq!(ok(" 95.5 % ", true), 9550);
        assert_eq!(ok("-30", false), -3000);
        assert_eq!(ok("0.07", false), 7);
        assert_eq!(ok("-0", false), 0);
    }

    #[test]
    fn full_width_digits_and_punctuation_are_normalised_first() {
        assert_eq!(parse_hundredths("９５．５％", true), Ok(9550));
        assert_eq!(parse_hundredths("１，２３４．５６", false), Ok(123_456));
        assert_eq!(parse_hundredths("－３０", false), Ok(-3000));
    }

    #[test]
    fn malformed_numbers_extra_decimals_and_overflow_are_told_apart() {
        for bad in [
            "", "abc", "1.", ".5", "1..2", "12,34", "1,2345", ",123", "1 234", "5%", "-", "1e3", "--1", "+1",
        ] {
            assert_eq!(parse_hundredths(bad, false), Err(NumberError::Format), "{bad:?}");
        }
        assert_eq!(parse_hundredths("5%%", true), Err(NumberError::Format));
        assert_eq!(parse_hundredths("1.234", false), Err(NumberError::Decimals));
        assert_eq!(
            parse_hundredths("92233720368547758.08", false),
            Err(NumberError::Overflow)
        );
        assert_eq!(parse_hundredths("-92233720368547758.08", false), Ok(i64::MIN));
    }

    #[test]
    fn hundredths_format_without_trailing_zeros() {
        for (v, s) in [
            (9550, "95.5"),
            (100, "1"),
            (-3000, "-30"),
            (123_456, "1234.56"),
            (-5, "-0.05"),
            (0, "0"),
        ] {
            assert_eq!(format_hundredths(v), s);
        }
        assert_eq!(format_hundredths(i64::MIN), "-92233720368547758.08");
    }

    #[test]
    fn values_display_by_kind_in_either_language() {
        let show = |i: &Indicator, v: Value, en: bool| display_value(i, &v, en);
        assert_eq!(show(&ind("p", IndicatorKind::Percent), Value::Num(4250), true), "42.5%");
        assert_eq!(show(&ind("m", IndicatorKind::Money), Value::Num(4200), true), "42");
        assert_eq!(show(&ind("y", IndicatorKind::YesNo), Value::Bool(true), false), "是");
        assert_eq!(show(&ind("y", IndicatorKind::YesNo), Value::Bool(false), true), "No");
        assert_eq!(show(&orders(), Value::Text("up".into()), false), "增加");
        assert_eq!(show(&orders(), Value::Text("up".into()), true), "Increasing");
        assert_eq!(show(&orders(), Value::Text("gone".into()), true), "gone");
        assert_eq!(
            show(&ind("t", IndicatorKind::Text), Value::Text("缺工".into()), true),
            "缺工"
        );
    }

    #[test]
    fn a_valid_list_passes_and_each_fault_is_reported_under_its_indicator() {
        assert!(validate_indicators(&[ind("a", IndicatorKind::Number), orders()]).is_ok());
        let list = [
            ind("Bad", IndicatorKind::Number),
            Indicator {
                label_en: " ".into(),
                ..ind("a", IndicatorKind::Number)
            },
            ind("a", IndicatorKind::Text),
            Indicator {
                choices: vec![],
                ..orders()
            },
            Indicator {
                min: Some(5),
                max: Some(1),
                ..ind("n", IndicatorKind::Money)
            },
            Indicator {
                max: Some(1),
                compare_previous: true,
                ..ind("t", IndicatorKind::Text)
            },
            Indicator {
                choices: orders().choices,
                ..ind("u", IndicatorKind::YesNo)
            },
        ];
        let errors = validate_indicators(&list).unwrap_err();
        let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        let expected = [
            ("indicators[0].code", "indicator.code"),
            ("indicators[1].label_en", "indicator.label"),
            ("indicators[2].code", "indicator.duplicate"),
            ("indicators[3].choices", "indicator.choices"),
            ("indicators[4].min", "indicator.range"),
            ("indicators[5].min", "indicator.range"),
            ("indicators[5].compare_previous", "indicator.compare_previous"),
            ("indicators[6].choices", "indicator.choices"),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn choice_codes_must_be_unique_and_the_list_holds_one_to_sixty_indicators() {
        let mut twice = orders();
        twice.choices[1].code = "up".into();
        assert_eq!(
            validate_indicators(&[twice]).unwrap_err().0[0].code,
            "indicator.choices"
        );
        let e = validate_indicators(&[]).unwrap_err();
        assert_eq!(
            (e.0[0].field.as_str(), e.0[0].code.as_str()),
            ("indicators", "indicators.empty")
        );
        let many: Vec<Indicator> = (0..=MAX_INDICATORS)
            .map(|i| ind(&format!("i{i}"), IndicatorKind::Text))
            .collect();
        assert_eq!(validate_indicators(&many).unwrap_err().0[0].code, "indicators.too_many");
        assert!(validate_indicators(&many[..MAX_INDICATORS]).is_ok());
    }

    #[test]
    fn change_is_in_basis_points_rounded_toward_zero_and_none_from_zero() {
        assert_eq!(change_bp(70, 100), Some(-3000));
        assert_eq!(change_bp(150, 100), Some(5000));
        assert_eq!(change_bp(2, 3), Some(-3333));
        assert_eq!(change_bp(4, 3), Some(3333));
        assert_eq!(change_bp(1, 3), Some(-6666));
        assert_eq!(change_bp(-300, -100), Some(-20_000));
        assert_eq!(change_bp(5, 0), None);
        assert_eq!(change_bp(0, 0), None);
        assert_eq!(change_bp(i64::MAX, 1), Some(i64::MAX));
        assert_eq!(change_bp(i64::MIN, i64::MAX), Some(-20_000));
    }

    #[test]
    fn percent_bands_are_ten_points_wide_with_the_top_band_open() {
        for (h, band) in [
            (-500, 0),
            (0, 0),
            (999, 0),
            (1000, 1),
            (1999, 1),
            (8999, 8),
            (9000, 9),
            (20_000, 9),
        ] {
            assert_eq!(percent_band(h), band, "{h}");
        }
        assert_eq!(band_label(0), "0–10%");
        assert_eq!(band_label(1), "10–20%");
        assert_eq!(band_label(8), "80–90%");
        assert_eq!(band_label(9), "≥90%");
    }

    proptest! {
        #[test]
        fn formatted_hundredths_parse_back_to_the_same_value(v in any::<i64>()) {
            prop_assert_eq!(parse_hundredths(&format_hundredths(v), false), Ok(v));
            prop_assert_eq!(parse_hundredths(&format!("{}%", format_hundredths(v)), true), Ok(v));
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(s in "\\PC{0,16}") {
            let _ = parse_hundredths(&s, true);
        }
    }
}
