//! Deterministic synthetic data at China scale, for benchmarks: FIEs over every
//! county in rough proportion to regional weight, investors from realistic
//! source regions (Hong Kong by far the largest). The same seed gives the same data.
//!
//! The weights below are approximations chosen to give a realistic *shape* of
//! load (a few coastal provinces hold most FIEs; most investment comes through
//! Hong Kong); they are not statistics and must not be quoted as such.

use kaifang_domain::jurisdiction::DivisionLevel;
use kaifang_store::enterprises::{EnterpriseWrite, InvestorRow};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// How much data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// About 10,000 FIEs in Jiangsu.
    Small,
    /// About 150,000 FIEs in Jiangsu.
    Province,
    /// About 1,200,000 FIEs over all 2,846 counties.
    National,
}

impl Scale {
    pub fn enterprises(self) -> usize {
        match self {
            Scale::Small => 10_000,
            Scale::Province => 150_000,
            Scale::National => 1_200_000,
        }
    }
}

/// Relative weight of each province-level unit (by its 2-digit prefix) in the
/// national FIE population: approximate, for load shape only (see module doc).
pub const PROVINCE_WEIGHTS: &[(&str, u32)] = &[
    ("44", 250), // Guangdong
    ("32", 120), // Jiangsu
    ("31", 110), // Shanghai
    ("33", 70),  // Zhejiang
    ("11", 60),  // Beijing
    ("37", 45),  // Shandong
    ("35", 45),  // Fujian
    ("12", 25),  // Tianjin
    ("21", 25),  // Liaoning
    ("51", 20),  // Sichuan
    ("42", 18),  // Hubei
    ("50", 15),  // Chongqing
    ("46", 15),  // Hainan
    ("34", 12),  // Anhui
    ("43", 12),  // Hunan
    ("41", 12),  // Henan
    ("36", 12),  // Jiangxi
    ("13", 12),  // Hebei
    ("61", 10),  // Shaanxi
    ("45", 10),  // Guangxi
    ("53", 8),   // Yunnan
    ("22", 6),   // Jilin
    ("23", 6),   // Heilongjiang
    ("14", 5),   // Shanxi
    ("52", 4),   // Guizhou
    ("15", 4),   // Inner Mongolia
    ("65", 3),   // Xinjiang
    ("62", 2),   // Gansu
    ("64", 2),   // Ningxia
    ("63", 1),   // Qinghai
    ("54", 1),   // Tibet
];

/// Source regions of the largest investor, with relative weights (approximate, load shape only).
pub const SOURCE_WEIGHTS: &[(&str, u32)] = &[
    ("HK", 560),
    ("VG", 60),
    ("SG", 50),
    ("TW", 60),
    ("JP", 55),
    ("KR", 45),
    ("US", 40),
    ("DE", 20),
    ("KY", 20),
    ("MO", 10),
    ("GB", 12),
    ("FR", 8),
    ("NL", 8),
    ("AU", 6),
    ("CA", 6),
    ("MY", 8),
    ("TH", 4),
    ("CH", 5),
    ("IT", 5),
    ("SA", 2),
];

const BRANDS: &[&str] = &[
    "富华", "达丰", "新晟", "恒硕", "莱茵", "樱花", "凯德", "泰科", "仁宝", "纬创", "康宁", "霍尼", "丰益", "住友",
    "东丽", "晶元", "友达", "可成", "正新", "嘉里", "华硕", "旺達", "瑞丰", "明通", "大昌", "利丰", "信和", "新鸿",
    "九龙", "太古", "怡和", "永安",
];
const TRADES: &[(&str, &[&str])] = &[
    (
        "精密电子",
        &["3971", "3972", "3973", "3974", "3976", "3979", "3982", "3989"],
    ),
    ("汽车零部件", &["3670", "3660"]),
    ("新能源", &["3841", "3842", "3849", "3825"]),
    ("医疗器械", &["3581", "3582", "3584", "3589"]),
    ("化工", &["2614", "2619", "2621", "2641", "2661", "2669"]),
    ("食品", &["1391", "1431", "1432", "1439", "1491"]),
    ("机械", &["3411", "3421", "3441", "3461", "3491", "3511"]),
    ("纺织服装", &["1711", "1712", "1713", "1811", "1819"]),
    ("物流", &["5430", "5941", "5942", "6020"]),
    ("商贸", &["5171", "5172", "5176", "5179", "5191"]),
    ("软件", &["6511", "6512", "6513", "6519", "6520"]),
    ("咨询", &["7241", "7242", "7243", "7249"]),
    ("研发", &["7320", "7340", "7350"]),
    ("房地产", &["7010", "7020", "7040"]),
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭", "何", "林",
];
const GIVEN: &[&str] = &[
    "建国", "晓明", "丽华", "志强", "海燕", "文静", "立新", "佳怡", "子涵", "国强", "雪梅", "宏伟", "敏", "磊", "静",
];

