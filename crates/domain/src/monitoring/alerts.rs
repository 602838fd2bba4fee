//! Alert rules of a monitoring campaign: a threshold on one numeric indicator
//! (below, above, or a fall against the previous period beyond some percent),
//! checked against one enterprise's answers to find breaches worth following up.

use serde::{Deserialize, Serialize};

use super::indicators::{Answers, Indicator, IndicatorKind, Value, is_valid_code};
use super::{change_bp, format_hundredths};
use crate::field_error::{FieldError, FieldErrors, Message};

/// How a rule compares the answer with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertOp {
    Below,
    Above,
    DropMoreThan,
}

impl AlertOp {
    pub const ALL: [AlertOp; 3] = [AlertOp::Below, AlertOp::Above, AlertOp::DropMoreThan];

    pub fn as_str(self) -> &'static str {
        match self {
            AlertOp::Below => "below",
            AlertOp::Above => "above",
            AlertOp::DropMoreThan => "drop_more_than",
        }
    }

    pub fn parse(s: &str) -> Option<AlertOp> {
        AlertOp::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Chinese and English names.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            AlertOp::Below => ("低于", "Below"),
            AlertOp::Above => ("高于", "Above"),
            AlertOp::DropMoreThan => ("较上期下降超过", "Falls against the previous period by more than"),
        }
    }
}

/// One alert rule of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRule {
    /// `[a-z][a-z0-9_]{0,39}`, unique in the campaign.
    pub code: String,
    /// Code of a numeric indicator of the campaign.
    pub indicator: String,
    pub op: AlertOp,
    /// In hundredths of the indicator's value; for `DropMoreThan` percentage
    /// points in hundredths (3000 is a fall of more than 30%).
    pub threshold: i64,
    /// Applies only to enterprises marked as key suppliers (关键配套企业).
    #[serde(default)]
    pub suppliers_only: bool,
    pub label_zh: String,
    pub label_en: String,
}

/// Checks a campaign's rules against its indicators, reporting every problem
/// at once under `rules[i].<field>`.
pub fn validate_rules(rules: &[AlertRule], indicators: &[Indicator]) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    for (i, rule) in rules.iter().enumerate() {
        let mut push = |field: &str, code: &str, zh: &str, en: &str| {
            errors.push(FieldError::new(
                format!("rules[{i}].{field}"),
                code,
                Message::new(zh, en),
            ));
        };
        if !is_valid_code(&rule.code) {
            push(
                "code",
                "rule.code",
                "规则代码应以小写字母开头，仅含小写字母、数字和下划线，最长 40 位",
                "a rule code starts with a lowercase letter and has only lowercase letters, digits and underscores, at most 40",
            );
        } else if rules[..i].iter().any(|r| r.code == rule.code) {
            push("code", "rule.duplicate", "规则代码重复", "this rule code is used twice");
        }
        match indicators.iter().find(|ind| ind.code == rule.indicator) {
            None => push(
                "indicator",
                "rule.indicator",
                "没有这个指标",
                "there is no such indicator",
            ),
            Some(ind) if !ind.kind.is_numeric() => push(
                "indicator",
                "rule.indicator_kind",
                "预警规则只能用于数值、百分比或金额指标",
                "an alert rule needs a number, percent or money indicator",
            ),
            Some(_) => {}
        }
        if rule.op == AlertOp::DropMoreThan && rule.threshold <= 0 {
            push(
                "threshold",
                "rule.threshold",
                "降幅阈值应大于 0",
                "the fall threshold must be above 0",
            );
        }
        if rule.label_zh.trim().is_empty() || rule.label_en.trim().is_empty() {
            push(
                "label_zh",
                "rule.label",
                "请填写规则的中英文名称",
                "the rule needs a Chinese and an English label",
            );
        }
    }
    errors.into_result(())
}

/// One rule an enterprise's answers break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breach {
    /// The rule's code.
    pub rule: String,
    /// The current answer, in hundredths.
    pub value: i64,
    /// The previous period's answer (drop rules only).
    pub previous: Option<i64>,
    /// What happened, naming the indicator, e.g. "产能利用率 42% 低于 50%".
    pub message: Message,
}

/// The breach of `rule` by `answers`, looking up its indicator in `indicators`;
/// none when the indicator is not among them.
pub fn breach(
    rule: &AlertRule,
    indicators: &[Indicator],
    answers: &Answers,
    previous: Option<&Answers>,
    is_supplier: bool,
) -> Option<Breach> {
    let indicator = indicators.iter().find(|i| i.code == rule.indicator)?;
    breach_with(rule, indicator, answers, previous, is_supplier)
}

/// A value with its percent sign or unit, for messages.
fn amount(ind: &Indicator, v: i64, en: bool) -> String {
    let n = format_hundredths(v);
    match (ind.kind, ind.unit.as_deref()) {
        (IndicatorKind::Percent, _) => format!("{n}%"),
        (_, Some(unit)) if en => format!("{n} {unit}"),
        (_, Some(unit)) => format!("{n}{unit}"),
        (_, None) => n,
    }
}

