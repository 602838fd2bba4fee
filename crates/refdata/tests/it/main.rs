//! Integration tests of the embedded reference data through the public API.

use std::collections::HashSet;

use kaifang_domain::jurisdiction::DivisionLevel;
use kaifang_refdata::{
    ComplaintRuleKind, HistoryStatus, HolidayKind, IndustryLevel, NATIONAL_CODE, SourceKind, ZoneKind, get,
};

fn codes<'a>(items: impl IntoIterator<Item = &'a kaifang_refdata::Division>) -> Vec<&'a str> {
    items.into_iter().map(|d| d.code.as_str()).collect()
}

// ---- divisions -------------------------------------------------------------

#[test]
fn division_counts_match_the_mca_2024_totals() {
    let data = get();
    let count = |level| data.divisions().filter(|d| d.level == level).count();
    assert_eq!(count(DivisionLevel::Province), 34);
    assert_eq!(count(DivisionLevel::Prefecture), 333);
    assert_eq!(count(DivisionLevel::County), 2_846);
    assert_eq!(data.counties().count(), 2_846);
    assert_eq!(data.divisions().count(), 3_213);
}

#[test]
fn divisions_come_in_code_order_without_the_national_root() {
    let all: Vec<_> = get().divisions().collect();
    assert!(all.windows(2).all(|w| w[0].code < w[1].code));
    assert!(all.iter().all(|d| d.level != DivisionLevel::National));
}

#[test]
fn every_division_has_an_existing_parent_of_a_higher_level() {
    let data = get();
    for d in data.divisions() {
        match &d.parent {
            None => assert_eq!(d.level, DivisionLevel::Province, "{}", d.code),
            Some(p) => {
                let parent = data.division(p).expect("parent exists");
                assert!(parent.level < d.level, "{} under {}", d.code, p);
            }
        }
    }
}

#[test]
fn the_national_root_is_synthetic_and_has_the_provinces_as_children() {
    let data = get();
    let root = data.division(NATIONAL_CODE).expect("root");
    assert_eq!(root.name, "全国");
    assert_eq!(root.level, DivisionLevel::National);
    assert!(root.parent.is_none());
    let provinces = data.children(NATIONAL_CODE);
    assert_eq!(provinces.len(), 34);
    assert!(provinces.iter().all(|d| d.level == DivisionLevel::Province));
    assert_eq!(provinces[0].code, "110000");
    assert!(provinces.iter().any(|d| d.code == "810000"));
}

#[test]
fn children_are_sorted_by_code_and_point_back_to_their_parent() {
    let data = get();
    let nanjing = data.children("320100");
    assert_eq!(nanjing.len(), 11);
    assert!(nanjing.windows(2).all(|w| w[0].code < w[1].code));
    assert!(nanjing.iter().all(|d| d.parent.as_deref() == Some("320100")));
    assert!(data.children("320102").is_empty());
    assert!(data.children("999999").is_empty());
}

#[test]
fn municipal_districts_hang_directly_under_their_province_without_a_prefecture() {
    let data = get();
    let dongcheng = data.division("110101").expect("东城区");
    assert_eq!(dongcheng.parent.as_deref(), Some("110000"));
    assert_eq!(dongcheng.province.as_deref(), Some("110000"));
    assert_eq!(dongcheng.prefecture, None);
    let xiantao = data.division("429004").expect("仙桃市");
    assert_eq!(xiantao.level, DivisionLevel::County);
    assert_eq!(xiantao.parent.as_deref(), Some("420000"));
    assert_eq!(xiantao.prefecture, None);
}

#[test]
fn province_and_prefecture_fields_name_the_containing_units() {
    let data = get();
    let xuanwu = data.division("320102").expect("玄武区");
    assert_eq!(xuanwu.province.as_deref(), Some("320000"));
    assert_eq!(xuanwu.prefecture.as_deref(), Some("320100"));
    let nanjing = data.division("320100").expect("南京市");
    assert_eq!(nanjing.prefecture.as_deref(), Some("320100"));
    let jiangsu = data.division("320000").expect("江苏省");
    assert_eq!(jiangsu.province.as_deref(), Some("320000"));
    assert_eq!(jiangsu.prefecture, None);
}

