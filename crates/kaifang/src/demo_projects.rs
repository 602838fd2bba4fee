//! Demo projects: in each demo county, projects at every stage of the pipeline —
//! a new lead, one in talks, signed (one of them remotely), under construction
//! with a blocked land approval filed as a problem case, in production with
//! utilised capital, at capacity, paused and dropped — with task forces, service
//! logs and tranches, dated relative to today, all through the services.

use kaifang_service::Principal;
use kaifang_service::calendar::Calendars;
use kaifang_service::projects::{
    self as svc, ApprovalInput, LogInput, MemberInput, ProjectInput, ProjectInvestor, StageInput, TrancheInput,
};
use kaifang_store::Store;
use time::Duration;

fn days_ago(n: i64) -> String {
    (kaifang_service::enterprises::today_cn() - Duration::days(n)).to_string()
}

fn err(e: kaifang_service::ServiceError) -> anyhow::Error {
    anyhow::anyhow!("demo project: {}", crate::commands::describe(&e))
}

/// One demo project: its name, main investor, industry, total investment (US dollars),
/// land (mu), and how far it goes.
struct Plan {
    name: &'static str,
    investor: (&'static str, &'static str),
    industry: &'static str,
    total_usd: &'static str,
    land: Option<&'static str>,
    source: &'static str,
    to: &'static str,
}

const PLANS: &[Plan] = &[
    Plan {
        name: "新能源汽车电驱系统",
        investor: ("Bosch GmbH", "DE"),
        industry: "3670",
        total_usd: "120000000",
        land: Some("150"),
        source: "fair",
        to: "production",
    },
    Plan {
        name: "功率半导体封装测试",
        investor: ("Infineon Technologies AG", "DE"),
        industry: "3973",
        total_usd: "80000000",
        land: Some("60"),
        source: "embassy",
        to: "construction",
    },
    Plan {
        name: "医疗器械研发中心",
        investor: ("Olympus Corporation", "JP"),
        industry: "7320",
        total_usd: "15000000",
        land: None,
        source: "existing_fie",
        to: "signed",
    },
    Plan {
        name: "高端食品配料",
        investor: ("Nestlé S.A.", "CH"),
        industry: "1495",
        total_usd: "30000000",
        land: Some("40"),
        source: "chamber",
        to: "talks",
    },
    Plan {
        name: "工业机器人整机",
        investor: ("Yaskawa Electric", "JP"),
        industry: "3491",
        total_usd: "50000000",
        land: Some("80"),
        source: "online",
        to: "lead",
    },
    Plan {
        name: "精密轴承",
        investor: ("SKF AB", "SE"),
        industry: "3451",
        total_usd: "40000000",
        land: Some("70"),
        source: "fair",
        to: "capacity",
    },
    Plan {
        name: "区域分拨中心",
        investor: ("Maersk A/S", "DK"),
        industry: "5920",
        total_usd: "25000000",
        land: Some("120"),
        source: "chamber",
        to: "paused",
    },
    Plan {
        name: "光伏组件",
        investor: ("长兴投资有限公司", "HK"),
        industry: "3825",
        total_usd: "60000000",
        land: Some("90"),
        source: "other",
        to: "dropped",
    },
];

/// Registers the demo projects of each county; returns how many.
pub async fn load(store: &Store, counties: &[(&str, &str)], codes: &[Vec<String>]) -> anyhow::Result<usize> {
    let cals = Calendars::default();
    let mut n = 0;
    for (ci, ((division, prefix), ents)) in counties.iter().zip(codes).enumerate() {
        let p = crate::demo_cases::principal(store, &format!("{prefix}_officer")).await?;
        for (i, plan) in PLANS.iter().enumerate() {
            // Each county a different mix: skip a plan in turn.
            if (i + ci) % 5 == 4 {
                continue;
            }
            let fie = (plan.source == "existing_fie").then(|| ents[i % ents.len()].clone());
            project(store, &cals, &p, division, plan, fie, i as i64).await?;
            n += 1;
        }
    }
    Ok(n)
}

