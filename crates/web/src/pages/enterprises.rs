//! Roster pages: list with filters, detail with history, create/edit forms,
//! deregistration, import (dry run, then commit), export and template.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use askama::Template;
use axum::extract::{Multipart, Path, Query, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaifang_domain::field_error::FieldErrors;
use kaifang_service::ServiceError;
use kaifang_service::enterprises::{
    self as svc, EnterpriseInput, EnterpriseSummary, EnterpriseView, InvestorInput, ListQuery,
};
use kaifang_service::import::ImportReport;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/enterprises", get(list).post(create))
        .route("/enterprises/new", get(new_form))
        .route("/enterprises/import", get(import_page).post(import_upload))
        .route("/enterprises/import/{id}/commit", post(import_commit))
        .route("/enterprises/export.xlsx", get(export))
        .route("/enterprises/template.xlsx", get(template))
        .route("/enterprises/{uscc}", get(detail))
        .route("/enterprises/{uscc}/edit", get(edit_form).post(edit))
        .route("/enterprises/{uscc}/deregister", post(deregister))
}

/// The filter values echoed back into the form.
#[derive(Debug, Default)]
struct FilterEcho {
    q: String,
    division: String,
    industry: String,
    source: String,
    zone: String,
    status: String,
    tag: String,
    sort: String,
}

#[derive(Template)]
#[template(path = "enterprises/list.html")]
struct ListPage {
    ctx: Ctx,
    f: FilterEcho,
    items: Vec<EnterpriseSummary>,
    next: Option<String>,
    has_prev: bool,
    query: String,
    count_label: String,
    errors: FieldErrors,
    can_edit: bool,
    can_export: bool,
    divisions: Vec<(String, String)>,
    regions: Vec<(String, String)>,
    zones: Vec<(String, String)>,
    sections: Vec<(String, String)>,
    /// Sort orders: value, label key, selected.
    sorts: Vec<(&'static str, &'static str, bool)>,
}

/// The query string without the cursor, for "first page", "next page" and export links.
pub(super) fn query_without_cursor(raw: Option<&str>) -> String {
    raw.unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("after="))
        .collect::<Vec<_>>()
        .join("&")
}

async fn list(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    RawQuery(raw): RawQuery,
    Query(q): Query<ListQuery>,
) -> Response {
    let ctx = Ctx::new(&headers, "/enterprises", "enterprises", Some(&a));
    let p = &a.principal;
    let echo = |v: &Option<String>| v.clone().unwrap_or_default();
    let f = FilterEcho {
        q: echo(&q.q),
        division: echo(&q.division),
        industry: echo(&q.industry),
        source: echo(&q.source),
        zone: echo(&q.zone),
        status: echo(&q.status),
        tag: echo(&q.tag),
        sort: q.sort.clone().unwrap_or_else(|| "newest".into()),
    };
    let (items, next, count_label, errors) = match svc::list(&s.store, p, &q).await {
        Ok(page) => {
            let n = svc::count(&s.store, p, &q, 10_000).await.unwrap_or(0);
            let label = if n >= 10_000 {
                "10000+".to_string()
            } else {
                n.to_string()
            };
            (page.items, page.next, label, FieldErrors::new())
        }
        Err(ServiceError::Invalid(errs)) => (vec![], None, "0".into(), errs),
        Err(e) => return super::error_page(ctx, e),
    };
    let rd = kaifang_refdata::get();
    let sorts = ["newest", "name", "established", "updated"]
        .into_iter()
        .map(|v| (v, super::sort_key(v), v == f.sort))
        .collect();
    render(&ListPage {
        sorts,
        f,
        items,
        next,
        has_prev: q.after.is_some(),
        query: query_without_cursor(raw.as_deref()),
        count_label,
        errors,
        can_edit: p.role.can_edit_roster(),
        can_export: p.role.can_export(),
        divisions: super::division_choices(p),
        regions: super::region_choices(ctx.t.is_en()),
        zones: super::zone_choices(p),
        sections: rd
            .industry_children("")
            .into_iter()
            .map(|i| (i.code.clone(), i.name_zh.clone()))
            .collect(),
        ctx,
    })
}

/// One investor row of the form.
#[derive(Debug, Default, Clone)]
struct InvestorForm {
    name: String,
    region: String,
    share: String,
    name_field: String,
    region_field: String,
    share_field: String,
}

/// Form values as text, echoed back on errors.
#[derive(Debug, Default, Clone)]
struct FormValues {
    uscc: String,
    name_zh: String,
    name_en: String,
    division: String,
    address: String,
    industry: String,
    zone: String,
    established_on: String,
    capital_amount: String,
    capital_currency: String,
    controller_region: String,
    liaison_name: String,
    liaison_phone: String,
    is_key: bool,
    supplier_of: String,
    investors: Vec<InvestorForm>,
}

