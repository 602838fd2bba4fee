//! Case pages: the ledger with filters and Excel export ("my cases" is the
//! ledger of the caller's own division), filing a demand, complaint or
//! problem-list item, the case with its clocks, ledger, attachments and the
//! moves the caller may take, and the leaders' dashboard with SVG charts.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::charts::{Bar, Series, share_bars, stacked_bars};
use crate::i18n::T;
use askama::Template;
use axum::extract::{Multipart, Path, Query, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaifang_domain::accounts::Role;
use kaifang_domain::cases::Action;
use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_refdata::{ComplaintRule, ComplaintRuleKind};
use kaifang_service::ServiceError;
use kaifang_service::cases::{
    self as svc, ActionInput, AttachmentView, CATEGORIES, CHANNELS, CaseDetail, CaseInput, CaseQuery, CaseSummary,
    CaseView, Dashboard, LedgerEntry,
};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases", get(list).post(create))
        .route("/cases/new", get(new_form))
        .route("/cases/export.xlsx", get(export))
        .route("/cases/dashboard", get(dashboard))
        .route("/cases/limits", get(limits_page).post(set_limits))
        .route("/cases/{number}", get(detail))
        .route("/cases/{number}/actions", post(act))
        .route("/cases/{number}/attachments", post(attach))
        .route("/cases/{number}/attachments/{id}", get(download))
}

/// A label from the table by a composed key (`case.status.accepted`).
pub fn label(t: &T, prefix: &str, key: &str) -> String {
    let k = format!("{prefix}.{key}");
    t.t(&k).to_string()
}

fn category_name(t: &T, code: &str) -> String {
    CATEGORIES
        .iter()
        .find(|c| c.0 == code)
        .map_or(code.to_string(), |c| t.pick(c.1, c.2).to_string())
}

/// A case row as the ledger shows it.
pub struct CaseLine {
    pub number: String,
    pub title: String,
    pub kind: String,
    pub category: String,
    pub status: String,
    pub clock: String,
    pub clock_label: String,
    pub next_due: String,
    pub provisional: bool,
    pub owner: String,
    pub enterprise: String,
}

fn line(t: &T, v: &CaseSummary) -> CaseLine {
    CaseLine {
        number: v.number.clone(),
        title: v.title.clone(),
        kind: label(t, "case.kind", &v.kind),
        category: category_name(t, &v.category),
        status: label(t, "case.status", &v.status),
        clock: v.clock.clone(),
        clock_label: label(t, "case.clock", &v.clock),
        next_due: v.next_due.clone().unwrap_or_default(),
        provisional: v.due_provisional,
        owner: kaifang_service::placement::full_name(&v.owner_division),
        enterprise: v
            .enterprise
            .clone()
            .or_else(|| v.complainant.clone())
            .unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "cases/list.html")]
struct ListPage {
    ctx: Ctx,
    q: HashMap<String, String>,
    items: Vec<CaseLine>,
    next: Option<i64>,
    query: String,
    kinds: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    can_file: bool,
    can_export: bool,
    own_division: String,
}

impl ListPage {
    fn val(&self, k: &str) -> &str {
        self.q.get(k).map_or("", String::as_str)
    }
}

impl NewPage {
    fn val(&self, k: &str) -> &str {
        self.v.get(k).map_or("", String::as_str)
    }
}

fn options(t: &T, prefix: &str, keys: &[&str]) -> Vec<(String, String)> {
    keys.iter().map(|k| (k.to_string(), label(t, prefix, k))).collect()
}

fn all_categories(t: &T) -> Vec<(String, String)> {
    CATEGORIES
        .iter()
        .map(|c| (c.0.to_string(), t.pick(c.1, c.2).to_string()))
        .collect()
}

const KINDS: &[&str] = &["demand", "complaint", "problem"];

fn query_of(q: &HashMap<String, String>) -> CaseQuery {
    let get = |k: &str| q.get(k).filter(|v| !v.is_empty()).cloned();
    CaseQuery {
        kind: get("kind"),
        status: get("status"),
        category: get("category"),
        overdue: get("overdue").map(|v| v == "true" || v == "on"),
        owner: get("owner"),
        assignee: get("assignee"),
        after: get("after").and_then(|v| v.parse().ok()),
        limit: Some(50),
    }
}

