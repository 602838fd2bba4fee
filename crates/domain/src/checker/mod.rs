//! The admission and incentive checker: may a foreign investor invest in this
//! activity, here, on this date, on these terms, and what support follows.
//!
//! Pure rules over loaded data: `edition` is the policy data model, `text`
//! the Chinese text relevance, `conditions` the restricted measures' terms,
//! `incentives` the incentive rules, `engine` the evaluation with its trace.
//! Which editions exist and where they are read from is the caller's concern.

pub mod conditions;
pub mod edition;
pub mod engine;
pub mod incentives;
pub mod text;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::field_error::Message;
use crate::industry_code::IndustryCode;

pub use engine::{Library, check};

/// The legal form the investor intends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityForm {
    #[default]
    Company,
    Partnership,
    Individual,
    SoleProprietorship,
    Cooperative,
}

impl EntityForm {
    pub const ALL: [EntityForm; 5] = [
        EntityForm::Company,
        EntityForm::Partnership,
        EntityForm::Individual,
        EntityForm::SoleProprietorship,
        EntityForm::Cooperative,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityForm::Company => "company",
            EntityForm::Partnership => "partnership",
            EntityForm::Individual => "individual",
            EntityForm::SoleProprietorship => "sole-proprietorship",
            EntityForm::Cooperative => "cooperative",
        }
    }

    pub fn parse(s: &str) -> Option<EntityForm> {
        EntityForm::ALL.into_iter().find(|f| f.as_str() == s.trim())
    }
}

/// Whether the site lies inside a pilot free trade zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FtzMode {
    Yes,
    No,
    /// Decide from the place: the answer says when it cannot.
    #[default]
    Auto,
}

impl FtzMode {
    pub fn parse(s: &str) -> Option<FtzMode> {
        match s.trim() {
            "yes" => Some(FtzMode::Yes),
            "no" => Some(FtzMode::No),
            "auto" => Some(FtzMode::Auto),
            _ => None,
        }
    }
}

/// Where the investment is, as reference data describes it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Place {
    pub division: String,
    pub division_name: String,
    pub province: Option<String>,
    pub province_name: Option<String>,
    /// On Hainan Island (the Free Trade Port's list applies).
    pub hainan: bool,
    /// The pilot FTZs of the province (names), for `FtzMode::Auto`.
    pub ftz_zones: Vec<String>,
    /// In the western-development region.
    pub western: bool,
    /// Whether the project's sources establish the extent of that region.
    pub western_verified: bool,
}

/// A validated question.
#[derive(Debug, Clone, Default)]
pub struct CheckInput {
    pub activity: String,
    pub industries: Vec<IndustryCode>,
    pub date: Option<Date>,
    /// Total foreign share, percent.
    pub foreign_equity: Option<f64>,
    /// The largest single foreign investor's share (with related parties), percent.
    pub largest_foreign_investor: Option<f64>,
    /// The investor's country or region, and whether it is Hong Kong, Macao or Taiwan.
    pub investor_region: Option<String>,
    pub investor_region_hmt: bool,
    pub entity_form: EntityForm,
    pub ftz: FtzMode,
    pub place: Place,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Prohibited,
    Restricted,
    Permitted,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Prohibited => "prohibited",
            Verdict::Restricted => "restricted",
            Verdict::Permitted => "permitted",
        }
    }
}

/// An edition an answer relied on, with what it lacks.
#[derive(Debug, Clone, Serialize)]
pub struct EditionUsed {
    pub id: String,
    pub list: String,
    pub title_zh: String,
    pub title_en: String,
    pub effective: String,
    pub complete: bool,
    pub completeness_zh: String,
    pub completeness_en: String,
}

/// One condition of a restricted measure, checked against the inputs.
#[derive(Debug, Clone, Serialize)]
pub struct ConditionResult {
    #[serde(rename = "type")]
    pub kind: edition::ConditionType,
    pub text: String,
    /// Met, not met, or cannot tell (`None`).
    pub met: Option<bool>,
    pub reason: Message,
    /// What the user would have to add for an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Message>,
}

/// A measure of a negative list that applies, or a candidate that did not.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureHit {
    pub edition: String,
    pub item: u32,
    pub kind: String,
    pub section: String,
    pub text: String,
    /// V verbatim, F fragment-consistent, R reconstructed.
    pub provenance: String,
    /// All conditions met, one not met, or cannot tell; `None` also for prohibited measures.
    pub conditions_met: Option<bool>,
    pub conditions: Vec<ConditionResult>,
    /// The words of the activity and the industry codes that matched.
    pub matched_by: Vec<String>,
    /// Relevance, for ordering.
    pub score: f32,
    /// The exception of the measure the activity seems to fall under, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excepted: Option<String>,
}

/// A note (说明) an answer relies on.
#[derive(Debug, Clone, Serialize)]
pub struct NoteCited {
    pub edition: String,
    pub no: String,
    pub text: String,
    pub provenance: String,
}

/// An item of the Encouraged Catalogue that matches the activity.
#[derive(Debug, Clone, Serialize)]
pub struct EncouragedHit {
    pub edition: String,
    /// `national` or `regional`.
    pub part: String,
    /// The province's name, for regional items.
    pub region: Option<String>,
    pub item: u32,
    pub section: String,
    pub text: String,
    pub matched_by: Vec<String>,
    pub score: f32,
}

/// One step of the evaluation: what was looked at, with what data, and the result.
#[derive(Debug, Clone, Serialize)]
pub struct TraceStep {
    pub step: &'static str,
    pub result: Message,
    /// Edition ids, item numbers, notes or input fields the step used.
    pub used: Vec<String>,
}

/// The checker's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub verdict: Verdict,
    pub date: String,
    pub editions: Vec<EditionUsed>,
    pub measures: Vec<MeasureHit>,
    /// Measures that resemble the activity but did not apply: worth a look.
    pub related: Vec<MeasureHit>,
    pub notes: Vec<NoteCited>,
    pub encouraged: Vec<EncouragedHit>,
    pub incentives: Vec<incentives::IncentiveResult>,
    pub trace: Vec<TraceStep>,
    pub warnings: Vec<Message>,
}
