//! A restricted measure's conditions checked against the inputs: met, not met,
//! or cannot tell and what is missing. Where the lists' own definitions were
//! not retrieved (中方控股, 中方相对控股), a result says which reading it used.

use super::edition::{Condition, ConditionType};
use super::{CheckInput, ConditionResult};
use crate::field_error::Message;

fn m(zh: impl Into<String>, en: impl Into<String>) -> Message {
    Message::new(zh, en)
}

fn result(c: &Condition, met: Option<bool>, reason: Message, missing: Option<Message>) -> ConditionResult {
    ConditionResult {
        kind: c.kind,
        text: c.text.clone(),
        met,
        reason,
        missing,
    }
}

/// The condition type's name as the edition format and the answers write it.
pub fn kind_name(k: ConditionType) -> &'static str {
    match k {
        ConditionType::ChineseControl => "chinese_control",
        ConditionType::ChineseRelativeControl => "chinese_relative_control",
        ConditionType::MinChineseShare => "min_chinese_share",
        ConditionType::MaxForeignShare => "max_foreign_share",
        ConditionType::MaxPerForeignInvestor => "max_per_foreign_investor",
        ConditionType::JointVenture => "joint_venture",
        ConditionType::ChineseLedCooperation => "chinese_led_cooperation",
        ConditionType::ChineseNationalRepresentative => "chinese_national_representative",
    }
}

fn need_equity() -> Message {
    m("外资股比（foreign_equity）", "the foreign share (foreign_equity)")
}

