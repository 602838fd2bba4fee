//! Deterministic synthetic projects for the pipeline benchmarks: projects placed
//! where the seeded roster's enterprises are (a third of them expansions or
//! reinvestments of those enterprises), spread over the stages from lead to
//! capacity with a few paused and dropped, their key dates in order, amounts in
//! five currencies converted at fixed rates, land with expected output and tax,
//! a lead official for most, tranches of utilised capital for signed ones, and
//! service-log entries between the lead date and today. The shares are chosen
//! for a realistic shape of load, not taken from statistics.

use kaifang_domain::money::{Currency, Money};
use kaifang_domain::projects::{Rate, Stage, to_usd};
use kaifang_store::project_parts::{LogRow, TeamRow, TrancheRow};
use kaifang_store::projects::ProjectRow;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Duration};

use crate::seed_cases::Roster;

/// One project with what it owns.
#[derive(Debug, Clone)]
pub struct SeededProject {
    pub row: ProjectRow,
    pub log: Vec<LogRow>,
    pub tranches: Vec<TrancheRow>,
    pub team: Vec<TeamRow>,
}

/// Currencies with the fixed rates (units per US dollar) the seed converts at.
const CURRENCIES: &[(&str, &str, u32)] = &[
    ("USD", "1", 50),
    ("CNY", "7.1", 30),
    ("EUR", "0.92", 10),
    ("JPY", "150", 5),
    ("HKD", "7.8", 5),
];

const INVESTORS: &[(&str, &str)] = &[
    ("Siemens AG", "DE"),
    ("Bosch GmbH", "DE"),
    ("Panasonic Corporation", "JP"),
    ("Denso Corporation", "JP"),
    ("Samsung Electronics", "KR"),
    ("LG Chem", "KR"),
    ("Tesla Inc.", "US"),
    ("Honeywell International", "US"),
    ("长江实业（集团）有限公司", "HK"),
    ("新鸿基地产", "HK"),
    ("台积电", "TW"),
    ("鸿海精密", "TW"),
    ("Schneider Electric", "FR"),
    ("Nestlé S.A.", "CH"),
    ("Unilever PLC", "GB"),
    ("ASML Holding", "NL"),
    ("Temasek Holdings", "SG"),
    ("CapitaLand", "SG"),
    ("BASF SE", "DE"),
    ("Volvo Cars", "SE"),
];

const INDUSTRIES: &[&str] = &[
    "3841", "3976", "3562", "2710", "3670", "3825", "3411", "2614", "1495", "7320", "6513", "5121", "3399", "4411",
];

const PRODUCTS: &[&str] = &[
    "动力电池",
    "集成电路封装测试",
    "高端装备制造",
    "生物医药研发生产",
    "新能源汽车零部件",
    "智能终端",
    "工业机器人",
    "新材料",
    "区域总部",
    "研发中心",
];

const LOG_OUTCOMES: &[(&str, &str)] = &[
    ("visit", "实地走访，了解项目推进情况"),
    ("meeting", "召开专班会议，协调要素保障"),
    ("call", "电话跟进，确认投资方决策进度"),
    ("online_negotiation", "网上洽谈，交流投资方案"),
    ("visit", "陪同投资方考察选址"),
    ("meeting", "协调供电、供水接入方案"),
];

/// Generates projects from a seed.
pub struct ProjectSeeder<'a> {
    rng: StdRng,
    roster: &'a Roster,
    today: Date,
    /// Log entries still to write, spread evenly over the projects.
    logs_per_project: f64,
    log_debt: f64,
}

impl<'a> ProjectSeeder<'a> {
    pub fn new(seed: u64, roster: &'a Roster, today: Date, logs_per_project: f64) -> Self {
        ProjectSeeder {
            rng: StdRng::seed_from_u64(seed ^ 0x5052_4f4a),
            roster,
            today,
            logs_per_project,
            log_debt: 0.0,
        }
    }

    fn day_between(&mut self, from: Date, to: Date) -> Date {
        let span = (to - from).whole_days().max(0);
        from + Duration::days(self.rng.gen_range(0..=span))
    }