/// Investor rows shown on the form.
const INVESTOR_ROWS: usize = 5;

impl FormValues {
    fn from_input(i: &EnterpriseInput) -> FormValues {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut investors: Vec<InvestorForm> = i
            .investors
            .iter()
            .flatten()
            .map(|inv| InvestorForm {
                name: s(&inv.name),
                region: s(&inv.region),
                share: s(&inv.share),
                ..Default::default()
            })
            .collect();
        investors.resize(INVESTOR_ROWS.max(investors.len()), InvestorForm::default());
        for (n, inv) in investors.iter_mut().enumerate() {
            inv.name_field = format!("investors[{n}].name");
            inv.region_field = format!("investors[{n}].region");
            inv.share_field = format!("investors[{n}].share");
        }
        FormValues {
            uscc: s(&i.uscc),
            name_zh: s(&i.name_zh),
            name_en: s(&i.name_en),
            division: s(&i.division),
            address: s(&i.address),
            industry: s(&i.industry),
            zone: s(&i.zone),
            established_on: s(&i.established_on),
            capital_amount: s(&i.capital_amount),
            capital_currency: s(&i.capital_currency),
            controller_region: s(&i.controller_region),
            liaison_name: s(&i.liaison_name),
            liaison_phone: s(&i.liaison_phone),
            is_key: i
                .is_key
                .as_deref()
                .and_then(kaifang_service::enterprises::input_flag)
                .unwrap_or(false),
            supplier_of: s(&i.supplier_of),
            investors,
        }
    }
}

/// Turns the posted form into service input (investor rows become the list).
fn input_from_form(form: &HashMap<String, String>) -> EnterpriseInput {
    let get = |k: &str| form.get(k).cloned();
    let investors = (1..=INVESTOR_ROWS)
        .map(|n| InvestorInput {
            name: get(&format!("investor{n}_name")),
            region: get(&format!("investor{n}_region")),
            share: get(&format!("investor{n}_share")),
        })
        .collect();
    EnterpriseInput {
        uscc: get("uscc"),
        name_zh: get("name_zh"),
        name_en: get("name_en"),
        division: get("division"),
        address: get("address"),
        industry: get("industry").map(|i| i.split_whitespace().next().unwrap_or("").to_string()),
        zone: get("zone"),
        established_on: get("established_on"),
        capital_amount: get("capital_amount"),
        capital_currency: get("capital_currency"),
        controller_region: get("controller_region"),
        liaison_name: get("liaison_name"),
        liaison_phone: get("liaison_phone"),
        // An unchecked checkbox sends nothing: that means "no".
        is_key: Some(get("is_key").unwrap_or_else(|| "false".into())),
        supplier_of: get("supplier_of"),
        investors: Some(investors),
    }
}

#[derive(Template)]
#[template(path = "enterprises/form.html")]
struct FormPage {
    ctx: Ctx,
    v: FormValues,
    errors: FieldErrors,
    general: Option<String>,
    editing: bool,
    action: String,
    cancel: String,
    version: String,
    divisions: Vec<(String, String)>,
    regions: Vec<(String, String)>,
    zones: Vec<(String, String)>,
    currencies: Vec<String>,
    /// Industry classes for the picker: code, "code name".
    industries: Vec<(String, String)>,
}

/// Every industry class (GB/T 4754-2017), for the form's picker.
fn industry_choices() -> Vec<(String, String)> {
    kaifang_refdata::get()
        .industries()
        .filter(|i| i.level == kaifang_refdata::IndustryLevel::Class)
        .map(|i| (i.code.clone(), format!("{} {}", i.code_with_section, i.name_zh)))
        .collect()
}

const CURRENCIES: &[&str] = &["USD", "CNY", "HKD", "EUR", "JPY", "GBP", "KRW", "SGD", "TWD", "CHF"];

fn form_page(
    ctx: Ctx,
    p: &kaifang_service::Principal,
    v: FormValues,
    errors: FieldErrors,
    editing: bool,
    version: String,
) -> FormPage {
    let uscc = v.uscc.clone();
    FormPage {
        regions: super::region_choices(ctx.t.is_en()),
        divisions: super::division_choices(p),
        zones: super::zone_choices(p),
        ctx,
        errors,
        general: None,
        editing,
        action: if editing {
            format!("/enterprises/{uscc}/edit")
        } else {
            "/enterprises".into()
        },
        cancel: if editing {
            format!("/enterprises/{uscc}")
        } else {
            "/enterprises".into()
        },
        version,
        currencies: CURRENCIES.iter().map(|c| c.to_string()).collect(),
        industries: industry_choices(),
        v,
    }
}