#[test]
fn prefecture_cities_without_counties_have_no_children() {
    let data = get();
    for code in ["441900", "442000", "460400", "620200"] {
        let d = data.division(code).expect(code);
        assert_eq!(d.level, DivisionLevel::Prefecture, "{code}");
        assert!(data.children(code).is_empty(), "{code}");
    }
}

#[test]
fn ancestors_run_from_the_national_root_down_to_the_parent() {
    let data = get();
    assert_eq!(codes(data.ancestors("320102")), ["000000", "320000", "320100"]);
    assert_eq!(codes(data.ancestors("110101")), ["000000", "110000"]);
    assert_eq!(codes(data.ancestors("320000")), ["000000"]);
    assert!(data.ancestors(NATIONAL_CODE).is_empty());
    assert!(data.ancestors("999999").is_empty());
}

#[test]
fn is_within_holds_for_self_parent_and_root_but_not_siblings_or_children() {
    let data = get();
    assert!(data.is_within("320102", "320102"));
    assert!(data.is_within("320102", "320100"));
    assert!(data.is_within("320102", "320000"));
    assert!(data.is_within("320102", NATIONAL_CODE));
    assert!(!data.is_within("320102", "320200"));
    assert!(!data.is_within("320102", "320104"));
    assert!(!data.is_within("320000", "320100"));
    assert!(!data.is_within("320100", "320102"));
    assert!(data.is_within(NATIONAL_CODE, NATIONAL_CODE));
    assert!(!data.is_within("999999", NATIONAL_CODE));
    assert!(!data.is_within("320102", "999999"));
}

#[test]
fn searching_divisions_matches_names_or_code_prefixes_inside_a_subtree() {
    let data = get();
    let chaoyang = data.search_divisions("朝阳", None, 50);
    assert!(chaoyang.iter().any(|d| d.code == "110105"));
    assert!(chaoyang.iter().any(|d| d.code == "211300"));
    // The prefecture-level 朝阳市 ranks before the districts and counties.
    assert_eq!(chaoyang[0].code, "211300");
    let in_beijing = data.search_divisions("朝阳", Some("110000"), 50);
    assert_eq!(codes(in_beijing), ["110105"]);
    let by_code = data.search_divisions("3201", None, 100);
    assert_eq!(by_code.len(), 12);
    assert!(by_code.iter().all(|d| d.code.starts_with("3201")));
    assert_eq!(data.search_divisions("区", None, 5).len(), 5);
    assert!(data.search_divisions("朝阳", Some("999999"), 5).is_empty());
}

#[test]
fn a_retired_code_maps_to_its_current_successor() {
    let data = get();
    assert!(data.division("110103").is_none());
    let chongwen = data.retired_division("110103").expect("崇文区");
    assert_eq!(chongwen.name, "崇文区");
    assert_eq!(chongwen.status, HistoryStatus::Retired);
    assert_eq!((chongwen.from_year, chongwen.until_year), (1981, 2010));
    assert_eq!(chongwen.successors, ["110101"]);
    // 栾城县 became 栾城区; part of it went to 长安区 earlier.
    let luancheng = data.retired_division("130124").expect("栾城县");
    assert_eq!(luancheng.successors, ["130111", "130108"]);
    assert!(data.retired_division("110101").is_none());
}

#[test]
fn a_reused_retired_code_lists_its_most_recent_use_first() {
    let data = get();
    let uses = data.retired_division_uses("132201");
    assert_eq!(uses.len(), 2);
    assert_eq!(uses[0].name, "南宫市");
    assert_eq!(uses[1].name, "邢台市");
    assert_eq!(data.retired_division("132201").map(|r| r.name.as_str()), Some("南宫市"));
}

