//! The project's record as a form: registration (登记项目), in any stage of the
//! pipeline with that stage's dates, and editing the record (not its stage,
//! which moves on the project page) with the version seen as a hidden field.
//! A refused form comes back with what was typed and each field's message.

use super::project_controls::{Control, Controls, error_lines};
use super::projects::{currency_options, refusal, signing_modes, stage_options, vocab_options};
use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::i18n::T;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use kaifang_domain::field_error::FieldErrors;
use kaifang_domain::projects::{self as rules, Stage};
use kaifang_service::projects::{self as svc, ProjectInput, ProjectInvestor, ProjectView};
use kaifang_service::{Principal, ServiceError};
use std::collections::HashMap;

/// Investor rows on the form.
const INVESTOR_ROWS: usize = 3;

/// The key dates a form may carry, in pipeline order.
const DATES: [&str; 6] = [
    "lead_on",
    "talks_on",
    "signed_on",
    "construction_on",
    "production_on",
    "capacity_on",
];

/// A group of the form's controls under a heading.
pub struct Section {
    pub title: String,
    pub hint: String,
    /// A message about the group as a whole (no investor at all).
    pub error: Option<String>,
    pub controls: Vec<Control>,
}

#[derive(Template)]
#[template(path = "projects/form.html")]
struct FormPage {
    ctx: Ctx,
    title: String,
    editing: bool,
    action: String,
    cancel: String,
    version: String,
    sections: Vec<Section>,
    errors: Vec<String>,
    conflict: Option<String>,
    /// Industry classes: code, "code name".
    industries: Vec<(String, String)>,
    /// Divisions that may list a key project registered here: the caller's own and above.
    listing: Vec<(String, String)>,
}

/// The posted form as service input. On an edit an empty field clears an
/// optional value, and the stage is not part of the record.
fn input_of(f: &HashMap<String, String>, creating: bool) -> ProjectInput {
    let get = |k: &str| f.get(k).map(|v| v.trim().to_string());
    let investors = (1..=INVESTOR_ROWS)
        .map(|n| ProjectInvestor {
            name: get(&format!("investor{n}_name")),
            region: get(&format!("investor{n}_region")),
        })
        .collect();
    ProjectInput {
        name: get("name"),
        description: get("description"),
        division: get("division"),
        zone: get("zone"),
        // The picker may fill "3841 name": the code is the first word.
        industry: get("industry").map(|i| i.split_whitespace().next().unwrap_or("").to_string()),
        project_type: get("project_type"),
        investors: Some(investors),
        enterprise: get("enterprise"),
        total_amount: get("total_amount"),
        total_currency: get("total_currency"),
        total_rate: get("total_rate"),
        total_rate_on: get("total_rate_on"),
        contracted_amount: get("contracted_amount"),
        contracted_currency: get("contracted_currency"),
        contracted_rate: get("contracted_rate"),
        contracted_rate_on: get("contracted_rate_on"),
        land_mu: get("land_mu"),
        expected_output: get("expected_output"),
        expected_tax: get("expected_tax"),
        jobs: get("jobs"),
        lead_source: get("lead_source"),
        key_level: get("key_level"),
        key_listed_by: get("key_listed_by"),
        // An unchecked checkbox sends nothing: that means "no".
        publishable: Some(
            get("publishable")
                .filter(|v| !v.is_empty())
                .map_or("false", |_| "true")
                .to_string(),
        ),
        stage: if creating { get("stage") } else { None },
        lead_on: get("lead_on"),
        talks_on: get("talks_on"),
        signed_on: get("signed_on"),
        signing_mode: get("signing_mode"),
        construction_on: get("construction_on"),
        production_on: get("production_on"),
        capacity_on: get("capacity_on"),
    }
}

