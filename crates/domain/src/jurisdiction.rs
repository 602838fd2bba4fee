//! Division levels and the jurisdiction a user is bound to.

use serde::{Deserialize, Serialize};

/// Level of an administrative division (GB/T 2260). `000000` is the national level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionLevel {
    National,
    Province,
    Prefecture,
    County,
}

impl DivisionLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            DivisionLevel::National => "national",
            DivisionLevel::Province => "province",
            DivisionLevel::Prefecture => "prefecture",
            DivisionLevel::County => "county",
        }
    }
}

/// What part of the roster a caller may see. Built once per request from the
/// user's binding; every scoped store query takes one, so no handler can forget it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The national level: everything.
    National,
    /// A division and every division below it.
    Division { level: DivisionLevel, code: String },
    /// An enterprise account: only that enterprise (its credit code).
    Enterprise { uscc: String },
}

impl Scope {
    /// Scope of an officer, leader or admin bound to a division at `level`.
    pub fn for_division(level: DivisionLevel, code: &str) -> Scope {
        match level {
            DivisionLevel::National => Scope::National,
            _ => Scope::Division {
                level,
                code: code.to_string(),
            },
        }
    }

    /// Whether a record located at a division (given with its province,
    /// prefecture and county ancestors) lies inside this scope.
    pub fn contains(&self, at: &Placement) -> bool {
        match self {
            Scope::National => true,
            Scope::Division { level, code } => match level {
                DivisionLevel::National => true,
                DivisionLevel::Province => at.province.as_deref() == Some(code),
                DivisionLevel::Prefecture => at.prefecture.as_deref() == Some(code),
                DivisionLevel::County => at.county.as_deref() == Some(code),
            },
            Scope::Enterprise { uscc } => at.enterprise.as_deref() == Some(uscc),
        }
    }
}

/// Where a record sits in the division tree, denormalised so that a scope
/// check is one indexed column comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    pub division: String,
    pub province: Option<String>,
    pub prefecture: Option<String>,
    pub county: Option<String>,
    pub enterprise: Option<String>,
}

impl Placement {
    /// The national level: records that belong to no division (the calendar).
    pub fn national() -> Placement {
        Placement {
            division: "000000".to_string(),
            ..Placement::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(province: &str, prefecture: Option<&str>, county: Option<&str>) -> Placement {
        Placement {
            division: county.or(prefecture).unwrap_or(province).to_string(),
            province: Some(province.into()),
            prefecture: prefecture.map(Into::into),
            county: county.map(Into::into),
            enterprise: None,
        }
    }

    #[test]
    fn a_division_scope_sees_itself_and_below_but_not_siblings_or_parents() {
        let nanjing = Scope::for_division(DivisionLevel::Prefecture, "320100");
        assert!(nanjing.contains(&at("320000", Some("320100"), Some("320102"))));
        assert!(nanjing.contains(&at("320000", Some("320100"), None)));
        assert!(!nanjing.contains(&at("320000", Some("320200"), Some("320205"))));
        assert!(!nanjing.contains(&at("320000", None, None)));
        let county = Scope::for_division(DivisionLevel::County, "320102");
        assert!(!county.contains(&at("320000", Some("320100"), Some("320104"))));
        assert!(Scope::National.contains(&at("110000", None, Some("110101"))));
    }
}
