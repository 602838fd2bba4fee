//! Policy editions an administrator loads: upload (validated, stored as a draft, previewed
//! against the edition it would follow), activate (applies from its own effective date) or
//! withdraw; and the list of every edition the checker holds, with what each lacks.

use std::collections::BTreeMap;

use kaifang_domain::checker::edition::{Edition, Item};
use kaifang_domain::field_error::FieldErrors;
use kaifang_domain::jurisdiction::{Placement, Scope};
use kaifang_store::{AuditEvent, Store, policy_editions};
use serde::Serialize;

use super::{Checker, library_of};
use crate::{Principal, ServiceError, ServiceResult};

/// One line of the difference between two editions.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DiffLine {
    /// added, removed or changed.
    pub change: String,
    /// The item (`12`, `regional 海南省 5`) or note (`说明二`).
    pub what: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// An uploaded edition with its difference from the edition it follows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UploadView {
    /// The upload's row id, for activating or withdrawing it.
    pub id: i64,
    pub edition_id: String,
    pub list: String,
    pub effective: String,
    pub complete: bool,
    pub items: usize,
    /// The edition compared with: the one of the same id, else the one of the same list in force on
    /// the effective date.
    pub compared_with: Option<String>,
    pub diff: Vec<DiffLine>,
}

/// An edition the checker holds or could hold.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EditionView {
    pub edition_id: String,
    pub list: String,
    pub title_zh: String,
    pub effective: String,
    pub repealed: Option<String>,
    pub complete: bool,
    pub completeness_zh: String,
    pub completeness_en: String,
    pub items: usize,
    /// built-in, or uploaded (with its status).
    pub origin: String,
    /// draft, active, withdrawn; `active` for a built-in edition no upload replaces, `replaced` for
    /// one that an active upload replaces.
    pub status: String,
    /// The upload's row id.
    pub upload_id: Option<i64>,
    pub uploaded_by: Option<String>,
    pub uploaded_at: Option<String>,
}

fn require_admin(p: &Principal) -> ServiceResult<()> {
    p.require(p.role.can_administer() && matches!(p.scope, Scope::National))
}

fn item_key(it: &Item) -> String {
    match (&it.part, &it.region) {
        (_, Some(r)) => format!("regional {r} {}", it.no),
        _ => it.no.to_string(),
    }
}

fn item_text(it: &Item) -> String {
    let kind = it.kind.map_or("", |k| k.as_str());
    let conds: Vec<String> = it.conditions.iter().map(|c| c.text.clone()).collect();
    format!(
        "{kind} {}{}",
        it.text,
        if conds.is_empty() {
            String::new()
        } else {
            format!(" [{}]", conds.join("；"))
        }
    )
    .trim()
    .to_string()
}

/// What changed from `old` to `new`, item by item and note by note.
pub fn diff(old: &Edition, new: &Edition) -> Vec<DiffLine> {
    let mut out = Vec::new();
    let a: BTreeMap<String, String> = old.items.iter().map(|i| (item_key(i), item_text(i))).collect();
    let b: BTreeMap<String, String> = new.items.iter().map(|i| (item_key(i), item_text(i))).collect();
    let na: BTreeMap<String, String> = old
        .notes
        .iter()
        .map(|n| (format!("说明{} {:?}", n.no, n.rule), n.text.clone()))
        .collect();
    let nb: BTreeMap<String, String> = new
        .notes
        .iter()
        .map(|n| (format!("说明{} {:?}", n.no, n.rule), n.text.clone()))
        .collect();
    for (x, y) in [(&a, &b), (&na, &nb)] {
        for (k, v) in x {
            match y.get(k) {
                None => out.push(DiffLine {
                    change: "removed".into(),
                    what: k.clone(),
                    before: Some(v.clone()),
                    after: None,
                }),
                Some(w) if w != v => out.push(DiffLine {
                    change: "changed".into(),
                    what: k.clone(),
                    before: Some(v.clone()),
                    after: Some(w.clone()),
                }),
                _ => {}
            }
        }
        for (k, w) in y {
            if !x.contains_key(k) {
                out.push(DiffLine {
                    change: "added".into(),
                    what: k.clone(),
                    before: None,
                    after: Some(w.clone()),
                });
            }
        }
    }
    out
}

fn national() -> Placement {
    Placement {
        division: "000000".into(),
        ..Default::default()
    }
}

impl Checker {
    /// The built-in editions and the active uploads from the store (an upload that no longer
    /// parses is left out and logged).
    pub async fn load(store: &Store) -> ServiceResult<Checker> {
        let c = Checker::built_in();
        c.reload(store).await?;
        Ok(c)
    }

    async fn editions_now(store: &Store) -> ServiceResult<Vec<Edition>> {
        let mut by_id: BTreeMap<String, Edition> = kaifang_refdata::policy()
            .editions
            .iter()
            .map(|e| (e.id.clone(), e.clone()))
            .collect();
        for row in policy_editions::active(store).await? {
            match kaifang_refdata::parse_edition(&row.body) {
                Ok(e) => {
                    by_id.insert(e.id.clone(), e);
                }
                Err(errs) => tracing::warn!(edition = %row.edition_id, ?errs, "stored edition no longer parses"),
            }
        }
        Ok(by_id.into_values().collect())
    }

    /// Rebuilds the library from the store.
    pub async fn reload(&self, store: &Store) -> ServiceResult<()> {
        let stamp = policy_editions::stamp(store).await?;
        let editions = Checker::editions_now(store).await?;
        self.replace(library_of(editions));
        *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = (Some(std::time::Instant::now()), stamp);
        Ok(())
    }

