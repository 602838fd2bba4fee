//! `kaifang check`: the admission and incentive checker on the command line —
//! one question, a batch file of questions, or the labelled evaluation set.

use std::process::ExitCode;

use clap::Args;
use kaifang_domain::checker::Answer;
use kaifang_service::checker::{CheckRequest, Checker, eval};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The business in the investor's own words (Chinese, or English keywords).
    #[arg(long)]
    activity: Option<String>,
    /// GB/T 4754-2017 code(s), repeatable: `--industry C3841 --industry 3842`.
    #[arg(long = "industry")]
    industries: Vec<String>,
    /// Division code of the place (county, city or province).
    #[arg(long)]
    division: Option<String>,
    /// The date to answer for (default today).
    #[arg(long)]
    date: Option<String>,
    /// Total foreign share, percent.
    #[arg(long)]
    foreign_equity: Option<f64>,
    /// The largest foreign investor's share with related parties, percent.
    #[arg(long)]
    largest_foreign_investor: Option<f64>,
    /// The investor's country or region, ISO 3166 alpha-2.
    #[arg(long)]
    investor_region: Option<String>,
    /// company, partnership, individual, sole-proprietorship or cooperative.
    #[arg(long)]
    entity_form: Option<String>,
    /// yes, no or auto: whether the site is inside a pilot free trade zone.
    #[arg(long)]
    ftz: Option<String>,
    /// text (default) or json.
    #[arg(long, default_value = "text")]
    format: String,
    /// Check every row of a CSV file (columns as the options: activity, industries separated by
    /// `;`, division, date, foreign_equity, largest_foreign_investor, investor_region,
    /// entity_form, ftz) and print one CSV row of results per question.
    #[arg(long)]
    batch: Option<std::path::PathBuf>,
    /// Run a labelled evaluation set (data/policy/eval/checks.csv) and print verdict accuracy and
    /// top-3 recall; `--format json` prints the report with every miss.
    #[arg(long)]
    evaluate: Option<std::path::PathBuf>,
    /// Screen the roster in the database: operating FIEs whose registered industry falls under a
    /// restricted or prohibited measure (inside `--division` when given, else nationwide).
    #[arg(long)]
    roster: bool,
    /// With --evaluate: then answer the set this many more times on one thread and print checks
    /// per second and the latency of one check (p50, p99, max) — the checker's benchmark.
    #[arg(long, default_value_t = 0)]
    repeat: usize,
}

fn en(m: &kaifang_domain::field_error::Message) -> String {
    format!("{} / {}", m.zh, m.en)
}

fn print_text(a: &Answer) {
    println!("verdict: {}  (date {})", a.verdict.as_str(), a.date);
    for e in &a.editions {
        let c = if e.complete { "" } else { " [incomplete]" };
        println!("edition: {} {}{c}", e.id, e.title_zh);
    }
    for m in &a.measures {
        let met = match m.conditions_met {
            Some(true) => " conditions met",
            Some(false) => " conditions NOT met",
            None if m.kind == "restricted" => " conditions: cannot tell",
            None => "",
        };
        println!(
            "measure: {}:{} [{}] {}{met}\n  {}\n  matched by: {}",
            m.edition,
            m.item,
            m.provenance,
            m.kind,
            m.text,
            m.matched_by.join(", ")
        );
        if let Some(x) = &m.excepted {
            println!("  excepted: {x}");
        }
        for c in &m.conditions {
            let s = c.met.map_or("?", |b| if b { "met" } else { "not met" });
            println!("  - {} [{s}] {}", c.text, en(&c.reason));
            if let Some(x) = &c.missing {
                println!("    missing: {}", en(x));
            }
        }
    }
    for n in &a.notes {
        println!("note: {} 说明{} [{}] {}", n.edition, n.no, n.provenance, n.text);
    }
    for e in &a.encouraged {
        println!(
            "encouraged: {}:{}{}:{} {}\n  matched by: {}",
            e.edition,
            e.part,
            e.region.as_deref().map(|r| format!(":{r}")).unwrap_or_default(),
            e.item,
            e.text,
            e.matched_by.join(", ")
        );
    }
    for i in &a.incentives {
        let v = if i.basis_verified { "" } else { " [basis unverified]" };
        println!(
            "incentive: {} ({}{v}) — {:?}: {}",
            i.name_zh,
            i.basis,
            i.status,
            en(&i.reason)
        );
    }
    for r in &a.related {
        println!("related (did not apply): {}:{} {}", r.edition, r.item, r.text);
    }
    for w in &a.warnings {
        println!("warning: {}", en(w));
    }
    for t in &a.trace {
        println!("trace: {:<11} {} {}", t.step, t.result.en, t.used.join("; "));
    }
}

fn batch_requests(path: &std::path::Path) -> anyhow::Result<Vec<CheckRequest>> {
    let mut r = csv::Reader::from_path(path)?;
    let headers = r.headers()?.clone();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec?;
        let get = |n: &str| col(n).and_then(|c| rec.get(c)).map(str::trim).filter(|s| !s.is_empty());
        let num = |n: &str| -> anyhow::Result<Option<f64>> {
            get(n)
                .map(|v| {
                    v.parse()
                        .map_err(|_| anyhow::anyhow!("row {}: {n}: not a number: {v}", i + 2))
                })
                .transpose()
        };
        out.push(CheckRequest {
            activity: get("activity").unwrap_or("").to_string(),
            industries: get("industries")
                .map(|s| s.split(';').map(|x| x.trim().to_string()).collect())
                .unwrap_or_default(),
            division: get("division").unwrap_or("").to_string(),
            date: get("date").map(String::from),
            foreign_equity: num("foreign_equity")?,
            largest_foreign_investor: num("largest_foreign_investor")?,
            investor_region: get("investor_region").map(String::from),
            entity_form: get("entity_form").map(String::from),
            ftz: get("ftz").map(String::from),
        });
    }
    Ok(out)
}