/// The breach of `rule` by `answers` for the rule's `indicator`. None when the
/// rule is for suppliers only and the enterprise is none, when the indicator is
/// unanswered (or not a number), and for a drop rule without a previous answer
/// or with a previous answer of 0.
pub fn breach_with(
    rule: &AlertRule,
    indicator: &Indicator,
    answers: &Answers,
    previous: Option<&Answers>,
    is_supplier: bool,
) -> Option<Breach> {
    if rule.suppliers_only && !is_supplier {
        return None;
    }
    let Some(Value::Num(value)) = answers.get(&rule.indicator) else {
        return None;
    };
    let value = *value;
    let (zh, en) = (&indicator.label_zh, &indicator.label_en);
    let (v_zh, v_en) = (amount(indicator, value, false), amount(indicator, value, true));
    let (message, previous) = match rule.op {
        AlertOp::Below | AlertOp::Above => {
            let t_zh = amount(indicator, rule.threshold, false);
            let t_en = amount(indicator, rule.threshold, true);
            let message = if rule.op == AlertOp::Below {
                (value < rule.threshold).then(|| {
                    Message::new(
                        format!("{zh} {v_zh} 低于 {t_zh}"),
                        format!("{en} {v_en} is below {t_en}"),
                    )
                })
            } else {
                (value > rule.threshold).then(|| {
                    Message::new(
                        format!("{zh} {v_zh} 高于 {t_zh}"),
                        format!("{en} {v_en} is above {t_en}"),
                    )
                })
            };
            (message?, None)
        }
        AlertOp::DropMoreThan => {
            let Some(Value::Num(p)) = previous?.get(&rule.indicator) else {
                return None;
            };
            let change = change_bp(value, *p).filter(|c| *c < rule.threshold.saturating_neg())?;
            let (p_zh, p_en) = (amount(indicator, *p, false), amount(indicator, *p, true));
            let (fall, limit) = (
                format_hundredths(change.saturating_neg()),
                format_hundredths(rule.threshold),
            );
            let message = Message::new(
                format!("{zh} {v_zh}，较上期 {p_zh} 下降 {fall}%，降幅超过 {limit}%"),
                format!("{en} {v_en} fell {fall}% from {p_en} in the previous period, more than {limit}%"),
            );
            (message, Some(*p))
        }
    };
    Some(Breach {
        rule: rule.code.clone(),
        value,
        previous,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::super::indicators::tests::ind;
    use super::*;

    fn capacity() -> Indicator {
        Indicator {
            label_zh: "产能利用率".into(),
            label_en: "Capacity utilisation".into(),
            ..ind("capacity", IndicatorKind::Percent)
        }
    }

    fn turnover() -> Indicator {
        Indicator {
            label_zh: "营业额".into(),
            label_en: "Turnover".into(),
            unit: Some("万元".into()),
            ..ind("turnover", IndicatorKind::Money)
        }
    }

    fn rule(code: &str, indicator: &str, op: AlertOp, threshold: i64) -> AlertRule {
        let (label_zh, label_en) = (format!("{code}规则"), format!("{code} rule"));
        let indicator = indicator.to_owned();
        AlertRule {
            code: code.into(),
            indicator,
            op,
            threshold,
            suppliers_only: false,
            label_zh,
            label_en,
        }
    }

    fn answers(pairs: &[(&str, Value)]) -> Answers {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    fn check(r: &AlertRule, now: &Answers, before: Option<&Answers>) -> Option<Breach> {
        breach(r, &[capacity(), turnover()], now, before, false)
    }

    #[test]
    fn below_breaches_strictly_under_the_threshold_and_says_so_in_both_languages() {
        let r = rule("low", "capacity", AlertOp::Below, 5000);
        let b = check(&r, &answers(&[("capacity", Value::Num(4200))]), None).expect("breach");
        assert_eq!((b.rule.as_str(), b.value, b.previous), ("low", 4200, None));
        assert_eq!(
            b.message,
            Message::new("产能利用率 42% 低于 50%", "Capacity utilisation 42% is below 50%")
        );
        assert_eq!(check(&r, &answers(&[("capacity", Value::Num(5000))]), None), None);
    }

    #[test]
    fn above_breaches_strictly_over_the_threshold() {
        let r = rule("high", "turnover", AlertOp::Above, 100_000);
        let b = check(&r, &answers(&[("turnover", Value::Num(100_050))]), None).expect("breach");
        assert_eq!(
            b.message,
            Message::new(
                "营业额 1000.5万元 高于 1000万元",
                "Turnover 1000.5 万元 is above 1000 万元"
            )
        );
        assert_eq!(check(&r, &answers(&[("turnover", Value::Num(100_000))]), None), None);
    }

    #[test]
    fn a_drop_breaches_only_when_the_fall_exceeds_the_threshold() {
        let r = rule("drop", "turnover", AlertOp::DropMoreThan, 3000);
        let before = answers(&[("turnover", Value::Num(12_000))]);
        let b = check(&r, &answers(&[("turnover", Value::Num(7000))]), Some(&before)).expect("breach");
        assert_eq!((b.value, b.previous), (7000, Some(12_000)));
        assert_eq!(b.message.zh, "营业额 70万元，较上期 120万元 下降 41.66%，降幅超过 30%");
        assert_eq!(
            b.message.en,
            "Turnover 70 万元 fell 41.66% from 120 万元 in the previous period, more than 30%"
        );
        // Exactly 30% down (8400 after 12000) is not more than 30%.
        assert_eq!(
            check(&r, &answers(&[("turnover", Value::Num(8400))]), Some(&before)),
            None
        );
        // The change is compared in whole hundredths of a percent, rounded toward zero:
        // 8399 is down 30.0083…%, i.e. -3000, not more; 8398 is down 30.01%.
        assert_eq!(
            check(&r, &answers(&[("turnover", Value::Num(8399))]), Some(&before)),
            None
        );
        assert!(check(&r, &answers(&[("turnover", Value::Num(8398))]), Some(&before)).is_some());
        assert_eq!(
            check(&r, &answers(&[("turnover", Value::Num(20_000))]), Some(&before)),
            None
        );
    }

    #[test]
    fn a_drop_needs_a_numeric_nonzero_previous_answer() {
        let r = rule("drop", "turnover", AlertOp::DropMoreThan, 3000);
        let now = answers(&[("turnover", Value::Num(0))]);
        assert_eq!(check(&r, &now, None), None);
        assert_eq!(check(&r, &now, Some(&answers(&[]))), None);
        assert_eq!(check(&r, &now, Some(&answers(&[("turnover", Value::Num(0))]))), None);
        assert_eq!(
            check(&r, &now, Some(&answers(&[("turnover", Value::Text("x".into()))]))),
            None
        );
        assert!(check(&r, &now, Some(&answers(&[("turnover", Value::Num(1))]))).is_some());
    }

    #[test]
    fn a_suppliers_only_rule_skips_other_enterprises() {
        let r = AlertRule {
            suppliers_only: true,
            ..rule("sup", "capacity", AlertOp::Below, 7000)
        };
        let now = answers(&[("capacity", Value::Num(6000))]);
        assert_eq!(breach(&r, &[capacity()], &now, None, false), None);
        assert_eq!(breach(&r, &[capacity()], &now, None, true).map(|b| b.value), Some(6000));
    }

    #[test]
    fn an_unanswered_or_non_numeric_indicator_or_an_unknown_one_breaches_nothing() {
        let r = rule("low", "capacity", AlertOp::Below, 5000);
        assert_eq!(check(&r, &answers(&[]), None), None);
        assert_eq!(check(&r, &answers(&[("capacity", Value::Bool(false))]), None), None);
        assert_eq!(
            breach(&r, &[turnover()], &answers(&[("capacity", Value::Num(1))]), None, false),
            None
        );
        let direct = breach_with(&r, &capacity(), &answers(&[("capacity", Value::Num(1))]), None, false);
        assert_eq!(direct.map(|b| b.value), Some(1));
    }

    #[test]
    fn rules_are_checked_against_the_indicators_and_every_fault_reported() {
        let list = [capacity(), turnover(), ind("note", IndicatorKind::Text)];
        assert!(validate_rules(&[rule("a", "capacity", AlertOp::Below, 0)], &list).is_ok());
        let rules = [
            rule("a", "capacity", AlertOp::Below, 5000),
            rule("a", "turnover", AlertOp::DropMoreThan, 0),
            rule("B", "missing", AlertOp::Above, 1),
            AlertRule {
                label_en: "".into(),
                ..rule("c", "note", AlertOp::Above, 1)
            },
        ];
        let errors = validate_rules(&rules, &list).unwrap_err();
        let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        let expected = [
            ("rules[1].code", "rule.duplicate"),
            ("rules[1].threshold", "rule.threshold"),
            ("rules[2].code", "rule.code"),
            ("rules[2].indicator", "rule.indicator"),
            ("rules[3].indicator", "rule.indicator_kind"),
            ("rules[3].label_zh", "rule.label"),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn ops_round_trip_through_their_names_and_rules_serialise_with_them() {
        for op in AlertOp::ALL {
            assert_eq!(AlertOp::parse(op.as_str()), Some(op));
        }
        let json = serde_json::to_value(rule("d", "turnover", AlertOp::DropMoreThan, 3000)).unwrap();
        assert_eq!(json["op"], "drop_more_than");
        let back: AlertRule = serde_json::from_value(json).unwrap();
        assert_eq!(back, rule("d", "turnover", AlertOp::DropMoreThan, 3000));
    }
}
