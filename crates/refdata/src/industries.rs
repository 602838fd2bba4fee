//! Industry classification GB/T 4754-2017 (with amendment No.1, 2019).
//!
//! Four levels: 门类 section (letter), 大类 division (2 digits), 中类 group
//! (3 digits) and 小类 class (4 digits). Digit codes are unique across
//! sections, so `3841` and `C3841` name the same class.

use std::collections::HashMap;

use serde::Serialize;

use crate::Refdata;
use crate::table::for_each_row;

const INDUSTRIES_CSV: &str = include_str!("../../../data/industries.csv");

/// Level of an industry code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndustryLevel {
    Section,
    Division,
    Group,
    Class,
}

/// One entry of the classification.
#[derive(Debug, Clone, Serialize)]
pub struct Industry {
    /// Digits (`01`, `011`, `0111`), or the letter for a section.
    pub code: String,
    pub section: char,
    pub level: IndustryLevel,
    /// Parent code: the section letter for a division; `None` for a section.
    pub parent: Option<String>,
    pub name_zh: String,
    /// Section letter followed by the digits, e.g. `C3841`; the letter alone
    /// for a section.
    pub code_with_section: String,
    /// The standard's 说明 text where known. Indicative only: single source,
    /// present for about half the entries.
    pub description_zh: Option<String>,
    /// Short remark: name spelled differently in another source, or changed
    /// by amendment No.1.
    pub note: Option<String>,
}

pub(crate) struct IndustryTable {
    /// Sections, then each one's subtree, in code order.
    list: Vec<Industry>,
    index: HashMap<u32, usize>,
    sections: Vec<usize>,
    children: Vec<Vec<usize>>,
}

/// Lookup key: the letter for a section, else length and value of the digits.
fn key(code: &str) -> Option<u32> {
    let bytes = code.as_bytes();
    match bytes {
        [letter] if letter.is_ascii_uppercase() => Some(u32::from(*letter)),
        _ if (2..=4).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_digit) => {
            let value = bytes.iter().fold(0, |acc, b| acc * 10 + u32::from(b - b'0'));
            Some(bytes.len() as u32 * 10_000 + value)
        }
        _ => None,
    }
}

/// Splits user input like `c3841`, `C`, ` 384 ` into an optional section
/// letter and the digits. `None` when it is not code-shaped.
fn split_code(input: &str) -> Option<(Option<char>, &str)> {
    let input = input.trim();
    let mut chars = input.chars();
    let first = chars.next()?;
    let (letter, digits) = if first.is_ascii_alphabetic() {
        (Some(first.to_ascii_uppercase()), chars.as_str())
    } else {
        (None, input)
    };
    digits.bytes().all(|b| b.is_ascii_digit()).then_some((letter, digits))
}

impl IndustryTable {
    pub(crate) fn parse() -> IndustryTable {
        let mut list: Vec<Industry> = Vec::with_capacity(2_000);
        let mut index: HashMap<u32, usize> = HashMap::with_capacity(2_000);
        let mut sections = Vec::with_capacity(20);
        let mut children: Vec<Vec<usize>> = Vec::with_capacity(2_000);
        let header = [
            "code",
            "level",
            "section",
            "parent",
            "name_zh",
            "description_zh",
            "note",
        ];
        for_each_row("industries.csv", INDUSTRIES_CSV, &header, |row| {
            let code = row.str(0);
            let Some(k) = key(code) else { row.fail("bad code") };
            let (level, digits) = match row.str(1) {
                "section" => (IndustryLevel::Section, 0),
                "division" => (IndustryLevel::Division, 2),
                "group" => (IndustryLevel::Group, 3),
                "class" => (IndustryLevel::Class, 4),
                _ => row.fail("unknown level"),
            };
            let section = match row.str(2).as_bytes() {
                [s] if s.is_ascii_uppercase() => char::from(*s),
                _ => row.fail("bad section"),
            };
            let consistent = if level == IndustryLevel::Section {
                code.len() == 1 && code.starts_with(section)
            } else {
                code.len() == digits
            };
            if !consistent {
                row.fail("code does not match level or section");
            }
            let parent = row.opt(3);
            let i = list.len();
            match &parent {
                None if level == IndustryLevel::Section => sections.push(i),
                Some(p) => {
                    let Some(&pi) = key(p).and_then(|pk| index.get(&pk)) else {
                        row.fail("parent missing or listed after the child")
                    };
                    let above: &Industry = &list[pi];
                    let direct = match level {
                        IndustryLevel::Division => above.level == IndustryLevel::Section,
                        _ => above.level < level && code.starts_with(p.as_str()),
                    };
                    if !direct || above.section != section {
                        row.fail("parent is not directly above the child");
                    }
                    children[pi].push(i);
                }
                None => row.fail("only sections may lack a parent"),
            }
            if index.insert(k, i).is_some() {
                row.fail("duplicate code");
            }
            let code_with_section = if level == IndustryLevel::Section {
                code.to_owned()
            } else {
                format!("{section}{code}")
            };
            children.push(Vec::new());
            list.push(Industry {
                code: code.to_owned(),
                section,
                level,
                parent,
                name_zh: row.string(4),
                code_with_section,
                description_zh: row.opt(5),
                note: row.opt(6),
            });
        });
        IndustryTable {
            list,
            index,
            sections,
            children,
        }
    }

