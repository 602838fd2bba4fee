//! Ready-made monitoring campaigns, each citing the text its indicators come
//! from, and the enterprise size bands reports group by.

use serde::{Deserialize, Serialize};

use super::alerts::{AlertOp, AlertRule};
use super::indicators::{Choice, Indicator, IndicatorKind};
use super::periods::PeriodKind;

/// The alert thresholds of the templates are this system's defaults.
pub const RULES_NOTE_ZH: &str = "阈值为本系统默认值，非通知规定，可由活动负责人修改";
pub const RULES_NOTE_EN: &str =
    "The thresholds are this system's defaults, not set by the notice; the campaign owner may change them";

/// A campaign to start from: indicators, rules, period and coverage target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Template {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// Where the indicators come from, quoting it.
    pub source_zh: &'static str,
    /// The same in English (this project's translation).
    pub source_en: &'static str,
    pub indicators: Vec<Indicator>,
    pub rules: Vec<AlertRule>,
    pub period: PeriodKind,
    /// Share of the enterprises in scope that should answer, in hundredths of a percent.
    pub coverage_target_bp: i64,
}

/// Every template, in the order they are offered.
pub fn templates() -> Vec<Template> {
    vec![resumption_2020(), operations_monthly()]
}

/// The template `code`, if there is one.
pub fn template(code: &str) -> Option<Template> {
    templates().into_iter().find(|t| t.code == code)
}

fn base(code: &str, label_zh: &str, label_en: &str, kind: IndicatorKind) -> Indicator {
    Indicator {
        code: code.to_owned(),
        label_zh: label_zh.to_owned(),
        label_en: label_en.to_owned(),
        kind,
        unit: None,
        min: None,
        max: None,
        required: false,
        choices: Vec::new(),
        compare_previous: false,
    }
}

/// A required percentage between 0 and `max_pct` percent.
fn required_pct(code: &str, label_zh: &str, label_en: &str, max_pct: i64) -> Indicator {
    let max = Some(max_pct * 100);
    Indicator {
        min: Some(0),
        max,
        required: true,
        ..base(code, label_zh, label_en, IndicatorKind::Percent)
    }
}

/// A head count of at least 0.
fn head_count(code: &str, label_zh: &str, label_en: &str) -> Indicator {
    let unit = Some("人".to_owned());
    Indicator {
        unit,
        min: Some(0),
        ..base(code, label_zh, label_en, IndicatorKind::Number)
    }
}

fn yes_no(code: &str, label_zh: &str, label_en: &str) -> Indicator {
    base(code, label_zh, label_en, IndicatorKind::YesNo)
}

fn capacity_utilisation() -> Indicator {
    required_pct("capacity_utilisation", "产能利用率", "Capacity utilisation", 200)
}

fn turnover() -> Indicator {
    Indicator {
        unit: Some("万元".to_owned()),
        min: Some(0),
        required: true,
        compare_previous: true,
        ..base("turnover", "营业额", "Turnover", IndicatorKind::Money)
    }
}

fn orders() -> Indicator {
    let choice = |code: &str, zh: &str, en: &str| Choice {
        code: code.to_owned(),
        label_zh: zh.to_owned(),
        label_en: en.to_owned(),
    };
    let choices = vec![
        choice("up", "增加", "Increasing"),
        choice("flat", "持平", "Flat"),
        choice("down", "减少", "Decreasing"),
        choice("none", "无订单", "No orders"),
    ];
    Indicator {
        choices,
        ..base("orders", "订单情况", "Orders", IndicatorKind::Choice)
    }
}

fn problems() -> Indicator {
    base(
        "problems",
        "其他困难和诉求",
        "Other difficulties and requests",
        IndicatorKind::Text,
    )
}

fn rule(code: &str, indicator: &str, op: AlertOp, threshold: i64, label_zh: &str, label_en: &str) -> AlertRule {
    AlertRule {
        code: code.to_owned(),
        indicator: indicator.to_owned(),
        op,
        threshold,
        suppliers_only: false,
        label_zh: label_zh.to_owned(),
        label_en: label_en.to_owned(),
    }
}

/// Capacity utilisation below 50%. The threshold is this system's default, not a
/// figure of the notice ([`RULES_NOTE_ZH`]); so are those of the other rules.
fn low_capacity() -> AlertRule {
    let (zh, en) = ("产能利用率低于50%", "Capacity utilisation below 50%");
    rule("low_capacity", "capacity_utilisation", AlertOp::Below, 5000, zh, en)
}

/// Turnover down more than 30% on the previous period; 30% is this system's default.
fn turnover_drop() -> AlertRule {
    let (zh, en) = (
        "营业额较上期下降超过30%",
        "Turnover down more than 30% on the previous period",
    );
    rule("turnover_drop", "turnover", AlertOp::DropMoreThan, 3000, zh, en)
}

