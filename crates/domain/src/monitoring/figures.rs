//! What one response adds to a campaign's aggregates, and how aggregates add up.
//!
//! A response contributes, per indicator, a count, a sum (numeric kinds, in hundredths), a
//! yes count (yes/no), a count per choice, ten percent bands (percent kind) and, where the
//! indicator compares with the previous period and the enterprise answered it too, the pair
//! of values (like-for-like change). Aggregates are sums of contributions, so a correction
//! removes the old contribution and adds the new one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Answers, Indicator, IndicatorKind, Value, percent_band};

fn is_zero(v: &i64) -> bool {
    *v == 0
}

/// The figures of one indicator over a set of responses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// Responses that answered it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub n: i64,
    /// Sum of the numeric answers, in hundredths.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sum: i64,
    /// Yes answers (yes/no kind).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub yes: i64,
    /// Answers per choice code (choice kind).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choices: BTreeMap<String, i64>,
    /// Answers per ten-point percent band (percent kind).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<i64>,
    /// Responses that also answered the previous period (compared indicators).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pair_n: i64,
    /// Sum of this period's values of those responses.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pair_now: i64,
    /// Sum of the previous period's values of those responses.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pair_before: i64,
}

impl Figure {
    fn add(&mut self, o: &Figure, sign: i64) {
        self.n += sign * o.n;
        self.sum += sign * o.sum;
        self.yes += sign * o.yes;
        for (k, v) in &o.choices {
            match self.choices.get_mut(k) {
                Some(e) => {
                    *e += sign * v;
                    if *e == 0 {
                        self.choices.remove(k);
                    }
                }
                None if *v != 0 => {
                    self.choices.insert(k.clone(), sign * v);
                }
                None => {}
            }
        }
        if !o.bands.is_empty() {
            if self.bands.len() < o.bands.len() {
                self.bands.resize(o.bands.len(), 0);
            }
            for (i, v) in o.bands.iter().enumerate() {
                self.bands[i] += sign * v;
            }
            if self.bands.iter().all(|b| *b == 0) {
                self.bands.clear();
            }
        }
        self.pair_n += sign * o.pair_n;
        self.pair_now += sign * o.pair_now;
        self.pair_before += sign * o.pair_before;
    }

    fn is_empty(&self) -> bool {
        *self == Figure::default()
    }

    /// The mean of the numeric answers, in hundredths (rounded half away from zero).
    pub fn mean(&self) -> Option<i64> {
        (self.n > 0).then(|| {
            let (s, n) = (i128::from(self.sum), i128::from(self.n));
            let q = (2 * s.abs() + n) / (2 * n);
            i64::try_from(if s < 0 { -q } else { q }).unwrap_or(i64::MAX)
        })
    }

    /// Like-for-like change against the previous period, in basis points of a percent.
    pub fn pair_change_bp(&self) -> Option<i64> {
        (self.pair_n > 0)
            .then(|| super::change_bp(self.pair_now, self.pair_before))
            .flatten()
    }
}

/// The figures of every indicator, by indicator code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Figures(pub BTreeMap<String, Figure>);

impl Figures {
    /// Adds (`sign` 1) or removes (`sign` -1) other figures; empty figures are dropped.
    pub fn add(&mut self, other: &Figures, sign: i64) {
        for (code, f) in &other.0 {
            // Look up before cloning the code: most are already there.
            match self.0.get_mut(code) {
                Some(e) => {
                    e.add(f, sign);
                    if e.is_empty() {
                        self.0.remove(code);
                    }
                }
                None => {
                    let mut e = Figure::default();
                    e.add(f, sign);
                    if !e.is_empty() {
                        self.0.insert(code.clone(), e);
                    }
                }
            }
        }
    }

    pub fn get(&self, code: &str) -> Option<&Figure> {
        self.0.get(code)
    }
}

