//! Incentive rules (`data/policy/incentives.toml`): what support may follow an
//! investment, on what legal basis and conditions, and whether the project's
//! sources establish the basis. The checker says which rules may apply; the
//! conditions the inputs cannot show are listed for the user to confirm.

use serde::{Deserialize, Serialize};
use time::Date;

use super::Verdict;
use crate::calendar::parse_date;
use crate::field_error::Message;

/// What an investment must be for a rule to be considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requires {
    /// Any field that is not prohibited.
    NotProhibited,
    /// A project under an item of the Encouraged Catalogue.
    Encouraged,
    /// An encouraged industry in the western-development region.
    EncouragedWestern,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleCondition {
    pub text_zh: String,
    pub text_en: String,
    /// Whether the project's sources establish this condition.
    pub verified: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncentiveRule {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// The legal basis, as cited.
    pub basis: String,
    /// Whether the basis text is among the project's sources.
    pub basis_verified: bool,
    pub source_zh: String,
    pub source_en: String,
    pub requires: Requires,
    pub from: Option<String>,
    pub to: Option<String>,
    pub conditions: Vec<RuleCondition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncentiveStatus {
    /// The field qualifies; the listed conditions decide.
    MayApply,
    NotApplicable,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncentiveResult {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub basis: String,
    pub basis_verified: bool,
    pub source: Message,
    pub status: IncentiveStatus,
    pub reason: Message,
    pub conditions: Vec<RuleCondition>,
}

/// What the evaluation knows when it comes to incentives.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub verdict: Verdict,
    pub date: Date,
    pub western: bool,
    /// Whether the extent of the western region is established by the sources.
    pub western_verified: bool,
    /// The best encouraged item, cited as text (`全国目录第 201 条`), if any matched.
    pub encouraged: Option<(&'a str, &'a str)>,
}

fn m(zh: impl Into<String>, en: impl Into<String>) -> Message {
    Message::new(zh, en)
}

pub fn evaluate(rule: &IncentiveRule, f: &Facts) -> IncentiveResult {
    let from = rule.from.as_deref().and_then(parse_date);
    let to = rule.to.as_deref().and_then(parse_date);
    let (status, reason) = if from.is_some_and(|d| f.date < d) || to.is_some_and(|d| f.date > d) {
        (
            IncentiveStatus::NotApplicable,
            m(
                format!(
                    "该政策适用期为 {} 至 {}",
                    rule.from.as_deref().unwrap_or("—"),
                    rule.to.as_deref().unwrap_or("—")
                ),
                format!(
                    "the rule applies from {} to {}",
                    rule.from.as_deref().unwrap_or("—"),
                    rule.to.as_deref().unwrap_or("—")
                ),
            ),
        )
    } else if f.verdict == Verdict::Prohibited {
        (
            IncentiveStatus::NotApplicable,
            m("禁止投资领域不享受", "not for a prohibited field"),
        )
    } else {
        match (rule.requires, f.encouraged) {
            (Requires::NotProhibited, _) => (
                IncentiveStatus::MayApply,
                m(
                    "非禁止领域均可适用，须满足下列条件",
                    "any field that is not prohibited, on the conditions below",
                ),
            ),
            (Requires::Encouraged | Requires::EncouragedWestern, None) => (
                IncentiveStatus::NotApplicable,
                m("未匹配到鼓励类条目", "no encouraged item matched the activity"),
            ),
            (Requires::EncouragedWestern, Some(_)) if !f.western => (
                IncentiveStatus::NotApplicable,
                m(
                    "投资地不在西部大开发地区",
                    "the place is outside the western-development region",
                ),
            ),
            (_, Some((zh, en))) => (
                IncentiveStatus::MayApply,
                m(
                    format!("项目属于{zh}的，可适用；须满足下列条件"),
                    format!("if the project falls under {en}, on the conditions below"),
                ),
            ),
        }
    };
    let mut reason = reason;
    if rule.requires == Requires::EncouragedWestern && f.western && !f.western_verified {
        reason.zh.push_str("（西部地区范围未经项目来源核实）");
        reason
            .en
            .push_str(" (the extent of the western region is not verified by the project's sources)");
    }
    IncentiveResult {
        id: rule.id.clone(),
        name_zh: rule.name_zh.clone(),
        name_en: rule.name_en.clone(),
        basis: rule.basis.clone(),
        basis_verified: rule.basis_verified,
        source: m(rule.source_zh.clone(), rule.source_en.clone()),
        status,
        reason,
        conditions: rule.conditions.clone(),
    }
}
