//! The project page: the record (with output and tax per mu), the stage with
//! the moves allowed now, the stage history, tranches of utilised foreign
//! capital (voided ones struck through), the task force, the service log, the
//! factor approvals (要素保障, one row per kind) and the problem cases raised
//! from the project. Officers and administrators see a form per operation
//! (`project_actions` answers them); leaders read.

use super::project_controls::{Control, Controls, error_lines};
use super::projects::{
    can_write, currency_options, grouped, industry_label, opt_grouped, refusal, signing_modes, stage_name,
    stage_options, vocab_name, vocab_options,
};
use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use crate::i18n::T;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use kaifang_domain::field_error::FieldErrors;
use kaifang_domain::projects::{self as rules, Stage};
use kaifang_service::projects::{self as svc, ApprovalView, ProjectDetail, ProjectView, TrancheView};
use std::collections::HashMap;

/// An amount with its currency, rate and dollar value, as shown.
pub struct AmountLine {
    pub amount: String,
    pub rate: String,
    pub rate_on: String,
    pub usd: String,
}

fn amount_line(a: &Option<kaifang_service::projects::AmountView>) -> Option<AmountLine> {
    a.as_ref().map(|a| AmountLine {
        amount: super::money_label(&a.amount, &a.currency),
        rate: a.rate.clone(),
        rate_on: a.rate_on.clone(),
        usd: grouped(&a.usd),
    })
}

/// The record's coded values by their names.
pub struct Record {
    pub stage: String,
    pub paused_from: String,
    pub project_type: String,
    pub lead_source: String,
    pub key_level: String,
    pub key_listed_by: String,
    pub zone: String,
    pub source_region: String,
    /// Name, country or region.
    pub investors: Vec<(String, String)>,
    pub signing_mode: String,
    pub industry: String,
    pub total: Option<AmountLine>,
    pub contracted: Option<AmountLine>,
    pub utilised: String,
    pub output: String,
    pub tax: String,
    pub output_per_mu: String,
    pub tax_per_mu: String,
}

fn record(t: &T, p: &ProjectView) -> Record {
    let en = t.is_en();
    Record {
        stage: stage_name(t, &p.stage),
        paused_from: p.paused_from.as_deref().map(|s| stage_name(t, s)).unwrap_or_default(),
        project_type: vocab_name(t, rules::TYPES, &p.project_type),
        lead_source: vocab_name(t, rules::LEAD_SOURCES, &p.lead_source),
        key_level: vocab_name(t, rules::KEY_LEVELS, &p.key_level),
        key_listed_by: p
            .key_listed_by
            .as_deref()
            .map(super::division_label)
            .unwrap_or_default(),
        zone: p
            .zone
            .as_deref()
            .map(|z| {
                kaifang_refdata::get()
                    .zone(z)
                    .map_or(z.to_string(), |z| z.name_zh.clone())
            })
            .unwrap_or_default(),
        source_region: super::region_name(&p.source_region, en),
        investors: p
            .investors
            .iter()
            .map(|i| {
                (
                    i.name.clone().unwrap_or_default(),
                    i.region
                        .as_deref()
                        .map(|r| super::region_name(r, en))
                        .unwrap_or_default(),
                )
            })
            .collect(),
        signing_mode: p
            .signing_mode
            .as_deref()
            .map(|m| t.t(&format!("project.signing.{m}")).to_string())
            .unwrap_or_default(),
        industry: industry_label(&p.industry),
        total: amount_line(&p.total_investment),
        contracted: amount_line(&p.contracted_fdi),
        utilised: grouped(&p.utilised_fdi_usd),
        output: opt_grouped(&p.expected_output),
        tax: opt_grouped(&p.expected_tax),
        output_per_mu: opt_grouped(&p.output_per_mu),
        tax_per_mu: opt_grouped(&p.tax_per_mu),
    }
}

pub struct StageLine {
    pub on: String,
    pub at: String,
    pub from: String,
    pub to: String,
    pub actor: String,
    pub evidence: String,
}

