//! Passwords (Argon2id), logins with lockout, server-side sessions and API tokens.

use crate::{Principal, ServiceError, ServiceResult};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use kaifang_domain::field_error::Message;
use kaifang_store::{AuditEvent, Store, accounts, sessions, tokens};
use rand::RngCore;
use sm3::{Digest, Sm3};
use time::{Duration, OffsetDateTime};

/// Login and session rules, from the settings.
#[derive(Debug, Clone)]
pub struct AuthPolicy {
    /// Failed logins in a row that lock an account.
    pub max_failures: i64,
    /// How long a lock lasts.
    pub lock_minutes: i64,
    /// A session ends after this much inactivity.
    pub idle_minutes: i64,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        AuthPolicy {
            max_failures: 5,
            lock_minutes: 15,
            idle_minutes: 30,
        }
    }
}

/// Hashes a password with Argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes encode as a salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id with default parameters accepts any password")
        .to_string()
}

/// Checks a password against a stored PHC hash.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// A random secret, hex-encoded (session ids, CSRF tokens, API tokens).
pub fn random_secret(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// How secrets are stored: their SM3 digest, so a database copy reveals no live session or token.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sm3::digest(secret.as_bytes()))
}

/// A fresh session.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie value; only its hash is stored.
    pub session_id: String,
    pub csrf_token: String,
    pub principal: Principal,
}

fn later(minutes: i64) -> String {
    kaifang_store::timestamp_text(OffsetDateTime::now_utc() + Duration::minutes(minutes))
}

/// Checks a username and password; on success creates a new session (a new id
/// at every login). Failures are counted and audited; a locked account is
/// refused even with the right password until the lock expires.
pub async fn login(
    store: &Store,
    policy: &AuthPolicy,
    username: &str,
    password: &str,
    ip: &str,
) -> ServiceResult<NewSession> {
    let user = accounts::by_username(store, username.trim()).await?;
    let invalid = || ServiceError::Unauthorized(Message::new("用户名或密码错误", "wrong username or password"));
    let Some(user) = user else {
        // Spend the same time as a real check so response times do not reveal
        // which usernames exist.
        let _ = verify_password(password, dummy_hash());
        let name: String = username.chars().take(64).collect();
        let actor = kaifang_store::Actor {
            user_id: None,
            name: name.clone(),
            ip: ip.to_string(),
        };
        let mut tx = store.begin_write().await?;
        audit_failure(
            &mut tx,
            &actor,
            &name,
            &Default::default(),
            serde_json::json!({"reason": "unknown user"}),
        )
        .await?;
        tx.commit().await?;
        return Err(invalid());
    };
    let now = kaifang_store::now_text();
    let actor = kaifang_store::Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        ip: ip.to_string(),
    };
    let placement = user.placement();
    if let Some(until) = user.locked_until.as_deref().filter(|u| *u > now.as_str()) {
        let _ = verify_password(password, dummy_hash());
        let mut tx = store.begin_write().await?;
        let why = serde_json::json!({"reason": "locked", "locked_until": until});
        audit_failure(&mut tx, &actor, &user.username, &placement, why).await?;
        tx.commit().await?;
        return Err(ServiceError::Unauthorized(Message::new(
            format!(
                "登录失败次数过多，账号已锁定至 {} (UTC)",
                &until[..16].replace('T', " ")
            ),
            format!(
                "too many failed logins; the account is locked until {} UTC",
                &until[..16].replace('T', " ")
            ),
        )));
    }
    if user.active != 1 || !verify_password(password, &user.password_hash) {
        let mut tx = store.begin_write().await?;
        let n = accounts::record_failure(&mut tx, user.id, policy.max_failures, &later(policy.lock_minutes)).await?;
        let why = serde_json::json!({"reason": "wrong password", "failures": n});
        audit_failure(&mut tx, &actor, &user.username, &placement, why).await?;
        tx.commit().await?;
        return Err(invalid());
    }
    let principal = Principal::from_user(&user, ip).ok_or_else(invalid)?;
    let session_id = random_secret(32);
    let csrf_token = random_secret(32);
    let mut tx = store.begin_write().await?;
    accounts::record_success(&mut tx, user.id).await?;
    sessions::create(&mut tx, &secret_hash(&session_id), user.id, &csrf_token, ip).await?;
    tx.audit(
        &actor,
        AuditEvent {
            action: "login",
            object_type: "user",
            object_id: &user.username,
            placement: &placement,
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(NewSession {
        session_id,
        csrf_token,
        principal,
    })
}

/// Records a refused login with its reason.
async fn audit_failure(
    tx: &mut kaifang_store::WriteTx,
    actor: &kaifang_store::Actor,
    username: &str,
    placement: &kaifang_domain::jurisdiction::Placement,
    why: serde_json::Value,
) -> ServiceResult<()> {
    tx.audit(
        actor,
        AuditEvent {
            action: "login_failed",
            object_type: "user",
            object_id: username,
            placement,
            before: None,
            after: Some(why),
        },
    )
    .await?;
    Ok(())
}

/// A hash of a random password, used to spend equal time on unknown users.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&random_secret(16)))
}