/// The notice's item (2) also asks to support 龙头外资企业及其关键配套企业
/// (leading foreign-invested enterprises and their key suppliers) in restoring
/// capacity; the 70% threshold is still this system's default.
fn supplier_low_capacity() -> AlertRule {
    let (zh, en) = (
        "关键配套企业产能利用率低于70%",
        "Key supplier's capacity utilisation below 70%",
    );
    AlertRule {
        suppliers_only: true,
        ..rule(
            "supplier_low_capacity",
            "capacity_utilisation",
            AlertOp::Below,
            7000,
            zh,
            en,
        )
    }
}

/// 复工复产监测, after MOFCOM's 2020 notice on stabilising foreign investment.
fn resumption_2020() -> Template {
    Template {
        code: "resumption_2020",
        name_zh: "复工复产监测",
        name_en: "Resumption of work monitoring",
        source_zh: "商务部《关于应对疫情进一步改革开放做好稳外资工作的通知》（2020年4月1日）第（二）条：\
                    “全面摸清存量外资企业复工进度、员工返岗率、产能利用率、营业额等基本情况，确保全覆盖”；\
                    同条所列突出共性问题：“防疫物资不足、用工短缺、物流不畅、上下游复工不协同、资金链紧张”。",
        source_en: "MOFCOM, Notice on Further Reform and Opening-up to Stabilise Foreign Investment in Response to \
                    the Epidemic (1 April 2020), item (2): \"fully ascertain the resumption progress, staff return \
                    rate, capacity utilisation, turnover and other basic conditions of existing foreign-invested \
                    enterprises, ensuring full coverage\"; the common problems the same item names: \"shortage of \
                    epidemic-prevention supplies, labour shortages, poor logistics, upstream and downstream firms \
                    not resuming in step, strained cash flow\". The English is this project's translation; the \
                    Chinese text prevails.",
        indicators: vec![
            Indicator {
                required: true,
                ..yes_no("resumed", "已复工", "Resumed work")
            },
            required_pct("resumption_pct", "复工进度", "Resumption progress", 100),
            head_count("staff_total", "员工总数", "Total staff"),
            head_count("staff_returned", "已返岗人数", "Staff back at work"),
            required_pct("staff_return_rate", "员工返岗率", "Staff return rate", 100),
            capacity_utilisation(),
            turnover(),
            Indicator {
                min: Some(-10_000),
                ..base(
                    "turnover_change",
                    "营业额同比变化",
                    "Turnover change year on year",
                    IndicatorKind::Percent,
                )
            },
            orders(),
            yes_no(
                "materials_shortage",
                "防疫物资不足",
                "Short of epidemic-prevention supplies",
            ),
            yes_no("labour_shortage", "用工短缺", "Labour shortage"),
            yes_no("logistics_blocked", "物流不畅", "Logistics disrupted"),
            yes_no(
                "supply_chain_misaligned",
                "上下游复工不协同",
                "Suppliers and customers not resuming in step",
            ),
            yes_no("funding_strained", "资金链紧张", "Cash flow strained"),
            problems(),
        ],
        rules: vec![low_capacity(), turnover_drop(), supplier_low_capacity()],
        period: PeriodKind::Monthly,
        // “确保全覆盖”: every enterprise in scope.
        coverage_target_bp: 10_000,
    }
}

/// 月度经营监测: the notice's basic figures asked every month as routine.
fn operations_monthly() -> Template {
    Template {
        code: "operations_monthly",
        name_zh: "月度经营监测",
        name_en: "Monthly operations",
        source_zh: "指标参照商务部《关于应对疫情进一步改革开放做好稳外资工作的通知》（2020年4月1日）第（二）条\
                    要求摸清的“复工进度、员工返岗率、产能利用率、营业额等基本情况”选取；按月常态化监测及指标取舍\
                    为本系统的安排，非通知规定。",
        source_en: "Indicators chosen after MOFCOM's Notice on Further Reform and Opening-up to Stabilise Foreign \
                    Investment in Response to the Epidemic (1 April 2020), item (2), which asks to ascertain \
                    \"resumption progress, staff return rate, capacity utilisation, turnover and other basic \
                    conditions\"; asking them monthly as routine, and which to ask, is this system's arrangement, \
                    not the notice's. The English is this project's translation.",
        indicators: vec![
            head_count("staff_total", "员工总数", "Total staff"),
            capacity_utilisation(),
            turnover(),
            orders(),
            problems(),
        ],
        rules: vec![low_capacity(), turnover_drop()],
        period: PeriodKind::Monthly,
        // This system's default: every enterprise in scope.
        coverage_target_bp: 10_000,
    }
}