/// Checks one condition.
pub fn evaluate(c: &Condition, input: &CheckInput) -> ConditionResult {
    let f = input.foreign_equity;
    let v = c.value.unwrap_or(0.0);
    match c.kind {
        ConditionType::ChineseControl => match f {
            None => result(
                c,
                None,
                m("未提供外资股比", "no foreign share given"),
                Some(need_equity()),
            ),
            Some(f) if f > 50.0 => result(
                c,
                Some(false),
                m(
                    format!("外资 {f}%，中方合计不足一半，不能由中方控股"),
                    format!("foreign {f}%: the Chinese side holds less than half and cannot control"),
                ),
                None,
            ),
            Some(f) if f < 50.0 => result(
                c,
                Some(true),
                m(
                    format!("外资 {f}%，中方合计过半；负面清单说明中“中方控股”的定义未取得，按合计持股过半判断"),
                    format!(
                        "foreign {f}%: the Chinese side holds more than half; the list's own definition of \
                         Chinese control was not retrieved, so more than half is the reading used"
                    ),
                ),
                None,
            ),
            Some(f) => result(
                c,
                None,
                m(
                    format!("外资 {f}%、中方 50%：是否构成中方控股取决于负面清单说明的定义（未取得）"),
                    format!(
                        "foreign {f}%, Chinese 50%: whether that is Chinese control depends on the list's definition (not retrieved)"
                    ),
                ),
                Some(m(
                    "负面清单说明中“中方控股”的定义",
                    "the list's definition of Chinese control",
                )),
            ),
        },
        ConditionType::ChineseRelativeControl => match (f, input.largest_foreign_investor) {
            (Some(f), Some(l)) if l >= 100.0 - f => result(
                c,
                Some(false),
                m(
                    format!("最大外国投资者 {l}% 不低于中方合计 {}%，中方不可能相对控股", 100.0 - f),
                    format!(
                        "the largest foreign investor's {l}% is at least the Chinese side's {}%: no Chinese investor can be the largest",
                        100.0 - f
                    ),
                ),
                None,
            ),
            (Some(f), _) if f >= 100.0 => result(
                c,
                Some(false),
                m("外商独资，无中方", "wholly foreign-owned: no Chinese party"),
                None,
            ),
            (None, _) => result(
                c,
                None,
                m("未提供外资股比", "no foreign share given"),
                Some(need_equity()),
            ),
            _ => result(
                c,
                None,
                m(
                    "需比较最大的中方投资者与最大的外国投资者的持股；“相对控股”的定义未取得",
                    "needs the largest Chinese investor's share against the largest foreign investor's; the list's definition of relative control was not retrieved",
                ),
                Some(m(
                    "最大外国投资者持股（largest_foreign_investor）和最大中方投资者持股",
                    "the largest foreign investor's share (largest_foreign_investor) and the largest Chinese investor's",
                )),
            ),
        },
        ConditionType::MinChineseShare => match f {
            None => result(
                c,
                None,
                m("未提供外资股比", "no foreign share given"),
                Some(need_equity()),
            ),
            Some(f) => {
                let cn = 100.0 - f;
                result(
                    c,
                    Some(cn >= v),
                    m(
                        format!("中方 {cn}%，要求不低于 {v}%"),
                        format!("Chinese {cn}%, at least {v}% required"),
                    ),
                    None,
                )
            }
        },
        ConditionType::MaxForeignShare => match f {
            None => result(
                c,
                None,
                m("未提供外资股比", "no foreign share given"),
                Some(need_equity()),
            ),
            Some(f) => result(
                c,
                Some(f <= v),
                m(format!("外资 {f}%，上限 {v}%"), format!("foreign {f}%, at most {v}%")),
                None,
            ),
        },
        ConditionType::MaxPerForeignInvestor => match (input.largest_foreign_investor, f) {
            (Some(l), _) => result(
                c,
                Some(l <= v),
                m(
                    format!("最大外国投资者 {l}%，上限 {v}%"),
                    format!("largest foreign investor {l}%, at most {v}%"),
                ),
                None,
            ),
            (None, Some(f)) if f <= v => result(
                c,
                Some(true),
                m(
                    format!("外资合计 {f}% 已不超过 {v}%"),
                    format!("the foreign total of {f}% is within {v}%"),
                ),
                None,
            ),
            _ => result(
                c,
                None,
                m(
                    "未提供最大外国投资者持股",
                    "no share of the largest foreign investor given",
                ),
                Some(m(
                    "最大外国投资者（含关联方）持股（largest_foreign_investor）",
                    "the largest foreign investor's share with related parties (largest_foreign_investor)",
                )),
            ),
        },
        ConditionType::JointVenture => match f {
            None => result(
                c,
                None,
                m("未提供外资股比", "no foreign share given"),
                Some(need_equity()),
            ),
            Some(f) if f >= 100.0 => result(
                c,
                Some(false),
                m(
                    "外商独资不符合“限于合资、合作”",
                    "wholly foreign-owned does not meet 'joint ventures only'",
                ),
                None,
            ),
            Some(f) => result(
                c,
                Some(true),
                m(
                    format!("外资 {f}%，有中方合资者"),
                    format!("foreign {f}%, with a Chinese partner"),
                ),
                None,
            ),
        },
        ConditionType::ChineseLedCooperation => match f {
            Some(f) if f >= 100.0 => result(
                c,
                Some(false),
                m(
                    "外商独资不符合中外合作办学",
                    "wholly foreign-owned is not Sino-foreign cooperation",
                ),
                None,
            ),
            _ => result(
                c,
                None,
                m(
                    "须由中方主导，无法从股比判断",
                    "must be Chinese-led, which shares alone do not show",
                ),
                Some(m(
                    "校长或主要行政负责人的国籍、理事会（董事会）中方成员比例",
                    "the principal's nationality and the share of Chinese members of the board",
                )),
            ),
        },
        ConditionType::ChineseNationalRepresentative => result(
            c,
            None,
            m(
                "须由中国籍公民担任，输入未包含此信息",
                "must be a Chinese national, which the inputs do not say",
            ),
            Some(m(
                "法定代表人（或负责人）的国籍",
                "the nationality of the legal representative (or principal)",
            )),
        ),
    }
}

/// The conditions that apply to the activity (lowercased): those whose `when` terms it names, or,
/// when it names none of any condition's terms, all of them; less those whose `unless` terms it
/// names (the measure's own exceptions).
pub fn applicable<'a>(conds: &'a [Condition], activity: &str) -> Vec<&'a Condition> {
    let names = |t: &String| activity.contains(t.to_lowercase().as_str());
    let named: Vec<&Condition> = conds
        .iter()
        .filter(|c| !c.when.is_empty() && c.when.iter().any(names))
        .collect();
    conds
        .iter()
        .filter(|c| named.is_empty() || c.when.is_empty() || named.iter().any(|n| std::ptr::eq(*n, *c)))
        .filter(|c| !c.unless.iter().any(names))
        .collect()
}

/// The conditions of the measure the activity is excepted from, for the trace.
pub fn excepted<'a>(conds: &'a [Condition], activity: &str) -> Vec<&'a Condition> {
    conds
        .iter()
        .filter(|c| c.unless.iter().any(|t| activity.contains(t.to_lowercase().as_str())))
        .collect()
}

/// All met, one not met, or cannot tell.
pub fn combine(results: &[ConditionResult]) -> Option<bool> {
    if results.iter().any(|r| r.met == Some(false)) {
        Some(false)
    } else if results.iter().all(|r| r.met == Some(true)) {
        Some(true)
    } else {
        None
    }
}