/// The session behind a cookie value, if live.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub principal: Principal,
    pub csrf_token: String,
    pub id_hash: String,
}

pub async fn session(
    store: &Store,
    policy: &AuthPolicy,
    session_id: &str,
    ip: &str,
) -> ServiceResult<Option<LiveSession>> {
    let id_hash = secret_hash(session_id);
    let now = OffsetDateTime::now_utc();
    let cutoff = kaifang_store::timestamp_text(now - Duration::minutes(policy.idle_minutes));
    let Some(s) = sessions::lookup(store, &id_hash, &cutoff).await? else {
        return Ok(None);
    };
    // Record activity at most once a minute, so reads stay reads.
    let touch_before = kaifang_store::timestamp_text(now - Duration::minutes(1));
    if s.last_seen_at < touch_before {
        sessions::touch(store, &id_hash).await?;
    }
    let Some(principal) = Principal::from_user(&s.user, ip) else {
        return Ok(None);
    };
    Ok(Some(LiveSession {
        principal,
        csrf_token: s.csrf_token,
        id_hash,
    }))
}

pub async fn logout(store: &Store, session: &LiveSession) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    sessions::end(&mut tx, &session.id_hash).await?;
    tx.audit(
        &session.principal.actor(),
        AuditEvent {
            action: "logout",
            object_type: "user",
            object_id: &session.principal.username,
            placement: &session.principal.placement,
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Prefix of every API token, so leaked tokens are easy to recognise.
pub const TOKEN_PREFIX: &str = "kf_";

/// Creates a personal API token for the principal; the token is returned once.
pub async fn create_token(store: &Store, p: &Principal, name: &str) -> ServiceResult<(i64, String)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(kaifang_domain::field_error::FieldError::new(
            "name",
            "token.name",
            Message::new(
                "请填写令牌名称（不超过100字）",
                "give the token a name (at most 100 characters)",
            ),
        )
        .into());
    }
    let token = format!("{TOKEN_PREFIX}{}", random_secret(32));
    let mut tx = store.begin_write().await?;
    let id = tokens::create(&mut tx, p.user_id, name, &secret_hash(&token)).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "token_created",
            object_type: "api_token",
            object_id: &id.to_string(),
            placement: &p.placement,
            before: None,
            after: Some(serde_json::json!({"name": name, "user": p.username})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((id, token))
}

pub async fn revoke_token(store: &Store, p: &Principal, token_id: i64) -> ServiceResult<()> {
    let mut tx = store.begin_write().await?;
    tokens::revoke(&mut tx, p.user_id, token_id).await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "token_revoked",
            object_type: "api_token",
            object_id: &token_id.to_string(),
            placement: &p.placement,
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The principal behind a bearer token, if the token is live.
pub async fn token_principal(store: &Store, token: &str, ip: &str) -> ServiceResult<Option<Principal>> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let Some((_id, user)) = tokens::lookup(store, &secret_hash(token)).await? else {
        return Ok(None);
    };
    Ok(Principal::from_user(&user, ip))
}