async fn project(
    store: &Store,
    cals: &Calendars,
    p: &Principal,
    division: &str,
    plan: &Plan,
    fie: Option<String>,
    k: i64,
) -> anyhow::Result<()> {
    let lead_on = 420 - k * 17;
    let input = ProjectInput {
        name: Some(format!("{}项目", plan.name)),
        description: Some(format!("{}（演示数据）", plan.name)),
        division: Some(division.into()),
        industry: Some(plan.industry.into()),
        project_type: Some(if fie.is_some() { "expansion" } else { "new" }.into()),
        investors: Some(vec![ProjectInvestor {
            name: Some(plan.investor.0.into()),
            region: Some(plan.investor.1.into()),
        }]),
        enterprise: fie,
        total_amount: Some(plan.total_usd.into()),
        total_currency: Some("USD".into()),
        land_mu: plan.land.map(Into::into),
        expected_output: plan
            .land
            .map(|l| format!("{}", l.parse::<i64>().unwrap_or(0) * 3_500_000)),
        expected_tax: plan
            .land
            .map(|l| format!("{}", l.parse::<i64>().unwrap_or(0) * 210_000)),
        jobs: Some(format!("{}", 80 + k * 45)),
        lead_source: Some(plan.source.into()),
        key_level: Some(if k == 0 { "city" } else { "none" }.into()),
        key_listed_by: (k == 0).then(|| format!("{}00", &division[..4])),
        publishable: Some((k % 2 == 0).to_string()),
        lead_on: Some(days_ago(lead_on)),
        ..Default::default()
    };
    let number = svc::create(store, p, &input).await.map_err(err)?.project.number;
    let step = |to: &str, ago: i64, evidence: &str| StageInput {
        to: to.into(),
        on: Some(days_ago(ago)),
        evidence: Some(evidence.into()),
        ..Default::default()
    };
    let order = ["talks", "signed", "construction", "production", "capacity"];
    let target = match plan.to {
        "paused" => "signed",
        "dropped" => "talks",
        t => t,
    };
    let reach = order.iter().position(|s| *s == target).map_or(0, |i| i + 1);
    let mut ago = lead_on;
    for (i, s) in order.iter().take(reach).enumerate() {
        ago -= 40 + 10 * i as i64;
        let mut m = step(
            s,
            ago,
            ["洽谈纪要", "投资协议", "施工许可证", "投产仪式", "达产验收报告"][i],
        );
        if *s == "signed" {
            m.contracted_amount = Some(format!("{}", plan.total_usd.parse::<i64>().unwrap_or(0) * 6 / 10));
            m.contracted_currency = Some("USD".into());
            m.signing_mode = Some(if k % 3 == 0 { "cloud" } else { "on_site" }.into());
        }
        svc::move_stage(store, p, &number, &m).await.map_err(err)?;
        if *s == "signed" {
            svc::add_member(
                store,
                p,
                &number,
                &MemberInput {
                    role: Some("lead".into()),
                    name: Some("王副区长".into()),
                    department: Some("区人民政府".into()),
                    ..Default::default()
                },
            )
            .await
            .map_err(err)?;
            svc::add_member(
                store,
                p,
                &number,
                &MemberInput {
                    role: Some("member".into()),
                    name: Some("李科长".into()),
                    department: Some("区自然资源和规划分局".into()),
                    ..Default::default()
                },
            )
            .await
            .map_err(err)?;
        }
        if *s == "construction" || *s == "production" {
            svc::add_tranche(
                store,
                p,
                &number,
                &TrancheInput {
                    received_on: Some(days_ago(ago - 5)),
                    amount: Some(format!("{}", plan.total_usd.parse::<i64>().unwrap_or(0) / 10)),
                    currency: Some("USD".into()),
                    ..Default::default()
                },
            )
            .await
            .map_err(err)?;
        }
    }
    if plan.to == "construction" {
        svc::set_approval(
            store,
            cals,
            p,
            &number,
            "land",
            &ApprovalInput {
                department: Some("区自然资源和规划分局".into()),
                started_on: Some(days_ago(ago + 20)),
                due_days: Some(20),
                status: Some("blocked".into()),
                problem: Some("二期用地指标尚未落实，影响厂房开工".into()),
                ..Default::default()
            },
        )
        .await
        .map_err(err)?;
        svc::set_approval(
            store,
            cals,
            p,
            &number,
            "environment",
            &ApprovalInput {
                department: Some("市生态环境局".into()),
                started_on: Some(days_ago(ago + 30)),
                due_days: Some(30),
                status: Some("approved".into()),
                documents: Some("环审〔演示〕1号".into()),
                ..Default::default()
            },
        )
        .await
        .map_err(err)?;
    }
    if matches!(plan.to, "paused" | "dropped") {
        let why = if plan.to == "paused" {
            "投资方全球战略调整，暂缓推进"
        } else {
            "投资方另择选址，项目终止"
        };
        svc::move_stage(store, p, &number, &step(plan.to, ago - 20, why))
            .await
            .map_err(err)?;
    }
    svc::log_service(
        store,
        p,
        &number,
        &LogInput {
            kind: Some(if k % 2 == 0 { "visit" } else { "online_negotiation" }.into()),
            on: Some(days_ago(3 + k)),
            participants: Some("区商务局、投资方代表".into()),
            outcome: Some("了解项目最新进展，协调需解决的问题".into()),
        },
    )
    .await
    .map_err(err)?;
    Ok(())
}