fn weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut x = rng.gen_range(0..total);
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &items[0].0
}

/// Counties to place records in, each with a cumulative weight.
pub struct CountyTable {
    counties: Vec<(String, String, u64)>,
    total: u64,
}

impl CountyTable {
    /// All counties (`province` None) or those of one province, weighted by the
    /// province weight and, within it, districts 3 : county-level cities 2 : counties 1.
    pub fn new(province: Option<&str>) -> CountyTable {
        let rd = kaifang_refdata::get();
        let mut counties = vec![];
        let mut total = 0u64;
        for d in rd.counties() {
            let prov = d.province.clone().unwrap_or_default();
            if province.is_some_and(|p| p != prov) {
                continue;
            }
            let pw = PROVINCE_WEIGHTS
                .iter()
                .find(|(p, _)| prov.starts_with(p))
                .map(|(_, w)| *w as u64)
                .unwrap_or(1);
            let local = if d.name.ends_with('区') {
                3
            } else if d.name.ends_with('市') {
                2
            } else {
                1
            };
            // Scale so every province's counties share its weight regardless of their number.
            let siblings = rd.counties().filter(|c| c.province == d.province).count().max(1) as u64;
            total += (pw * 1_000 * local) / siblings + 1;
            counties.push((d.code.clone(), d.name.clone(), total));
        }
        debug_assert!(
            counties
                .iter()
                .all(|c| rd.division(&c.0).is_some_and(|d| d.level == DivisionLevel::County))
        );
        CountyTable { counties, total }
    }

    pub fn pick(&self, rng: &mut StdRng) -> &(String, String, u64) {
        let x = rng.gen_range(0..self.total);
        let i = self.counties.partition_point(|c| c.2 <= x);
        &self.counties[i.min(self.counties.len() - 1)]
    }

    pub fn len(&self) -> usize {
        self.counties.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counties.is_empty()
    }
}

/// A unique, valid credit code for the n-th seeded enterprise in `division`.
pub fn seeded_uscc(n: u64, division: &str) -> String {
    let alphabet = kaifang_domain::uscc::ALPHABET.as_bytes();
    let mut body = format!("91{division}");
    // The 9-character organisation part encodes n in base 31, so codes never repeat.
    let mut digits = [0u8; 9];
    let mut x = n;
    for d in digits.iter_mut().rev() {
        *d = alphabet[(x % 31) as usize];
        x /= 31;
    }
    body.push_str(std::str::from_utf8(&digits).expect("ASCII alphabet"));
    let c = kaifang_domain::uscc::check_digit(&body).expect("body drawn from the alphabet");
    body.push(c);
    body
}