pub struct TrancheLine {
    pub id: i64,
    pub received_on: String,
    pub amount: String,
    pub rate: String,
    pub rate_on: String,
    pub usd: String,
    pub note: String,
    pub recorded_by: String,
    pub voided: bool,
    pub voided_by: String,
    pub void_reason: String,
    /// The void form's message and what was typed, when that form was refused.
    pub void_error: Option<String>,
    pub void_value: String,
}

pub struct MemberLine {
    pub id: i64,
    pub role: String,
    pub name: String,
    pub username: String,
    pub department: String,
    pub phone: String,
    pub added_on: String,
    pub removed_on: String,
}

pub struct LogLine {
    pub kind: String,
    pub on: String,
    pub participants: String,
    pub outcome: String,
    pub recorded_by: String,
}

/// One factor approval, or the kind not yet recorded.
pub struct ApprovalLine {
    pub kind: String,
    pub recorded: bool,
    pub department: String,
    pub started_on: String,
    pub due_days: String,
    pub due_on: String,
    pub provisional: bool,
    pub overdue: bool,
    pub status: String,
    pub status_code: String,
    pub done_on: String,
    pub documents: String,
    pub note: String,
    pub case: String,
}

pub struct ProblemLine {
    pub number: String,
    pub status: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "projects/detail.html")]
pub(super) struct DetailPage {
    ctx: Ctx,
    p: ProjectView,
    r: Record,
    stages: Vec<StageLine>,
    tranches: Vec<TrancheLine>,
    team: Vec<MemberLine>,
    log: Vec<LogLine>,
    approvals: Vec<ApprovalLine>,
    cases: Vec<ProblemLine>,
    can_write: bool,
    can_tranche: bool,
    /// The refused form's messages ("field: message"), a conflict, the stages allowed now.
    errors: Vec<String>,
    conflict: Option<String>,
    allowed_hint: String,
    f: Forms,
}

/// A form of the project page that was refused: which, what was typed, why.
#[derive(Default)]
pub(super) struct Refused {
    /// stage, tranche, void{id}, team, remove, log or approval.
    pub form: String,
    pub values: HashMap<String, String>,
    pub errors: FieldErrors,
    pub conflict: Option<String>,
    pub allowed: Vec<String>,
}

/// The forms of the project page. The refused one keeps what was typed and
/// shows its messages; the others start empty.
pub struct Forms {
    pub stage: Vec<Control>,
    /// The contracted capital and signing mode, when signing is among the moves.
    pub signing: Vec<Control>,
    pub tranche: Vec<Control>,
    pub team: Vec<Control>,
    pub log: Vec<Control>,
    pub approval: Vec<Control>,
}

impl Forms {
    fn all(&self) -> Vec<&[Control]> {
        vec![
            &self.stage,
            &self.signing,
            &self.tranche,
            &self.team,
            &self.log,
            &self.approval,
        ]
    }
}

