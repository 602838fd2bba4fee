//! Demo data: the Jiangsu province tree (province, Nanjing and Suzhou, four
//! counties), an officer and a leader at each level, and about 300 plausible
//! FIEs — deterministic, so every newcomer sees the same data.

use kaifang_domain::uscc;
use kaifang_service::enterprises::{EnterpriseInput, InvestorInput};
use kaifang_service::users::NewUserInput;
use kaifang_store::Store;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Password of every demo account (demo databases only).
pub const DEMO_PASSWORD: &str = "Demo-2026-kaifang";

/// The demo divisions: code, account prefix.
pub const DIVISIONS: &[(&str, &str)] = &[
    ("320000", "js"),
    ("320100", "nj"),
    ("320500", "sz"),
    ("320102", "xuanwu"),
    ("320115", "jiangning"),
    ("320506", "wuzhong"),
    ("320583", "kunshan"),
];

const COUNTIES: &[(&str, &str, &str)] = &[
    ("320102", "南京", "玄武"),
    ("320115", "南京", "江宁"),
    ("320506", "苏州", "吴中"),
    ("320583", "昆山", "昆山"),
];

const BRANDS: &[&str] = &[
    "富华",
    "达丰",
    "捷普",
    "新晟",
    "恒硕",
    "博世",
    "莱茵",
    "松下",
    "三星",
    "樱花",
    "海斯坦",
    "德尔福",
    "安波",
    "凯德",
    "泰科",
    "华硕",
    "仁宝",
    "纬创",
    "伟创力",
    "康宁",
    "西门子",
    "施耐德",
    "霍尼",
    "巴斯夫",
    "拜耳",
    "欧姆龙",
    "电装",
    "爱信",
    "大金",
    "日立",
    "乐金",
    "晶元",
    "友达",
    "可成",
    "正新",
    "统一",
    "旺旺",
    "康师傅",
    "嘉里",
    "新加坡丰益",
    "丰田通商",
    "住友",
    "三菱",
    "东丽",
    "蒂森",
];

const TRADES: &[(&str, &str, char)] = &[
    ("精密电子", "Precision Electronics", 'C'),
    ("汽车零部件", "Auto Parts", 'C'),
    ("新能源科技", "New Energy Technology", 'C'),
    ("医疗器械", "Medical Devices", 'C'),
    ("半导体", "Semiconductor", 'C'),
    ("光电", "Optoelectronics", 'C'),
    ("化工", "Chemicals", 'C'),
    ("食品", "Foods", 'C'),
    ("机械", "Machinery", 'C'),
    ("新材料", "Advanced Materials", 'C'),
    ("物流", "Logistics", 'G'),
    ("商贸", "Trading", 'F'),
    ("软件", "Software", 'I'),
    ("管理咨询", "Management Consulting", 'L'),
    ("研发中心", "R&D Center", 'M'),
];

/// Industry class prefixes per trade (first match in the classification is used).
const TRADE_INDUSTRIES: &[&[&str]] = &[
    &["3971", "3972", "3973", "3974", "3976", "3979", "3982", "3989"],
    &["3670", "3660"],
    &["3841", "3842", "3849", "3825"],
    &["3581", "3582", "3583", "3584", "3585", "3586", "3589"],
    &["3972", "3973", "3985"],
    &["3976", "3974", "3975"],
    &["2614", "2619", "2621", "2631", "2641", "2651", "2661", "2662", "2669"],
    &["1391", "1431", "1432", "1439", "1451", "1491", "1499"],
    &["3411", "3421", "3431", "3441", "3451", "3461", "3491", "3511", "3521"],
    &["3091", "3099", "2921", "2929", "3240"],
    &["5430", "5941", "5942", "5990", "6020"],
    &["5171", "5172", "5176", "5179", "5191", "5199"],
    &["6511", "6512", "6513", "6519", "6520", "6531"],
    &["7241", "7242", "7243", "7249"],
    &["7320", "7330", "7340", "7350", "7511", "7512", "7513", "7514", "7519"],
];

/// Source regions with weights (Hong Kong the largest by far) and investor name styles.
const SOURCES: &[(&str, u32, &str, &str)] = &[
    ("HK", 50, "香港", "(Hong Kong) Holdings Limited"),
    ("SG", 8, "新加坡", "(Singapore) Pte. Ltd."),
    ("TW", 8, "台湾", "Co., Ltd."),
    ("JP", 8, "日本", "Kabushiki Kaisha"),
    ("KR", 6, "韩国", "Co., Ltd."),
    ("US", 5, "美国", "Inc."),
    ("DE", 5, "德国", "GmbH"),
    ("VG", 4, "英属维尔京群岛", "Investment Ltd."),
    ("KY", 2, "开曼群岛", "Holdings Ltd."),
    ("GB", 1, "英国", "plc"),
    ("FR", 1, "法国", "S.A."),
    ("NL", 1, "荷兰", "B.V."),
    ("MO", 1, "澳门", "Limitada"),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭",
];
const GIVEN: &[&str] = &[
    "建国", "晓明", "丽华", "志强", "海燕", "文静", "立新", "佳怡", "子涵", "国强", "雪梅", "宏伟",
];

