//! The project ledger as a whole: the dashboard with its server-drawn SVG charts
//! (by stage, the funnel with days per stage, utilised capital by month, by
//! division, industry and source country, the land appraisal ranking) and the
//! update periods; the Excel export; the ledger import with its dry-run preview.

use super::projects::stage_name;
use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::charts::{Bar, Series, stacked_bars};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaifang_domain::accounts::Role;
use kaifang_domain::field_error::{FieldError, FieldErrors, Message};
use kaifang_service::ServiceError;
use kaifang_service::projects::{
    self as svc, GroupFigures, LedgerImportReport, ProjectDashboard, ProjectQuery, UpdateRuleInput, UpdateRuleView,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects/dashboard", get(dashboard))
        .route("/projects/update-rules", post(set_rule))
        .route("/projects/export.xlsx", get(export))
        .route("/projects/import", get(import_page).post(import_upload))
        .route("/projects/import/{id}/commit", post(import_commit))
}

/// US cents in units of ten thousand dollars (万美元), the unit of the ledgers.
fn wan(cents: i64) -> i64 {
    (cents + 500_000) / 1_000_000
}

/// A table line of grouped figures.
pub struct GroupLine {
    pub key: String,
    pub name: String,
    pub projects: i64,
    pub contracted: String,
    pub utilised: String,
}

#[derive(Template)]
#[template(path = "projects/dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    d: ProjectDashboard,
    scope_name: String,
    total_projects: i64,
    total_contracted: String,
    total_utilised: String,
    stage_chart: String,
    funnel_chart: String,
    month_chart: String,
    division_chart: String,
    source_chart: String,
    stages: Vec<GroupLine>,
    funnel: Vec<(String, i64, String)>,
    divisions: Vec<GroupLine>,
    industries: Vec<GroupLine>,
    sources: Vec<GroupLine>,
    rules: Vec<UpdateRuleView>,
    is_admin: bool,
    errors: FieldErrors,
}

fn money_text(cents: i64) -> String {
    let wan = wan(cents);
    let s = wan.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if wan < 0 { format!("-{out}") } else { out }
}

fn lines(t: &crate::i18n::T, groups: &[GroupFigures], key_name: impl Fn(&GroupFigures) -> String) -> Vec<GroupLine> {
    groups
        .iter()
        .map(|g| GroupLine {
            key: g.key.clone(),
            name: {
                let n = key_name(g);
                if n.is_empty() {
                    t.pick(&g.name_zh, &g.name_en).to_string()
                } else {
                    n
                }
            },
            projects: g.projects,
            contracted: money_text(g.contracted_cents),
            utilised: money_text(g.utilised_cents),
        })
        .collect()
}

async fn dashboard_view(s: &AppState, ctx: Ctx, a: &Authed, errors: FieldErrors) -> Response {
    let d = match svc::dashboard_cached(&s.store, &s.project_dashboards, &a.principal).await {
        Ok(d) => d.as_ref().clone(),
        Err(e) => return super::error_page(ctx, e),
    };
    let rules = match svc::update_rules(&s.store, &a.principal).await {
        Ok(r) => r,
        Err(e) => return super::error_page(ctx, e),
    };
    let t = ctx.t;
    let count = [Series {
        name: t.t("project.dash.projects"),
        fill: "#1f6feb",
    }];
    let money = [
        Series {
            name: t.t("project.dash.contracted_wan"),
            fill: "#8250df",
        },
        Series {
            name: t.t("project.dash.utilised_wan"),
            fill: "#2da44e",
        },
    ];
    let stages = lines(&t, &d.by_stage, |g| stage_name(&t, &g.key));
    let stage_chart = stacked_bars(
        t.t("project.dash.by_stage"),
        &count,
        &stages
            .iter()
            .map(|l| Bar {
                label: l.name.clone(),
                values: vec![l.projects],
            })
            .collect::<Vec<_>>(),
    );
    let funnel: Vec<(String, i64, String)> = d
        .funnel
        .iter()
        .map(|f| {
            (
                stage_name(&t, &f.stage),
                f.reached,
                f.avg_days_from_previous.map_or("—".into(), |n| n.to_string()),
            )
        })
        .collect();
    let funnel_chart = stacked_bars(
        t.t("project.dash.funnel"),
        &count,
        &funnel
            .iter()
            .map(|(name, n, _)| Bar {
                label: name.clone(),
                values: vec![*n],
            })
            .collect::<Vec<_>>(),
    );
    let month_chart = stacked_bars(
        t.t("project.dash.by_month"),
        &money[1..],
        &d.utilised_by_month
            .iter()
            .map(|m| Bar {
                label: m.month.clone(),
                values: vec![wan(m.utilised_cents)],
            })
            .collect::<Vec<_>>(),
    );
    let rd = kaifang_refdata::get();
    let divisions = lines(&t, &d.by_division, |g| {
        rd.division(&g.key).map_or(g.key.clone(), |x| x.name.clone())
    });
    let money_bars = |ls: &[GroupLine], groups: &[GroupFigures]| {
        ls.iter()
            .zip(groups)
            .map(|(l, g)| Bar {
                label: l.name.clone(),
                values: vec![wan(g.contracted_cents), wan(g.utilised_cents)],
            })
            .collect::<Vec<_>>()
    };
    let division_chart = stacked_bars(
        t.t("project.dash.by_division"),
        &money,
        &money_bars(&divisions, &d.by_division),
    );
    let industries = lines(&t, &d.by_industry, |_| String::new());
    let sources = lines(&t, &d.by_source, |_| String::new());
    let source_chart = stacked_bars(
        t.t("project.dash.by_source"),
        &count,
        &sources
            .iter()
            .map(|l| Bar {
                label: l.name.clone(),
                values: vec![l.projects],
            })
            .collect::<Vec<_>>(),
    );
    let total_projects = d.by_stage.iter().map(|g| g.projects).sum();
    let total_contracted = money_text(d.by_stage.iter().map(|g| g.contracted_cents).sum());
    let total_utilised = money_text(d.by_stage.iter().map(|g| g.utilised_cents).sum());
    let scope_name = kaifang_service::placement::full_name(&a.principal.division);
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = DashboardPage {
        ctx,
        d,
        scope_name,
        total_projects,
        total_contracted,
        total_utilised,
        stage_chart,
        funnel_chart,
        month_chart,
        division_chart,
        source_chart,
        stages,
        funnel,
        divisions,
        industries,
        sources,
        rules,
        is_admin: a.principal.role == Role::Admin,
        errors,
    };
    (status, render(&page)).into_response()
}

