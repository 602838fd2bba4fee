//! Demo cases: in each demo county, demands, complaints and problem-list items
//! at every stage — closed and rated, on time, due soon, overdue, waiting for
//! materials, accepted, refused — dated relative to today, so the ledger,
//! clocks, inbox and dashboard show something true whenever the demo starts.

use kaifang_service::Principal;
use kaifang_service::calendar::Calendars;
use kaifang_service::cases::{self as svc, ActionInput, CaseInput};
use kaifang_store::Store;
use time::Duration;

fn days_ago(n: i64) -> String {
    (kaifang_service::enterprises::today_cn() - Duration::days(n)).to_string()
}

pub(crate) async fn principal(store: &Store, username: &str) -> anyhow::Result<Principal> {
    let u = kaifang_store::accounts::by_username(store, username)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {username} missing"))?;
    Principal::from_user(&u, "local").ok_or_else(|| anyhow::anyhow!("demo account {username} is inconsistent"))
}

fn err(e: kaifang_service::ServiceError) -> anyhow::Error {
    anyhow::anyhow!("demo case: {}", crate::commands::describe(&e))
}

/// Files one case and takes the given moves; returns its number.
async fn case(
    store: &Store,
    cals: &Calendars,
    p: &Principal,
    input: CaseInput,
    moves: &[(&str, i64, ActionInput)],
) -> anyhow::Result<String> {
    let number = svc::create(store, cals, p, &input).await.map_err(err)?.case.number;
    for (action, ago, extra) in moves {
        let mut m = extra.clone();
        m.action = action.to_string();
        m.on = Some(days_ago(*ago));
        svc::act(store, cals, p, &number, &m).await.map_err(err)?;
    }
    Ok(number)
}

fn demand(kind: &str, category: &str, title: &str, enterprise: &str, ago: i64) -> CaseInput {
    CaseInput {
        kind: kind.into(),
        category: category.into(),
        title: title.into(),
        description: format!("{title}（演示数据）"),
        channel: "visit".into(),
        enterprise: Some(enterprise.into()),
        received_on: Some(days_ago(ago)),
        ..Default::default()
    }
}

fn with(f: impl FnOnce(&mut ActionInput)) -> ActionInput {
    let mut a = ActionInput::default();
    f(&mut a);
    a
}