fn pick<'a, T>(rng: &mut StdRng, xs: &'a [T]) -> &'a T {
    &xs[rng.gen_range(0..xs.len())]
}

fn source(rng: &mut StdRng) -> &'static (&'static str, u32, &'static str, &'static str) {
    let total: u32 = SOURCES.iter().map(|s| s.1).sum();
    let mut x = rng.gen_range(0..total);
    for s in SOURCES {
        if x < s.1 {
            return s;
        }
        x -= s.1;
    }
    &SOURCES[0]
}

/// A valid credit code for an enterprise (type 91) registered in `division`.
pub fn make_uscc(rng: &mut StdRng, division: &str) -> String {
    let mut body = format!("91{division}");
    for _ in 0..9 {
        body.push(uscc::ALPHABET.as_bytes()[rng.gen_range(0..uscc::ALPHABET.len())] as char);
    }
    let c = uscc::check_digit(&body).expect("body drawn from the alphabet");
    body.push(c);
    body
}

/// Loads the demo data into an empty roster; returns a summary to print, or
/// None if the roster already has records.
pub async fn load(store: &Store) -> anyhow::Result<Option<String>> {
    let p = crate::commands::cli_principal();
    let existing = kaifang_service::enterprises::count(store, &p, &Default::default(), 1)
        .await
        .map_err(|e| anyhow::anyhow!(crate::commands::describe(&e)))?;
    if existing > 0 {
        return Ok(None);
    }
    let mut summary = String::from("演示数据已加载 / demo data loaded. 演示账号 / demo accounts (password 密码: ");
    summary.push_str(DEMO_PASSWORD);
    summary.push_str(")\n");
    let rd = kaifang_refdata::get();
    let mut accounts = vec![("js_admin".to_string(), "admin", "320000")];
    for (code, prefix) in DIVISIONS {
        accounts.push((format!("{prefix}_officer"), "officer", code));
        accounts.push((format!("{prefix}_leader"), "leader", code));
    }
    for (username, role, division) in &accounts {
        let name = rd.division(division).map(|d| d.name.clone()).unwrap_or_default();
        let display = format!(
            "{name}{}",
            match *role {
                "admin" => "管理员",
                "officer" => "商务局业务员",
                _ => "分管领导",
            }
        );
        create_user(store, username, role, Some(division), None, &display).await?;
        summary.push_str(&format!("  {username:<20} {role:<10} {division} {name}\n"));
    }
    let mut rng = StdRng::seed_from_u64(20_261_122);
    let mut key_codes: Vec<String> = vec![];
    let mut by_county: Vec<Vec<String>> = vec![vec![]; COUNTIES.len()];
    let mut first_code = None;
    // Every (brand, trade) pair once, in a seeded order: plausible names without repeats.
    let mut pairs: Vec<(usize, usize)> = (0..BRANDS.len())
        .flat_map(|b| (0..TRADES.len()).map(move |t| (b, t)))
        .collect();
    for i in (1..pairs.len()).rev() {
        pairs.swap(i, rng.gen_range(0..=i));
    }
    for (i, &(b, t)) in pairs.iter().take(300).enumerate() {
        let (county, city, short) = COUNTIES[i % COUNTIES.len()];
        let (trade_zh, trade_en, _) = TRADES[t];
        let industry = TRADE_INDUSTRIES[t]
            .iter()
            .copied()
            .filter(|c| rd.industry(c).is_some())
            .nth(rng.gen_range(0..TRADE_INDUSTRIES[t].len()))
            .or_else(|| TRADE_INDUSTRIES[t].iter().copied().find(|c| rd.industry(c).is_some()))
            .unwrap_or("3979");
        let brand = BRANDS[b];
        let src = source(&mut rng);
        let name_zh = format!("{city}{brand}{trade_zh}有限公司");
        let uscc = make_uscc(&mut rng, county);
        let year = rng.gen_range(1995..=2025);
        let capital = rng.gen_range(1..=500) * 100_000;
        let zones: Vec<_> = rd
            .zones_in_province("320000")
            .into_iter()
            .filter(|z| z.name_zh.contains(short))
            .collect();
        let zone = (!zones.is_empty() && rng.gen_bool(0.4)).then(|| zones[rng.gen_range(0..zones.len())].id.clone());
        let share: u32 = if rng.gen_bool(0.7) { 100 } else { rng.gen_range(25..=90) };
        let mut investors = vec![InvestorInput {
            name: Some(
                format!(
                    "{}{}{}",
                    src.2,
                    brand,
                    if src.0 == "HK" {
                        "投资有限公司"
                    } else {
                        "株式会社"
                    }
                )
                .replace(
                    "株式会社",
                    if src.0 == "JP" {
                        "株式会社"
                    } else {
                        "控股有限公司"
                    },
                ),
            ),
            region: Some(src.0.into()),
            share: Some(share.to_string()),
        }];
        if share < 100 && rng.gen_bool(0.5) {
            let s2 = source(&mut rng);
            investors.push(InvestorInput {
                name: Some(format!("{} {} {}", brand_en(brand), trade_en, s2.3)),
                region: Some(s2.0.into()),
                share: Some(rng.gen_range(1..=(100 - share)).to_string()),
            });
        }
        let is_key = rng.gen_bool(0.12);
        let supplier_of = if !is_key && !key_codes.is_empty() && rng.gen_bool(0.08) {
            Some(key_codes[rng.gen_range(0..key_codes.len())].clone())
        } else {
            None
        };
        let liaison = format!("{}{}", pick(&mut rng, SURNAMES), pick(&mut rng, GIVEN));
        let input = EnterpriseInput {
            uscc: Some(uscc.clone()),
            name_zh: Some(name_zh),
            name_en: Some(format!(
                "{} ({}) {} Co., Ltd.",
                brand_en(brand),
                city_en(city),
                trade_en
            )),
            division: Some(county.into()),
            address: Some(format!(
                "{}{}路{}号",
                kaifang_service::placement::full_name(county).replace(' ', ""),
                pick(
                    &mut rng,
                    &["长江", "珠江", "太湖", "金鸡湖", "紫金", "科技", "创新", "青年"]
                ),
                rng.gen_range(1..400)
            )),
            industry: Some(industry.into()),
            zone,
            established_on: Some(format!(
                "{year}-{:02}-{:02}",
                rng.gen_range(1..=12),
                rng.gen_range(1..=28)
            )),
            capital_amount: Some(capital.to_string()),
            capital_currency: Some(if rng.gen_bool(0.6) { "USD" } else { "CNY" }.into()),
            controller_region: Some(src.0.into()),
            liaison_name: Some(liaison),
            liaison_phone: Some(format!("025-{}", rng.gen_range(52_000_000..=58_999_999))),
            is_key: Some(is_key.to_string()),
            supplier_of,
            investors: Some(investors),
        };
        kaifang_service::enterprises::create(store, &p, &input)
            .await
            .map_err(|e| anyhow::anyhow!("demo enterprise {i}: {}", crate::commands::describe(&e)))?;
        by_county[i % COUNTIES.len()].push(uscc.clone());
        if is_key {
            key_codes.push(uscc.clone());
        }
        if first_code.is_none() {
            first_code = Some(uscc);
        }
    }
    if let Some(code) = first_code {
        create_user(
            store,
            "demo_enterprise",
            "enterprise",
            None,
            Some(&code),
            "演示企业用户",
        )
        .await?;
        summary.push_str(&format!("  {:<20} {:<10} {code}\n", "demo_enterprise", "enterprise"));
    }
    summary.push_str("  300 家外资企业 / 300 FIEs in 玄武区, 江宁区, 吴中区, 昆山市\n");
    if let Some(rated) = by_county.first().and_then(|c| c.first()).cloned() {
        let counties: Vec<(&str, &str)> = COUNTIES
            .iter()
            .map(|c| (c.0, DIVISIONS.iter().find(|d| d.0 == c.0).map_or("", |d| d.1)))
            .collect();
        let n = crate::demo_cases::load(store, &counties, &by_county, &rated).await?;
        summary.push_str(&format!("  {n} 件演示案件 / demo cases (诉求、投诉、问题清单)\n"));
        let n = crate::demo_projects::load(store, &counties, &by_county).await?;
        summary.push_str(&format!("  {n} 个演示项目 / demo projects (线索至达产)\n"));
        let (number, n) = crate::demo_monitoring::load(store, &counties, &by_county).await?;
        summary.push_str(&format!(
            "  运行监测活动 {number}，{n} 份填报 / monitoring campaign with {n} answers\n"
        ));
    }
    // The planner's statistics count the demo's records, not the empty tables seen at startup.
    store.optimize().await?;
    Ok(Some(summary))
}