async fn list(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    RawQuery(raw): RawQuery,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, "/cases", "cases", Some(&a));
    let query = query_of(&q);
    let items = match svc::list(&s.store, &s.calendars, &a.principal, &query).await {
        Ok(v) => v,
        Err(e) => return super::error_page(ctx, e),
    };
    let t = ctx.t;
    let statuses: Vec<&str> = kaifang_domain::cases::Status::ALL.iter().map(|s| s.as_str()).collect();
    let page = ListPage {
        next: (items.len() == 50).then(|| items.last().map(|c| c.id)).flatten(),
        items: items.iter().map(|v| line(&t, v)).collect(),
        query: super::enterprises::query_without_cursor(raw.as_deref()),
        kinds: options(&t, "case.kind", KINDS),
        statuses: options(&t, "case.status", &statuses),
        categories: all_categories(&t),
        can_file: a.principal.role != Role::Leader,
        can_export: a.principal.role.can_export(),
        own_division: a.principal.division.clone(),
        q,
        ctx,
    };
    render(&page)
}

async fn export(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut query = query_of(&q);
    query.after = None;
    match svc::ledger_xlsx(&s.store, &s.calendars, &a.principal, &query).await {
        Ok(bytes) => crate::api::xlsx_download(bytes, "cases.xlsx"),
        Err(e) => super::error_page(Ctx::new(&headers, "/cases", "cases", Some(&a)), e),
    }
}

#[derive(Template)]
#[template(path = "cases/new.html")]
struct NewPage {
    ctx: Ctx,
    v: HashMap<String, String>,
    errors: FieldErrors,
    is_enterprise: bool,
    kinds: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    rules: Option<kaifang_service::cases::ComplaintRules>,
}

async fn new_page(s: &AppState, ctx: Ctx, a: &Authed, v: HashMap<String, String>, errors: FieldErrors) -> NewPage {
    let t = ctx.t;
    let is_enterprise = a.principal.role == Role::Enterprise;
    let kinds: &[&str] = if is_enterprise { &["demand", "complaint"] } else { KINDS };
    NewPage {
        v,
        errors,
        is_enterprise,
        kinds: options(&t, "case.kind", kinds),
        categories: all_categories(&t),
        channels: options(&t, "case.channel", CHANNELS),
        rules: svc::complaint_rules(&s.store, &a.principal.division).await.ok(),
        ctx,
    }
}

async fn new_form(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, "/cases/new", "cases", Some(&a));
    if a.principal.role == Role::Leader {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    let mut v = HashMap::new();
    v.insert("kind".into(), q.get("kind").cloned().unwrap_or_else(|| "demand".into()));
    render(&new_page(&s, ctx, &a, v, FieldErrors::new()).await)
}

/// The filing form's fields and files: a multipart form (with attachments) or a plain one.
async fn filing_form(s: &AppState, req: axum::extract::Request) -> (HashMap<String, String>, Vec<(String, Vec<u8>)>) {
    use axum::extract::FromRequest;
    let multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut form = HashMap::new();
    let mut files = Vec::new();
    if multipart {
        if let Ok(mut mp) = Multipart::from_request(req, s).await {
            while let Ok(Some(field)) = mp.next_field().await {
                let name = field.name().unwrap_or("").to_string();
                if name == "files" {
                    let file_name = field.file_name().unwrap_or("").to_string();
                    if let Ok(b) = field.bytes().await
                        && !(file_name.is_empty() && b.is_empty())
                    {
                        files.push((file_name, b.to_vec()));
                    }
                } else if let Ok(text) = field.text().await {
                    form.insert(name, text);
                }
            }
        }
    } else if let Ok(Form(f)) = Form::<HashMap<String, String>>::from_request(req, s).await {
        form = f;
    }
    (form, files)
}

