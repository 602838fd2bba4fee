//! A policy edition as the project keeps it (`data/policy/*.toml`, described in
//! `data/policy/FORMAT.md`): a negative list or the Encouraged Catalogue, its
//! dates, the notes that carry rules, and its items with their structured
//! conditions and provenance marks.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::calendar::parse_date;
use crate::field_error::{FieldError, Message};
use crate::industry_code::IndustryCode;

/// Which list an edition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// The national negative list.
    National,
    /// The pilot free trade zones' negative list.
    Ftz,
    /// The Hainan Free Trade Port's negative list.
    Hainan,
    /// The Catalogue of Industries for Encouraged Foreign Investment.
    Encouraged,
}

impl ListKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::National => "national",
            ListKind::Ftz => "ftz",
            ListKind::Hainan => "hainan",
            ListKind::Encouraged => "encouraged",
        }
    }
}

/// How far an item's text can be trusted (see the working copy of the lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Provenance {
    /// Verbatim: quoted from the official text.
    V,
    /// Fragment-consistent: matches a fragment of an earlier edition.
    F,
    /// Reconstructed: verify against the official order before relying on it.
    R,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::V => "V",
            Provenance::F => "F",
            Provenance::R => "R",
        }
    }
}

/// The rule a note (说明) carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteRule {
    Scope,
    NationalTreatment,
    EntityForm,
    PartnershipEquity,
    FieReinvestment,
    Exemption,
    OverseasListing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    Prohibited,
    Restricted,
}

impl MeasureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MeasureKind::Prohibited => "prohibited",
            MeasureKind::Restricted => "restricted",
        }
    }
}

/// The part of the Encouraged Catalogue an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    National,
    Regional,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::National => "national",
            Part::Regional => "regional",
        }
    }
}

/// What a restricted measure asks of an investment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionType {
    ChineseControl,
    ChineseRelativeControl,
    MinChineseShare,
    MaxForeignShare,
    MaxPerForeignInvestor,
    JointVenture,
    ChineseLedCooperation,
    ChineseNationalRepresentative,
}

impl ConditionType {
    /// Whether the condition is about shares (so a partnership may not be used: note 四).
    pub fn is_equity(self) -> bool {
        !matches!(
            self,
            ConditionType::ChineseNationalRepresentative | ConditionType::ChineseLedCooperation
        )
    }

    fn takes_value(self) -> bool {
        matches!(
            self,
            ConditionType::MinChineseShare | ConditionType::MaxForeignShare | ConditionType::MaxPerForeignInvestor
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(rename = "type")]
    pub kind: ConditionType,
    /// A percentage, for the types that take one.
    pub value: Option<f64>,
    /// The condition applies to activities with one of these terms (all, when empty).
    #[serde(default)]
    pub when: Vec<String>,
    /// The measure's own exceptions to this condition: it does not apply to activities with
    /// these terms (the telecom cap does not bind call centres).
    #[serde(default)]
    pub unless: Vec<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub no: String,
    pub text: String,
    pub provenance: Provenance,
    pub rule: Option<NoteRule>,
}

/// A national item that does not apply inside the zone of a zone list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lift {
    /// `edition:number`, e.g. `national-2021:6`.
    pub item: String,
    pub text: String,
    pub provenance: Provenance,
}

/// A measure of a negative list, or an item of the catalogue.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub no: u32,
    #[serde(default)]
    pub section: String,
    pub subsection: Option<String>,
    pub kind: Option<MeasureKind>,
    pub text: String,
    pub provenance: Option<Provenance>,
    #[serde(default)]
    pub industries: Vec<String>,
    /// Those of `industries` that hold more than the measure's field: a class alone never decides.
    #[serde(default)]
    pub wider: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Encouraged items: the words investors use for what the item covers (search vocabulary
    /// kept beside the catalogue, not legal text), Chinese and English, lowercase.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub exceptions: Vec<String>,
    pub exception_text: Option<String>,
    /// A matching rule, not legal text: activities with these terms are not taken to fall
    /// under the measure by its keywords (printing is not publishing).
    #[serde(default)]
    pub outside: Vec<String>,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// National items this zone item replaces inside the zone (`edition:number`).
    #[serde(default)]
    pub replaces: Vec<String>,
    pub part: Option<Part>,
    /// Regional items: the province as the catalogue names it, and its code.
    pub region: Option<String>,
    pub province: Option<String>,
}

/// One edition of one list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    pub id: String,
    pub list: ListKind,
    pub title_zh: String,
    #[serde(default)]
    pub title_en: String,
    pub order: String,
    pub published: String,
    pub effective: String,
    pub repealed: Option<String>,
    pub complete: bool,
    #[serde(default)]
    pub completeness_zh: String,
    #[serde(default)]
    pub completeness_en: String,
    pub source: String,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub lifts: Vec<Lift>,
}

fn err(field: String, code: &str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new(field, code, Message::new(zh, en))
}

impl Edition {
    pub fn effective_on(&self) -> Option<Date> {
        parse_date(&self.effective)
    }

    pub fn repealed_on(&self) -> Option<Date> {
        self.repealed.as_deref().and_then(parse_date)
    }