    fn idx(&self, input: &str) -> Option<usize> {
        let (letter, digits) = split_code(input)?;
        let i = match (letter, digits.is_empty()) {
            (Some(l), true) => *self.index.get(&u32::from(l as u8))?,
            (_, false) => *self.index.get(&key(digits)?)?,
            (None, true) => return None,
        };
        match letter {
            Some(l) if self.list[i].section != l => None,
            _ => Some(i),
        }
    }
}

impl Refdata {
    /// The entry for `code`. Accepts `3841`, `C3841`, `c3841`, `38`, `384`
    /// and a section letter `C`; a letter that contradicts the digits
    /// (`A3841`) gives `None`.
    pub fn industry(&self, code: &str) -> Option<&Industry> {
        self.industries.idx(code).map(|i| &self.industries.list[i])
    }

    /// All entries: each section followed by its subtree, in code order.
    pub fn industries(&self) -> impl Iterator<Item = &Industry> {
        self.industries.list.iter()
    }

    /// Entries directly below `code` in code order; `""` or `"root"` gives
    /// the sections. Empty for classes and unknown codes.
    pub fn industry_children(&self, code: &str) -> Vec<&Industry> {
        let t = &self.industries;
        let code = code.trim();
        let below = if code.is_empty() || code == "root" {
            &t.sections
        } else {
            match t.idx(code) {
                Some(i) => &t.children[i],
                None => return Vec::new(),
            }
        };
        below.iter().map(|&i| &t.list[i]).collect()
    }

    /// Entries whose name contains `q`, or whose code starts with `q` when it
    /// is code-shaped (`38`, `C38`, `c`). Classes first, then groups,
    /// divisions and sections; within a level, exact matches then code order.
    pub fn search_industries(&self, q: &str, limit: usize) -> Vec<&Industry> {
        let q = q.trim();
        if q.is_empty() {
            return Vec::new();
        }
        let code_query = split_code(q);
        let matches = |ind: &Industry| match code_query {
            Some((Some(l), digits)) => ind.section == l && (digits.is_empty() || ind.code.starts_with(digits)),
            Some((None, digits)) => ind.level != IndustryLevel::Section && ind.code.starts_with(digits),
            None => ind.name_zh.contains(q),
        };
        let exact = |ind: &Industry| match code_query {
            Some(_) => ind.code.eq_ignore_ascii_case(q) || ind.code_with_section.eq_ignore_ascii_case(q),
            None => ind.name_zh == q,
        };
        let mut hits: Vec<(usize, &Industry)> = self
            .industries
            .list
            .iter()
            .enumerate()
            .filter(|(_, ind)| matches(ind))
            .collect();
        hits.sort_by_key(|&(i, ind)| (std::cmp::Reverse(ind.level), !exact(ind), i));
        hits.into_iter().take(limit).map(|(_, ind)| ind).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{key, split_code};

    #[test]
    fn keys_keep_levels_apart() {
        assert_ne!(key("01"), key("001"));
        assert_ne!(key("0111"), key("111"));
        assert_eq!(key("C"), Some(u32::from(b'C')));
        assert_eq!(key("c"), None);
        assert_eq!(key("1"), None);
        assert_eq!(key("12345"), None);
    }

    #[test]
    fn split_code_separates_an_optional_section_letter() {
        assert_eq!(split_code(" c3841 "), Some((Some('C'), "3841")));
        assert_eq!(split_code("C"), Some((Some('C'), "")));
        assert_eq!(split_code("384"), Some((None, "384")));
        assert_eq!(split_code("制造"), None);
        assert_eq!(split_code("C38a"), None);
        assert_eq!(split_code(""), None);
    }
}