    /// Rebuilds the library if another instance (or the command line) activated or withdrew an
    /// upload since; asks the store at most every 30 seconds.
    pub async fn refresh(&self, store: &Store) -> ServiceResult<()> {
        let due = {
            let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            seen.0.is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(30))
        };
        if !due {
            return Ok(());
        }
        let stamp = policy_editions::stamp(store).await?;
        let changed = self.seen.lock().unwrap_or_else(|e| e.into_inner()).1 != stamp;
        if changed {
            self.reload(store).await
        } else {
            self.seen.lock().unwrap_or_else(|e| e.into_inner()).0 = Some(std::time::Instant::now());
            Ok(())
        }
    }

    /// Validates an edition file, stores it as a draft and shows what it would change.
    pub async fn upload(&self, store: &Store, p: &Principal, body: &str) -> ServiceResult<UploadView> {
        require_admin(p)?;
        let e = kaifang_refdata::parse_edition(body).map_err(|v| ServiceError::Invalid(FieldErrors(v)))?;
        let lib = self.library();
        let effective = e.effective_on();
        let base = lib
            .editions()
            .find(|x| x.id == e.id)
            .or_else(|| {
                lib.editions()
                    .filter(|x| {
                        x.list == e.list && effective.is_some_and(|d| x.in_force(d) || x.effective_on() < Some(d))
                    })
                    .max_by_key(|x| x.effective_on())
            })
            .cloned();
        let digest = crate::digest_hex(body.as_bytes());
        let mut tx = store.begin_write().await?;
        let id = policy_editions::insert_draft(
            &mut tx,
            &e.id,
            e.list.as_str(),
            &e.effective,
            body,
            &digest,
            &p.username,
        )
        .await?;
        tx.audit(
            &p.actor(),
            AuditEvent {
                action: "policy_edition_uploaded",
                object_type: "policy_edition",
                object_id: &e.id,
                placement: &national(),
                before: None,
                after: Some(
                    serde_json::json!({"upload": id, "list": e.list.as_str(), "effective": e.effective,
                    "items": e.items.len(), "sm3": digest}),
                ),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(UploadView {
            id,
            edition_id: e.id.clone(),
            list: e.list.as_str().into(),
            effective: e.effective.clone(),
            complete: e.complete,
            items: e.items.len(),
            compared_with: base.as_ref().map(|b| b.id.clone()),
            diff: base.as_ref().map(|b| diff(b, &e)).unwrap_or_default(),
        })
    }

    /// Activates (`active`) or withdraws (`withdrawn`) an upload, then rebuilds the library.
    pub async fn decide(&self, store: &Store, p: &Principal, id: i64, status: &str) -> ServiceResult<()> {
        require_admin(p)?;
        let mut tx = store.begin_write().await?;
        let row = policy_editions::get_in(&mut tx, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let allowed = match status {
            "active" => row.status == "draft" || row.status == "withdrawn",
            "withdrawn" => row.status != "withdrawn",
            _ => false,
        };
        if !allowed {
            return Err(ServiceError::Conflict {
                message: format!("the upload is {}", row.status),
                allowed: match row.status.as_str() {
                    "active" => vec!["withdrawn".into()],
                    "draft" => vec!["active".into(), "withdrawn".into()],
                    _ => vec!["active".into()],
                },
            });
        }
        let superseded = policy_editions::decide(&mut tx, id, &row.edition_id, status, &p.username).await?;
        tx.audit(
            &p.actor(),
            AuditEvent {
                action: if status == "active" {
                    "policy_edition_activated"
                } else {
                    "policy_edition_withdrawn"
                },
                object_type: "policy_edition",
                object_id: &row.edition_id,
                placement: &national(),
                before: Some(serde_json::json!({"upload": id, "status": row.status})),
                after: Some(serde_json::json!({"upload": id, "status": status, "superseded": superseded})),
            },
        )
        .await?;
        tx.commit().await?;
        self.reload(store).await
    }

    /// Every edition: built-in ones and uploads, with their status.
    pub async fn editions(&self, store: &Store) -> ServiceResult<Vec<EditionView>> {
        let uploads = policy_editions::list(store).await?;
        let active: std::collections::HashSet<&str> = uploads
            .iter()
            .filter(|u| u.status == "active")
            .map(|u| u.edition_id.as_str())
            .collect();
        let view = |e: &Edition, origin: &str, status: String| EditionView {
            edition_id: e.id.clone(),
            list: e.list.as_str().into(),
            title_zh: e.title_zh.clone(),
            effective: e.effective.clone(),
            repealed: e.repealed.clone(),
            complete: e.complete,
            completeness_zh: e.completeness_zh.clone(),
            completeness_en: e.completeness_en.clone(),
            items: e.items.len(),
            origin: origin.into(),
            status,
            upload_id: None,
            uploaded_by: None,
            uploaded_at: None,
        };
        let mut out: Vec<EditionView> = kaifang_refdata::policy()
            .editions
            .iter()
            .map(|e| {
                let status = if active.contains(e.id.as_str()) {
                    "replaced"
                } else {
                    "active"
                };
                view(e, "built-in", status.into())
            })
            .collect();
        for u in &uploads {
            if let Ok(e) = kaifang_refdata::parse_edition(&u.body) {
                let mut v = view(&e, "uploaded", u.status.clone());
                v.upload_id = Some(u.id);
                v.uploaded_by = Some(u.uploaded_by.clone());
                v.uploaded_at = Some(u.uploaded_at.clone());
                out.push(v);
            }
        }
        Ok(out)
    }
}
