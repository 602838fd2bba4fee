//! Reference data for pickers: divisions, industries, countries and regions, zones.

use crate::auth::Authed;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, Query};
use kaifang_service::ServiceError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DivisionQuery {
    /// Children of this division (000000 for provinces).
    pub parent: Option<String>,
    /// Name substring or code prefix.
    pub q: Option<String>,
    /// Only inside this subtree.
    pub within: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DivisionItem {
    pub code: String,
    pub name: String,
    /// national | province | prefecture | county
    pub level: String,
    pub parent: Option<String>,
    pub full_name: String,
}

fn division_item(d: &kaifang_refdata::Division) -> DivisionItem {
    DivisionItem {
        code: d.code.clone(),
        name: d.name.clone(),
        level: d.level.as_str().to_string(),
        parent: d.parent.clone(),
        full_name: kaifang_service::placement::full_name(&d.code),
    }
}

/// Divisions (MCA 2024): children of a parent, or a search.
#[utoipa::path(get, path = "/api/v1/divisions", tag = "reference", params(DivisionQuery),
    responses((status = 200, body = [DivisionItem])))]
pub async fn divisions(_a: Authed, Query(q): Query<DivisionQuery>) -> Json<Vec<DivisionItem>> {
    let rd = kaifang_refdata::get();
    let limit = q.limit.unwrap_or(50).min(500);
    let items = match (&q.q, &q.parent) {
        (Some(text), _) => rd.search_divisions(text, q.within.as_deref(), limit),
        (None, Some(parent)) => rd.children(parent),
        (None, None) => rd.children("000000"),
    };
    Json(items.into_iter().take(limit).map(division_item).collect())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DivisionDetail {
    #[serde(flatten)]
    pub division: DivisionItem,
    pub children: Vec<DivisionItem>,
    /// Set when the code is no longer in use: its current successors.
    pub retired: Option<RetiredInfo>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RetiredInfo {
    pub name: String,
    pub until_year: Option<i32>,
    pub successors: Vec<String>,
}

/// One division with its children; a retired code answers with its successors.
#[utoipa::path(get, path = "/api/v1/divisions/{code}", tag = "reference",
    params(("code" = String, Path, description = "6-digit division code")),
    responses((status = 200, body = DivisionDetail), (status = 404)))]
pub async fn division(_a: Authed, Path(code): Path<String>) -> Result<Json<DivisionDetail>, ApiError> {
    let rd = kaifang_refdata::get();
    if let Some(d) = rd.division(&code) {
        return Ok(Json(DivisionDetail {
            division: division_item(d),
            children: rd.children(&code).into_iter().map(division_item).collect(),
            retired: None,
        }));
    }
    let r = rd.retired_division(&code).ok_or(ServiceError::NotFound)?;
    Ok(Json(DivisionDetail {
        division: DivisionItem {
            code: r.code.clone(),
            name: r.name.clone(),
            level: "retired".into(),
            parent: None,
            full_name: r.name.clone(),
        },
        children: vec![],
        retired: Some(RetiredInfo {
            name: r.name.clone(),
            until_year: Some(i32::from(r.until_year)),
            successors: r.successors.clone(),
        }),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndustryQuery {
    /// Children of this code (empty for the 20 sections).
    pub parent: Option<String>,
    pub q: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndustryItem {
    pub code: String,
    pub code_with_section: String,
    /// section | division | group | class
    pub level: String,
    pub name_zh: String,
    pub parent: Option<String>,
}

/// Industry classification GB/T 4754-2017 with amendment No. 1.
#[utoipa::path(get, path = "/api/v1/industries", tag = "reference", params(IndustryQuery),
    responses((status = 200, body = [IndustryItem])))]
pub async fn industries(_a: Authed, Query(q): Query<IndustryQuery>) -> Json<Vec<IndustryItem>> {
    let rd = kaifang_refdata::get();
    let limit = q.limit.unwrap_or(50).min(2000);
    let items = match (&q.q, &q.parent) {
        (Some(t), _) => rd.search_industries(t, limit),
        (None, Some(p)) => rd.industry_children(p),
        (None, None) => rd.industry_children(""),
    };
    Json(
        items
            .into_iter()
            .take(limit)
            .map(|i| IndustryItem {
                code: i.code.clone(),
                code_with_section: i.code_with_section.clone(),
                level: format!("{:?}", i.level).to_lowercase(),
                name_zh: i.name_zh.clone(),
                parent: i.parent.clone(),
            })
            .collect(),
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionItem {
    pub alpha2: String,
    pub name_zh: String,
    pub name_en: String,
    /// domestic | hk_mo_tw | foreign
    pub source_kind: String,
}

/// Countries and regions (Hong Kong, Macao and Taiwan listed separately).
#[utoipa::path(get, path = "/api/v1/regions", tag = "reference", responses((status = 200, body = [RegionItem])))]
pub async fn regions(_a: Authed) -> Json<Vec<RegionItem>> {
    Json(
        kaifang_refdata::get()
            .regions()
            .map(|r| RegionItem {
                alpha2: r.alpha2.clone(),
                name_zh: r.name_zh.clone(),
                name_en: r.name_en.clone(),
                source_kind: match r.source_kind {
                    kaifang_refdata::SourceKind::Domestic => "domestic",
                    kaifang_refdata::SourceKind::HkMoTw => "hk_mo_tw",
                    kaifang_refdata::SourceKind::Foreign => "foreign",
                }
                .to_string(),
            })
            .collect(),
    )
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ZoneQuery {
    /// Only zones in this province (any code of it).
    pub province: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ZoneItem {
    pub id: String,
    /// pilot_ftz | ftz_area | hainan_ftp | national_etdz
    pub kind: String,
    pub name_zh: String,
    pub parent: Option<String>,
    pub province: String,
    /// false: compiled from secondary sources, to be checked against the official list.
    pub verified: bool,
}

/// Zones: pilot free trade zones and their areas, Hainan FTP, national ETDZs.
#[utoipa::path(get, path = "/api/v1/zones", tag = "reference", params(ZoneQuery),
    responses((status = 200, body = [ZoneItem])))]
pub async fn zones(_a: Authed, Query(q): Query<ZoneQuery>) -> Json<Vec<ZoneItem>> {
    let rd = kaifang_refdata::get();
    let zones: Vec<_> = match &q.province {
        Some(p) => rd.zones_in_province(p),
        None => rd.zones().collect(),
    };
    Json(
        zones
            .into_iter()
            .map(|z| ZoneItem {
                id: z.id.clone(),
                kind: zone_kind(z.kind).to_string(),
                name_zh: z.name_zh.clone(),
                parent: z.parent.clone(),
                province: z.province.clone(),
                verified: z.verified,
            })
            .collect(),
    )
}

pub fn zone_kind(k: kaifang_refdata::ZoneKind) -> &'static str {
    match k {
        kaifang_refdata::ZoneKind::PilotFtz => "pilot_ftz",
        kaifang_refdata::ZoneKind::FtzArea => "ftz_area",
        kaifang_refdata::ZoneKind::HainanFtp => "hainan_ftp",
        kaifang_refdata::ZoneKind::NationalEtdz => "national_etdz",
    }
}
