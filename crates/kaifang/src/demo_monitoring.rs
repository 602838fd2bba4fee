//! Demo monitoring: the province's resumption-of-work campaign (the 2020 template) over the demo
//! roster, opened three months ago, with answers entered by each county's officer — most
//! enterprises for the past months, about two thirds for the current one — so that coverage,
//! the unanswered list, aggregates and a few alerts (problem cases) are there to look at.

use kaifang_service::monitoring::{self as svc, AnswerInput, CampaignInput};
use kaifang_store::Store;
use serde_json::json;

fn answer_for(uscc: &str, k: usize, month: usize) -> AnswerInput {
    // Deterministic, varied values: one firm in twelve below half capacity (35–49%, which the
    // low-capacity rule flags), the rest 50–99%; turnover drifting by month.
    let h = uscc
        .bytes()
        .fold(k as u64 * 31 + 7, |a, b| a.wrapping_mul(131).wrapping_add(u64::from(b)));
    let capacity = if h % 12 == 0 {
        35 + (h / 12) % 15
    } else {
        50 + (h / 12) % 50
    };
    let staff = 20 + h % 1500;
    let turnover = 200 + (h % 9000) as i64 - (month as i64 * ((h % 7) as i64) * 40);
    let orders = ["up", "flat", "down"][(h % 3) as usize];
    let answers = json!({
        "resumed": if capacity > 40 { "是" } else { "否" },
        "resumption_pct": (capacity + 10).min(100).to_string(),
        "staff_total": staff.to_string(),
        "staff_returned": (staff * capacity / 100).to_string(),
        "staff_return_rate": capacity.min(100).to_string(),
        "capacity_utilisation": capacity.to_string(),
        "turnover": turnover.max(10).to_string(),
        "orders": orders,
        "labour_shortage": if h % 5 == 0 { "是" } else { "否" },
        "logistics_blocked": if h % 11 == 0 { "是" } else { "否" },
    });
    AnswerInput {
        enterprise: Some(uscc.to_string()),
        period: None,
        answers: serde_json::from_value(answers).unwrap_or_default(),
    }
}

/// Loads the campaign; returns its number and the answers entered.
pub async fn load(store: &Store, counties: &[(&str, &str)], codes: &[Vec<String>]) -> anyhow::Result<(String, usize)> {
    let err = |e: kaifang_service::ServiceError| anyhow::anyhow!(crate::commands::describe(&e));
    let js = crate::demo_cases::principal(store, "js_officer").await?;
    let today = kaifang_service::enterprises::today_cn();
    let (mut y, mut m) = (today.year(), today.month() as i32 - 2);
    if m < 1 {
        m += 12;
        y -= 1;
    }
    let input = CampaignInput {
        title: "全省外资企业复工复产和经营情况监测".into(),
        description: "按月摸清存量外资企业复工进度、员工返岗率、产能利用率、营业额等情况（演示数据）".into(),
        template: Some("resumption_2020".into()),
        opens_on: Some(format!("{y}-{m:02}-01")),
        closes_on: Some(format!("{}-12-31", today.year() + 1)),
        coverage_target: Some("95".into()),
        ..Default::default()
    };
    let c = svc::create(store, &js, &input).await.map_err(err)?;
    let c = svc::open(store, &js, &c.number).await.map_err(err)?;
    let periods: Vec<String> = c
        .periods
        .iter()
        .filter(|p| p.starts_on <= today.to_string())
        .map(|p| p.key.clone())
        .collect();
    let mut n = 0;
    for ((_, prefix), ents) in counties.iter().zip(codes) {
        let p = crate::demo_cases::principal(store, &format!("{prefix}_officer")).await?;
        for (month, period) in periods.iter().enumerate() {
            let current = month + 1 == periods.len();
            let rows: Vec<AnswerInput> = ents
                .iter()
                .enumerate()
                .filter(|(k, _)| if current { k % 3 != 0 } else { k % 10 != 9 })
                .map(|(k, u)| answer_for(u, k, month))
                .collect();
            n += rows.len();
            svc::answer_batch(store, &p, &c.number, Some(period), &rows, "proxy")
                .await
                .map_err(err)?;
        }
    }
    Ok((c.number, n))
}