/// The n-th synthetic enterprise.
pub fn enterprise(rng: &mut StdRng, n: u64, counties: &CountyTable) -> EnterpriseWrite {
    let rd = kaifang_refdata::get();
    let (code, county_name, _) = counties.pick(rng);
    let placement = kaifang_service::placement::of_division("division", code).expect("county from reference data");
    let city = placement
        .prefecture
        .as_deref()
        .or(placement.province.as_deref())
        .and_then(|c| rd.division(c))
        .map(|d| d.name.trim_end_matches(['市', '省', '州', '盟']).to_string())
        .unwrap_or_default();
    let (trade, classes) = TRADES[rng.gen_range(0..TRADES.len())];
    let industry = classes[rng.gen_range(0..classes.len())];
    let industry = rd
        .industry(industry)
        .map(|i| i.code.clone())
        .unwrap_or_else(|| "3979".into());
    let section = rd
        .industry(&industry)
        .map(|i| i.section.to_string())
        .unwrap_or_else(|| "C".into());
    let brand = BRANDS[rng.gen_range(0..BRANDS.len())];
    let region = weighted(rng, SOURCE_WEIGHTS).to_string();
    let share = if rng.gen_bool(0.75) {
        10_000
    } else {
        rng.gen_range(2_500..=9_000)
    };
    let mut investors = vec![InvestorRow {
        name: format!("{brand}投资控股有限公司"),
        region: region.clone(),
        share_bp: Some(share),
    }];
    if share < 10_000 && rng.gen_bool(0.4) {
        investors.push(InvestorRow {
            name: format!("{brand} Partners Ltd."),
            region: weighted(rng, SOURCE_WEIGHTS).to_string(),
            share_bp: Some(rng.gen_range(100..=(10_000 - share))),
        });
    }
    let year = rng.gen_range(1992..=2025);
    EnterpriseWrite {
        uscc: seeded_uscc(n, code),
        name_zh: format!("{city}{brand}{trade}有限公司"),
        name_en: None,
        address: Some(format!(
            "{county_name}{}路{}号",
            ["人民", "建设", "解放", "中山", "科技", "工业"][rng.gen_range(0..6)],
            rng.gen_range(1..999)
        )),
        industry,
        industry_section: section,
        zone: None,
        established_on: Some(format!(
            "{year}-{:02}-{:02}",
            rng.gen_range(1..=12),
            rng.gen_range(1..=28)
        )),
        capital_minor: Some(rng.gen_range(10..=50_000) * 10_000_000),
        capital_currency: Some(if rng.gen_bool(0.55) { "USD" } else { "CNY" }.into()),
        controller_region: Some(region),
        status: if rng.gen_bool(0.06) {
            "deregistered".into()
        } else {
            "operating".into()
        },
        deregistered_on: None,
        liaison_name: Some(format!(
            "{}{}",
            SURNAMES[rng.gen_range(0..SURNAMES.len())],
            GIVEN[rng.gen_range(0..GIVEN.len())]
        )),
        liaison_phone: Some(format!(
            "0{}-{}",
            rng.gen_range(10..=999),
            rng.gen_range(20_000_000..=89_999_999)
        )),
        is_key: rng.gen_bool(0.05),
        supplier_of: None,
        placement,
        investors,
    }
}

/// Generator state for one seeding run.
pub struct Seeder {
    rng: StdRng,
    counties: CountyTable,
    next: u64,
}

impl Seeder {
    pub fn new(scale: Scale, seed: u64) -> Seeder {
        let province = match scale {
            Scale::National => None,
            _ => Some("320000"),
        };
        Seeder {
            rng: StdRng::seed_from_u64(seed),
            counties: CountyTable::new(province),
            next: 0,
        }
    }

    /// The next `n` enterprises.
    pub fn batch(&mut self, n: usize) -> Vec<EnterpriseWrite> {
        (0..n)
            .map(|_| {
                let e = enterprise(&mut self.rng, self.next, &self.counties);
                self.next += 1;
                e
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_data_and_codes_are_valid_and_unique() {
        let a = Seeder::new(Scale::Small, 7).batch(500);
        let b = Seeder::new(Scale::Small, 7).batch(500);
        assert_eq!(a, b);
        let mut codes: Vec<&str> = a.iter().map(|e| e.uscc.as_str()).collect();
        assert!(codes.iter().all(|c| kaifang_domain::uscc::Uscc::parse(c).is_ok()));
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 500);
    }

    #[test]
    fn national_data_covers_many_provinces_with_hong_kong_the_largest_source() {
        let batch = Seeder::new(Scale::National, 1).batch(20_000);
        let provinces: std::collections::HashSet<_> = batch.iter().map(|e| e.placement.province.clone()).collect();
        assert!(provinces.len() >= 25, "{}", provinces.len());
        let hk = batch.iter().filter(|e| e.investors[0].region == "HK").count();
        assert!(hk > batch.len() / 2, "{hk}");
        let gd = batch
            .iter()
            .filter(|e| e.placement.province.as_deref() == Some("440000"))
            .count();
        let qh = batch
            .iter()
            .filter(|e| e.placement.province.as_deref() == Some("630000"))
            .count();
        assert!(gd > 20 * qh.max(1), "{gd} vs {qh}");
    }

    #[test]
    fn province_scale_stays_in_jiangsu() {
        let batch = Seeder::new(Scale::Province, 1).batch(2_000);
        assert!(batch.iter().all(|e| e.placement.province.as_deref() == Some("320000")));
    }
}
