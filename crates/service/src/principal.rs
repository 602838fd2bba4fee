//! The authenticated caller: who, with which role, inside which scope.

use kaifang_domain::accounts::Role;
use kaifang_domain::jurisdiction::{Placement, Scope};
use kaifang_store::Actor;
use kaifang_store::accounts::UserRow;

#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub division: String,
    pub scope: Scope,
    pub placement: Placement,
    pub enterprise: Option<String>,
    /// Address the request came from, for the audit log.
    pub ip: String,
}

impl Principal {
    /// Builds the principal of a stored user; None if the row is inconsistent
    /// (unknown role or division), which locks such an account out.
    pub fn from_user(u: &UserRow, ip: &str) -> Option<Principal> {
        let role: Role = u.role.parse().ok()?;
        let scope = match role {
            Role::Enterprise => Scope::Enterprise {
                uscc: u.enterprise_uscc.clone()?,
            },
            _ => crate::placement::scope_of(&u.division)?,
        };
        Some(Principal {
            user_id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role,
            division: u.division.clone(),
            scope,
            placement: u.placement(),
            enterprise: u.enterprise_uscc.clone(),
            ip: ip.to_string(),
        })
    }

    /// The system acting on its own account (alerts raised by answers that came without an
    /// officer): national scope, no user.
    pub fn system(name: &str) -> Principal {
        Principal {
            user_id: 0,
            username: name.to_string(),
            display_name: name.to_string(),
            role: Role::Officer,
            division: "000000".into(),
            scope: Scope::National,
            placement: Placement::default(),
            enterprise: None,
            ip: "local".into(),
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: (self.user_id > 0).then_some(self.user_id),
            name: self.username.clone(),
            ip: self.ip.clone(),
        }
    }

    /// Whether a division is inside this principal's jurisdiction.
    pub fn covers_division(&self, code: &str) -> bool {
        match &self.scope {
            Scope::National => true,
            Scope::Division { code: own, .. } => kaifang_refdata::get().is_within(code, own),
            Scope::Enterprise { .. } => false,
        }
    }

    pub fn require(&self, allowed: bool) -> crate::ServiceResult<()> {
        if allowed {
            Ok(())
        } else {
            Err(crate::ServiceError::Forbidden)
        }
    }
}
