//! Reference data browser: divisions by level, industries by level, regions, zones.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::Authed;
use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/reference", get(page))
}

#[derive(serde::Deserialize)]
struct RefQuery {
    tab: Option<String>,
    parent: Option<String>,
    q: Option<String>,
}

/// One row of a reference table.
struct RefRow {
    code: String,
    name: String,
    level: String,
    link: Option<String>,
    unverified: bool,
}

#[derive(Template)]
#[template(path = "reference.html")]
struct RefPage {
    ctx: Ctx,
    tab: String,
    q: String,
    crumbs: Vec<(String, String)>,
    rows: Vec<RefRow>,
}

async fn page(headers: HeaderMap, a: Authed, Query(q): Query<RefQuery>) -> Response {
    let ctx = Ctx::new(&headers, "/reference", "reference", Some(&a));
    let rd = kaifang_refdata::get();
    let tab = q.tab.clone().unwrap_or_else(|| "divisions".into());
    let text = q.q.clone().unwrap_or_default();
    let mut crumbs = vec![];
    let rows: Vec<RefRow> = match tab.as_str() {
        "industries" => {
            let parent = q.parent.clone().unwrap_or_default();
            if let Some(i) = rd.industry(&parent) {
                crumbs.push((String::new(), ctx.t.t("ref.industries").to_string()));
                crumbs.push((i.code.clone(), format!("{} {}", i.code_with_section, i.name_zh)));
            }
            let list = if text.trim().is_empty() {
                rd.industry_children(&parent)
            } else {
                rd.search_industries(&text, 200)
            };
            list.into_iter()
                .map(|i| RefRow {
                    code: i.code_with_section.clone(),
                    name: i.name_zh.clone(),
                    level: format!("{:?}", i.level),
                    link: (i.level != kaifang_refdata::IndustryLevel::Class)
                        .then(|| format!("/reference?tab=industries&parent={}", i.code)),
                    unverified: false,
                })
                .collect()
        }
        "regions" => rd
            .regions()
            .filter(|r| {
                text.is_empty()
                    || r.name_zh.contains(text.as_str())
                    || r.name_en.to_lowercase().contains(&text.to_lowercase())
                    || r.alpha2.eq_ignore_ascii_case(&text)
            })
            .map(|r| RefRow {
                code: r.alpha2.clone(),
                name: format!("{} / {}", r.name_zh, r.name_en),
                level: r.continent.clone(),
                link: None,
                unverified: false,
            })
            .collect(),
        "zones" => rd
            .zones()
            .filter(|z| text.is_empty() || z.name_zh.contains(text.as_str()))
            .map(|z| RefRow {
                code: z.id.clone(),
                name: z.name_zh.clone(),
                level: crate::api::reference::zone_kind(z.kind).to_string(),
                link: None,
                unverified: !z.verified,
            })
            .collect(),
        _ => {
            let parent = q.parent.clone().unwrap_or_else(|| "000000".into());
            for d in rd.ancestors(&parent).into_iter().chain(rd.division(&parent)) {
                crumbs.push((d.code.clone(), d.name.clone()));
            }
            let list = if text.trim().is_empty() {
                rd.children(&parent)
            } else {
                rd.search_divisions(&text, None, 200)
            };
            list.into_iter()
                .map(|d| RefRow {
                    code: d.code.clone(),
                    name: d.name.clone(),
                    level: ctx.t.t(&format!("level.{}", d.level.as_str())).to_string(),
                    link: (!rd.children(&d.code).is_empty())
                        .then(|| format!("/reference?tab=divisions&parent={}", d.code)),
                    unverified: false,
                })
                .collect()
        }
    };
    render(&RefPage {
        ctx,
        tab,
        q: text,
        crumbs,
        rows,
    })
}