async fn create_user(
    store: &Store,
    username: &str,
    role: &str,
    division: Option<&str>,
    enterprise: Option<&str>,
    display: &str,
) -> anyhow::Result<()> {
    let input = NewUserInput {
        username: username.into(),
        display_name: Some(display.into()),
        role: role.into(),
        division: division.map(Into::into),
        enterprise: enterprise.map(Into::into),
        password: DEMO_PASSWORD.into(),
    };
    kaifang_service::users::create(store, None, &input)
        .await
        .map_err(|e| anyhow::anyhow!("demo account {username}: {}", crate::commands::describe(&e)))?;
    Ok(())
}

fn city_en(city: &str) -> &'static str {
    match city {
        "南京" => "Nanjing",
        "苏州" => "Suzhou",
        _ => "Kunshan",
    }
}

fn brand_en(brand: &str) -> String {
    // A stable latinised brand: the byte sum picks a syllable pair.
    const SYL: &[&str] = &[
        "Fu", "Hua", "Da", "Feng", "Jie", "Xin", "Heng", "Shuo", "Kai", "Tai", "Rui", "Sheng", "Ming", "Tong",
    ];
    let n: usize = brand.bytes().map(usize::from).sum();
    format!("{}{}", SYL[n % SYL.len()], SYL[(n / 7) % SYL.len()].to_lowercase())
}