/// The form's values for editing a project as it is.
fn values_of(p: &ProjectView) -> HashMap<String, String> {
    let mut v = HashMap::new();
    let mut put = |k: &str, x: Option<String>| {
        if let Some(x) = x {
            v.insert(k.to_string(), x);
        }
    };
    put("name", Some(p.name.clone()));
    put("description", Some(p.description.clone()));
    put("division", Some(p.division.clone()));
    put("zone", p.zone.clone());
    put("industry", Some(p.industry.clone()));
    put("project_type", Some(p.project_type.clone()));
    for (i, inv) in p.investors.iter().take(INVESTOR_ROWS).enumerate() {
        put(&format!("investor{}_name", i + 1), inv.name.clone());
        put(&format!("investor{}_region", i + 1), inv.region.clone());
    }
    put("enterprise", p.enterprise.clone());
    for (prefix, a) in [("total", &p.total_investment), ("contracted", &p.contracted_fdi)] {
        if let Some(a) = a {
            put(&format!("{prefix}_amount"), Some(a.amount.clone()));
            put(&format!("{prefix}_currency"), Some(a.currency.clone()));
            put(&format!("{prefix}_rate"), Some(a.rate.clone()));
            put(&format!("{prefix}_rate_on"), Some(a.rate_on.clone()));
        }
    }
    put("land_mu", p.land_mu.clone());
    put("expected_output", p.expected_output.clone());
    put("expected_tax", p.expected_tax.clone());
    put("jobs", p.jobs.map(|j| j.to_string()));
    put("lead_source", Some(p.lead_source.clone()));
    put("key_level", Some(p.key_level.clone()));
    put("key_listed_by", p.key_listed_by.clone());
    put("publishable", Some(p.publishable.to_string()));
    put("lead_on", Some(p.lead_on.clone()));
    put("talks_on", p.talks_on.clone());
    put("signed_on", p.signed_on.clone());
    put("signing_mode", p.signing_mode.clone());
    put("construction_on", p.construction_on.clone());
    put("production_on", p.production_on.clone());
    put("capacity_on", p.capacity_on.clone());
    v
}

fn section(t: &T, title_key: &str, hint_key: Option<&str>, controls: Vec<Control>) -> Section {
    Section {
        title: t.t(title_key).to_string(),
        hint: hint_key.map(|k| t.t(k).to_string()).unwrap_or_default(),
        error: None,
        controls,
    }
}

fn sections(
    t: &T,
    p: &Principal,
    values: &HashMap<String, String>,
    errors: &FieldErrors,
    editing: bool,
) -> Vec<Section> {
    let c = Controls::new(*t, "project", values, errors);
    // The caller's own division, when a project may land there, is the likeliest place.
    let divisions = super::division_choices(p);
    let own = divisions.iter().any(|d| d.0 == p.division);
    let mut division = c.select("division", "project.f.division", divisions).required();
    if own && values.is_empty() {
        division = division.or_value(&p.division);
    }
    let basic = vec![
        c.text("name", "project.f.name").required(),
        division,
        c.select("zone", "project.f.zone", super::zone_choices(p)),
        c.text("industry", "project.f.industry")
            .required()
            .list("industry-classes")
            .hint(t.t("project.hint.industry")),
        c.select("project_type", "project.f.project_type", vocab_options(t, rules::TYPES))
            .required()
            .or_value("new"),
        c.text("enterprise", "project.f.enterprise")
            .hint(t.t("project.hint.enterprise")),
        c.area("description", "project.f.description"),
    ];
    let regions = super::region_choices(t.is_en());
    let mut investors = Vec::new();
    for n in 1..=INVESTOR_ROWS {
        let mut name = c.reporting_as(
            c.text(&format!("investor{n}_name"), "project.f.investor_name"),
            &format!("investors[{}].name", n - 1),
        );
        name.label = format!("{} {n}", name.label);
        let mut region = c.reporting_as(
            c.select(
                &format!("investor{n}_region"),
                "project.f.investor_region",
                regions.clone(),
            ),
            &format!("investors[{}].region", n - 1),
        );
        region.label = format!("{} {n}", region.label);
        if n == 1 {
            name = name.required();
            region = region.required();
        }
        investors.push(name);
        investors.push(region);
    }
    let money = ["total", "contracted"]
        .into_iter()
        .flat_map(|g| {
            [
                c.text(&format!("{g}_amount"), &format!("project.f.{g}_amount")),
                c.select(
                    &format!("{g}_currency"),
                    &format!("project.f.{g}_currency"),
                    currency_options(t),
                )
                .or_value("USD"),
                c.text(&format!("{g}_rate"), &format!("project.f.{g}_rate"))
                    .hint(t.t("project.hint.rate")),
                c.date(&format!("{g}_rate_on"), &format!("project.f.{g}_rate_on"))
                    .hint(t.t(if g == "contracted" {
                        "project.hint.rate_on_signing"
                    } else {
                        "project.hint.rate_on_today"
                    })),
            ]
        })
        .collect();
    let land = vec![
        c.text("land_mu", "project.f.land_mu"),
        c.text("expected_output", "project.f.expected_output")
            .hint(t.t("project.hint.yuan")),
        c.text("expected_tax", "project.f.expected_tax")
            .hint(t.t("project.hint.yuan")),
        c.number("jobs", "project.f.jobs"),
    ];
    let source = vec![
        c.select(
            "lead_source",
            "project.f.lead_source",
            vocab_options(t, rules::LEAD_SOURCES),
        )
        .required()
        .or_value("other"),
        c.select("key_level", "project.f.key_level", vocab_options(t, rules::KEY_LEVELS))
            .required()
            .or_value("none"),
        c.text("key_listed_by", "project.f.key_listed_by")
            .list("listing-divisions")
            .hint(t.t("project.hint.key_listed_by")),
        c.check("publishable", "project.f.publishable"),
    ];
    let mut stage = Vec::new();
    if !editing {
        stage.push(
            c.select("stage", "project.f.stage", stage_options(t, &Stage::PIPELINE))
                .required()
                .or_value("lead"),
        );
    }
    for d in DATES {
        stage.push(c.date(d, &format!("project.f.{d}")));
        if d == "signed_on" {
            stage.push(c.select("signing_mode", "project.f.signing_mode", signing_modes(t)));
        }
    }
    let mut investors = section(t, "project.investors", Some("project.hint.investors"), investors);
    investors.error = errors
        .for_field("investors")
        .map(|e| e.message.get(t.is_en()).to_string());
    vec![
        section(t, "project.sec.basic", None, basic),
        investors,
        section(t, "project.sec.money", Some("project.hint.money"), money),
        section(t, "project.sec.land", None, land),
        section(t, "project.sec.source", None, source),
        section(
            t,
            "project.sec.stage",
            Some(if editing {
                "project.hint.stage_edit"
            } else {
                "project.hint.stage_new"
            }),
            stage,
        ),
    ]
}