    /// The project with id `id`.
    pub fn project(&mut self, id: i64) -> SeededProject {
        let rng = &mut self.rng;
        let (_, place, uscc) = self.roster.pick(rng);
        let place = place.clone();
        let uscc = uscc.to_string();
        let target = match rng.gen_range(0..100) {
            0..25 => Stage::Lead,
            25..45 => Stage::Talks,
            45..60 => Stage::Signed,
            60..75 => Stage::Construction,
            75..87 => Stage::Production,
            87..92 => Stage::Capacity,
            92..96 => Stage::Paused,
            _ => Stage::Dropped,
        };
        let lead_on = {
            let start = Date::from_calendar_date(2022, time::Month::January, 1).unwrap_or(self.today);
            self.day_between(start, self.today)
        };
        let rng = &mut self.rng;
        // Walk the pipeline to the target stage; stop where the dates would pass today.
        let pipeline_target = match target {
            Stage::Paused | Stage::Dropped => Stage::PIPELINE[rng.gen_range(0..4)],
            s => s,
        };
        let mut dates: Vec<Date> = vec![lead_on];
        let mut reached = Stage::Lead;
        for s in &Stage::PIPELINE[1..] {
            if s.rank() > pipeline_target.rank() {
                break;
            }
            let next = *dates.last().unwrap_or(&lead_on) + Duration::days(rng.gen_range(15..200));
            if next > self.today {
                break;
            }
            dates.push(next);
            reached = *s;
        }
        let (stage, paused_from) = match target {
            Stage::Paused => (Stage::Paused, Some(reached)),
            Stage::Dropped => (Stage::Dropped, None),
            _ => (reached, None),
        };
        let last_stage_day = *dates.last().unwrap_or(&lead_on);
        let stage_on = match stage {
            Stage::Paused | Stage::Dropped => {
                let later = last_stage_day + Duration::days(rng.gen_range(10..120));
                later.min(self.today)
            }
            _ => last_stage_day,
        };
        let d = |i: usize| dates.get(i).map(|d| d.to_string());
        let (code, rate_text, _) = {
            let roll = rng.gen_range(0..100);
            let mut acc = 0;
            *CURRENCIES
                .iter()
                .find(|c| {
                    acc += c.2;
                    roll < acc
                })
                .unwrap_or(&CURRENCIES[0])
        };
        let currency = Currency::parse(code).unwrap_or(Currency::USD);
        let rate = Rate::parse(rate_text).unwrap_or(Rate::ONE);
        // Total investment: 1 to 500 million US dollars, log-uniform, in the project's currency.
        let usd_total = 10f64.powf(rng.gen_range(6.0..8.7));
        let in_currency = usd_total * rate.micros() as f64 / 1e6;
        let minor_per_unit = 10f64.powi(i32::from(currency.minor_units()));
        let total = Money::from_minor((in_currency * minor_per_unit) as i64, currency);
        let rate_on = lead_on;
        let total_c = to_usd(total, rate, rate_on).ok();
        let signed = reached.rank() >= Stage::Signed.rank();
        let contracted_c = signed.then(|| {
            let share = rng.gen_range(0.3..1.0);
            let m = Money::from_minor((total.minor() as f64 * share) as i64, currency);
            to_usd(m, rate, dates.get(2).copied().unwrap_or(rate_on)).ok()
        });
        let contracted_c = contracted_c.flatten();
        let land = (rng.gen_range(0..100) < 70).then(|| rng.gen_range(1_000..50_000i64));
        let output = land.map(|l| l * rng.gen_range(20_000..200_000i64));
        let tax = output.map(|o| o / rng.gen_range(10..20i64));
        let investor = INVESTORS[rng.gen_range(0..INVESTORS.len())];
        let project_type = match rng.gen_range(0..100) {
            0..60 => "new",
            60..80 => "expansion",
            80..88 => "merger",
            88..95 => "reinvestment",
            _ => "rd_centre",
        };
        let existing_fie = project_type != "new" && project_type != "merger";
        let key_level = match rng.gen_range(0..100) {
            0..2 => "provincial",
            2..10 => "city",
            _ => "none",
        };
        let key_listed_by = match key_level {
            "provincial" => place.province.clone(),
            "city" => place.prefecture.clone().or_else(|| place.province.clone()),
            _ => None,
        };
        let key_level = if key_listed_by.is_some() { key_level } else { "none" };
        let name = format!(
            "{}{}项目",
            investor.0.split_whitespace().next().unwrap_or(""),
            PRODUCTS[rng.gen_range(0..PRODUCTS.len())]
        );
        let division = place.division.clone();
        let number = format!("XM-{}-{}-{id:06}", lead_on.year(), division);
        let now = kaifang_store::now_text();

        // Service log: spread evenly so the total matches the requested count.
        self.log_debt += self.logs_per_project;
        let n_logs = self.log_debt.floor() as usize;
        self.log_debt -= n_logs as f64;
        let rng = &mut self.rng;
        let log_end = match stage {
            Stage::Dropped => stage_on,
            _ => self.today,
        };
        let mut log: Vec<LogRow> = (0..n_logs)
            .map(|_| {
                let span = (log_end - lead_on).whole_days().max(0);
                let on = lead_on + Duration::days(rng.gen_range(0..=span));
                let (kind, outcome) = LOG_OUTCOMES[rng.gen_range(0..LOG_OUTCOMES.len())];
                LogRow {
                    project_id: id,
                    kind: kind.into(),
                    on_date: on.to_string(),
                    participants: "区商务局、企业负责人".into(),
                    outcome: outcome.into(),
                    recorded_by: "seed".into(),
                    recorded_at: now.clone(),
                    ..Default::default()
                }
            })
            .collect();
        log.sort_by(|a, b| a.on_date.cmp(&b.on_date));
        let last_update = log
            .last()
            .map(|l| l.on_date.clone())
            .into_iter()
            .chain([stage_on.to_string()])
            .max()
            .unwrap_or_else(|| stage_on.to_string());
        let tracked = stage.is_tracked();
        let stale_on = tracked.then(|| {
            kaifang_domain::calendar::parse_date(&last_update)
                .map_or(self.today, |d| d + Duration::days(30))
                .to_string()
        });

        // Utilised capital for signed projects: up to three tranches after the signing.
        let mut tranches = Vec::new();
        let mut utilised = 0i64;
        if let (Some(c), Some(signed_on)) = (contracted_c, dates.get(2).copied()) {
            let parts = rng.gen_range(0..=3);
            for k in 0..parts {
                let on = signed_on + Duration::days(30 + 90 * k + rng.gen_range(0..60));
                if on > self.today {
                    break;
                }
                let amount = Money::from_minor(c.amount.minor() / 5, currency);
                if let Ok(t) = to_usd(amount, rate, on) {
                    utilised += t.usd.minor();
                    tranches.push(TrancheRow {
                        project_id: id,
                        received_on: on.to_string(),
                        amount_minor: amount.minor(),
                        currency: code.into(),
                        rate: rate.micros(),
                        rate_on: on.to_string(),
                        usd_minor: t.usd.minor(),
                        scope_province: place.province.clone(),
                        scope_prefecture: place.prefecture.clone(),
                        scope_county: place.county.clone(),
                        recorded_by: "seed".into(),
                        recorded_at: now.clone(),
                        ..Default::default()
                    });
                }
            }
        }
        let team = if rng.gen_range(0..100) < 60 {
            vec![TeamRow {
                project_id: id,
                role: "lead".into(),
                name: format!("包保领导{}", id % 997),
                department: "区人民政府".into(),
                added_by: "seed".into(),
                added_at: now.clone(),
                ..Default::default()
            }]
        } else {
            vec![]
        };
        let row = ProjectRow {
            id,
            number,
            name,
            description: String::new(),
            division,
            zone: None,
            industry: INDUSTRIES[rng.gen_range(0..INDUSTRIES.len())].into(),
            project_type: project_type.into(),
            investors_json: serde_json::json!([{"name": investor.0, "region": investor.1}]).to_string(),
            source_region: investor.1.into(),
            enterprise_uscc: existing_fie.then_some(uscc),
            total_minor: total_c.map(|c| c.amount.minor()),
            total_currency: total_c.map(|_| code.to_string()),
            total_rate: total_c.map(|c| c.rate.micros()),
            total_rate_on: total_c.map(|c| c.rate_on.to_string()),
            total_usd: total_c.map(|c| c.usd.minor()),
            contracted_minor: contracted_c.map(|c| c.amount.minor()),
            contracted_currency: contracted_c.map(|_| code.to_string()),
            contracted_rate: contracted_c.map(|c| c.rate.micros()),
            contracted_rate_on: contracted_c.map(|c| c.rate_on.to_string()),
            contracted_usd: contracted_c.map(|c| c.usd.minor()),
            utilised_usd: utilised,
            land_centi_mu: land,
            output_minor: output,
            tax_minor: tax,
            jobs: Some(rng.gen_range(20..2000)),
            lead_source: ["fair", "online", "chamber", "embassy", "existing_fie", "other"][rng.gen_range(0..6)].into(),
            key_level: key_level.into(),
            key_listed_by,
            publishable: i64::from(rng.gen_range(0..10) < 3),
            stage: stage.as_str().into(),
            paused_from: paused_from.map(|s| s.as_str().to_string()),
            stage_on: stage_on.to_string(),
            lead_on: lead_on.to_string(),
            talks_on: d(1),
            signed_on: d(2),
            signing_mode: d(2).map(|_| if rng.gen_range(0..10) < 3 { "cloud" } else { "on_site" }.to_string()),
            construction_on: d(3),
            production_on: d(4),
            capacity_on: d(5),
            dropped_on: (stage == Stage::Dropped).then(|| stage_on.to_string()),
            last_update_on: last_update,
            stale_on,
            scope_province: place.province.clone(),
            scope_prefecture: place.prefecture.clone(),
            scope_county: place.county.clone(),
            version: 1,
            created_by: "seed".into(),
            created_at: now.clone(),
            updated_at: now,
        };
        SeededProject {
            row,
            log,
            tranches,
            team,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaifang_domain::projects::KeyDates;

    #[test]
    fn seeded_projects_keep_their_dates_in_order_and_their_stage_requirements() {
        let mut r = Roster::default();
        for (i, division) in ["320102", "440305"].iter().enumerate() {
            let p = kaifang_service::placement::of_division("d", division).unwrap();
            for n in 0..20 {
                let id = (i * 100 + n + 1) as i64;
                r.push(
                    id,
                    &crate::seed::seeded_uscc(id as u64, division),
                    division,
                    p.province.clone(),
                    p.prefecture.clone(),
                    p.county.clone(),
                );
            }
        }
        let today = Date::from_calendar_date(2026, time::Month::December, 2).unwrap();
        let mut s = ProjectSeeder::new(7, &r, today, 10.0);
        let mut logs = 0;
        for id in 1..=500 {
            let p = s.project(id);
            let pd = |v: &Option<String>| v.as_deref().and_then(kaifang_domain::calendar::parse_date);
            let dates = KeyDates {
                lead_on: kaifang_domain::calendar::parse_date(&p.row.lead_on),
                talks_on: pd(&p.row.talks_on),
                signed_on: pd(&p.row.signed_on),
                construction_on: pd(&p.row.construction_on),
                production_on: pd(&p.row.production_on),
                capacity_on: pd(&p.row.capacity_on),
            };
            assert!(dates.order_errors().is_empty(), "{:?}", p.row);
            let stage = Stage::parse(&p.row.stage).unwrap();
            let effective = if stage == Stage::Paused {
                Stage::parse(p.row.paused_from.as_deref().unwrap()).unwrap()
            } else {
                stage
            };
            if stage != Stage::Dropped {
                assert!(
                    kaifang_domain::projects::missing_for(effective, &dates, p.row.contracted_minor.is_some())
                        .is_empty(),
                    "{:?}",
                    p.row
                );
            }
            assert!(p.row.stage_on.as_str() <= "2026-12-02");
            assert_eq!(p.row.utilised_usd, p.tranches.iter().map(|t| t.usd_minor).sum::<i64>());
            logs += p.log.len();
        }
        assert_eq!(logs, 5000, "ten log entries per project on average");
    }
}