pub async fn run(settings: crate::settings::Settings, a: CheckArgs) -> anyhow::Result<ExitCode> {
    // The editions of this installation: the built-in ones and the activated uploads.
    let store = crate::startup::open_store(&settings).await?;
    let checker = Checker::load(&store)
        .await
        .map_err(|e| anyhow::anyhow!(super::describe(&e)))?;
    store.close().await;
    if let Some(path) = &a.evaluate {
        let text = std::fs::read_to_string(path)?;
        let cases = eval::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let started = std::time::Instant::now();
        let rep = eval::run(&checker, &cases, kaifang_service::enterprises::today_cn());
        let secs = started.elapsed().as_secs_f64();
        if a.format == "json" {
            println!("{}", serde_json::to_string_pretty(&rep)?);
        } else {
            for m in &rep.misses {
                println!(
                    "miss {} [{}] {}\n  expected {}\n  got      {}",
                    m.id, m.what, m.activity, m.expected, m.got
                );
            }
        }
        println!(
            "{} questions in {secs:.3} s: verdict accuracy {:.1}% ({}/{}), measures top-3 recall {:.1}% ({}/{}), encouraged top-3 recall {:.1}% ({}/{})",
            rep.rows,
            rep.verdict_accuracy() * 100.0,
            rep.verdict_correct,
            rep.rows,
            rep.measure_recall() * 100.0,
            rep.measure_top3,
            rep.measure_rows,
            rep.encouraged_recall() * 100.0,
            rep.encouraged_top3,
            rep.encouraged_rows
        );
        if a.repeat > 0 {
            bench(&checker, &cases, a.repeat);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if a.roster {
        let mut p = super::cli_principal();
        if let Some(d) = a.division.as_deref() {
            let Some(scope) = kaifang_service::placement::scope_of(d) else {
                eprintln!("division: unknown division code {d}");
                return Ok(ExitCode::from(2));
            };
            p.scope = scope;
        }
        let date = match a.date.as_deref() {
            None => kaifang_service::enterprises::today_cn(),
            Some(d) => match kaifang_domain::calendar::parse_date(d) {
                Some(d) => d,
                None => {
                    eprintln!("date: a date is YYYY-MM-DD");
                    return Ok(ExitCode::from(2));
                }
            },
        };
        let store = crate::startup::open_store(&settings).await?;
        let rep = checker
            .roster(&store, &p, date, 20)
            .await
            .map_err(|e| anyhow::anyhow!(super::describe(&e)))?;
        store.close().await;
        if a.format == "json" {
            println!("{}", serde_json::to_string_pretty(&rep)?);
        } else {
            for g in &rep.groups {
                println!(
                    "{}:{} [{}] {} — {} FIEs: {}",
                    g.edition, g.item, g.provenance, g.kind, g.total, g.text
                );
                for f in &g.firms {
                    println!("  {} {} {} {}", f.uscc, f.industry, f.division, f.name_zh);
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &a.batch {
        let reqs = batch_requests(path)?;
        let mut w = csv::Writer::from_writer(std::io::stdout());
        w.write_record([
            "row",
            "activity",
            "division",
            "verdict",
            "measures",
            "encouraged",
            "warnings",
            "errors",
        ])?;
        for (i, r) in reqs.iter().enumerate() {
            let row = (i + 2).to_string();
            match checker.check(r) {
                Ok(ans) => w.write_record([
                    row.as_str(),
                    r.activity.as_str(),
                    r.division.as_str(),
                    ans.verdict.as_str(),
                    &eval::cited(&ans).join(";"),
                    &eval::encouraged_keys(&ans).join(";"),
                    &ans.warnings.len().to_string(),
                    "",
                ])?,
                Err(e) => w.write_record([
                    row.as_str(),
                    r.activity.as_str(),
                    r.division.as_str(),
                    "",
                    "",
                    "",
                    "",
                    &super::describe(&e).replace('\n', "; "),
                ])?,
            }
        }
        w.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let req = CheckRequest {
        activity: a.activity.unwrap_or_default(),
        industries: a.industries,
        division: a.division.unwrap_or_default(),
        date: a.date,
        foreign_equity: a.foreign_equity,
        largest_foreign_investor: a.largest_foreign_investor,
        investor_region: a.investor_region,
        entity_form: a.entity_form,
        ftz: a.ftz,
    };
    match checker.check(&req) {
        Ok(ans) => {
            if a.format == "json" {
                println!("{}", serde_json::to_string_pretty(&ans)?);
            } else {
                print_text(&ans);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{}", super::describe(&e));
            Ok(ExitCode::from(2))
        }
    }
}

/// Answers every question `rounds` times on this thread, timing each answer.
fn bench(checker: &Checker, cases: &[eval::Case], rounds: usize) {
    let today = kaifang_service::enterprises::today_cn();
    let mut times = Vec::with_capacity(cases.len() * rounds);
    let started = std::time::Instant::now();
    let mut verdicts = 0usize;
    for _ in 0..rounds {
        for c in cases {
            let t = std::time::Instant::now();
            if let Ok(a) = checker.check_on(&c.request, today) {
                verdicts += usize::from(!a.trace.is_empty());
            }
            times.push(t.elapsed());
        }
    }
    let total = started.elapsed().as_secs_f64();
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    println!(
        "{} checks on one thread in {total:.2} s: {:.0} checks/s; one check p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms ({verdicts} answered)",
        times.len(),
        times.len() as f64 / total,
        at(0.5),
        at(0.99),
        at(1.0)
    );
}