#[test]
fn every_successor_of_a_retired_code_is_a_current_division() {
    let data = get();
    let mut seen = 0;
    for d in data.divisions() {
        assert!(data.retired_division(&d.code).is_none(), "{}", d.code);
    }
    for r in data.retired_divisions() {
        seen += 1;
        assert!(data.division(&r.code).is_none(), "{}", r.code);
        assert!(!data.retired_division_uses(&r.code).is_empty());
        for s in &r.successors {
            assert!(data.division(s).is_some(), "{} -> {s}", r.code);
        }
    }
    assert_eq!(seen, 3_377);
}

#[test]
fn suggest_division_repairs_retired_codes_and_typos() {
    let data = get();
    let suggest = |code: &str| data.suggest_division(code).map(|d| d.code.as_str());
    assert_eq!(suggest("320102"), Some("320102"));
    // Retired: 下关区 merged into 鼓楼区.
    assert_eq!(suggest("320107"), Some("320106"));
    // Typo in the last digit: the numerically closest county of the same city.
    assert_eq!(suggest("320119"), Some("320118"));
    // Nonsense county digits: the prefecture.
    assert_eq!(suggest("320199"), Some("320100"));
    // An abolished 地区 without listed successors: its province.
    assert_eq!(suggest("132100"), Some("130000"));
    // Short and long forms.
    assert_eq!(suggest("32"), Some("320000"));
    assert_eq!(suggest("3201"), Some("320100"));
    assert_eq!(suggest("320102001000"), Some("320102"));
    assert_eq!(suggest("990000"), None);
    assert_eq!(suggest("abc"), None);
}

// ---- industries ------------------------------------------------------------

#[test]
fn industry_counts_match_the_amended_standard() {
    let data = get();
    let count = |level| data.industries().filter(|i| i.level == level).count();
    assert_eq!(count(IndustryLevel::Section), 20);
    assert_eq!(count(IndustryLevel::Division), 97);
    assert_eq!(count(IndustryLevel::Group), 473);
    assert_eq!(count(IndustryLevel::Class), 1_382);
}

#[test]
fn industry_lookup_accepts_digits_section_letters_and_both() {
    let data = get();
    let class = data.industry("3841").expect("3841");
    assert_eq!(class.level, IndustryLevel::Class);
    assert_eq!(class.section, 'C');
    assert_eq!(class.code_with_section, "C3841");
    assert_eq!(class.parent.as_deref(), Some("384"));
    assert_eq!(data.industry("C3841").map(|i| &i.code), Some(&class.code));
    assert_eq!(data.industry("c3841").map(|i| &i.code), Some(&class.code));
    assert_eq!(data.industry("A3841").map(|i| &i.code), None);
    assert_eq!(data.industry("38").map(|i| i.level), Some(IndustryLevel::Division));
    assert_eq!(data.industry("384").map(|i| i.level), Some(IndustryLevel::Group));
    let manufacturing = data.industry("C").expect("C");
    assert_eq!(manufacturing.name_zh, "制造业");
    assert_eq!(manufacturing.parent, None);
    assert_eq!(data.industry("38").and_then(|i| i.parent.as_deref()), Some("C"));
    assert!(data.industry("9999").is_none());
    assert!(data.industry("").is_none());
}

#[test]
fn every_industry_has_an_existing_parent_one_level_up() {
    let data = get();
    for ind in data.industries() {
        match &ind.parent {
            None => assert_eq!(ind.level, IndustryLevel::Section),
            Some(p) => {
                let parent = data.industry(p).expect("parent exists");
                assert!(parent.level < ind.level);
                assert_eq!(parent.section, ind.section);
            }
        }
    }
}

#[test]
fn the_2019_amendment_adds_the_supervisory_commission() {
    let data = get();
    assert_eq!(data.industry("9231").map(|i| i.name_zh.as_str()), Some("监察委员会"));
    assert_eq!(data.industry("9232").map(|i| i.name_zh.as_str()), Some("人民法院"));
    assert_eq!(data.industry("9233").map(|i| i.name_zh.as_str()), Some("人民检察院"));
}