async fn new_form(headers: HeaderMap, a: Authed) -> Response {
    let ctx = Ctx::new(&headers, "/enterprises/new", "enterprises", Some(&a));
    if !a.principal.role.can_edit_roster() {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    let v = FormValues::from_input(&EnterpriseInput::default());
    render(&form_page(
        ctx,
        &a.principal,
        v,
        FieldErrors::new(),
        false,
        String::new(),
    ))
}

async fn create(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, "/enterprises/new", "enterprises", Some(&a));
    let input = input_from_form(&form);
    match svc::create(&s.store, &a.principal, &input).await {
        Ok(e) => Redirect::to(&format!("/enterprises/{}", e.uscc)).into_response(),
        Err(ServiceError::Invalid(errs)) => (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            render(&form_page(
                ctx,
                &a.principal,
                FormValues::from_input(&input),
                errs,
                false,
                String::new(),
            )),
        )
            .into_response(),
        Err(e) => super::error_page(ctx, e),
    }
}

async fn edit_form(State(s): State<AppState>, headers: HeaderMap, a: Authed, Path(uscc): Path<String>) -> Response {
    let ctx = Ctx::new(&headers, &format!("/enterprises/{uscc}/edit"), "enterprises", Some(&a));
    if !a.principal.role.can_edit_roster() {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    match svc::get(&s.store, &a.principal, &uscc).await {
        Ok(e) => {
            let version = e.version.to_string();
            render(&form_page(
                ctx,
                &a.principal,
                FormValues::from_input(&e.to_input()),
                FieldErrors::new(),
                true,
                version,
            ))
        }
        Err(e) => super::error_page(ctx, e),
    }
}

async fn edit(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(uscc): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, &format!("/enterprises/{uscc}/edit"), "enterprises", Some(&a));
    let mut input = input_from_form(&form);
    input.uscc = Some(uscc.clone());
    let version = form.get("version").and_then(|v| v.parse::<i64>().ok());
    match svc::update(&s.store, &a.principal, &uscc, &input, version).await {
        Ok(e) => Redirect::to(&format!("/enterprises/{}?saved=1", e.uscc)).into_response(),
        Err(ServiceError::Invalid(errs)) => (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            render(&form_page(
                ctx,
                &a.principal,
                FormValues::from_input(&input),
                errs,
                true,
                version.map(|v| v.to_string()).unwrap_or_default(),
            )),
        )
            .into_response(),
        Err(e) => super::error_page(ctx, e),
    }
}

/// One row of the change history: field, before, after.
struct HistoryRow {
    at: String,
    actor: String,
    action: String,
    changes: Vec<(String, String, String)>,
}

/// Field-by-field differences of two JSON snapshots.
fn diff(before: Option<&serde_json::Value>, after: Option<&serde_json::Value>) -> Vec<(String, String, String)> {
    const SKIP: &[&str] = &[
        "version",
        "updated_at",
        "created_at",
        "division_name",
        "industry_name",
        "zone_name",
        "main_region_name",
    ];
    let empty = serde_json::Map::new();
    let b = before.and_then(|v| v.as_object()).unwrap_or(&empty);
    let a = after.and_then(|v| v.as_object()).unwrap_or(&empty);
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => "—".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !SKIP.contains(&k.as_str()))
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| (k.clone(), show(b.get(k)), show(a.get(k))))
        .collect()
}

#[derive(Template)]
#[template(path = "enterprises/detail.html")]
struct DetailPage {
    ctx: Ctx,
    e: EnterpriseView,
    can_edit: bool,
    notice: Option<String>,
    history: Vec<HistoryRow>,
    suppliers: Vec<EnterpriseSummary>,
}

#[derive(serde::Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn detail(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(uscc): Path<String>,
    Query(q): Query<Saved>,
) -> Response {
    let ctx = Ctx::new(&headers, &format!("/enterprises/{uscc}"), "enterprises", Some(&a));
    let p = &a.principal;
    let e = match svc::get(&s.store, p, &uscc).await {
        Ok(e) => e,
        Err(e) => return super::error_page(ctx, e),
    };
    let history = match svc::history(&s.store, p, &uscc).await {
        Ok(h) => h
            .into_iter()
            .map(|h| {
                let before = h.before_json.as_deref().and_then(|j| serde_json::from_str(j).ok());
                let after = h.after_json.as_deref().and_then(|j| serde_json::from_str(j).ok());
                HistoryRow {
                    at: super::short_time(&h.at),
                    actor: h.actor_name,
                    action: super::action_label(&ctx.t, &h.action),
                    changes: if before.is_some() {
                        diff(before.as_ref(), after.as_ref())
                    } else {
                        vec![]
                    },
                }
            })
            .collect(),
        Err(e) => return super::error_page(ctx, e),
    };
    let suppliers = svc::list(
        &s.store,
        p,
        &ListQuery {
            supplier_of: Some(e.uscc.clone()),
            limit: Some(200),
            ..Default::default()
        },
    )
    .await
    .map(|page| page.items)
    .unwrap_or_default();
    let notice = q.saved.map(|_| ctx.t.pick("已保存。", "Saved.").to_string());
    render(&DetailPage {
        can_edit: p.role.can_edit_roster(),
        ctx,
        e,
        notice,
        history,
        suppliers,
    })
}

