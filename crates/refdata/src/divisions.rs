//! Administrative divisions (MCA 2024 codes), their tree, and retired codes.
//!
//! The tree has a synthetic national root `000000` (全国) above the 34
//! province-level units. Counties directly under a province (municipal
//! districts of the four municipalities, 省直辖县级市) have the province as
//! parent and no prefecture.

use std::collections::HashMap;

use kaifang_domain::jurisdiction::DivisionLevel;
use serde::Serialize;

use crate::Refdata;
use crate::table::{Row, code6, for_each_row};

/// Code of the synthetic national root.
pub const NATIONAL_CODE: &str = "000000";

const DIVISIONS_CSV: &str = include_str!("../../../data/divisions.csv");
const HISTORY_CSV: &str = include_str!("../../../data/division_history.csv");

/// A current administrative division (county level or above).
#[derive(Debug, Clone, Serialize)]
pub struct Division {
    pub code: String,
    pub name: String,
    pub level: DivisionLevel,
    /// The division directly above. `None` for provinces and the national root.
    pub parent: Option<String>,
    /// The province-level unit containing this one; a province's own code for
    /// a province, `None` for the national root.
    pub province: Option<String>,
    /// The prefecture containing this one; a prefecture's own code for a
    /// prefecture. `None` for provinces and for counties directly under a
    /// province.
    pub prefecture: Option<String>,
}

/// Whether a historical code was abolished or replaced by a new code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryStatus {
    /// 弃用: the unit was abolished, merged or split.
    Retired,
    /// 变更: the same unit continued under another code or name.
    Changed,
}

/// One period of use of a code that is no longer current.
#[derive(Debug, Clone, Serialize)]
pub struct RetiredDivision {
    pub code: String,
    pub name: String,
    pub level: DivisionLevel,
    pub status: HistoryStatus,
    /// First year the code was in use with this name.
    pub from_year: u16,
    /// Year the code stopped being used (exclusive).
    pub until_year: u16,
    pub province_name: String,
    /// Prefecture the county belonged to, if any.
    pub prefecture_name: Option<String>,
    /// Current codes covering the territory, the main successor first.
    /// Empty for most abolished prefectures (地区, 盟), which the source gives
    /// no successor for.
    pub successors: Vec<String>,
}

pub(crate) struct DivisionTable {
    /// Index 0 is the national root; the rest is in code order.
    list: Vec<Division>,
    index: HashMap<u32, usize>,
    parent: Vec<usize>,
    children: Vec<Vec<usize>>,
    /// Uses of non-current codes in code order, most recent use first.
    history: Vec<RetiredDivision>,
    /// Where each non-current code's uses sit in `history`.
    history_index: HashMap<u32, (usize, usize)>,
}

fn level(row: &Row<'_>, value: &str) -> DivisionLevel {
    match value {
        "province" => DivisionLevel::Province,
        "prefecture" => DivisionLevel::Prefecture,
        "county" => DivisionLevel::County,
        _ => row.fail("unknown level"),
    }
}

impl DivisionTable {
    pub(crate) fn parse() -> DivisionTable {
        let mut list = Vec::with_capacity(3_300);
        list.push(Division {
            code: NATIONAL_CODE.to_owned(),
            name: "全国".to_owned(),
            level: DivisionLevel::National,
            parent: None,
            province: None,
            prefecture: None,
        });
        let mut index = HashMap::with_capacity(3_300);
        index.insert(0, 0);
        let mut parent = vec![0];
        for_each_row(
            "divisions.csv",
            DIVISIONS_CSV,
            &["code", "name", "level", "parent"],
            |row| {
                let code = row.str(0);
                let Some(key) = code6(code) else { row.fail("bad code") };
                let level = level(row, row.str(2));
                let parent_code = row.opt(3);
                let parent_idx = match &parent_code {
                    None if level == DivisionLevel::Province => 0,
                    Some(p) => match code6(p).and_then(|k| index.get(&k)) {
                        Some(&i) => i,
                        None => row.fail("parent missing or listed after the child"),
                    },
                    None => row.fail("only provinces may lack a parent"),
                };
                let above: &Division = &list[parent_idx];
                if above.level >= level {
                    row.fail("parent is not above the child");
                }
                let province = match level {
                    DivisionLevel::Province => Some(code.to_owned()),
                    _ => above.province.clone(),
                };
                let prefecture = match level {
                    DivisionLevel::Prefecture => Some(code.to_owned()),
                    _ => above.prefecture.clone(),
                };
                if index.insert(key, list.len()).is_some() {
                    row.fail("duplicate code");
                }
                parent.push(parent_idx);
                list.push(Division {
                    code: code.to_owned(),
                    name: row.string(1),
                    level,
                    parent: parent_code,
                    province,
                    prefecture,
                });
            },
        );
        assert!(
            list.windows(2).all(|w| w[0].code < w[1].code),
            "divisions.csv must be in code order"
        );
        let mut children = vec![Vec::new(); list.len()];
        for (i, &p) in parent.iter().enumerate().skip(1) {
            children[p].push(i);
        }
        let mut table = DivisionTable {
            list,
            index,
            parent,
            children,
            history: Vec::new(),
            history_index: HashMap::new(),
        };
        table.parse_history();
        table
    }