#[test]
fn industry_children_start_from_the_sections() {
    let data = get();
    let sections = data.industry_children("");
    assert_eq!(sections.len(), 20);
    assert_eq!(sections[0].code, "A");
    assert_eq!(data.industry_children("root").len(), 20);
    let c = data.industry_children("C");
    assert_eq!(c.first().map(|i| i.code.as_str()), Some("13"));
    assert_eq!(c.last().map(|i| i.code.as_str()), Some("43"));
    assert!(data.industry_children("3841").is_empty());
}

#[test]
fn searching_industries_lists_classes_first() {
    let data = get();
    let hits = data.search_industries("电池", 20);
    assert!(!hits.is_empty());
    assert!(hits.iter().any(|i| i.code == "3841"));
    let levels: Vec<_> = hits.iter().map(|i| i.level).collect();
    assert!(levels.windows(2).all(|w| w[0] >= w[1]), "{levels:?}");
    let by_code = data.search_industries("384", 10);
    assert!(by_code.iter().all(|i| i.code.starts_with("384")));
    assert_eq!(by_code.last().map(|i| i.code.as_str()), Some("384"));
    assert!(data.search_industries("", 10).is_empty());
}

// ---- regions ---------------------------------------------------------------

#[test]
fn hong_kong_macao_and_taiwan_are_separate_source_regions() {
    let data = get();
    for (code, name) in [("HK", "中国香港"), ("MO", "中国澳门"), ("TW", "中国台湾")] {
        let r = data.region(code).expect(code);
        assert_eq!(r.name_zh, name);
        assert_eq!(r.source_kind, SourceKind::HkMoTw);
    }
    assert_eq!(data.region("hk").map(|r| r.alpha3.as_str()), Some("HKG"));
    let cn = data.region("CN").expect("CN");
    assert_eq!(cn.source_kind, SourceKind::Domestic);
    assert_eq!(cn.name_zh, "中国");
}

#[test]
fn kosovo_is_not_selectable() {
    let data = get();
    assert!(data.region("XK").is_none());
    assert!(data.regions().all(|r| r.alpha2 != "XK"));
}

#[test]
fn regions_are_unique_and_complete() {
    let data = get();
    let all: Vec<_> = data.regions().collect();
    assert_eq!(all.len(), 249);
    let alpha3: HashSet<_> = all.iter().map(|r| r.alpha3.as_str()).collect();
    assert_eq!(alpha3.len(), all.len());
    assert!(all.iter().all(|r| !r.continent_zh().is_empty()));
    assert_eq!(data.region("US").map(|r| r.continent_zh()), Some("北美洲"));
}

// ---- holidays --------------------------------------------------------------

#[test]
fn holidays_cover_the_published_years_in_date_order() {
    let data = get();
    assert_eq!(data.holiday_years(), 2019..=2026);
    let all = data.holidays();
    assert_eq!(all.len(), 286);
    assert!(all.windows(2).all(|w| w[0].date < w[1].date));
}

#[test]
fn saturday_14_february_2026_is_a_make_up_working_day() {
    let entry = get().holiday("2026-02-14").expect("listed");
    assert_eq!(entry.kind, HolidayKind::Workday);
    assert_eq!(entry.name_zh, "春节");
    assert_eq!(entry.notice_year, 2026);
}

#[test]
fn national_day_2026_is_a_holiday() {
    let entry = get().holiday("2026-10-01").expect("listed");
    assert_eq!(entry.kind, HolidayKind::Holiday);
    assert_eq!(entry.name_zh, "国庆节");
    assert!(!entry.in_lieu_rest_day);
    assert!(get().holiday("2026-10-12").is_none());
}

#[test]
fn the_end_of_2018_belongs_to_the_2019_notice() {
    let entry = get().holiday("2018-12-31").expect("listed");
    assert_eq!(entry.notice_year, 2019);
    assert!(entry.in_lieu_rest_day);
}

// ---- zones -----------------------------------------------------------------

