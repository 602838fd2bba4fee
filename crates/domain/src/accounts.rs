//! Account roles and what each role may do, independent of storage and HTTP.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The four roles of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages accounts and reads the audit log within its division.
    Admin,
    /// Commerce officer: keeps the records of its division and below.
    Officer,
    /// Reads and supervises within its division; does not edit records.
    Leader,
    /// A foreign-invested enterprise's own account: sees only its own enterprise.
    Enterprise,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Officer, Role::Leader, Role::Enterprise];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Leader => "leader",
            Role::Enterprise => "enterprise",
        }
    }

    /// May create and edit roster records inside the jurisdiction.
    pub fn can_edit_roster(self) -> bool {
        matches!(self, Role::Admin | Role::Officer)
    }

    /// May manage user accounts and browse the audit log inside the jurisdiction.
    pub fn can_administer(self) -> bool {
        matches!(self, Role::Admin)
    }

    /// May export lists (every export is audited).
    pub fn can_export(self) -> bool {
        !matches!(self, Role::Enterprise)
    }
}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}; expected admin, officer, leader or enterprise")]
pub struct UnknownRole(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn only_admins_and_officers_edit_the_roster() {
        assert!(Role::Officer.can_edit_roster());
        assert!(Role::Admin.can_edit_roster());
        assert!(!Role::Leader.can_edit_roster());
        assert!(!Role::Enterprise.can_edit_roster());
    }
}