/// Where the size bands come from, and how they simplify it.
pub const SIZE_SOURCE_ZH: &str = "国家统计局《统计上大中小微型企业划分办法（2017）》工业企业从业人员标准：\
                                  微型 20 人以下，小型 20 至 299 人，中型 300 至 999 人，大型 1000 人及以上。\
                                  该办法同时规定营业收入标准；本系统只按从业人员数划分，是一种简化。\
                                  本系统未收录该办法原文，上述阈值未经原文核对。";
pub const SIZE_SOURCE_EN: &str = "National Bureau of Statistics, Measures for Classifying Large, Medium, Small and \
                                  Micro Enterprises for Statistical Purposes (2017), employee thresholds for \
                                  industry: micro under 20, small 20 to 299, medium 300 to 999, large 1000 or more. \
                                  The measures also set turnover thresholds; this system uses employees only, a \
                                  simplification. The text of the measures is not held here: the thresholds are not verified \
                                  against it. The English is this project's translation.";

/// Enterprise size by number of employees (see [`SIZE_SOURCE_ZH`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeBand {
    Micro,
    Small,
    Medium,
    Large,
    Unknown,
}

impl SizeBand {
    pub const ALL: [SizeBand; 5] = [
        SizeBand::Micro,
        SizeBand::Small,
        SizeBand::Medium,
        SizeBand::Large,
        SizeBand::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SizeBand::Micro => "micro",
            SizeBand::Small => "small",
            SizeBand::Medium => "medium",
            SizeBand::Large => "large",
            SizeBand::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<SizeBand> {
        SizeBand::ALL.into_iter().find(|b| b.as_str() == s.trim())
    }

    /// Chinese and English names.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            SizeBand::Micro => ("微型", "Micro"),
            SizeBand::Small => ("小型", "Small"),
            SizeBand::Medium => ("中型", "Medium"),
            SizeBand::Large => ("大型", "Large"),
            SizeBand::Unknown => ("未知", "Unknown"),
        }
    }
}