#[test]
fn zone_counts_cover_all_pilot_ftzs_their_areas_and_the_hainan_port() {
    let data = get();
    let count = |kind| data.zones().filter(|z| z.kind == kind).count();
    assert_eq!(count(ZoneKind::PilotFtz), 22);
    assert_eq!(count(ZoneKind::FtzArea), 70);
    assert_eq!(count(ZoneKind::HainanFtp), 1);
    assert_eq!(count(ZoneKind::NationalEtdz), 232);
    let port = data.zone("HNFTP").expect("Hainan FTP");
    assert_eq!(port.name_zh, "海南自由贸易港");
    assert_eq!(port.province, "460000");
}

#[test]
fn ftz_areas_belong_to_their_pilot_ftz() {
    let data = get();
    let shanghai = data.zone_children("FTZ-SH");
    assert_eq!(shanghai.len(), 5);
    assert_eq!(shanghai[4].id, "FTZ-SH-05");
    assert_eq!(shanghai[4].name_zh, "临港新片区");
    for z in data.zones().filter(|z| z.kind == ZoneKind::FtzArea) {
        let parent = z.parent.as_deref().and_then(|p| data.zone(p)).expect("parent");
        assert_eq!(parent.kind, ZoneKind::PilotFtz);
        assert_eq!(parent.province, z.province, "{}", z.id);
    }
}

#[test]
fn every_zone_lies_in_an_existing_province_and_prefecture() {
    let data = get();
    for z in data.zones() {
        let province = data.division(&z.province).expect("province exists");
        assert_eq!(province.level, DivisionLevel::Province, "{}", z.id);
        if let Some(p) = &z.prefecture {
            let prefecture = data.division(p).expect("prefecture exists");
            assert_eq!(prefecture.level, DivisionLevel::Prefecture, "{}", z.id);
            assert!(data.is_within(p, &z.province), "{}", z.id);
        }
    }
}

#[test]
fn zones_are_marked_unverified_until_checked_against_official_lists() {
    let data = get();
    assert!(data.zones().all(|z| !z.verified));
    let first = data.zone("ETDZ-001").expect("ETDZ-001");
    assert_eq!(first.name_zh, "北京经济技术开发区");
    assert!(data.zone("ETDZ-232").is_some());
    assert!(data.zone("ETDZ-233").is_none());
}

#[test]
fn zones_in_province_accepts_any_code_inside_the_province() {
    let data = get();
    let jiangsu = data.zones_in_province("320000");
    assert!(jiangsu.iter().any(|z| z.id == "FTZ-JS"));
    assert!(jiangsu.iter().all(|z| z.province == "320000"));
    assert_eq!(data.zones_in_province("320102").len(), jiangsu.len());
    assert!(data.zones_in_province("32").is_empty());
}

#[test]
fn complaint_lists_cite_their_source_and_only_the_verbatim_articles_count_as_verified() {
    let data = get();
    let civil = data
        .complaint_rule(ComplaintRuleKind::RefusalGround, "civil_dispute")
        .expect("civil disputes are excluded by art. 2");
    assert!(civil.verified);
    assert!(civil.source.contains("第二条"), "{}", civil.source);
    for kind in [
        ComplaintRuleKind::Material,
        ComplaintRuleKind::RefusalGround,
        ComplaintRuleKind::TerminationGround,
        ComplaintRuleKind::HandlingMethod,
    ] {
        assert!(data.complaint_rules(kind).count() >= 3, "{kind:?}");
        for r in data.complaint_rules(kind) {
            assert!(r.source.contains("商务部令2020年第3号"), "{}", r.code);
            // Only articles 1–4 are stored verbatim: anything else is a summary.
            if r.verified {
                assert!(
                    ["第一条", "第二条", "第三条", "第四条"]
                        .iter()
                        .any(|a| r.source.contains(a)),
                    "{} claims verification beyond the verbatim articles",
                    r.code
                );
            }
        }
    }
    assert!(
        data.complaint_rule(ComplaintRuleKind::HandlingMethod, "civil_dispute")
            .is_none()
    );
}