async fn create(State(s): State<AppState>, headers: HeaderMap, a: Authed, req: axum::extract::Request) -> Response {
    let ctx = Ctx::new(&headers, "/cases/new", "cases", Some(&a));
    let (form, files) = filing_form(&s, req).await;
    // Files are checked before the case is filed, so a bad file never leaves a case without it.
    for (name, bytes) in &files {
        if let Err(ServiceError::Invalid(mut errs)) = svc::validate_file(name, bytes) {
            for e in errs.0.iter_mut() {
                e.field = "files".into();
                e.message.zh = format!("{name}：{}", e.message.zh);
                e.message.en = format!("{name}: {}", e.message.en);
            }
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&new_page(&s, ctx, &a, form, errs).await),
            )
                .into_response();
        }
    }
    let confidential_files = form.contains_key("files_confidential");
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let opt = |k: &str| form.get(k).filter(|v| !v.trim().is_empty()).cloned();
    let input = CaseInput {
        kind: get("kind"),
        category: get("category"),
        title: get("title"),
        description: get("description"),
        channel: get("channel"),
        enterprise: opt("enterprise"),
        division: opt("division"),
        parent: opt("parent"),
        received_on: opt("received_on"),
        complaint_type: opt("complaint_type"),
        respondent: opt("respondent"),
        complainant: opt("complainant"),
        confidential: opt("confidential"),
    };
    match svc::create(&s.store, &s.calendars, &a.principal, &input).await {
        Ok(c) => {
            for (name, bytes) in &files {
                if let Err(e) =
                    svc::add_attachment(&s.store, &a.principal, &c.case.number, name, bytes, confidential_files).await
                {
                    return super::error_page(ctx, e);
                }
            }
            Redirect::to(&format!("/cases/{}?filed=1", c.case.number)).into_response()
        }
        Err(ServiceError::Invalid(errs)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&new_page(&s, ctx, &a, form, errs).await),
        )
            .into_response(),
        Err(e) => super::error_page(ctx, e),
    }
}

/// One move the caller may take, with the fields its form needs.
pub struct ActionForm {
    pub action: String,
    pub label: String,
    pub reason: bool,
    pub reason_required: bool,
    pub department: bool,
    pub on: bool,
    pub rating: bool,
    pub result: bool,
    pub days: bool,
    pub items: bool,
    pub ground: Vec<(String, String, bool)>,
    pub method: Vec<(String, String, bool)>,
}

fn rules_of(t: &T, kind: ComplaintRuleKind) -> Vec<(String, String, bool)> {
    kaifang_refdata::get()
        .complaint_rules(kind)
        .map(|r: &ComplaintRule| (r.code.clone(), t.pick(&r.name_zh, &r.name_en).to_string(), r.verified))
        .collect()
}

fn action_form(t: &T, a: Action, complaint: bool) -> ActionForm {
    use Action as A;
    ActionForm {
        action: a.as_str().into(),
        label: label(t, "case.action", a.as_str()),
        reason: !matches!(a, A::Confirm | A::Close | A::Acknowledge | A::Supplement | A::Resume),
        reason_required: a.needs_reason(),
        department: matches!(a, A::Dispatch | A::Reopen | A::Accept),
        on: matches!(
            a,
            A::Dispatch
                | A::Acknowledge
                | A::Reply
                | A::Pause
                | A::Resume
                | A::Resolve
                | A::Supplement
                | A::Accept
                | A::RequestMaterials
        ),
        rating: a == A::Confirm,
        result: a == A::Resolve,
        days: complaint && a == A::Extend,
        items: a == A::RequestMaterials,
        ground: match a {
            A::Refuse => rules_of(t, ComplaintRuleKind::RefusalGround),
            A::Terminate => rules_of(t, ComplaintRuleKind::TerminationGround),
            _ => vec![],
        },
        method: if complaint && a == A::Resolve {
            rules_of(t, ComplaintRuleKind::HandlingMethod)
        } else {
            vec![]
        },
    }
}

/// A ledger entry as the page shows it.
pub struct LedgerLine {
    pub at: String,
    pub on: String,
    pub actor: String,
    pub action: String,
    pub status: String,
    pub reason: String,
    pub detail: String,
}