fn forms(t: T, allowed: &[Stage], refused: &Refused) -> Forms {
    let none = HashMap::new();
    let no_errors = FieldErrors::new();
    let of = |form: &'static str| {
        if refused.form == form {
            Controls::new(t, form, &refused.values, &refused.errors)
        } else {
            Controls::new(t, form, &none, &no_errors)
        }
    };
    let c = of("stage");
    let stage = vec![
        c.select("to", "project.f.to", stage_options(&t, allowed)).required(),
        c.date("on", "project.f.on").hint(t.t("project.hint.on")),
        c.area("evidence", "project.f.evidence")
            .hint(t.t("project.hint.evidence")),
    ];
    let signing = if allowed.contains(&Stage::Signed) {
        vec![
            c.text("contracted_amount", "project.f.contracted_amount"),
            c.select(
                "contracted_currency",
                "project.f.contracted_currency",
                currency_options(&t),
            )
            .or_value("USD"),
            c.text("contracted_rate", "project.f.contracted_rate")
                .hint(t.t("project.hint.rate")),
            c.date("contracted_rate_on", "project.f.contracted_rate_on")
                .hint(t.t("project.hint.rate_on_signing")),
            c.select("signing_mode", "project.f.signing_mode", signing_modes(&t)),
        ]
    } else {
        vec![]
    };
    let c = of("tranche");
    let tranche = vec![
        c.date("received_on", "project.f.received_on").required(),
        c.text("amount", "project.f.amount").required(),
        c.select("currency", "project.f.currency", currency_options(&t))
            .required()
            .or_value("USD"),
        c.text("rate", "project.f.rate").hint(t.t("project.hint.rate")),
        c.date("rate_on", "project.f.rate_on").hint(t.t("project.hint.rate_on")),
        c.text("note", "project.f.note"),
    ];
    let c = of("team");
    let team = vec![
        c.select("role", "project.f.role", vocab_options(&t, rules::TEAM_ROLES))
            .required()
            .or_value("member"),
        c.text("username", "project.f.username")
            .hint(t.t("project.hint.username")),
        c.text("name", "project.f.member_name"),
        c.text("department", "project.f.department").required(),
        c.text("phone", "project.f.phone"),
    ];
    let c = of("log");
    let log = vec![
        c.select("kind", "project.f.log_kind", vocab_options(&t, rules::LOG_KINDS))
            .required(),
        c.date("on", "project.f.log_on"),
        c.text("participants", "project.f.participants").required(),
        c.area("outcome", "project.f.outcome").required(),
    ];
    let c = of("approval");
    let approval = vec![
        c.select(
            "kind",
            "project.f.approval_kind",
            vocab_options(&t, rules::APPROVAL_KINDS),
        )
        .required(),
        c.text("department", "project.f.approval_department"),
        c.date("started_on", "project.f.started_on"),
        c.number("due_days", "project.f.due_days")
            .hint(t.t("project.hint.due_days")),
        c.select(
            "status",
            "project.f.status",
            vocab_options(&t, rules::APPROVAL_STATUSES),
        ),
        c.date("done_on", "project.f.done_on"),
        c.text("documents", "project.f.documents"),
        c.text("note", "project.f.approval_note"),
        c.area("problem", "project.f.problem").hint(t.t("project.hint.problem")),
    ];
    Forms {
        stage,
        signing,
        tranche,
        team,
        log,
        approval,
    }
}

