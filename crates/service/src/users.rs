//! Account administration: creating users, listing them within scope, passwords.

use crate::{Principal, ServiceError, ServiceResult};
use kaifang_domain::accounts::Role;
use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_domain::uscc::Uscc;
use kaifang_store::{Actor, AuditEvent, Store, accounts, enterprises};
use serde::Deserialize;

/// Input for a new account (from the CLI, the admin page or the API).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewUserInput {
    pub username: String,
    #[serde(default)]
    pub display_name: Option<String>,
    pub role: String,
    #[serde(default)]
    pub division: Option<String>,
    #[serde(default)]
    pub enterprise: Option<String>,
    pub password: String,
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

pub fn check_password(field: &str, password: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if n < MIN_PASSWORD_CHARS || classes < 3 {
        return Err(FieldError::new(
            field,
            "password.weak",
            Message::new(
                format!("密码至少 {MIN_PASSWORD_CHARS} 位，且包含大写字母、小写字母、数字、符号中的三类"),
                format!(
                    "a password needs at least {MIN_PASSWORD_CHARS} characters from three of: upper case, lower case, digits, symbols"
                ),
            ),
        ));
    }
    Ok(())
}

/// Creates an account. `by` is None for the command line (acting as the system),
/// otherwise an admin who may only create accounts inside its own jurisdiction.
pub async fn create(store: &Store, by: Option<&Principal>, input: &NewUserInput) -> ServiceResult<i64> {
    if let Some(p) = by {
        p.require(p.role.can_administer())?;
    }
    let mut errs = FieldErrors::new();
    let username = input.username.trim().to_string();
    if username.is_empty()
        || username.len() > 64
        || !username.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        errs.push(FieldError::new(
            "username",
            "username.format",
            Message::new(
                "用户名须为 1–64 位字母、数字或 . _ -",
                "a username is 1–64 letters, digits or . _ -",
            ),
        ));
    }
    let role = match input.role.parse::<Role>() {
        Ok(r) => Some(r),
        Err(e) => {
            errs.push(FieldError::new(
                "role",
                "role.unknown",
                Message::new("角色须为 admin、officer、leader 或 enterprise", e.to_string()),
            ));
            None
        }
    };
    if let Err(e) = check_password("password", &input.password) {
        errs.push(e);
    }
    let mut placement = None;
    let mut enterprise = None;
    match role {
        Some(Role::Enterprise) => match input.enterprise.as_deref().map(Uscc::parse) {
            Some(Ok(u)) => enterprise = Some(u),
            Some(Err(e)) => errs.push(kaifang_domain::field_error::ToFieldError::to_field_error(
                &e,
                "enterprise",
            )),
            None => errs.push(FieldError::new(
                "enterprise",
                "enterprise.required",
                Message::new(
                    "企业账号须绑定统一社会信用代码",
                    "an enterprise account needs the enterprise's credit code",
                ),
            )),
        },
        Some(_) => match input.division.as_deref() {
            Some(d) => match crate::placement::of_division("division", d) {
                Ok(pl) => placement = Some(pl),
                Err(e) => errs.push(e),
            },
            None => errs.push(FieldError::new(
                "division",
                "division.required",
                Message::new("请填写所属行政区划代码", "the division code is required"),
            )),
        },
        None => {}
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    // An enterprise account sits where its enterprise sits.
    let placement = match &enterprise {
        Some(u) => {
            let mut conn = store.pool().acquire().await.map_err(kaifang_store::StoreError::from)?;
            let Some(e) = enterprises::locate(&mut conn, u.as_str()).await? else {
                return Err(FieldError::new(
                    "enterprise",
                    "enterprise.unknown",
                    Message::new(
                        "企业库中没有该统一社会信用代码",
                        "no enterprise with this credit code in the roster",
                    ),
                )
                .into());
            };
            e.placement()
        }
        None => placement.expect("validated above"),
    };
    if let Some(p) = by
        && !p.covers_division(&placement.division)
    {
        return Err(FieldError::new(
            if enterprise.is_some() { "enterprise" } else { "division" },
            "scope.outside",
            Message::new("超出您的管辖范围", "outside your jurisdiction"),
        )
        .into());
    }
    let new = accounts::NewUser {
        username: username.clone(),
        display_name: input
            .display_name
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| username.clone()),
        role: role.expect("validated").as_str().to_string(),
        placement: placement.clone(),
        password_hash: crate::auth::hash_password(&input.password),
    };
    let actor = by.map(Principal::actor).unwrap_or_else(|| Actor::system("cli"));
    let mut tx = store.begin_write().await?;
    let id = match accounts::create(&mut tx, &new).await {
        Ok(id) => id,
        Err(kaifang_store::StoreError::Conflict(_)) => {
            return Err(FieldError::new(
                "username",
                "username.taken",
                Message::new("用户名已存在", "this username is taken"),
            )
            .into());
        }
        Err(e) => return Err(e.into()),
    };
    tx.audit(
        &actor,
        AuditEvent {
            action: "user_created",
            object_type: "user",
            object_id: &new.username,
            placement: &placement,
            before: None,
            after: Some(serde_json::json!({
                "username": new.username, "display_name": new.display_name, "role": new.role,
                "division": placement.division, "enterprise": placement.enterprise,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets a new password (the CLI's reset, or the user's own change); ends the user's sessions.
pub async fn set_password(store: &Store, actor: &Actor, username: &str, password: &str) -> ServiceResult<()> {
    check_password("password", password)?;
    let Some(u) = accounts::by_username(store, username).await? else {
        return Err(ServiceError::NotFound);
    };
    let mut tx = store.begin_write().await?;
    accounts::set_password(&mut tx, u.id, &crate::auth::hash_password(password)).await?;
    kaifang_store::sessions::end_all_for_user(&mut tx, u.id).await?;
    tx.audit(
        actor,
        AuditEvent {
            action: "password_set",
            object_type: "user",
            object_id: &u.username,
            placement: &u.placement(),
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A user changes their own password: the current one must be right, the new
/// one must meet the rule and differ; every session of the user ends.
pub async fn change_own_password(store: &Store, p: &Principal, current: &str, new: &str) -> ServiceResult<()> {
    let Some(u) = accounts::by_username(store, &p.username).await? else {
        return Err(ServiceError::NotFound);
    };
    if !crate::auth::verify_password(current, &u.password_hash) {
        return Err(FieldError::new(
            "current_password",
            "password.wrong",
            Message::new("当前密码不正确", "the current password is wrong"),
        )
        .into());
    }
    if current == new {
        return Err(FieldError::new(
            "new_password",
            "password.same",
            Message::new(
                "新密码不能与当前密码相同",
                "the new password must differ from the current one",
            ),
        )
        .into());
    }
    check_password("new_password", new)?;
    set_password(store, &p.actor(), &p.username, new).await
}
