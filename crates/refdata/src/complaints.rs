//! The complaint measures' lists (MOFCOM Order 2020 No. 3): required
//! materials, grounds to refuse or terminate, handling methods. Each entry
//! names its source and whether it was checked against the verbatim text; the
//! stored text of the measures is incomplete, so most are not.

use serde::Serialize;

use crate::Refdata;
use crate::table::for_each_row;

const RULES_CSV: &str = include_str!("../../../data/complaint_rules.csv");

/// Which list an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintRuleKind {
    Material,
    RefusalGround,
    TerminationGround,
    HandlingMethod,
}

/// One entry of the complaint measures' lists.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintRule {
    pub rule: ComplaintRuleKind,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub source: String,
    /// Checked against the verbatim text of the measures.
    pub verified: bool,
}

pub(crate) fn parse() -> Vec<ComplaintRule> {
    let mut rules: Vec<ComplaintRule> = Vec::new();
    for_each_row(
        "complaint_rules.csv",
        RULES_CSV,
        &["rule", "code", "name_zh", "name_en", "source", "verified"],
        |row| {
            let rule = match row.str(0) {
                "material" => ComplaintRuleKind::Material,
                "refusal_ground" => ComplaintRuleKind::RefusalGround,
                "termination_ground" => ComplaintRuleKind::TerminationGround,
                "handling_method" => ComplaintRuleKind::HandlingMethod,
                _ => row.fail("unknown rule"),
            };
            let code = row.string(1);
            if rules.iter().any(|r| r.rule == rule && r.code == code) {
                row.fail("a code twice in one list");
            }
            rules.push(ComplaintRule {
                rule,
                code,
                name_zh: row.string(2),
                name_en: row.string(3),
                source: row.string(4),
                verified: match row.str(5) {
                    "yes" => true,
                    "no" => false,
                    _ => row.fail("verified is yes or no"),
                },
            });
        },
    );
    rules
}

impl Refdata {
    /// The entries of one of the complaint measures' lists, in file order.
    pub fn complaint_rules(&self, kind: ComplaintRuleKind) -> impl Iterator<Item = &ComplaintRule> {
        self.complaint_rules.iter().filter(move |r| r.rule == kind)
    }

    /// One entry by list and code.
    pub fn complaint_rule(&self, kind: ComplaintRuleKind, code: &str) -> Option<&ComplaintRule> {
        self.complaint_rules(kind).find(|r| r.code == code)
    }
}
