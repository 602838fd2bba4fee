//! Answering a campaign: the questionnaire for an enterprise account answering for itself or
//! an officer entering a proxy answer by credit code (a refused form comes back with what was
//! typed and each indicator's message), the answer as it stands with its revisions; and the
//! import of answers collected offline (dry run, then commit of the same upload). The
//! questionnaire's controls are shared with the one-time link page (`monitoring_coverage`).

use super::monitoring::{ctx_of, indicator_label, is_enterprise, is_officer, opt, period_options, range_text};
use super::project_controls::{Control, Controls, error_lines};
use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::i18n::T;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaifang_domain::field_error::{FieldErrors, Message};
use kaifang_domain::monitoring::{Answers, Indicator, IndicatorKind, Value, display_value, format_hundredths};
use kaifang_service::ServiceError;
use kaifang_service::monitoring::{self as svc, AnswerInput, CampaignView, ImportReport, ResponseView};
use std::collections::{BTreeMap, HashMap};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{number}/answer", get(answer_form).post(answer))
        .route("/campaigns/{number}/import", get(import_page).post(import_upload))
        .route("/campaigns/{number}/import/{id}/commit", post(import_commit))
}

// ---------------------------------------------------------------- the questionnaire

/// One control per indicator, named by its code: numbers as text (they take decimals, "%" and
/// full-width digits), yes/no and choices as selects, texts as text areas.
pub(super) fn answer_controls(
    t: T,
    inds: &[Indicator],
    values: &HashMap<String, String>,
    errors: &FieldErrors,
) -> Vec<Control> {
    let c = Controls::new(t, "answer", values, errors);
    inds.iter()
        .map(|i| {
            let mut ctl = match i.kind {
                IndicatorKind::YesNo => c.select(
                    &i.code,
                    "",
                    vec![
                        ("yes".into(), t.t("form.yes").to_string()),
                        ("no".into(), t.t("form.no").to_string()),
                    ],
                ),
                IndicatorKind::Choice => c.select(
                    &i.code,
                    "",
                    i.choices
                        .iter()
                        .map(|ch| (ch.code.clone(), t.pick(&ch.label_zh, &ch.label_en).to_string()))
                        .collect(),
                ),
                IndicatorKind::Text => c.area(&i.code, ""),
                _ => c.text(&i.code, ""),
            };
            ctl.label = indicator_label(&t, i);
            if i.kind.is_numeric() {
                let range = match range_text(i) {
                    r if r.is_empty() => r,
                    r => format!(" · {} {r}", t.t("campaign.range")),
                };
                ctl = ctl.hint(&format!("{}{range}", t.t("campaign.hint.number")));
            }
            if i.required { ctl.required() } else { ctl }
        })
        .collect()
}

/// Stored answers as the form's raw values (what `parse_answers` reads back the same).
fn raw_of(inds: &[Indicator], answers: &Answers) -> HashMap<String, String> {
    inds.iter()
        .filter_map(|i| {
            let v = match answers.get(&i.code)? {
                Value::Num(n) => format_hundredths(*n),
                Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
                Value::Text(s) => s.clone(),
            };
            Some((i.code.clone(), v))
        })
        .collect()
}

/// Answers as "label: value" lines, in the campaign's order (an indicator no longer asked by its code).
fn answer_lines(t: &T, inds: &[Indicator], answers: &Answers) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = inds
        .iter()
        .filter_map(|i| {
            Some((
                indicator_label(t, i),
                display_value(i, answers.get(&i.code)?, t.is_en()),
            ))
        })
        .collect();
    for (code, v) in answers.iter().filter(|(k, _)| !inds.iter().any(|i| &i.code == *k)) {
        out.push((code.clone(), format!("{v:?}")));
    }
    out
}

/// The posted answers: only the campaign's indicator codes (the form also sends `_csrf`…).
pub(super) fn posted_answers(inds: &[Indicator], f: &HashMap<String, String>) -> BTreeMap<String, String> {
    inds.iter()
        .filter_map(|i| f.get(&i.code).map(|v| (i.code.clone(), v.clone())))
        .collect()
}