/// The size band of an enterprise with `employees` staff: under 20 micro,
/// 20–299 small, 300–999 medium, 1000 or more large; unknown when not known
/// (or negative).
pub fn size_band(employees: Option<i64>) -> SizeBand {
    match employees {
        Some(0..20) => SizeBand::Micro,
        Some(20..300) => SizeBand::Small,
        Some(300..1000) => SizeBand::Medium,
        Some(1000..) => SizeBand::Large,
        _ => SizeBand::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::super::alerts::{breach, validate_rules};
    use super::super::indicators::{Answers, Value, parse_answers};
    use super::super::validate_indicators;
    use super::*;

    #[test]
    fn every_template_passes_its_own_checks_and_has_a_unique_code() {
        let all = templates();
        for t in &all {
            assert_eq!(validate_indicators(&t.indicators), Ok(()), "{}", t.code);
            assert_eq!(validate_rules(&t.rules, &t.indicators), Ok(()), "{}", t.code);
            assert_eq!(template(t.code).as_ref(), Some(t));
            assert!(
                !t.source_zh.is_empty() && t.source_en.contains("this project's translation"),
                "{}",
                t.code
            );
        }
        let mut codes: Vec<&str> = all.iter().map(|t| t.code).collect();
        codes.dedup();
        assert_eq!(codes, ["resumption_2020", "operations_monthly"]);
        assert_eq!(template("nope"), None);
    }

    #[test]
    fn resumption_asks_what_the_notice_lists_with_the_fixed_codes_and_kinds() {
        let t = template("resumption_2020").unwrap();
        let got: Vec<(&str, &str, bool)> = t
            .indicators
            .iter()
            .map(|i| (i.code.as_str(), i.kind.as_str(), i.required))
            .collect();
        let expected = [
            ("resumed", "yes_no", true),
            ("resumption_pct", "percent", true),
            ("staff_total", "number", false),
            ("staff_returned", "number", false),
            ("staff_return_rate", "percent", true),
            ("capacity_utilisation", "percent", true),
            ("turnover", "money", true),
            ("turnover_change", "percent", false),
            ("orders", "choice", false),
            ("materials_shortage", "yes_no", false),
            ("labour_shortage", "yes_no", false),
            ("logistics_blocked", "yes_no", false),
            ("supply_chain_misaligned", "yes_no", false),
            ("funding_strained", "yes_no", false),
            ("problems", "text", false),
        ];
        assert_eq!(got, expected);
        let by = |code: &str| t.indicators.iter().find(|i| i.code == code).unwrap();
        assert_eq!(
            (by("capacity_utilisation").min, by("capacity_utilisation").max),
            (Some(0), Some(20_000))
        );
        assert_eq!(
            (by("resumption_pct").min, by("resumption_pct").max),
            (Some(0), Some(10_000))
        );
        assert_eq!(
            (by("turnover_change").min, by("turnover_change").max),
            (Some(-10_000), None)
        );
        assert!(by("turnover").compare_previous && by("turnover").unit.as_deref() == Some("万元"));
        assert_eq!(by("staff_total").unit.as_deref(), Some("人"));
        let orders: Vec<&str> = by("orders").choices.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(orders, ["up", "flat", "down", "none"]);
        assert_eq!((t.period, t.coverage_target_bp), (PeriodKind::Monthly, 10_000));
    }

    #[test]
    fn the_source_quotes_the_notice_and_claims_no_document_number() {
        let t = template("resumption_2020").unwrap();
        assert!(
            t.source_zh
                .contains("全面摸清存量外资企业复工进度、员工返岗率、产能利用率、营业额等基本情况，确保全覆盖")
        );
        assert!(
            t.source_zh
                .contains("防疫物资不足、用工短缺、物流不畅、上下游复工不协同、资金链紧张")
        );
        assert!(t.source_zh.contains("2020年4月1日"));
        for s in [t.source_zh, t.source_en, SIZE_SOURCE_ZH, SIZE_SOURCE_EN] {
            assert!(!s.contains('〔') && !s.contains(" No."), "{s}");
        }
        // Continuation lines must not leave runs of spaces inside the Chinese text.
        assert!(!t.source_zh.contains(' ') && !SIZE_SOURCE_ZH.contains("  "));
        assert!(!t.source_en.contains("  ") && !SIZE_SOURCE_EN.contains("  "));
    }

    #[test]
    fn the_default_rules_fire_on_answers_parsed_from_a_form() {
        let t = template("resumption_2020").unwrap();
        let codes: Vec<(&str, i64, bool)> = t
            .rules
            .iter()
            .map(|r| (r.code.as_str(), r.threshold, r.suppliers_only))
            .collect();
        assert_eq!(
            codes,
            [
                ("low_capacity", 5000, false),
                ("turnover_drop", 3000, false),
                ("supplier_low_capacity", 7000, true)
            ]
        );
        let form = |capacity: &str, turnover: &str| -> Answers {
            let raw = [
                ("resumed", "是"),
                ("resumption_pct", "80"),
                ("staff_return_rate", "90%"),
                ("capacity_utilisation", capacity),
                ("turnover", turnover),
            ];
            parse_answers(
                &t.indicators,
                &raw.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            )
            .unwrap()
        };
        let (before, now) = (form("80", "1,000"), form("60", "650"));
        let fired = |supplier: bool| -> Vec<String> {
            t.rules
                .iter()
                .filter_map(|r| breach(r, &t.indicators, &now, Some(&before), supplier))
                .map(|b| b.rule)
                .collect()
        };
        assert_eq!(fired(false), ["turnover_drop"]);
        assert_eq!(fired(true), ["turnover_drop", "supplier_low_capacity"]);
        assert_eq!(now["capacity_utilisation"], Value::Num(6000));
        assert!(RULES_NOTE_ZH.contains("非通知规定") && RULES_NOTE_EN.contains("not set by the notice"));
    }

    #[test]
    fn operations_monthly_reuses_the_resumption_indicators_and_rules() {
        let ops = template("operations_monthly").unwrap();
        let res = template("resumption_2020").unwrap();
        let codes: Vec<&str> = ops.indicators.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(
            codes,
            ["staff_total", "capacity_utilisation", "turnover", "orders", "problems"]
        );
        for i in &ops.indicators {
            assert_eq!(res.indicators.iter().find(|r| r.code == i.code), Some(i));
        }
        assert_eq!(ops.rules, res.rules[..2]);
        assert_eq!(ops.period, PeriodKind::Monthly);
    }

    #[test]
    fn size_bands_follow_the_industrial_employee_thresholds() {
        let cases = [
            (0, "micro"),
            (19, "micro"),
            (20, "small"),
            (299, "small"),
            (300, "medium"),
            (999, "medium"),
            (1000, "large"),
            (50_000, "large"),
        ];
        for (n, band) in cases {
            assert_eq!(size_band(Some(n)).as_str(), band, "{n}");
        }
        assert_eq!(size_band(None), SizeBand::Unknown);
        assert_eq!(size_band(Some(-1)), SizeBand::Unknown);
        for b in SizeBand::ALL {
            assert_eq!(SizeBand::parse(b.as_str()), Some(b));
        }
        assert_eq!(SizeBand::Medium.names(), ("中型", "Medium"));
    }
}