/// Every industry class (GB/T 4754-2017), for the picker.
fn industry_choices() -> Vec<(String, String)> {
    kaifang_refdata::get()
        .industries()
        .filter(|i| i.level == kaifang_refdata::IndustryLevel::Class)
        .map(|i| (i.code.clone(), format!("{} {}", i.code_with_section, i.name_zh)))
        .collect()
}

/// The caller's division and those above it.
fn listing_choices(p: &Principal) -> Vec<(String, String)> {
    let rd = kaifang_refdata::get();
    rd.ancestors(&p.division)
        .into_iter()
        .map(|d| d.code.clone())
        .chain(std::iter::once(p.division.clone()))
        .filter(|c| c != "000000")
        .map(|c| {
            let label = super::division_label(&c);
            (c, label)
        })
        .collect()
}

/// The form, new (`editing` None) or for a project's number and version.
fn form_page(
    ctx: Ctx,
    a: &Authed,
    values: HashMap<String, String>,
    errors: FieldErrors,
    editing: Option<(String, String)>,
    conflict: Option<String>,
) -> FormPage {
    let t = ctx.t;
    let sections = sections(&t, &a.principal, &values, &errors, editing.is_some());
    let controls: Vec<&[Control]> = sections.iter().map(|s| s.controls.as_slice()).collect();
    let errors = error_lines(&t, &errors, &controls);
    let (title, action, cancel, version) = match &editing {
        Some((number, version)) => (
            format!("{} · {number}", t.t("project.edit")),
            format!("/projects/{number}/edit"),
            format!("/projects/{number}"),
            version.clone(),
        ),
        None => (
            t.t("project.new").to_string(),
            "/projects".to_string(),
            "/projects".to_string(),
            String::new(),
        ),
    };
    FormPage {
        title,
        editing: editing.is_some(),
        action,
        cancel,
        version,
        sections,
        errors,
        conflict,
        industries: industry_choices(),
        listing: listing_choices(&a.principal),
        ctx,
    }
}

pub(super) async fn new_form(headers: HeaderMap, a: Authed) -> Response {
    let ctx = Ctx::new(&headers, "/projects/new", "projects", Some(&a));
    match refusal(&a, true) {
        Some(e) => super::error_page(ctx, e),
        None => render(&form_page(ctx, &a, HashMap::new(), FieldErrors::new(), None, None)),
    }
}

