//! Synthetic monitoring history for benchmarks: one national monthly campaign (the
//! `operations_monthly` template) over the whole roster, opened through the service, with
//! answers for `months` periods up to the current one — 97% of the targets answer each month,
//! 90% the current one — each enterprise's turnover moving by a few percent a month. Answers go
//! in by bulk inserts (one audit entry per 20,000), and the coverage and figures are computed
//! in memory with the product's own functions, then written once per period.

use std::collections::BTreeMap;

use kaifang_domain::monitoring::figures::contribution;
use kaifang_domain::monitoring::{Answers, Indicator, Value};
use kaifang_service::Principal;
use kaifang_store::monitoring::TargetRow;
use kaifang_store::monitoring_responses::ResponseRow;
use kaifang_store::monitoring_stats::{self as stats, PlaceKey, StatDeltas};
use kaifang_store::{Actor, AuditEvent, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// What a seeded enterprise carries from month to month.
#[derive(Clone)]
struct Firm {
    staff: i64,
    turnover: i64,
    capacity: i64,
    last: Option<Answers>,
}

fn answers(rng: &mut StdRng, f: &mut Firm) -> Answers {
    f.turnover = (f.turnover as f64 * rng.gen_range(0.9..1.1)) as i64;
    f.capacity = (f.capacity + rng.gen_range(-800..=800)).clamp(500, 12_000);
    // One firm in twenty has a bad month (the alert rules' cases in a real campaign).
    let capacity = if rng.gen_bool(0.05) { f.capacity / 2 } else { f.capacity };
    let mut a = Answers::new();
    a.insert("staff_total".into(), Value::Num(f.staff * 100));
    a.insert("capacity_utilisation".into(), Value::Num(capacity));
    a.insert("turnover".into(), Value::Num(f.turnover));
    let orders = ["up", "flat", "down", "none"][rng.gen_range(0..4usize)];
    a.insert("orders".into(), Value::Text(orders.into()));
    a
}

/// Seeds the campaign and its answers; returns the campaign number and the answers written.
pub async fn seed(store: &Store, months: u32, seed: u64, p: &Principal) -> anyhow::Result<(String, usize)> {
    let today = kaifang_service::enterprises::today_cn();
    let first_month = {
        let mut y = today.year();
        let mut m = today.month() as i32 - (months as i32 - 1);
        while m < 1 {
            m += 12;
            y -= 1;
        }
        time::Date::from_calendar_date(y, time::Month::try_from(m as u8)?, 1)?
    };
    let input = kaifang_service::monitoring::CampaignInput {
        title: "全国外资企业月度经营监测（基准测试）".into(),
        template: Some("operations_monthly".into()),
        opens_on: Some(first_month.to_string()),
        closes_on: Some(format!("{}-12-31", today.year())),
        coverage_target: Some("95".into()),
        ..Default::default()
    };
    let err = |e: kaifang_service::ServiceError| anyhow::anyhow!(crate::commands::describe(&e));
    let c = kaifang_service::monitoring::create(store, p, &input)
        .await
        .map_err(err)?;
    let c = kaifang_service::monitoring::open(store, p, &c.number)
        .await
        .map_err(err)?;
    let access = kaifang_store::monitoring::CampaignAccess {
        scope: kaifang_domain::jurisdiction::Scope::National,
        chain: vec![],
    };
    let id = kaifang_store::monitoring::get(store, &access, &c.number)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the campaign just opened is missing"))?
        .id;
    let indicators: Vec<Indicator> = c.indicators.clone();
    let mut targets: Vec<TargetRow> = Vec::with_capacity(c.targets as usize);
    let mut after = None;
    loop {
        let page = kaifang_store::monitoring::targets_page(
            store,
            id,
            &kaifang_domain::jurisdiction::Scope::National,
            after,
            50_000,
        )
        .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.enterprise_id);
        let n = page.len();
        targets.extend(page);
        if n < 50_000 {
            break;
        }
    }
    let mut rng = StdRng::seed_from_u64(seed ^ 0x6d6f_6e69);
    let mut firms: Vec<Firm> = targets
        .iter()
        .map(|_| Firm {
            staff: rng.gen_range(8..3_000),
            turnover: rng.gen_range(5_000..5_000_000),
            capacity: rng.gen_range(4_000..10_500),
            last: None,
        })
        .collect();
    let periods: Vec<String> = c.periods.iter().map(|p| p.key.clone()).take(months as usize).collect();
    let actor = Actor::system("seed");
    let started = std::time::Instant::now();
    let mut written = 0;
    for (pi, period) in periods.iter().enumerate() {
        let share = if pi + 1 == periods.len() { 0.90 } else { 0.97 };
        let now = kaifang_store::now_text();
        let mut deltas = StatDeltas::new();
        let mut answered: BTreeMap<PlaceKey, i64> = BTreeMap::new();
        let mut rows = Vec::with_capacity(20_000);
        let mut this_month: Vec<Option<Answers>> = vec![None; targets.len()];
        for (i, t) in targets.iter().enumerate() {
            if !rng.gen_bool(share) {
                continue;
            }
            let a = answers(&mut rng, &mut firms[i]);
            let fig = contribution(&indicators, &a, firms[i].last.as_ref());
            stats::add_delta(&mut deltas, &kaifang_service::monitoring::stat_keys(t, &a), &fig, 1);
            *answered.entry(kaifang_service::monitoring::place(t)).or_insert(0) += 1;
            rows.push(ResponseRow {
                campaign_id: id,
                period: period.clone(),
                enterprise_id: t.enterprise_id,
                enterprise_uscc: t.uscc.clone(),
                division: t.division.clone(),
                scope_province: t.scope_province.clone(),
                scope_prefecture: t.scope_prefecture.clone(),
                scope_county: t.scope_county.clone(),
                indicator_version: 1,
                answers: serde_json::to_string(&a)?,
                channel: "import".into(),
                submitted_by: "seed".into(),
                submitted_at: now.clone(),
                revision: 1,
                ..ResponseRow::default()
            });
            this_month[i] = Some(a);
            if rows.len() == 20_000 {
                write_rows(store, &actor, &mut rows, &c.number).await?;
                written += 20_000;
            }
        }
        written += rows.len();
        write_rows(store, &actor, &mut rows, &c.number).await?;
        let mut tx = store.begin_write().await?;
        stats::add_answered(&mut tx, id, period, &answered).await?;
        stats::apply(&mut tx, id, period, &deltas).await?;
        tx.commit().await?;
        // An enterprise that skipped a month compares with nothing the month after.
        for (f, a) in firms.iter_mut().zip(this_month) {
            f.last = a;
        }
        eprintln!(
            "period {period}: {written} answers so far, {:.0}/s",
            written as f64 / started.elapsed().as_secs_f64()
        );
    }
    Ok((c.number, written))
}

async fn write_rows(store: &Store, actor: &Actor, rows: &mut Vec<ResponseRow>, number: &str) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = store.begin_write().await?;
    kaifang_store::monitoring_responses::insert_many(&mut tx, rows).await?;
    tx.audit(
        actor,
        AuditEvent {
            action: "campaign_responses_seeded",
            object_type: "seed",
            object_id: number,
            placement: &Default::default(),
            before: None,
            after: Some(serde_json::json!({"count": rows.len(), "period": rows[0].period})),
        },
    )
    .await?;
    tx.commit().await?;
    rows.clear();
    Ok(())
}
