//! Special economic zones: pilot free trade zones and their areas, the Hainan
//! free trade port, and national economic and technological development zones.
//!
//! None of these rows has been checked against an official list yet, so every
//! zone is `verified: false`; the product should say so to users.

use std::collections::HashMap;

use serde::Serialize;

use crate::Refdata;
use crate::table::{code6, for_each_row};

const ZONES_CSV: &str = include_str!("../../../data/zones.csv");

/// Kind of zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    /// 自由贸易试验区, id `FTZ-SH`.
    PilotFtz,
    /// 片区 of a pilot FTZ, id `FTZ-SH-01`.
    FtzArea,
    /// 海南自由贸易港, id `HNFTP`.
    HainanFtp,
    /// 国家级经济技术开发区, id `ETDZ-001`.
    NationalEtdz,
}

/// A zone.
#[derive(Debug, Clone, Serialize)]
pub struct Zone {
    pub id: String,
    pub kind: ZoneKind,
    pub name_zh: String,
    /// The pilot FTZ an area belongs to.
    pub parent: Option<String>,
    /// Province-level division code.
    pub province: String,
    /// Prefecture code where known (not for municipalities).
    pub prefecture: Option<String>,
    /// Approval month `YYYY-MM`, where known.
    pub approved: Option<String>,
    /// Area in km² as written in the source, where known.
    pub area_km2: Option<String>,
    /// Whether the row was checked against an official source.
    pub verified: bool,
    /// NBS 2022 statistical code of the zone, where one exists.
    pub nbs_code: Option<String>,
    pub note: Option<String>,
}

pub(crate) struct ZoneTable {
    /// In file order: each pilot FTZ followed by its areas, the Hainan FTP,
    /// then the ETDZs in source order.
    list: Vec<Zone>,
    index: HashMap<String, usize>,
}

impl ZoneTable {
    pub(crate) fn parse() -> ZoneTable {
        let mut list: Vec<Zone> = Vec::with_capacity(330);
        let mut index = HashMap::with_capacity(330);
        let header = [
            "id",
            "kind",
            "name_zh",
            "parent",
            "province",
            "prefecture",
            "approved",
            "area_km2",
            "verified",
            "nbs_code",
            "note",
        ];
        for_each_row("zones.csv", ZONES_CSV, &header, |row| {
            let kind = match row.str(1) {
                "pilot_ftz" => ZoneKind::PilotFtz,
                "ftz_area" => ZoneKind::FtzArea,
                "hainan_ftp" => ZoneKind::HainanFtp,
                "national_etdz" => ZoneKind::NationalEtdz,
                _ => row.fail("unknown kind"),
            };
            let verified = match row.str(8) {
                "yes" => true,
                "no" => false,
                _ => row.fail("verified must be yes or no"),
            };
            let parent = row.opt(3);
            match (&parent, kind) {
                (Some(p), ZoneKind::FtzArea)
                    if index
                        .get(p)
                        .is_some_and(|&i: &usize| list[i].kind == ZoneKind::PilotFtz) => {}
                (None, ZoneKind::PilotFtz | ZoneKind::HainanFtp | ZoneKind::NationalEtdz) => {}
                _ => row.fail("only FTZ areas have a parent, which must be a pilot FTZ listed before"),
            }
            let province = row.string(4);
            if code6(&province).is_none_or(|c| c % 10_000 != 0) {
                row.fail("province must be a province-level code");
            }
            let id = row.string(0);
            if index.insert(id.clone(), list.len()).is_some() {
                row.fail("duplicate id");
            }
            list.push(Zone {
                id,
                kind,
                name_zh: row.string(2),
                parent,
                province,
                prefecture: row.opt(5),
                approved: row.opt(6),
                area_km2: row.opt(7),
                verified,
                nbs_code: row.opt(9),
                note: row.opt(10),
            });
        });
        ZoneTable { list, index }
    }
}

impl Refdata {
    /// The zone with this id, e.g. `FTZ-SH`, `FTZ-SH-05`, `HNFTP`, `ETDZ-001`.
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        let t = &self.zones;
        t.index.get(id).map(|&i| &t.list[i])
    }

    /// Every zone: each pilot FTZ followed by its areas, the Hainan FTP, then
    /// the national ETDZs in source order.
    pub fn zones(&self) -> impl Iterator<Item = &Zone> {
        self.zones.list.iter()
    }

    /// The areas (片区) of a pilot FTZ, in source order.
    pub fn zone_children(&self, id: &str) -> Vec<&Zone> {
        self.zones().filter(|z| z.parent.as_deref() == Some(id)).collect()
    }

    /// Zones in the province containing `province` (any six-digit division
    /// code; only its first two digits count). Empty for a malformed code.
    pub fn zones_in_province(&self, province: &str) -> Vec<&Zone> {
        if code6(province).is_none() {
            return Vec::new();
        }
        let prefix = &province[..2];
        self.zones().filter(|z| z.province.starts_with(prefix)).collect()
    }
}