    fn parse_history(&mut self) {
        let header = [
            "code",
            "name",
            "level",
            "status",
            "from",
            "until",
            "province_name",
            "prefecture_name",
            "successors",
        ];
        let mut history: Vec<RetiredDivision> = Vec::with_capacity(3_400);
        let mut history_index: HashMap<u32, (usize, usize)> = HashMap::with_capacity(3_300);
        for_each_row("division_history.csv", HISTORY_CSV, &header, |row| {
            let code = row.str(0);
            let Some(key) = code6(code) else { row.fail("bad code") };
            if self.index.contains_key(&key) {
                row.fail("code is current, not retired");
            }
            let status = match row.str(3) {
                "retired" => HistoryStatus::Retired,
                "changed" => HistoryStatus::Changed,
                _ => row.fail("unknown status"),
            };
            let year = |i: usize| -> u16 { row.str(i).parse().unwrap_or_else(|_| row.fail("bad year")) };
            let successors: Vec<String> = row
                .str(8)
                .split(';')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if successors
                .iter()
                .any(|s| code6(s).is_none_or(|k| !self.index.contains_key(&k)))
            {
                row.fail("successor is not a current code");
            }
            let from_year = year(4);
            let i = history.len();
            match history_index.get_mut(&key) {
                None => {
                    history_index.insert(key, (i, i + 1));
                }
                Some(span) if span.1 == i && history[i - 1].from_year > from_year => span.1 += 1,
                Some(_) => row.fail("uses of a code must be adjacent, most recent first"),
            }
            if history.last().is_some_and(|last| last.code.as_str() > code) {
                row.fail("division_history.csv must be in code order");
            }
            history.push(RetiredDivision {
                code: code.to_owned(),
                name: row.string(1),
                level: level(row, row.str(2)),
                status,
                from_year,
                until_year: year(5),
                province_name: row.string(6),
                prefecture_name: row.opt(7),
                successors,
            });
        });
        self.history = history;
        self.history_index = history_index;
    }

    fn idx(&self, code: &str) -> Option<usize> {
        code6(code).and_then(|k| self.index.get(&k).copied())
    }

    /// True when `idx` is `ancestor` or lies below it.
    fn is_within_idx(&self, mut idx: usize, ancestor: usize) -> bool {
        loop {
            if idx == ancestor {
                return true;
            }
            if idx == 0 {
                return false;
            }
            idx = self.parent[idx];
        }
    }

    fn current(&self) -> &[Division] {
        &self.list[1..]
    }

    /// The nearest current code for an unknown, non-retired code, by prefix.
    fn nearest_by_prefix(&self, code: &str) -> Option<&Division> {
        let target = code6(code)?;
        let shared = |d: &Division| d.code.bytes().zip(code.bytes()).take_while(|(a, b)| a == b).count();
        let best = self.current().iter().map(shared).max().unwrap_or(0);
        if best >= 5 {
            // A typo in the last digit: the numerically closest sibling.
            return self
                .current()
                .iter()
                .filter(|d| shared(d) >= 5)
                .min_by_key(|d| (code6(&d.code).unwrap_or(0).abs_diff(target), code6(&d.code)));
        }
        let prefecture = format!("{}00", &code[..4]);
        let province = format!("{}0000", &code[..2]);
        match best {
            4 => self
                .idx(&prefecture)
                .or_else(|| self.idx(&province))
                .map(|i| &self.list[i]),
            2 | 3 => self.idx(&province).map(|i| &self.list[i]),
            _ => None,
        }
    }
}

impl Refdata {
    /// The division with this six-digit code; `000000` is the national root.
    pub fn division(&self, code: &str) -> Option<&Division> {
        self.divisions.idx(code).map(|i| &self.divisions.list[i])
    }