/// Loads the demo cases for the enterprises `codes` (in county order, as
/// `counties` lists the officers' account prefixes); `rated` is the enterprise
/// with a demo account, which confirms and rates its case itself.
pub async fn load(
    store: &Store,
    counties: &[(&str, &str)],
    codes: &[Vec<String>],
    rated: &str,
) -> anyhow::Result<usize> {
    let cals = Calendars::default();
    let cal = cals.get(store).await.map_err(err)?;
    // Dispatched 14 working days ago: 15 working days to solve ends on the next working day.
    let soon = {
        let today = kaifang_service::enterprises::today_cn();
        let (mut d, mut k) = (today, 0);
        while k < 14 {
            d = d.previous_day().unwrap_or(d);
            k += u32::from(cal.is_working_day(d));
        }
        (today - d).whole_days()
    };
    let mut n = 0;
    let dept = |d: &str| with(|a| a.department = Some(d.into()));
    let reason = |r: &str| with(|a| a.reason = Some(r.into()));
    let none = ActionInput::default;
    for ((_, prefix), ents) in counties.iter().zip(codes) {
        let p = principal(store, &format!("{prefix}_officer")).await?;
        let e = |i: usize| ents[i % ents.len()].clone();
        // Solved and closed.
        case(
            store,
            &cals,
            &p,
            demand("demand", "land", "二期厂房用地指标", &e(0), 45),
            &[
                ("dispatch", 45, dept("自然资源和规划局")),
                ("acknowledge", 44, none()),
                ("reply", 42, none()),
                (
                    "resolve",
                    35,
                    with(|a| a.result = Some("已纳入年度供地计划并完成挂牌".into())),
                ),
                ("close", 30, none()),
            ],
        )
        .await?;
        // Overdue: replied, not solved in 15 working days.
        case(
            store,
            &cals,
            &p,
            demand("demand", "labour", "熟练技工招聘困难", &e(1), 40),
            &[
                ("dispatch", 40, dept("人力资源和社会保障局")),
                ("acknowledge", 39, none()),
                ("reply", 37, none()),
            ],
        )
        .await?;
        // Due soon.
        case(
            store,
            &cals,
            &p,
            demand("demand", "logistics", "进口零部件通关时间长", &e(2), soon),
            &[
                ("dispatch", soon, dept("海关驻区办事处")),
                ("acknowledge", soon - 1, none()),
                ("reply", soon - 2, none()),
            ],
        )
        .await?;
        // Just received, to be dispatched.
        case(
            store,
            &cals,
            &p,
            demand("demand", "finance", "跨境融资额度咨询", &e(3), 1),
            &[],
        )
        .await?;
        // A common problem with two items grouped under it.
        let parent = case(
            store,
            &cals,
            &p,
            demand("problem", "energy", "园区夏季限电影响生产", &e(4), 12),
            &[
                ("dispatch", 12, dept("发展和改革委员会")),
                ("acknowledge", 11, none()),
                ("reply", 9, none()),
            ],
        )
        .await?;
        for (i, t) in ["错峰用电安排不合理", "备用电源审批慢"].iter().enumerate() {
            let mut input = demand("problem", "energy", t, &e(5 + i), 10);
            input.parent = Some(parent.clone());
            case(
                store,
                &cals,
                &p,
                input,
                &[("dispatch", 10, dept("供电公司")), ("acknowledge", 9, none())],
            )
            .await?;
        }
        // Complaints: waiting for materials, accepted, refused.
        let complaint = |title: &str, ent: String, ago: i64| CaseInput {
            kind: "complaint".into(),
            category: "approvals".into(),
            title: title.into(),
            description: format!("{title}（演示数据）"),
            channel: "letter".into(),
            enterprise: Some(ent),
            received_on: Some(days_ago(ago)),
            complaint_type: Some("infringement".into()),
            respondent: Some("某区行政审批局".into()),
            ..Default::default()
        };
        case(
            store,
            &cals,
            &p,
            complaint("环评批复逾期未作出", e(7), 6),
            &[(
                "request_materials",
                4,
                with(|a| a.items = vec!["evidence".into(), "identity".into()]),
            )],
        )
        .await?;
        case(
            store,
            &cals,
            &p,
            complaint("施工许可被要求提交额外材料", e(8), 30),
            &[("accept", 26, dept("投诉工作机构"))],
        )
        .await?;
        case(
            store,
            &cals,
            &p,
            complaint("与供应商的货款纠纷", e(9), 20),
            &[(
                "refuse",
                16,
                with(|a| {
                    a.ground = Some("civil_dispute".into());
                    a.reason = Some("属于民商事纠纷，建议通过仲裁或诉讼解决".into());
                }),
            )],
        )
        .await?;
        // Escalated to the city for coordination.
        case(
            store,
            &cals,
            &p,
            demand("demand", "entry_exit", "外籍高管工作许可续签", &e(10), 8),
            &[("escalate", 7, reason("涉及市级出入境管理部门，提请市级协调"))],
        )
        .await?;
        n += 11;
    }
    // The enterprise with a demo account confirms and rates a solved demand itself.
    if !codes.is_empty() {
        let officer = principal(store, &format!("{}_officer", counties[0].1)).await?;
        let number = case(
            store,
            &cals,
            &officer,
            demand("demand", "policy", "研发费用加计扣除政策兑现", rated, 30),
            &[
                ("dispatch", 30, dept("税务局")),
                ("reply", 28, none()),
                ("resolve", 20, with(|a| a.result = Some("已完成政策兑现".into()))),
            ],
        )
        .await?;
        let ent = principal(store, "demo_enterprise").await?;
        svc::act(
            store,
            &cals,
            &ent,
            &number,
            &with(|a| {
                a.action = "confirm".into();
                a.rating = Some(5);
                a.comment = Some("办理及时，感谢".into());
            }),
        )
        .await
        .map_err(err)?;
        n += 1;
    }
    Ok(n)
}