#[derive(serde::Deserialize)]
struct DeregisterForm {
    deregistered_on: String,
}

async fn deregister(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(uscc): Path<String>,
    Form(f): Form<DeregisterForm>,
) -> Response {
    let ctx = Ctx::new(&headers, &format!("/enterprises/{uscc}"), "enterprises", Some(&a));
    match svc::deregister(&s.store, &a.principal, &uscc, &f.deregistered_on).await {
        Ok(e) => Redirect::to(&format!("/enterprises/{}?saved=1", e.uscc)).into_response(),
        Err(e) => super::error_page(ctx, e),
    }
}

#[derive(Template)]
#[template(path = "enterprises/import.html")]
struct ImportPage {
    ctx: Ctx,
    report: Option<ImportReport>,
    upload_id: Option<i64>,
}

async fn import_page(headers: HeaderMap, a: Authed) -> Response {
    let ctx = Ctx::new(&headers, "/enterprises/import", "enterprises", Some(&a));
    if !a.principal.role.can_edit_roster() {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    render(&ImportPage {
        ctx,
        report: None,
        upload_id: None,
    })
}

async fn import_upload(State(s): State<AppState>, headers: HeaderMap, a: Authed, mut mp: Multipart) -> Response {
    let ctx = Ctx::new(&headers, "/enterprises/import", "enterprises", Some(&a));
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload.csv").to_string();
            match field.bytes().await {
                Ok(b) => file = Some((name, b.to_vec())),
                Err(e) => {
                    return super::error_page(
                        ctx,
                        ServiceError::Invalid(FieldErrors(vec![kaifang_domain::field_error::FieldError::new(
                            "file",
                            "file.upload",
                            kaifang_domain::field_error::Message::new(
                                format!("上传失败：{e}"),
                                format!("upload failed: {e}"),
                            ),
                        )])),
                    );
                }
            }
        }
    }
    let Some((name, bytes)) = file else {
        return super::error_page(
            ctx,
            ServiceError::Invalid(FieldErrors(vec![kaifang_domain::field_error::FieldError::new(
                "file",
                "required",
                kaifang_domain::field_error::Message::new("请选择文件", "choose a file"),
            )])),
        );
    };
    let report = match kaifang_service::import::import_enterprises(
        &s.store,
        &a.principal,
        std::sync::Arc::from(&bytes[..]),
        &name,
        true,
        None,
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return super::error_page(ctx, e),
    };
    let upload_id = if report.errors.is_empty() {
        match kaifang_store::uploads::put(&s.store, a.principal.user_id, &name, &bytes).await {
            Ok(id) => Some(id),
            Err(e) => return super::error_page(ctx, e.into()),
        }
    } else {
        None
    };
    render(&ImportPage {
        ctx,
        report: Some(report),
        upload_id,
    })
}

async fn import_commit(State(s): State<AppState>, headers: HeaderMap, a: Authed, Path(id): Path<i64>) -> Response {
    let ctx = Ctx::new(&headers, "/enterprises/import", "enterprises", Some(&a));
    let (name, bytes) = match kaifang_store::uploads::get(&s.store, a.principal.user_id, id).await {
        Ok(f) => f,
        Err(e) => return super::error_page(ctx, e.into()),
    };
    let report = match kaifang_service::import::import_enterprises(
        &s.store,
        &a.principal,
        std::sync::Arc::from(&bytes[..]),
        &name,
        false,
        None,
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return super::error_page(ctx, e),
    };
    if report.committed {
        let _ = kaifang_store::uploads::consume(&s.store, id).await;
    }
    render(&ImportPage {
        ctx,
        report: Some(report),
        upload_id: None,
    })
}

async fn export(State(s): State<AppState>, headers: HeaderMap, a: Authed, Query(q): Query<ListQuery>) -> Response {
    match kaifang_service::export::roster_xlsx(&s.store, &a.principal, &q).await {
        Ok(bytes) => crate::api::xlsx_download(bytes, "enterprises.xlsx"),
        Err(e) => super::error_page(Ctx::new(&headers, "/enterprises", "enterprises", Some(&a)), e),
    }
}

async fn template(headers: HeaderMap, a: Authed) -> Response {
    match kaifang_service::export::roster_template(&a.principal) {
        Ok(bytes) => crate::api::xlsx_download(bytes, "enterprise-import-template.xlsx"),
        Err(e) => super::error_page(Ctx::new(&headers, "/enterprises", "enterprises", Some(&a)), e),
    }
}
