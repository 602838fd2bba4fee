//! Countries and regions investors come from (ISO 3166-1 codes, Chinese names).
//!
//! Hong Kong, Macao and Taiwan are separate source regions named 中国香港,
//! 中国澳门 and 中国台湾; mainland China (`CN`) is kept but marked domestic.
//! Kosovo (`XK`) is not in the data (see `data/SOURCES.md`).

use std::collections::HashMap;

use serde::Serialize;

use crate::Refdata;
use crate::table::for_each_row;

const COUNTRIES_CSV: &str = include_str!("../../../data/countries.csv");

/// How an investor's home region is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Mainland China.
    Domestic,
    /// Hong Kong, Macao or Taiwan (港澳台).
    HkMoTw,
    /// Any other country or region.
    Foreign,
}

/// A country or region.
#[derive(Debug, Clone, Serialize)]
pub struct Region {
    pub alpha2: String,
    pub alpha3: String,
    /// ISO 3166-1 numeric code, three digits with leading zeros.
    pub numeric: String,
    pub name_zh: String,
    pub name_en: String,
    /// Continent code: AF, AN, AS, EU, NA, OC or SA.
    pub continent: String,
    pub source_kind: SourceKind,
}

impl Region {
    /// Chinese name of the continent, e.g. 亚洲.
    pub fn continent_zh(&self) -> &'static str {
        match self.continent.as_str() {
            "AF" => "非洲",
            "AN" => "南极洲",
            "AS" => "亚洲",
            "EU" => "欧洲",
            "NA" => "北美洲",
            "OC" => "大洋洲",
            "SA" => "南美洲",
            _ => "",
        }
    }
}

pub(crate) struct RegionTable {
    /// In alpha-2 order.
    list: Vec<Region>,
    index: HashMap<[u8; 2], usize>,
}

fn alpha2_key(code: &str) -> Option<[u8; 2]> {
    match code.trim().as_bytes() {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            Some([a.to_ascii_uppercase(), b.to_ascii_uppercase()])
        }
        _ => None,
    }
}

impl RegionTable {
    pub(crate) fn parse() -> RegionTable {
        let mut list = Vec::with_capacity(250);
        let mut index = HashMap::with_capacity(250);
        let header = [
            "alpha2",
            "alpha3",
            "numeric",
            "name_zh",
            "name_en",
            "continent",
            "source_kind",
        ];
        for_each_row("countries.csv", COUNTRIES_CSV, &header, |row| {
            let alpha2 = row.str(0);
            let Some(k) = alpha2_key(alpha2).filter(|k| k == alpha2.as_bytes()) else {
                row.fail("bad alpha2")
            };
            let source_kind = match row.str(6) {
                "domestic" => SourceKind::Domestic,
                "hk_mo_tw" => SourceKind::HkMoTw,
                "foreign" => SourceKind::Foreign,
                _ => row.fail("unknown source_kind"),
            };
            if index.insert(k, list.len()).is_some() {
                row.fail("duplicate alpha2");
            }
            let region = Region {
                alpha2: alpha2.to_owned(),
                alpha3: row.string(1),
                numeric: row.string(2),
                name_zh: row.string(3),
                name_en: row.string(4),
                continent: row.string(5),
                source_kind,
            };
            if region.continent_zh().is_empty() {
                row.fail("unknown continent");
            }
            list.push(region);
        });
        RegionTable { list, index }
    }
}

impl Refdata {
    /// The region with this ISO alpha-2 code, case-insensitive.
    pub fn region(&self, alpha2: &str) -> Option<&Region> {
        let t = &self.regions;
        alpha2_key(alpha2).and_then(|k| t.index.get(&k)).map(|&i| &t.list[i])
    }

    /// Every selectable region in alpha-2 order, `CN` included (domestic).
    pub fn regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.list.iter()
    }
}