fn ledger_line(t: &T, e: &LedgerEntry) -> LedgerLine {
    let detail = match &e.detail {
        Some(serde_json::Value::Object(m)) => m
            .iter()
            .map(|(k, v)| match (k.as_str(), v) {
                // Time limits in working days: acknowledge / reply / resolve (extension up to).
                ("limits", serde_json::Value::Object(l)) => format!(
                    "limits: {} / {} / {} ({})",
                    l.get("acknowledge").map_or(String::new(), |x| x.to_string()),
                    l.get("reply").map_or(String::new(), |x| x.to_string()),
                    l.get("resolve").map_or(String::new(), |x| x.to_string()),
                    l.get("extended_max").map_or(String::new(), |x| x.to_string()),
                ),
                _ => format!("{k}: {}", v.as_str().map_or(v.to_string(), String::from)),
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    };
    LedgerLine {
        at: super::short_time(&e.at),
        on: e.on.clone(),
        actor: e.actor.clone(),
        action: label(t, "case.action", &e.action),
        status: label(t, "case.status", &e.to_status),
        reason: e.reason.clone().unwrap_or_default(),
        detail,
    }
}

#[derive(Template)]
#[template(path = "cases/detail.html")]
struct DetailPage {
    ctx: Ctx,
    c: CaseView,
    kind: String,
    status: String,
    clock_label: String,
    category: String,
    owner: String,
    origin: String,
    ledger: Vec<LedgerLine>,
    attachments: Vec<AttachmentView>,
    forms: Vec<ActionForm>,
    materials: Vec<(String, String, bool)>,
    requested: Vec<String>,
    ground_label: String,
    method_label: String,
    can_attach: bool,
    notice: Option<String>,
    errors: FieldErrors,
    allowed_hint: String,
}

#[allow(clippy::too_many_arguments)]
fn detail_page(
    ctx: Ctx,
    a: &Authed,
    d: CaseDetail,
    notice: Option<String>,
    errors: FieldErrors,
    allowed_hint: String,
) -> DetailPage {
    let t = ctx.t;
    let c = d.case;
    let complaint = c.kind == "complaint";
    let forms = svc::allowed_for(&a.principal, &c)
        .into_iter()
        .map(|x| action_form(&t, x, complaint))
        .collect();
    let rd = kaifang_refdata::get();
    let rule_name = |k, code: &Option<String>| {
        code.as_deref()
            .and_then(|code| rd.complaint_rule(k, code))
            .map(|r| {
                format!(
                    "{}{}",
                    t.pick(&r.name_zh, &r.name_en),
                    if r.verified { "" } else { " *" }
                )
            })
            .unwrap_or_default()
    };
    let ground_label = if c.status == "terminated" {
        rule_name(ComplaintRuleKind::TerminationGround, &c.ground)
    } else {
        rule_name(ComplaintRuleKind::RefusalGround, &c.ground)
    };
    let method_label = rule_name(ComplaintRuleKind::HandlingMethod, &c.outcome_method);
    let requested = c
        .materials_requested
        .as_ref()
        .map(|m| {
            m.items
                .iter()
                .map(|i| rule_name(ComplaintRuleKind::Material, &Some(i.clone())))
                .collect()
        })
        .unwrap_or_default();
    let p = &a.principal;
    let can_attach = match p.role {
        Role::Enterprise => c.enterprise.is_some() && c.enterprise == p.enterprise,
        Role::Officer | Role::Admin => p.covers_division(&c.owner_division),
        Role::Leader => false,
    };
    DetailPage {
        kind: label(&t, "case.kind", &c.kind),
        status: label(&t, "case.status", &c.status),
        clock_label: label(&t, "case.clock", &c.clock),
        category: category_name(&t, &c.category),
        owner: kaifang_service::placement::full_name(&c.owner_division),
        origin: kaifang_service::placement::full_name(&c.origin_division),
        ledger: d.ledger.iter().map(|e| ledger_line(&t, e)).collect(),
        attachments: d.attachments,
        forms,
        materials: rules_of(&t, ComplaintRuleKind::Material),
        requested,
        ground_label,
        method_label,
        can_attach,
        notice,
        errors,
        allowed_hint,
        c,
        ctx,
    }
}

async fn detail(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, &format!("/cases/{number}"), "cases", Some(&a));
    let notice = if q.contains_key("filed") {
        Some(ctx.t.t("case.filed").to_string())
    } else if q.contains_key("done") {
        Some(ctx.t.t("case.saved").to_string())
    } else {
        None
    };
    match svc::get(&s.store, &s.calendars, &a.principal, &number).await {
        Ok(d) => render(&detail_page(ctx, &a, d, notice, FieldErrors::new(), String::new())),
        Err(e) => super::error_page(ctx, e),
    }
}

async fn act(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let ctx = Ctx::new(&headers, &format!("/cases/{number}"), "cases", Some(&a));
    let get = |k: &str| {
        form.iter()
            .find(|(f, v)| f == k && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
    };
    let input = ActionInput {
        action: get("action").unwrap_or_default(),
        reason: get("reason"),
        department: get("department"),
        rating: get("rating").and_then(|r| r.parse().ok()),
        comment: get("comment"),
        on: get("on"),
        items: form
            .iter()
            .filter(|(k, _)| k == "items")
            .map(|(_, v)| v.clone())
            .collect(),
        ground: get("ground"),
        method: get("method"),
        result: get("result"),
        days: get("days").and_then(|d| d.parse().ok()),
        assignee: get("assignee"),
    };
    let (errors, hint) = match svc::act(&s.store, &s.calendars, &a.principal, &number, &input).await {
        Ok(_) => return Redirect::to(&format!("/cases/{number}?done=1")).into_response(),
        Err(ServiceError::Invalid(errs)) => (errs, String::new()),
        Err(ServiceError::Conflict { message, allowed }) => (
            FieldErrors(vec![FieldError::new(
                "action",
                "case.conflict",
                Message::new(message.clone(), message),
            )]),
            allowed
                .iter()
                .map(|x| label(&ctx.t, "case.action", x))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Err(e) => return super::error_page(ctx, e),
    };
    match svc::get(&s.store, &s.calendars, &a.principal, &number).await {
        Ok(d) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&detail_page(ctx, &a, d, None, errors, hint)),
        )
            .into_response(),
        Err(e) => super::error_page(ctx, e),
    }
}

async fn attach(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    mut mp: Multipart,
) -> Response {
    let ctx = Ctx::new(&headers, &format!("/cases/{number}"), "cases", Some(&a));
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut confidential = false;
    while let Ok(Some(field)) = mp.next_field().await {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_string();
                if let Ok(b) = field.bytes().await {
                    file = Some((name, b.to_vec()));
                }
            }
            Some("confidential") => confidential = true,
            _ => {}
        }
    }
    let (name, bytes) = file.unwrap_or_default();
    match svc::add_attachment(&s.store, &a.principal, &number, &name, &bytes, confidential).await {
        Ok(_) => Redirect::to(&format!("/cases/{number}?done=1")).into_response(),
        Err(ServiceError::Invalid(errs)) => match svc::get(&s.store, &s.calendars, &a.principal, &number).await {
            Ok(d) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&detail_page(ctx, &a, d, None, errs, String::new())),
            )
                .into_response(),
            Err(e) => super::error_page(ctx, e),
        },
        Err(e) => super::error_page(ctx, e),
    }
}