/// The tranches; a refused void form keeps its reason and message on its row.
fn tranche_lines(t: &T, tranches: &[TrancheView], refused: &Refused) -> Vec<TrancheLine> {
    let void_form = refused.form.strip_prefix("void").and_then(|id| id.parse::<i64>().ok());
    tranches
        .iter()
        .map(|x| {
            let here = void_form == Some(x.id);
            TrancheLine {
                id: x.id,
                received_on: x.received_on.clone(),
                amount: super::money_label(&x.amount, &x.currency),
                rate: x.rate.clone(),
                rate_on: x.rate_on.clone(),
                usd: grouped(&x.usd),
                note: x.note.clone().unwrap_or_default(),
                recorded_by: x.recorded_by.clone(),
                voided: x.voided,
                voided_by: x.voided_by.clone().unwrap_or_default(),
                void_reason: x.void_reason.clone().unwrap_or_default(),
                void_error: refused
                    .errors
                    .for_field("reason")
                    .filter(|_| here)
                    .map(|e| e.message.get(t.is_en()).to_string()),
                void_value: refused
                    .values
                    .get("reason")
                    .filter(|_| here)
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// One row per kind of factor approval, recorded or not.
fn approval_lines(t: &T, approvals: &[ApprovalView]) -> Vec<ApprovalLine> {
    rules::APPROVAL_KINDS
        .iter()
        .map(|(kind, zh, en)| {
            let found = approvals.iter().find(|x| x.kind == *kind);
            let s = |v: Option<&Option<String>>| v.and_then(Clone::clone).unwrap_or_default();
            ApprovalLine {
                kind: t.pick(zh, en).to_string(),
                recorded: found.is_some(),
                department: found.map(|x| x.department.clone()).unwrap_or_default(),
                started_on: s(found.map(|x| &x.started_on)),
                due_days: found
                    .and_then(|x| x.due_days)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                due_on: s(found.map(|x| &x.due_on)),
                provisional: found.is_some_and(|x| x.due_provisional),
                overdue: found.is_some_and(|x| x.overdue),
                status: found.map_or_else(
                    || t.t("project.approval_none").to_string(),
                    |x| vocab_name(t, rules::APPROVAL_STATUSES, &x.status),
                ),
                status_code: found.map_or_else(|| "none".to_string(), |x| x.status.clone()),
                done_on: s(found.map(|x| &x.done_on)),
                documents: s(found.map(|x| &x.documents)),
                note: s(found.map(|x| &x.note)),
                case: s(found.map(|x| &x.case)),
            }
        })
        .collect()
}

pub(super) fn detail_page(ctx: Ctx, a: &Authed, d: ProjectDetail, refused: Refused) -> DetailPage {
    let t = ctx.t;
    let p = d.project;
    let allowed: Vec<Stage> = p.allowed.iter().filter_map(|s| Stage::parse(s)).collect();
    let f = forms(t, &allowed, &refused);
    let errors = error_lines(&t, &refused.errors, &f.all());
    let sep = if t.is_en() { ", " } else { "、" };
    let allowed_hint = refused
        .allowed
        .iter()
        .map(|s| stage_name(&t, s))
        .collect::<Vec<_>>()
        .join(sep);
    // Utilised capital is recorded from signing on (a paused project by the stage it paused in).
    let effective = match Stage::parse(&p.stage) {
        Some(Stage::Paused) => p.paused_from.as_deref().and_then(Stage::parse),
        s => s,
    };
    DetailPage {
        r: record(&t, &p),
        stages: d
            .stages
            .iter()
            .map(|e| StageLine {
                on: e.on.clone(),
                at: super::short_time(&e.at),
                from: e.from_stage.as_deref().map(|s| stage_name(&t, s)).unwrap_or_default(),
                to: stage_name(&t, &e.to_stage),
                actor: e.actor.clone(),
                evidence: match e.evidence.as_deref() {
                    Some("registered") => t.t("project.registered").to_string(),
                    other => other.unwrap_or_default().to_string(),
                },
            })
            .collect(),
        tranches: tranche_lines(&t, &d.tranches, &refused),
        team: d
            .team
            .iter()
            .map(|m| MemberLine {
                id: m.id,
                role: vocab_name(&t, rules::TEAM_ROLES, &m.role),
                name: m.name.clone(),
                username: m.username.clone().unwrap_or_default(),
                department: m.department.clone(),
                phone: m.phone.clone().unwrap_or_default(),
                added_on: m.added_on.clone(),
                removed_on: m.removed_on.clone().unwrap_or_default(),
            })
            .collect(),
        log: d
            .log
            .iter()
            .map(|l| LogLine {
                kind: vocab_name(&t, rules::LOG_KINDS, &l.kind),
                on: l.on.clone(),
                participants: l.participants.clone(),
                outcome: l.outcome.clone(),
                recorded_by: l.recorded_by.clone(),
            })
            .collect(),
        approvals: approval_lines(&t, &d.approvals),
        cases: d
            .cases
            .iter()
            .map(|c| ProblemLine {
                number: c.number.clone(),
                status: super::cases::label(&t, "case.status", &c.status),
                title: c.title.clone(),
            })
            .collect(),
        can_write: can_write(a),
        can_tranche: effective.and_then(Stage::rank) >= Stage::Signed.rank(),
        errors,
        conflict: refused.conflict,
        allowed_hint,
        f,
        p,
        ctx,
    }
}

pub(super) async fn detail(
    State(s): State<AppState>,
    headers: HeaderMap,
    a: Authed,
    Path(number): Path<String>,
) -> Response {
    let ctx = Ctx::new(&headers, &format!("/projects/{number}"), "projects", Some(&a));
    if let Some(e) = refusal(&a, false) {
        return super::error_page(ctx, e);
    }
    match svc::get(&s.store, &a.principal, &number).await {
        Ok(d) => render(&detail_page(ctx, &a, d, Refused::default())),
        Err(e) => super::error_page(ctx, e),
    }
}