async fn dashboard(State(s): State<AppState>, headers: HeaderMap, a: Authed) -> Response {
    let ctx = Ctx::new(&headers, "/projects/dashboard", "projects", Some(&a));
    dashboard_view(&s, ctx, &a, FieldErrors::default()).await
}

#[derive(serde::Deserialize)]
struct RuleForm {
    days: String,
    source: Option<String>,
}

async fn set_rule(State(s): State<AppState>, headers: HeaderMap, a: Authed, Form(f): Form<RuleForm>) -> Response {
    let ctx = Ctx::new(&headers, "/projects/dashboard", "projects", Some(&a));
    let input = UpdateRuleInput {
        days: f.days.trim().parse().ok().or(Some(0)),
        source: f.source,
    };
    match svc::set_update_rule(&s.store, &a.principal, &input).await {
        Ok(_) => Redirect::to("/projects/dashboard").into_response(),
        Err(ServiceError::Invalid(errs)) => dashboard_view(&s, ctx, &a, errs).await,
        Err(e) => super::error_page(ctx, e),
    }
}

async fn export(State(s): State<AppState>, headers: HeaderMap, a: Authed, Query(q): Query<ProjectQuery>) -> Response {
    match svc::ledger_xlsx(&s.store, &a.principal, &q).await {
        Ok(bytes) => crate::api::xlsx_download(bytes, "projects.xlsx"),
        Err(e) => super::error_page(Ctx::new(&headers, "/projects", "projects", Some(&a)), e),
    }
}

#[derive(Template)]
#[template(path = "projects/import.html")]
struct ImportPage {
    ctx: Ctx,
    report: Option<LedgerImportReport>,
    upload_id: Option<i64>,
}

fn file_error(code: &str, zh: String, en: String) -> ServiceError {
    ServiceError::Invalid(FieldErrors(vec![FieldError::new("file", code, Message::new(zh, en))]))
}

async fn import_page(headers: HeaderMap, a: Authed) -> Response {
    let ctx = Ctx::new(&headers, "/projects/import", "projects", Some(&a));
    if !matches!(a.principal.role, Role::Officer | Role::Admin) {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    render(&ImportPage {
        ctx,
        report: None,
        upload_id: None,
    })
}

async fn import_upload(State(s): State<AppState>, headers: HeaderMap, a: Authed, mut mp: Multipart) -> Response {
    let ctx = Ctx::new(&headers, "/projects/import", "projects", Some(&a));
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("projects.xlsx").to_string();
            match field.bytes().await {
                Ok(b) => file = Some((name, b.to_vec())),
                Err(e) => {
                    return super::error_page(
                        ctx,
                        file_error("file.upload", format!("上传失败：{e}"), format!("upload failed: {e}")),
                    );
                }
            }
        }
    }
    let Some((name, bytes)) = file.filter(|f| !f.1.is_empty()) else {
        return super::error_page(ctx, file_error("required", "请选择文件".into(), "choose a file".into()));
    };
    let report = match svc::import_ledger(&s.store, &a.principal, &bytes, &name, true).await {
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
    let ctx = Ctx::new(&headers, "/projects/import", "projects", Some(&a));
    let (name, bytes) = match kaifang_store::uploads::get(&s.store, a.principal.user_id, id).await {
        Ok(f) => f,
        Err(e) => return super::error_page(ctx, e.into()),
    };
    let report = match svc::import_ledger(&s.store, &a.principal, &bytes, &name, false).await {
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
