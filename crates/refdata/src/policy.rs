//! The policy editions compiled into the binary (`data/policy/*.toml`), the
//! incentive rules, the western-development region and the thesaurus (English
//! glossary and Chinese synonyms) the checker uses, and the parser an admin's uploaded edition goes through.

use kaifang_domain::checker::edition::Edition;
use kaifang_domain::checker::incentives::IncentiveRule;
use kaifang_domain::field_error::{FieldError, Message};
use serde::Deserialize;
use std::collections::HashMap;

use crate::table::for_each_row;

/// The built-in editions, in the order they were published.
const EDITIONS: &[(&str, &str)] = &[
    (
        "national-2021.toml",
        include_str!("../../../data/policy/national-2021.toml"),
    ),
    (
        "national-2024.toml",
        include_str!("../../../data/policy/national-2024.toml"),
    ),
    ("ftz-2021.toml", include_str!("../../../data/policy/ftz-2021.toml")),
    (
        "encouraged-2025.toml",
        include_str!("../../../data/policy/encouraged-2025.toml"),
    ),
];
const INCENTIVES: &str = include_str!("../../../data/policy/incentives.toml");
const GLOSSARY: &str = include_str!("../../../data/policy/glossary.csv");
const SYNONYMS: &str = include_str!("../../../data/policy/synonyms.csv");
const ALIASES: &str = include_str!("../../../data/policy/encouraged-2025-aliases.csv");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IncentiveFile {
    western_provinces: Vec<String>,
    western_verified: bool,
    rules: Vec<IncentiveRule>,
}

/// Everything the checker needs besides the divisions and zones.
#[derive(Debug)]
pub struct PolicyData {
    pub editions: Vec<Edition>,
    pub incentives: Vec<IncentiveRule>,
    /// Province codes of the western-development region.
    pub western_provinces: Vec<String>,
    /// Whether the project's sources establish that list.
    pub western_verified: bool,
    /// (English term, Chinese terms separated by spaces).
    pub glossary: Vec<(String, String)>,
    /// (everyday Chinese word, the catalogue's terms): 奶粉 → 婴幼儿配方食品 乳粉.
    pub synonyms: Vec<(String, String)>,
}

/// Parses one edition file; a TOML error becomes a field error naming the line, and every
/// validation problem a field error naming its field.
pub fn parse_edition(text: &str) -> Result<Edition, Vec<FieldError>> {
    let edition: Edition = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(0);
        vec![FieldError::new(
            "file",
            "edition.format",
            Message::new(
                format!("第 {line} 行：{}", e.message()),
                format!("line {line}: {}", e.message()),
            ),
        )]
    })?;
    let rd = crate::get();
    let problems = edition.validate(&|code| rd.industry(code).is_some());
    if problems.is_empty() {
        Ok(edition)
    } else {
        Err(problems)
    }
}

impl PolicyData {
    pub(crate) fn parse() -> PolicyData {
        let mut editions: Vec<Edition> = EDITIONS
            .iter()
            .map(|(name, text)| toml::from_str::<Edition>(text).unwrap_or_else(|e| panic!("data/policy/{name}: {e}")))
            .collect();
        // The investors' words for each encouraged item, kept beside the catalogue.
        let mut aliases: HashMap<(String, String, u32), Vec<String>> = HashMap::new();
        for_each_row(
            "policy/encouraged-2025-aliases.csv",
            ALIASES,
            &["part", "region", "no", "zh", "en"],
            |r| {
                let words = [r.string(3), r.string(4)]
                    .iter()
                    .flat_map(|l| l.split(';').map(|w| w.trim().to_lowercase()).collect::<Vec<_>>())
                    .filter(|w| !w.is_empty())
                    .collect();
                let no = r
                    .string(2)
                    .parse()
                    .unwrap_or_else(|_| panic!("policy/encouraged-2025-aliases.csv: item number"));
                aliases.insert((r.string(0), r.string(1), no), words);
            },
        );
        for e in editions.iter_mut().filter(|e| e.id == "encouraged-2025") {
            for it in &mut e.items {
                let part = it.part.map_or("national", |p| p.as_str()).to_string();
                let region = it.region.clone().unwrap_or_else(|| "全国".to_string());
                if let Some(words) = aliases.remove(&(part, region, it.no)) {
                    it.aliases = words;
                }
            }
        }
        assert!(
            aliases.is_empty(),
            "policy/encouraged-2025-aliases.csv: items not in the catalogue: {:?}",
            aliases.keys().take(3).collect::<Vec<_>>()
        );
        let inc: IncentiveFile =
            toml::from_str(INCENTIVES).unwrap_or_else(|e| panic!("data/policy/incentives.toml: {e}"));
        let (mut glossary, mut synonyms) = (Vec::new(), Vec::new());
        for_each_row("policy/glossary.csv", GLOSSARY, &["en", "zh"], |r| {
            glossary.push((r.string(0), r.string(1)));
        });
        for_each_row("policy/synonyms.csv", SYNONYMS, &["term", "expansion"], |r| {
            synonyms.push((r.string(0), r.string(1)));
        });
        PolicyData {
            editions,
            incentives: inc.rules,
            western_provinces: inc.western_provinces,
            western_verified: inc.western_verified,
            glossary,
            synonyms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_edition_is_valid_and_the_negative_lists_have_their_item_counts() {
        let p = PolicyData::parse();
        let rd = crate::get();
        for e in &p.editions {
            let problems = e.validate(&|code| rd.industry(code).is_some());
            assert!(problems.is_empty(), "{}: {problems:?}", e.id);
        }
        let count = |id: &str| p.editions.iter().find(|e| e.id == id).map(|e| e.items.len());
        assert_eq!(count("national-2024"), Some(29));
        assert_eq!(count("national-2021"), Some(31));
        assert_eq!(count("encouraged-2025"), Some(1679));
        assert_eq!(p.western_provinces.len(), 12);
        assert!(p.glossary.len() > 100 && p.synonyms.len() > 100);
        let encouraged = p.editions.iter().find(|e| e.id == "encouraged-2025").unwrap();
        assert!(
            encouraged.items.iter().all(|it| !it.aliases.is_empty()),
            "every encouraged item has aliases"
        );
    }

    #[test]
    fn a_broken_upload_names_its_line_or_its_field() {
        let e = parse_edition("id = \"x\"\nlist = \"nope\"\n").unwrap_err();
        assert_eq!(e[0].field, "file");
        assert!(e[0].message.en.starts_with("line 2"), "{:?}", e[0].message);
        let text = EDITIONS[1].1.replacen("value = 34", "value = 340", 1);
        let e = parse_edition(&text).unwrap_err();
        assert_eq!(e[0].field, "items[0].conditions[0].value");
        // A class marked wider than the field must be one of the item's classes.
        let text = EDITIONS[1].1.replacen("wider = [\"M7472\"]", "wider = [\"M7471\"]", 1);
        assert_ne!(text, EDITIONS[1].1);
        let e = parse_edition(&text).unwrap_err();
        assert!(
            e.iter()
                .any(|f| f.field.ends_with("].wider[0]") && f.code == "wider.not_listed"),
            "{e:?}"
        );
    }
}
