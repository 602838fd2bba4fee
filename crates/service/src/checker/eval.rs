//! The checker's labelled evaluation set (`data/policy/eval/checks.csv`):
//! every row a question with the verdict and the items an officer would cite;
//! the run reports verdict accuracy and top-3 recall of the right items.

use serde::Serialize;
use time::Date;

use super::{CheckRequest, Checker};
use kaifang_domain::checker::Answer;

/// One labelled question.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: String,
    pub request: CheckRequest,
    pub verdict: String,
    /// `edition:item` or `edition:note:no`.
    pub measures: Vec<String>,
    /// `edition:national:item` or `edition:regional:region:item`.
    pub encouraged: Vec<String>,
}

/// A row the checker got wrong, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub id: String,
    pub activity: String,
    pub what: String,
    pub expected: String,
    pub got: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub rows: usize,
    pub verdict_correct: usize,
    /// Rows that cite measures or notes, and those whose cited items are all in the answer's top 3.
    pub measure_rows: usize,
    pub measure_top3: usize,
    /// Rows with an encouraged item, and those where one is in the answer's top 3.
    pub encouraged_rows: usize,
    pub encouraged_top3: usize,
    pub misses: Vec<Miss>,
}

impl Report {
    pub fn verdict_accuracy(&self) -> f64 {
        ratio(self.verdict_correct, self.rows)
    }
    pub fn measure_recall(&self) -> f64 {
        ratio(self.measure_top3, self.measure_rows)
    }
    pub fn encouraged_recall(&self) -> f64 {
        ratio(self.encouraged_top3, self.encouraged_rows)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn pct(s: &str) -> Result<Option<f64>, String> {
    let s = s.trim();
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some).map_err(|_| format!("not a number: {s}"))
    }
}

/// Reads the set; an unreadable row is an error naming its line.
pub fn parse(text: &str) -> Result<Vec<Case>, String> {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = r.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or(format!("no column {name}"))
    };
    let c = [
        col("id")?,
        col("activity")?,
        col("industries")?,
        col("division")?,
        col("date")?,
        col("foreign_equity")?,
        col("largest_foreign_investor")?,
        col("entity_form")?,
        col("ftz")?,
        col("expected_verdict")?,
        col("expected_measures")?,
        col("expected_encouraged")?,
    ];
    let mut out = Vec::new();
    for (n, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| format!("row {}: {e}", n + 2))?;
        let g = |i: usize| rec.get(c[i]).unwrap_or("").to_string();
        let line = |e: String| format!("row {}: {e}", n + 2);
        out.push(Case {
            id: g(0),
            request: CheckRequest {
                activity: g(1),
                industries: list(&g(2)),
                division: g(3),
                date: Some(g(4)).filter(|d| !d.is_empty()),
                foreign_equity: pct(&g(5)).map_err(line)?,
                largest_foreign_investor: pct(&g(6)).map_err(line)?,
                investor_region: None,
                entity_form: Some(g(7)).filter(|d| !d.is_empty()),
                ftz: Some(g(8)).filter(|d| !d.is_empty()),
            },
            verdict: g(9),
            measures: list(&g(10)),
            encouraged: list(&g(11)),
        });
    }
    Ok(out)
}

/// The keys an answer cites, in its order: measures, then notes.
pub fn cited(a: &Answer) -> Vec<String> {
    a.measures
        .iter()
        .map(|m| format!("{}:{}", m.edition, m.item))
        .chain(a.notes.iter().map(|n| format!("{}:note:{}", n.edition, n.no)))
        .collect()
}

/// The keys of the encouraged items an answer lists, best first.
pub fn encouraged_keys(a: &Answer) -> Vec<String> {
    a.encouraged
        .iter()
        .map(|e| match &e.region {
            Some(r) => format!("{}:regional:{r}:{}", e.edition, e.item),
            None => format!("{}:national:{}", e.edition, e.item),
        })
        .collect()
}

/// Runs the set; `today` stands in for rows without a date.
pub fn run(checker: &Checker, cases: &[Case], today: Date) -> Report {
    let mut rep = Report::default();
    for c in cases {
        rep.rows += 1;
        let a = match checker.check_on(&c.request, today) {
            Ok(a) => a,
            Err(e) => {
                rep.misses.push(Miss {
                    id: c.id.clone(),
                    activity: c.request.activity.clone(),
                    what: "error".into(),
                    expected: c.verdict.clone(),
                    got: e.to_string(),
                });
                continue;
            }
        };
        if a.verdict.as_str() == c.verdict {
            rep.verdict_correct += 1;
        } else {
            rep.misses.push(Miss {
                id: c.id.clone(),
                activity: c.request.activity.clone(),
                what: "verdict".into(),
                expected: format!("{} {}", c.verdict, c.measures.join(";")),
                got: format!("{} {}", a.verdict.as_str(), cited(&a).join(";")),
            });
        }
        // Notes are cited beside the measures: measures count in their top 3, notes anywhere.
        let measures: Vec<String> = a
            .measures
            .iter()
            .take(3)
            .map(|m| format!("{}:{}", m.edition, m.item))
            .collect();
        let all = cited(&a);
        if !c.measures.is_empty() {
            rep.measure_rows += 1;
            let ok = c.measures.iter().all(|k| {
                if k.contains(":note:") {
                    all.contains(k)
                } else {
                    measures.contains(k)
                }
            });
            if ok {
                rep.measure_top3 += 1;
            } else {
                rep.misses.push(Miss {
                    id: c.id.clone(),
                    activity: c.request.activity.clone(),
                    what: "measures".into(),
                    expected: c.measures.join(";"),
                    got: all.join(";"),
                });
            }
        }
        if !c.encouraged.is_empty() {
            rep.encouraged_rows += 1;
            let got = encouraged_keys(&a);
            if c.encouraged.iter().any(|k| got.iter().take(3).any(|g| g == k)) {
                rep.encouraged_top3 += 1;
            } else {
                rep.misses.push(Miss {
                    id: c.id.clone(),
                    activity: c.request.activity.clone(),
                    what: "encouraged".into(),
                    expected: c.encouraged.join(";"),
                    got: got.join(";"),
                });
            }
        }
    }
    rep
}