async fn download(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path((number, id)): Path<(String, i64)>,
) -> Response {
    match svc::attachment(&s.store, &a.principal, &number, id).await {
        Ok((v, bytes)) => crate::api::cases::download(&v, bytes),
        Err(e) => super::error_page(Ctx::new(&headers, &format!("/cases/{number}"), "cases", Some(&a)), e),
    }
}

/// A dashboard row with its labels.
pub struct DashLine {
    pub key: String,
    pub name: String,
    pub open: i64,
    pub overdue: i64,
    pub finished: i64,
    pub on_time: String,
    pub avg_days: String,
    pub satisfaction: String,
}

fn dash_line(name: String, r: &kaifang_service::cases::DashboardRow) -> DashLine {
    DashLine {
        key: r.key.clone(),
        name,
        open: r.open,
        overdue: r.overdue,
        finished: r.finished,
        on_time: r.on_time_rate.map_or("—".into(), |v| format!("{:.0}%", v * 100.0)),
        avg_days: r.avg_days.map_or("—".into(), |v| format!("{v:.1}")),
        satisfaction: r.satisfaction.map_or("—".into(), |v| format!("{v:.2} ({})", r.rated)),
    }
}

#[derive(Template)]
#[template(path = "cases/dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    d: Dashboard,
    total: DashLine,
    divisions: Vec<DashLine>,
    categories: Vec<DashLine>,
    kinds: Vec<DashLine>,
    division_chart: String,
    category_chart: String,
    on_time_chart: String,
    supervision: Vec<CaseLine>,
    can_supervise: bool,
}