    /// Divisions directly below `code`, in code order. `000000` gives the provinces.
    pub fn children(&self, code: &str) -> Vec<&Division> {
        let t = &self.divisions;
        t.idx(code)
            .map(|i| t.children[i].iter().map(|&c| &t.list[c]).collect())
            .unwrap_or_default()
    }

    /// The chain above `code`, from the national root down to its parent.
    /// Empty for the root and for unknown codes.
    pub fn ancestors(&self, code: &str) -> Vec<&Division> {
        let t = &self.divisions;
        let Some(mut i) = t.idx(code) else {
            return Vec::new();
        };
        let mut chain = Vec::with_capacity(3);
        while i != 0 {
            i = t.parent[i];
            chain.push(&t.list[i]);
        }
        chain.reverse();
        chain
    }

    /// True when `code` equals `ancestor` or lies below it. The national root
    /// contains every known code; unknown codes are within nothing.
    pub fn is_within(&self, code: &str, ancestor: &str) -> bool {
        let t = &self.divisions;
        match (t.idx(code), t.idx(ancestor)) {
            (Some(c), Some(a)) => t.is_within_idx(c, a),
            _ => false,
        }
    }

    /// Every current division in code order, without the synthetic root.
    pub fn divisions(&self) -> impl Iterator<Item = &Division> {
        self.divisions.current().iter()
    }

    /// Every county-level division in code order.
    pub fn counties(&self) -> impl Iterator<Item = &Division> {
        self.divisions().filter(|d| d.level == DivisionLevel::County)
    }

    /// Divisions whose name contains `q`, or whose code starts with `q` when
    /// `q` is all digits, optionally only inside the subtree of `within`.
    /// Exact name matches come first, then higher levels, then code order.
    /// An empty query matches everything. An unknown `within` matches nothing.
    pub fn search_divisions(&self, q: &str, within: Option<&str>, limit: usize) -> Vec<&Division> {
        let t = &self.divisions;
        let q = q.trim();
        let root = match within {
            Some(code) => match t.idx(code) {
                Some(i) => i,
                None => return Vec::new(),
            },
            None => 0,
        };
        let by_code = !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit());
        let mut hits: Vec<(usize, &Division)> = t
            .list
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, d)| {
                if by_code {
                    d.code.starts_with(q)
                } else {
                    d.name.contains(q)
                }
            })
            .filter(|&(i, _)| root == 0 || t.is_within_idx(i, root))
            .collect();
        hits.sort_by_key(|&(i, d)| (d.name != q, d.level, i));
        hits.into_iter().take(limit).map(|(_, d)| d).collect()
    }

    /// The most recent use of a code that is no longer current.
    pub fn retired_division(&self, code: &str) -> Option<&RetiredDivision> {
        self.retired_division_uses(code).first()
    }

    /// Every past use of a non-current code, most recent first (a few codes
    /// were used for two different units). Empty for current or unknown codes.
    pub fn retired_division_uses(&self, code: &str) -> &[RetiredDivision] {
        let t = &self.divisions;
        code6(code)
            .and_then(|k| t.history_index.get(&k))
            .map_or(&[], |&(start, end)| &t.history[start..end])
    }

    /// Every past use of every non-current code, in code order, most recent
    /// use of a code first.
    pub fn retired_divisions(&self) -> impl Iterator<Item = &RetiredDivision> {
        self.divisions.history.iter()
    }

    /// The best current division for a possibly wrong code:
    /// the division itself if current; else the main successor of a retired
    /// code; else, for an unknown code, the numerically closest code sharing
    /// the first five digits, or failing that its prefecture, or its province.
    /// Codes with 2 or 4 digits are padded with zeros; longer all-digit codes
    /// (NBS township or village codes) are cut to six digits.
    pub fn suggest_division(&self, code: &str) -> Option<&Division> {
        let code = code.trim();
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let padded;
        let code = match code.len() {
            2 | 4 => {
                padded = format!("{code:0<6}");
                padded.as_str()
            }
            6 => code,
            n if n > 6 => &code[..6],
            _ => return None,
        };
        if let Some(d) = self.division(code) {
            return Some(d);
        }
        let successor = self
            .retired_division_uses(code)
            .iter()
            .flat_map(|r| r.successors.iter())
            .find_map(|s| self.division(s));
        successor.or_else(|| self.divisions.nearest_by_prefix(code))
    }
}