    /// Whether the edition applies on `date`.
    pub fn in_force(&self, date: Date) -> bool {
        self.effective_on().is_some_and(|e| e <= date) && self.repealed_on().is_none_or(|r| date < r)
    }

    pub fn is_negative_list(&self) -> bool {
        self.list != ListKind::Encouraged
    }

    /// Every problem of the edition, each naming its field (`items[3].conditions[0].value`).
    /// `industry_exists` says whether a normalised GB/T 4754 code is in the classification.
    pub fn validate(&self, industry_exists: &dyn Fn(&str) -> bool) -> Vec<FieldError> {
        let mut e = Vec::new();
        let id_ok = !self.id.is_empty()
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            e.push(err(
                "id".into(),
                "edition.id",
                "编号只能由小写字母、数字和连字符组成",
                "an id is lowercase letters, digits and hyphens",
            ));
        }
        for (field, v) in [
            ("published", Some(&self.published)),
            ("effective", Some(&self.effective)),
        ]
        .into_iter()
        .chain([("repealed", self.repealed.as_ref())])
        {
            if let Some(v) = v
                && parse_date(v).is_none()
            {
                e.push(err(
                    field.into(),
                    "date",
                    "日期格式应为 YYYY-MM-DD",
                    "a date is YYYY-MM-DD",
                ));
            }
        }
        if let (Some(a), Some(b)) = (self.effective_on(), self.repealed_on())
            && b <= a
        {
            e.push(err(
                "repealed".into(),
                "edition.repealed",
                "废止日期应晚于施行日期",
                "repealed must come after effective",
            ));
        }
        if self.title_zh.trim().is_empty() {
            e.push(err("title_zh".into(), "required", "必填", "required"));
        }
        if self.source.trim().is_empty() {
            e.push(err("source".into(), "required", "必须注明来源", "a source is required"));
        }
        if !self.complete && self.completeness_zh.trim().is_empty() {
            e.push(err(
                "completeness_zh".into(),
                "required",
                "不完整的版本须说明缺少什么",
                "an incomplete edition must say what is missing",
            ));
        }
        if self.items.is_empty() && self.lifts.is_empty() {
            e.push(err("items".into(), "required", "至少一条", "at least one item"));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, it) in self.items.iter().enumerate() {
            let f = |name: &str| format!("items[{i}].{name}");
            if it.text.trim().is_empty() {
                e.push(err(f("text"), "required", "必填", "required"));
            }
            let key = (it.part, it.region.clone(), it.no);
            if !seen.insert(key) {
                e.push(err(f("no"), "duplicate", "编号重复", "duplicate number"));
            }
            for (j, code) in it.industries.iter().enumerate() {
                let ok = IndustryCode::parse(code).is_ok_and(|c| industry_exists(c.as_str()));
                if !ok {
                    e.push(err(
                        format!("items[{i}].industries[{j}]"),
                        "industry.unknown",
                        format!("未知的行业代码 {code}"),
                        format!("unknown industry code {code}"),
                    ));
                }
            }
            for (j, code) in it.wider.iter().enumerate() {
                if !it.industries.contains(code) {
                    e.push(err(
                        format!("items[{i}].wider[{j}]"),
                        "wider.not_listed",
                        format!("{code} 不在本条目的行业代码中"),
                        format!("{code} is not one of the item's industries"),
                    ));
                }
            }
            if self.is_negative_list() {
                if it.kind.is_none() {
                    e.push(err(
                        f("kind"),
                        "required",
                        "须注明禁止或限制",
                        "prohibited or restricted",
                    ));
                }
                if it.provenance.is_none() {
                    e.push(err(
                        f("provenance"),
                        "required",
                        "须注明来源标记 V/F/R",
                        "a V/F/R mark is required",
                    ));
                }
                if it.kind == Some(MeasureKind::Restricted) && it.conditions.is_empty() {
                    e.push(err(
                        f("conditions"),
                        "required",
                        "限制类措施须列出条件",
                        "a restricted measure lists its conditions",
                    ));
                }
                if it.kind == Some(MeasureKind::Prohibited) && !it.conditions.is_empty() {
                    e.push(err(
                        f("conditions"),
                        "edition.conditions",
                        "禁止类措施没有条件",
                        "a prohibited measure has no conditions",
                    ));
                }
            } else {
                match it.part {
                    None => e.push(err(
                        f("part"),
                        "required",
                        "须注明全国或地区目录",
                        "national or regional",
                    )),
                    Some(Part::Regional) if it.region.is_none() || it.province.is_none() => e.push(err(
                        f("province"),
                        "required",
                        "地区目录须注明省份",
                        "a regional item names its province",
                    )),
                    _ => {}
                }
            }
            for (j, c) in it.conditions.iter().enumerate() {
                let cf = format!("items[{i}].conditions[{j}].value");
                match (c.kind.takes_value(), c.value) {
                    (true, Some(v)) if (0.0..=100.0).contains(&v) => {}
                    (true, _) => e.push(err(
                        cf,
                        "percent.range",
                        "须为 0–100 的百分比",
                        "a percentage from 0 to 100",
                    )),
                    (false, Some(_)) => e.push(err(
                        cf,
                        "edition.value",
                        "该条件不带数值",
                        "this condition takes no value",
                    )),
                    (false, None) => {}
                }
            }
        }
        e
    }
}
