//! Files attached to a case: intake materials, supplements, written results.
//! Size- and type-checked on the way in (the type from the file's first bytes
//! must match its extension); confidential ones only reach those handling the
//! case.

use kaifang_store::case_attachments::{self as store_att, AttachmentRow, NewAttachment};
use kaifang_store::cases::{self as store_cases, EventRow};
use kaifang_store::{AuditEvent, Store};
use serde::Serialize;

use super::{err, handles};
use crate::enterprises::today_cn;
use crate::{Principal, ServiceError, ServiceResult};

/// The largest attachment accepted.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// Accepted types: extension, content type, and the bytes a file of that type starts with.
/// Office files (.docx, .xlsx) and OFD (the national e-document format) are ZIP containers.
const TYPES: &[(&str, &str, &[u8])] = &[
    ("pdf", "application/pdf", b"%PDF-"),
    ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("jpg", "image/jpeg", b"\xff\xd8\xff"),
    ("jpeg", "image/jpeg", b"\xff\xd8\xff"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    ("ofd", "application/ofd", b"PK\x03\x04"),
];

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttachmentView {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sm3: String,
    pub confidential: bool,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

impl From<AttachmentRow> for AttachmentView {
    fn from(a: AttachmentRow) -> Self {
        AttachmentView {
            id: a.id,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
            sm3: a.sm3,
            confidential: a.confidential == 1,
            uploaded_by: a.uploaded_by,
            uploaded_at: a.uploaded_at,
        }
    }
}

/// The file name without any path, control characters or leading dots, at most 120 characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let s: String = base
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_string();
    s.chars()
        .rev()
        .take(120)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

/// Checks a file's size and type; returns its content type.
fn check(filename: &str, bytes: &[u8]) -> ServiceResult<&'static str> {
    if bytes.is_empty() {
        return Err(err("file", "file.empty", "文件为空", "the file is empty").into());
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(err(
            "file",
            "file.too_large",
            format!("文件不能超过 {} MB", MAX_ATTACHMENT_BYTES / 1024 / 1024),
            format!("at most {} MB", MAX_ATTACHMENT_BYTES / 1024 / 1024),
        )
        .into());
    }
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let accepted = || TYPES.iter().map(|t| t.0).collect::<Vec<_>>().join(", ");
    let Some((_, content_type, magic)) = TYPES.iter().find(|t| t.0 == ext) else {
        return Err(err(
            "file",
            "file.type",
            format!("只接受以下格式：{}", accepted()),
            format!("accepted types: {}", accepted()),
        )
        .into());
    };
    if !bytes.starts_with(magic) {
        return Err(err(
            "file",
            "file.content",
            format!("文件内容不是 .{ext} 格式"),
            format!("the content is not a .{ext} file"),
        )
        .into());
    }
    Ok(content_type)
}

/// Checks a file as `add_attachment` would (name, size, type against content), before anything
/// is written: the filing form checks its files first, so a bad file never leaves a case filed
/// without it.
pub fn validate_file(filename: &str, bytes: &[u8]) -> ServiceResult<()> {
    if clean_name(filename).is_empty() {
        return Err(err("file", "required", "请选择文件", "choose a file").into());
    }
    check(&clean_name(filename), bytes).map(|_| ())
}

/// Attaches a file to a case. The enterprise attaches to its own cases,
/// officers to cases their jurisdiction covers; recorded in the ledger and
/// the audit log (without the content).
pub async fn add_attachment(
    store: &Store,
    p: &Principal,
    number: &str,
    filename: &str,
    bytes: &[u8],
    confidential: bool,
) -> ServiceResult<AttachmentView> {
    use kaifang_domain::accounts::Role;
    let name = clean_name(filename);
    if name.is_empty() {
        return Err(err("file", "required", "请选择文件", "choose a file").into());
    }
    let content_type = check(&name, bytes)?;
    let sm3 = crate::digest_hex(bytes);
    let mut tx = store.begin_write().await?;
    let Some(c) = store_cases::get_in(&mut tx, &p.scope, number.trim()).await? else {
        tx.rollback().await?;
        return Err(ServiceError::NotFound);
    };
    let allowed = match p.role {
        Role::Enterprise => handles(p, &c),
        Role::Officer | Role::Admin => p.covers_division(&c.owner_division) || handles(p, &c),
        Role::Leader => false,
    };
    if !allowed {
        tx.rollback().await?;
        return Err(ServiceError::Forbidden);
    }
    let id = store_att::insert(
        &mut tx,
        &NewAttachment {
            case_id: c.id,
            filename: &name,
            content_type,
            content: bytes,
            sm3: &sm3,
            confidential,
            uploaded_by: &p.username,
        },
    )
    .await?;
    let detail = serde_json::json!({
        "attachment": id, "filename": name, "size": bytes.len(), "sm3": sm3, "confidential": confidential,
    });
    store_cases::append_event(
        &mut tx,
        &EventRow {
            id: 0,
            case_id: c.id,
            at: String::new(),
            on_date: today_cn().to_string(),
            actor_id: Some(p.user_id),
            actor_name: p.username.clone(),
            action: "attach".into(),
            from_status: Some(c.status.clone()),
            to_status: c.status.clone(),
            reason: None,
            detail_json: Some(detail.to_string()),
        },
    )
    .await?;
    tx.audit(
        &p.actor(),
        AuditEvent {
            action: "case_attach",
            object_type: "case",
            object_id: &c.number,
            placement: &c.placement(),
            before: None,
            after: Some(detail),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(AttachmentView {
        id,
        filename: name,
        content_type: content_type.to_string(),
        size: bytes.len() as i64,
        sm3,
        confidential,
        uploaded_by: p.username.clone(),
        uploaded_at: kaifang_store::now_text(),
    })
}

/// One attachment with its content; confidential ones only for those handling the case.
pub async fn attachment(
    store: &Store,
    p: &Principal,
    number: &str,
    id: i64,
) -> ServiceResult<(AttachmentView, Vec<u8>)> {
    let c = store_cases::get(store, &p.scope, number.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (row, bytes) = store_att::content(store, c.id, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if row.confidential == 1 && !handles(p, &c) {
        return Err(ServiceError::NotFound);
    }
    Ok((row.into(), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_must_be_what_its_extension_says() {
        assert_eq!(check("a.pdf", b"%PDF-1.7 ...").ok(), Some("application/pdf"));
        assert!(check("a.pdf", b"MZ\x90\x00").is_err(), "an executable renamed .pdf");
        assert!(check("a.exe", b"MZ\x90\x00").is_err());
        assert!(check("a.PNG", b"\x89PNG\r\n\x1a\n....").is_ok());
        assert!(check("a.pdf", b"").is_err());
        assert!(check("a.pdf", &vec![b'%'; MAX_ATTACHMENT_BYTES + 1]).is_err());
    }

    #[test]
    fn a_file_name_loses_its_path_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\x\\证明.pdf"), "证明.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("..hidden.pdf"), "hidden.pdf");
        assert_eq!(clean_name("a\u{0}b.pdf"), "ab.pdf");
    }
}