pub(super) async fn create(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, "/projects/new", "projects", Some(&a));
    match svc::create(&s.store, &a.principal, &input_of(&form, true)).await {
        Ok(d) => Redirect::to(&format!("/projects/{}", d.project.number)).into_response(),
        Err(ServiceError::Invalid(errs)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&form_page(ctx, &a, form, errs, None, None)),
        )
            .into_response(),
        Err(e) => super::error_page(ctx, e),
    }
}

pub(super) async fn edit_form(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
) -> Response {
    let ctx = Ctx::new(&headers, &format!("/projects/{number}/edit"), "projects", Some(&a));
    if let Some(e) = refusal(&a, true) {
        return super::error_page(ctx, e);
    }
    match svc::get(&s.store, &a.principal, &number).await {
        Ok(d) => {
            let editing = Some((d.project.number.clone(), d.project.version.to_string()));
            render(&form_page(
                ctx,
                &a,
                values_of(&d.project),
                FieldErrors::new(),
                editing,
                None,
            ))
        }
        Err(e) => super::error_page(ctx, e),
    }
}

pub(super) async fn edit(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let ctx = Ctx::new(&headers, &format!("/projects/{number}/edit"), "projects", Some(&a));
    let seen = form.get("version").cloned().unwrap_or_default();
    let version = seen.trim().parse::<i64>().ok();
    let editing = Some((number.clone(), seen));
    match svc::update(&s.store, &a.principal, &number, &input_of(&form, false), version).await {
        Ok(d) => Redirect::to(&format!("/projects/{}", d.project.number)).into_response(),
        Err(ServiceError::Invalid(errs)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&form_page(ctx, &a, form, errs, editing, None)),
        )
            .into_response(),
        Err(ServiceError::Conflict { .. }) => {
            let message = ctx.t.t("project.changed_meanwhile").to_string();
            (
                StatusCode::CONFLICT,
                render(&form_page(ctx, &a, form, FieldErrors::new(), editing, Some(message))),
            )
                .into_response()
        }
        Err(e) => super::error_page(ctx, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_the_project_pages_name_in_code_exists() {
        let sources = [
            include_str!("projects.rs"),
            include_str!("project_page.rs"),
            include_str!("project_actions.rs"),
            include_str!("project_forms.rs"),
            include_str!("project_controls.rs"),
        ];
        let mut keys: Vec<String> = sources
            .iter()
            .flat_map(|s| s.split("\"project.").skip(1))
            .map(|rest| format!("project.{}", rest.split('"').next().unwrap_or("")))
            .filter(|k| !k.contains('{') && !k.ends_with('.'))
            .collect();
        for g in ["total", "contracted"] {
            for f in ["amount", "currency", "rate", "rate_on"] {
                keys.push(format!("project.f.{g}_{f}"));
            }
        }
        keys.extend(DATES.iter().map(|d| format!("project.f.{d}")));
        let missing: Vec<&String> = keys.iter().filter(|k| !crate::i18n::has_key(k)).collect();
        assert!(missing.is_empty(), "labels missing: {missing:?}");
        assert!(keys.len() > 60, "the scan found the keys ({})", keys.len());
    }

    #[test]
    fn an_unchecked_box_means_no_and_an_edit_leaves_the_stage_alone() {
        let mut f = HashMap::new();
        f.insert("name".to_string(), " 项目 ".to_string());
        f.insert("industry".to_string(), "3841 锂离子电池制造".to_string());
        f.insert("stage".to_string(), "signed".to_string());
        let created = input_of(&f, true);
        assert_eq!(created.publishable.as_deref(), Some("false"));
        assert_eq!(created.stage.as_deref(), Some("signed"));
        assert_eq!(created.name.as_deref(), Some("项目"));
        assert_eq!(created.industry.as_deref(), Some("3841"));
        assert_eq!(created.investors.as_ref().map(Vec::len), Some(INVESTOR_ROWS));
        f.insert("publishable".to_string(), "true".to_string());
        let edited = input_of(&f, false);
        assert_eq!(edited.publishable.as_deref(), Some("true"));
        assert_eq!(edited.stage, None);
        // A field the form did not send keeps its value.
        assert_eq!(edited.zone, None);
    }
}