/// What one response adds: its answers to the indicators it was given, and its previous
/// period's answers for the indicators compared with it.
pub fn contribution(indicators: &[Indicator], answers: &Answers, previous: Option<&Answers>) -> Figures {
    let mut out = BTreeMap::new();
    for ind in indicators {
        let Some(v) = answers.get(&ind.code) else { continue };
        let mut f = Figure {
            n: 1,
            ..Figure::default()
        };
        match (ind.kind, v) {
            (IndicatorKind::YesNo, Value::Bool(b)) => f.yes = i64::from(*b),
            (IndicatorKind::Choice, Value::Text(c)) => {
                f.choices.insert(c.clone(), 1);
            }
            (k, Value::Num(x)) if k.is_numeric() => {
                f.sum = *x;
                if k == IndicatorKind::Percent {
                    let mut bands = vec![0; 10];
                    bands[percent_band(*x)] = 1;
                    f.bands = bands;
                }
                if ind.compare_previous
                    && let Some(Value::Num(p)) = previous.and_then(|p| p.get(&ind.code))
                {
                    f.pair_n = 1;
                    f.pair_now = *x;
                    f.pair_before = *p;
                }
            }
            _ => continue,
        }
        out.insert(ind.code.clone(), f);
    }
    Figures(out)
}

/// The employees an answer set reports (`staff_total`, in hundredths), for the size band.
pub fn employees(answers: &Answers) -> Option<i64> {
    match answers.get("staff_total") {
        Some(Value::Num(v)) => Some(*v / 100),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(code: &str, kind: IndicatorKind, compare: bool) -> Indicator {
        Indicator {
            code: code.into(),
            label_zh: code.into(),
            label_en: code.into(),
            kind,
            unit: None,
            min: None,
            max: None,
            required: false,
            choices: vec![],
            compare_previous: compare,
        }
    }

    #[test]
    fn a_contribution_counts_each_kind_and_pairs_compared_values() {
        let inds = [
            ind("cap", IndicatorKind::Percent, false),
            ind("turnover", IndicatorKind::Money, true),
            ind("ok", IndicatorKind::YesNo, false),
            ind("orders", IndicatorKind::Choice, false),
            ind("note", IndicatorKind::Text, false),
        ];
        let mut a = Answers::new();
        a.insert("cap".into(), Value::Num(4_250));
        a.insert("turnover".into(), Value::Num(70_000));
        a.insert("ok".into(), Value::Bool(true));
        a.insert("orders".into(), Value::Text("down".into()));
        a.insert("note".into(), Value::Text("x".into()));
        let mut prev = Answers::new();
        prev.insert("turnover".into(), Value::Num(100_000));
        let f = contribution(&inds, &a, Some(&prev));
        assert_eq!(f.get("cap").unwrap().bands[4], 1);
        assert_eq!(f.get("turnover").unwrap().pair_change_bp(), Some(-3000));
        assert_eq!(f.get("ok").unwrap().yes, 1);
        assert_eq!(f.get("orders").unwrap().choices["down"], 1);
        assert!(f.get("note").is_none(), "text answers are not aggregated");
    }

    #[test]
    fn removing_a_contribution_restores_the_figures_before_it() {
        let inds = [ind("cap", IndicatorKind::Percent, false)];
        let mut a = Answers::new();
        a.insert("cap".into(), Value::Num(9_000));
        let mut b = Answers::new();
        b.insert("cap".into(), Value::Num(3_000));
        let mut total = contribution(&inds, &a, None);
        let before = total.clone();
        let cb = contribution(&inds, &b, None);
        total.add(&cb, 1);
        assert_eq!(total.get("cap").unwrap().n, 2);
        assert_eq!(total.get("cap").unwrap().mean(), Some(6_000));
        total.add(&cb, -1);
        assert_eq!(total, before);
        total.add(&contribution(&inds, &a, None), -1);
        assert!(total.0.is_empty());
    }

    #[test]
    fn the_mean_rounds_half_away_from_zero() {
        let f = Figure {
            n: 2,
            sum: 3,
            ..Figure::default()
        };
        assert_eq!(f.mean(), Some(2));
        let g = Figure {
            n: 2,
            sum: -3,
            ..Figure::default()
        };
        assert_eq!(g.mean(), Some(-2));
    }
}