pub struct RevisionLine {
    pub revision: i64,
    pub at: String,
    pub by: String,
    pub channel: String,
    pub answers: String,
}

/// The answer as it stands.
pub struct Current {
    pub enterprise: String,
    pub name: String,
    pub period: String,
    pub revision: i64,
    pub version: i64,
    pub channel: String,
    pub by: String,
    pub at: String,
    pub answers: Vec<(String, String)>,
    pub revisions: Vec<RevisionLine>,
    pub alerts: Vec<String>,
}

fn current_of(t: &T, c: &CampaignView, r: &ResponseView) -> Current {
    let channel = |ch: &str| super::cases::label(t, "campaign.channel", ch);
    Current {
        enterprise: r.enterprise.clone(),
        name: r.enterprise_name.clone(),
        period: r.period.clone(),
        revision: r.revision,
        version: r.indicator_version,
        channel: channel(&r.channel),
        by: r.submitted_by.clone(),
        at: super::short_time(&r.submitted_at),
        answers: answer_lines(t, &c.indicators, &r.answers),
        revisions: r
            .revisions
            .iter()
            .map(|x| RevisionLine {
                revision: x.revision,
                at: super::short_time(&x.submitted_at),
                by: x.submitted_by.clone(),
                channel: channel(&x.channel),
                answers: answer_lines(t, &c.indicators, &serde_json::from_str(&x.answers).unwrap_or_default())
                    .into_iter()
                    .map(|(l, v)| format!("{l}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            })
            .collect(),
        alerts: r
            .alerts
            .iter()
            .map(|code| {
                c.rules
                    .iter()
                    .find(|x| &x.code == code)
                    .map_or_else(|| code.clone(), |x| t.pick(&x.label_zh, &x.label_en).to_string())
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "monitoring/answer.html")]
struct AnswerPage {
    ctx: Ctx,
    c: CampaignView,
    tab: &'static str,
    /// Whether the reader may answer (officers and enterprise accounts; leaders read).
    can_answer: bool,
    head: Vec<Control>,
    controls: Vec<Control>,
    errors: Vec<String>,
    conflict: Option<String>,
    saved: bool,
    current: Option<Current>,
}

/// The questionnaire with `values` and `errors`; officers also name the enterprise.
fn answer_page(
    ctx: Ctx,
    a: &Authed,
    c: CampaignView,
    values: &HashMap<String, String>,
    errors: &FieldErrors,
    current: Option<Current>,
) -> AnswerPage {
    let t = ctx.t;
    let h = Controls::new(t, "answer", values, errors);
    let mut head = vec![];
    if is_officer(a) {
        head.push(
            h.text("enterprise", "campaign.f.enterprise")
                .required()
                .hint(t.t("campaign.hint.enterprise")),
        );
    }
    head.push(
        h.select("period", "campaign.period", period_options(&c))
            .required()
            .or_value(c.current_period.as_deref().unwrap_or("")),
    );
    let controls = answer_controls(t, &c.indicators, values, errors);
    AnswerPage {
        errors: error_lines(&t, errors, &[&head, &controls]),
        head,
        controls,
        conflict: None,
        saved: values.get("saved").is_some_and(|v| v == "1"),
        current,
        tab: "answer",
        can_answer: super::monitoring::can_answer(a),
        c,
        ctx,
    }
}

/// Whose answer the page is about: an enterprise account's own, or the one an officer named.
fn whose(a: &Authed, named: Option<String>) -> Option<String> {
    if is_enterprise(a) {
        a.principal.enterprise.clone()
    } else {
        named
    }
}

async fn answer_form(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Query(mut q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = ctx_of(&headers, &format!("/campaigns/{number}/answer"), Some(&a));
    if !is_officer(&a) && !is_enterprise(&a) {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    let c = match svc::get(&s.store, &a.principal, &number).await {
        Ok(c) => c,
        Err(e) => return super::error_page(ctx, e),
    };
    let mut current = None;
    let mut errors = FieldErrors::new();
    if let Some(uscc) = whose(&a, opt(&q, "enterprise")) {
        match svc::responses_of(&s.store, &a.principal, &number, opt(&q, "period").as_deref(), &uscc).await {
            Ok(r) => {
                for (k, v) in raw_of(&c.indicators, &r.answers) {
                    q.entry(k).or_insert(v);
                }
                q.insert("period".into(), r.period.clone());
                current = Some(current_of(&ctx.t, &c, &r));
            }
            Err(ServiceError::NotFound) => {}
            Err(ServiceError::Invalid(e)) => errors = e,
            Err(e) => return super::error_page(ctx, e),
        }
    }
    render(&answer_page(ctx, &a, c, &q, &errors, current))
}

async fn answer(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let ctx = ctx_of(&headers, &format!("/campaigns/{number}/answer"), Some(&a));
    let c = match svc::get(&s.store, &a.principal, &number).await {
        Ok(c) => c,
        Err(e) => return super::error_page(ctx, e),
    };
    let input = AnswerInput {
        enterprise: opt(&f, "enterprise"),
        period: opt(&f, "period"),
        answers: posted_answers(&c.indicators, &f)
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect(),
    };
    match svc::answer(&s.store, &a.principal, &number, &input).await {
        Ok(r) => {
            let who = if is_enterprise(&a) {
                String::new()
            } else {
                format!("&enterprise={}", r.enterprise)
            };
            Redirect::to(&format!("/campaigns/{number}/answer?period={}{who}&saved=1", r.period)).into_response()
        }
        Err(ServiceError::Invalid(errs)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&answer_page(ctx, &a, c, &f, &errs, None)),
        )
            .into_response(),
        Err(ServiceError::Conflict { message, .. }) => {
            let line = super::monitoring::conflict_line(&ctx.t, "campaign.refused.answer", &message);
            let mut page = answer_page(ctx, &a, c, &f, &FieldErrors::new(), None);
            page.conflict = Some(line);
            (StatusCode::CONFLICT, render(&page)).into_response()
        }
        Err(e) => super::error_page(ctx, e),
    }
}

// ---------------------------------------------------------------- the import

#[derive(Template)]
#[template(path = "monitoring/import.html")]
struct ImportPage {
    ctx: Ctx,
    c: CampaignView,
    tab: &'static str,
    /// Whether the reader may answer (officers and enterprise accounts; leaders read).
    can_answer: bool,
    periods: Vec<(String, String)>,
    period: String,
    report: Option<ImportReport>,
    upload_id: Option<i64>,
    error: Option<String>,
}

/// What an upload or a commit came to: a report (with the upload kept for the commit).
type Imported = Result<Option<(ImportReport, Option<i64>)>, ServiceError>;

/// The import page, empty or with the outcome of an upload or a commit.
async fn import_view(
    s: &AppState,
    headers: &HeaderMap,
    a: &Authed,
    number: &str,
    period: Option<String>,
    r: Imported,
) -> Response {
    let ctx = ctx_of(headers, &format!("/campaigns/{number}/import"), Some(a));
    if !is_officer(a) {
        return super::error_page(ctx, ServiceError::Forbidden);
    }
    let c = match svc::get(&s.store, &a.principal, number).await {
        Ok(c) => c,
        Err(e) => return super::error_page(ctx, e),
    };
    let en = ctx.t.is_en();
    let (status, done, error) = match r {
        Ok(done) => (StatusCode::OK, done, None),
        Err(ServiceError::Conflict { message, .. }) => {
            let line = super::monitoring::conflict_line(&ctx.t, "campaign.refused.import", &message);
            (StatusCode::CONFLICT, None, Some(line))
        }
        Err(ServiceError::Invalid(errs)) => {
            let lines: Vec<&str> = errs.iter().map(|e| e.message.get(en)).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, None, Some(lines.join("; ")))
        }
        Err(e) => return super::error_page(ctx, e),
    };
    let (report, upload_id) = done.map_or((None, None), |(r, id)| (Some(r), id));
    let period = report
        .as_ref()
        .map(|r| r.period.clone())
        .or(period)
        .or_else(|| c.current_period.clone());
    let page = ImportPage {
        periods: period_options(&c),
        period: period.unwrap_or_default(),
        tab: "import",
        can_answer: super::monitoring::can_answer(a),
        report,
        upload_id,
        error,
        c,
        ctx,
    };
    (status, render(&page)).into_response()
}

async fn import_page(State(s): State<AppState>, headers: HeaderMap, a: Authed, Path(number): Path<String>) -> Response {
    import_view(&s, &headers, &a, &number, None, Ok(None)).await
}

fn upload_refused(zh: &str, en: &str) -> ServiceError {
    let e = kaifang_domain::field_error::FieldError::new("file", "file.upload", Message::new(zh, en));
    ServiceError::Invalid(FieldErrors(vec![e]))
}

/// The period and the file of the upload form.
async fn read_upload(mp: &mut Multipart) -> Result<(Option<String>, String, Vec<u8>), ServiceError> {
    let (mut period, mut file) = (None, None);
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|_| upload_refused("上传失败", "upload failed"))?
    {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("answers.xlsx").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| upload_refused("上传失败", "upload failed"))?;
                file = Some((name, bytes.to_vec()));
            }
            Some("period") => period = field.text().await.ok().filter(|p| !p.trim().is_empty()),
            _ => {}
        }
    }
    match file.filter(|f| !f.1.is_empty()) {
        Some((name, bytes)) => Ok((period, name, bytes)),
        None => Err(upload_refused("请选择文件", "choose a file")),
    }
}

async fn import_upload(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    mut mp: Multipart,
) -> Response {
    let (period, name, bytes) = match read_upload(&mut mp).await {
        Ok(u) => u,
        Err(e) => return import_view(&s, &headers, &a, &number, None, Err(e)).await,
    };
    let p = &a.principal;
    let result = match svc::import_responses(&s.store, p, &number, period.as_deref(), &bytes, &name, true).await {
        // A clean file is kept (as the project import does) for the commit, which reads it again.
        Ok(r) if r.errors.is_empty() && r.rows > 0 => {
            match kaifang_store::uploads::put(&s.store, p.user_id, &name, &bytes).await {
                Ok(id) => Ok(Some((r, Some(id)))),
                Err(e) => Err(e.into()),
            }
        }
        other => other.map(|r| Some((r, None))),
    };
    import_view(&s, &headers, &a, &number, period, result).await
}

async fn import_commit(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path((number, id)): Path<(String, i64)>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let period = opt(&f, "period");
    let p = &a.principal;
    let result = match kaifang_store::uploads::get(&s.store, p.user_id, id).await {
        Err(e) => Err(e.into()),
        Ok((name, bytes)) => svc::import_responses(&s.store, p, &number, period.as_deref(), &bytes, &name, false).await,
    };
    if result.as_ref().is_ok_and(|r| r.committed) {
        let _ = kaifang_store::uploads::consume(&s.store, id).await;
    }
    import_view(&s, &headers, &a, &number, period, result.map(|r| Some((r, None)))).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaifang_domain::monitoring::{parse_answers, template};

    #[test]
    fn stored_answers_shown_in_the_form_read_back_to_the_same_answers() {
        let inds = template("resumption_2020").unwrap().indicators;
        let raw: BTreeMap<String, String> = [
            ("resumed", "是"),
            ("resumption_pct", "95.5%"),
            ("staff_return_rate", "80"),
            ("capacity_utilisation", "１２０"),
            ("turnover", "1,234.56"),
            ("orders", "减少"),
            ("labour_shortage", "no"),
            ("problems", "缺少熟练工"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let answers = parse_answers(&inds, &raw).unwrap();
        let shown: BTreeMap<String, String> = raw_of(&inds, &answers).into_iter().collect();
        assert_eq!(shown["resumed"], "yes");
        assert_eq!(shown["orders"], "down");
        assert_eq!(parse_answers(&inds, &shown).unwrap(), answers);
    }

    #[test]
    fn only_indicator_codes_are_taken_from_a_posted_form() {
        let inds = template("operations_monthly").unwrap().indicators;
        let f: HashMap<String, String> = [
            ("_csrf", "x"),
            ("period", "2026-12"),
            ("turnover", "12"),
            ("staff_total", ""),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let got = posted_answers(&inds, &f);
        assert_eq!(got.keys().collect::<Vec<_>>(), vec!["staff_total", "turnover"]);
    }
}