async fn dashboard(State(s): State<AppState>, headers: HeaderMap, a: Authed) -> Response {
    let ctx = Ctx::new(&headers, "/cases/dashboard", "dashboard", Some(&a));
    let d = match svc::dashboard(&s.store, &s.calendars, &s.dashboards, &a.principal).await {
        Ok(d) => d.as_ref().clone(),
        Err(e) => return super::error_page(ctx, e),
    };
    let t = ctx.t;
    let series = [
        Series {
            name: t.t("dash.on_time_open"),
            fill: "#1f6feb",
        },
        Series {
            name: t.t("dash.overdue"),
            fill: "#d1242f",
        },
        Series {
            name: t.t("dash.finished"),
            fill: "#8c959f",
        },
    ];
    let bars = |rows: &[kaifang_service::cases::DashboardRow],
                name: &dyn Fn(&kaifang_service::cases::DashboardRow) -> String| {
        rows.iter()
            .map(|r| Bar {
                label: name(r),
                values: vec![r.open - r.overdue, r.overdue, r.finished],
            })
            .collect::<Vec<_>>()
    };
    let div_name = |r: &kaifang_service::cases::DashboardRow| r.name_zh.clone();
    let cat_name = |r: &kaifang_service::cases::DashboardRow| t.pick(&r.name_zh, &r.name_en).to_string();
    let division_chart = stacked_bars(t.t("dash.by_division"), &series, &bars(&d.by_division, &div_name));
    let category_chart = stacked_bars(t.t("dash.by_category"), &series, &bars(&d.by_category, &cat_name));
    let on_time_chart = share_bars(
        t.t("dash.on_time_rate"),
        "#2da44e",
        &d.by_division
            .iter()
            .map(|r| (r.name_zh.clone(), r.on_time_rate))
            .collect::<Vec<_>>(),
    );
    let page = DashboardPage {
        total: dash_line(t.t("dash.total").to_string(), &d.total),
        divisions: d.by_division.iter().map(|r| dash_line(div_name(r), r)).collect(),
        categories: d.by_category.iter().map(|r| dash_line(cat_name(r), r)).collect(),
        kinds: d.by_kind.iter().map(|r| dash_line(cat_name(r), r)).collect(),
        division_chart,
        category_chart,
        on_time_chart,
        supervision: d.supervision.iter().map(|v| line(&t, v)).collect(),
        can_supervise: a.principal.role == Role::Leader,
        d,
        ctx,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "cases/limits.html")]
struct LimitsPage {
    ctx: Ctx,
    rows: Vec<(String, svc::TimeLimitView)>,
    can_edit: bool,
    categories: Vec<(String, String)>,
    errors: FieldErrors,
    saved: bool,
}

async fn limits_view(s: &AppState, ctx: Ctx, a: &Authed, errors: FieldErrors, saved: bool) -> Response {
    let rows = match svc::time_limits(&s.store, &a.principal).await {
        Ok(r) => r,
        Err(e) => return super::error_page(ctx, e),
    };
    let t = ctx.t;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = LimitsPage {
        rows: rows
            .into_iter()
            .map(|r| (kaifang_service::placement::full_name(&r.division), r))
            .collect(),
        can_edit: a.principal.role == Role::Admin,
        categories: all_categories(&t),
        errors,
        saved,
        ctx,
    };
    (status, render(&page)).into_response()
}

async fn limits_page(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, "/cases/limits", "cases", Some(&a));
    limits_view(&s, ctx, &a, FieldErrors::new(), q.contains_key("saved")).await
}

async fn set_limits(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, "/cases/limits", "cases", Some(&a));
    let num = |k: &str| f.get(k).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let input = svc::TimeLimitInput {
        kind: f.get("kind").cloned().unwrap_or_default(),
        category: f.get("category").cloned(),
        acknowledge_days: num("acknowledge_days"),
        reply_days: num("reply_days"),
        resolve_days: num("resolve_days"),
        extended_max_days: num("extended_max_days"),
        return_window_days: num("return_window_days"),
        source: f.get("source").cloned().unwrap_or_default(),
    };
    match svc::set_time_limit(&s.store, &a.principal, &input).await {
        Ok(_) => Redirect::to("/cases/limits?saved=1").into_response(),
        Err(ServiceError::Invalid(errs)) => limits_view(&s, ctx, &a, errs, false).await,
        Err(e) => super::error_page(ctx, e),
    }
}
