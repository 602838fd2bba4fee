//! The evaluation: the editions in force on the date and at the place, the
//! notes on entity forms, the measures the activity falls under and their
//! conditions, the verdict, the encouraged items and the incentives — each
//! step written to the trace with the data it used.

use aho_corasick::AhoCorasick;
use std::collections::HashSet;

use time::Date;

use super::conditions;
use super::edition::{Edition, ListKind, MeasureKind, NoteRule, Part};
use super::incentives::{self, Facts, IncentiveRule};
use super::text::{self, TextIndex, Token};
use super::{
    Answer, CheckInput, EditionUsed, EncouragedHit, EntityForm, FtzMode, MeasureHit, NoteCited, TraceStep, Verdict,
};
use crate::field_error::Message;
use crate::industry_code::IndustryCode;

/// A relative text score (share of the query's own score) from which a measure that did not
/// apply is still shown as related.
const RELATED_MIN: f32 = 0.3;
/// The same for an encouraged item to be listed.
const ENCOURAGED_MIN: f32 = 0.1;
/// What a matching industry code adds to an encouraged item's relative score.
const INDUSTRY_BOOST: f32 = 0.25;
/// What being in the place's own regional part adds: of two items that fit, the province's
/// 优势产业 item is the more specific citation there.
const REGIONAL_BOOST: f32 = 0.1;
/// Added to a catalogue item that names the field of a restricted measure the activity falls
/// under (增值电信业务 beside the telecom measure, 核电站的建设、经营 beside the nuclear one): the
/// catalogue lists several restricted fields as encouraged, and that item is the one that fits.
const MIRROR_BOOST: f32 = 0.3;
/// How closely (relative score against the measure's own text) an item must name that field.
const MIRROR_MIN: f32 = 0.4;
const MAX_ENCOURAGED: usize = 5;
const MAX_RELATED: usize = 3;

struct Indexed {
    edition: Edition,
    index: TextIndex,
    codes: Vec<Vec<IndustryCode>>,
    keywords: Vec<Vec<String>>,
    exceptions: Vec<Vec<String>>,
    /// Per item: its classes wider than its field.
    wider: Vec<Vec<IndustryCode>>,
}

/// Every loaded edition with its text index, the incentive rules, the English glossary and the
/// Chinese synonyms.
pub struct Library {
    editions: Vec<Indexed>,
    incentives: Vec<IncentiveRule>,
    /// An English term (lowercase) and the Chinese terms it stands for: used for every match.
    glossary: TermList,
    /// An everyday Chinese word and the catalogue's terms: used for ranking only, never to decide
    /// that a measure applies (快递 must not bring in 邮政).
    synonyms: TermList,
}

/// Terms with what each stands for, found in a text in one pass (Aho–Corasick) instead of one
/// substring search per term: a thousand searches were half of a check's time.
struct TermList {
    terms: Vec<(String, String)>,
    automaton: Option<AhoCorasick>,
}

impl TermList {
    fn new(terms: Vec<(String, String)>) -> TermList {
        let terms: Vec<(String, String)> = terms.into_iter().filter(|(t, _)| !t.is_empty()).collect();
        // Building fails only past the automaton's size limits, far beyond any term list; the
        // list then matches nothing rather than failing every check.
        let automaton = AhoCorasick::new(terms.iter().map(|(t, _)| t.as_str())).ok();
        TermList { terms, automaton }
    }

    /// `text` followed by what each term it holds (as a word, see [`occurs`]) stands for, in
    /// the list's order.
    fn expand(&self, text: &str) -> String {
        let hay = lower(text);
        let mut found = vec![false; self.terms.len()];
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(&hay) {
                let i = m.pattern().as_usize();
                if !found[i] && word_at(&hay, m.start(), m.end(), &self.terms[i].0) {
                    found[i] = true;
                }
            }
        }
        let mut out = text.to_string();
        for (i, (_, zh)) in self.terms.iter().enumerate() {
            if found[i] {
                out.push(' ');
                out.push_str(zh);
            }
        }
        out
    }
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library")
            .field(
                "editions",
                &self.editions.iter().map(|e| &e.edition.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

impl Library {
    pub fn new(
        editions: Vec<Edition>,
        incentives: Vec<IncentiveRule>,
        glossary: Vec<(String, String)>,
        synonyms: Vec<(String, String)>,
    ) -> Library {
        let editions = editions
            .into_iter()
            .map(|edition| {
                // An item is found by its text, its keywords, its subsection and the words
                // investors use for what it covers (its aliases: encouraged items).
                let docs: Vec<String> = edition
                    .items
                    .iter()
                    .map(|it| {
                        format!(
                            "{} {} {} {}",
                            it.text,
                            it.keywords.join(" "),
                            it.subsection.as_deref().unwrap_or(""),
                            it.aliases.join(" ")
                        )
                    })
                    .collect();
                let codes = edition
                    .items
                    .iter()
                    .map(|it| {
                        it.industries
                            .iter()
                            .filter_map(|c| IndustryCode::parse(c).ok())
                            .collect()
                    })
                    .collect();
                let wider = edition
                    .items
                    .iter()
                    .map(|it| it.wider.iter().filter_map(|c| IndustryCode::parse(c).ok()).collect())
                    .collect();
                let keywords = edition
                    .items
                    .iter()
                    .map(|it| it.keywords.iter().map(|k| lower(k)).collect())
                    .collect();
                let exceptions = edition
                    .items
                    .iter()
                    .map(|it| it.exceptions.iter().map(|k| lower(k)).collect())
                    .collect();
                Indexed {
                    index: TextIndex::build(&docs),
                    edition,
                    codes,
                    wider,
                    keywords,
                    exceptions,
                }
            })
            .collect();
        let low = |v: Vec<(String, String)>| v.into_iter().map(|(t, zh)| (lower(&t), zh)).collect();
        Library {
            editions,
            incentives,
            glossary: TermList::new(low(glossary)),
            synonyms: TermList::new(low(synonyms)),
        }
    }

    pub fn editions(&self) -> impl Iterator<Item = &Edition> {
        self.editions.iter().map(|e| &e.edition)
    }

    /// The earliest date any negative list applies from.
    pub fn earliest(&self) -> Option<Date> {
        self.editions()
            .filter(|e| e.is_negative_list())
            .filter_map(Edition::effective_on)
            .min()
    }

    /// The edition of `list` in force on `date` (the latest effective, if several).
    fn in_force(&self, list: ListKind, date: Date) -> Option<&Indexed> {
        self.editions
            .iter()
            .filter(|e| e.edition.list == list && e.edition.in_force(date))
            .max_by_key(|e| e.edition.effective_on())
    }

    /// The measures of the national list in force on `date` whose industry codes cover `code`
    /// (for screening a roster by registered industry, where no activity text exists).
    pub fn measures_for_code(&self, date: Date, code: &IndustryCode) -> Vec<(&Edition, &super::edition::Item)> {
        let Some(ix) = self.in_force(ListKind::National, date) else {
            return vec![];
        };
        ix.edition
            .items
            .iter()
            .zip(&ix.codes)
            .filter(|(_, codes)| codes.iter().any(|ic| code_matches(code, ic)))
            .map(|(it, _)| (&ix.edition, it))
            .collect()
    }

    /// The edition of `list` that takes effect next after `date`, if one is loaded.
    fn next_after(&self, list: ListKind, date: Date) -> Option<&Edition> {
        self.editions()
            .filter(|e| e.list == list && e.effective_on().is_some_and(|d| d > date))
            .min_by_key(|e| e.effective_on())
    }
}

/// Whether `hay` holds `needle`, as whole words for ASCII and as a substring for Chinese; with
/// `unnegated`, once without a negation just before it (非转基因 does not name 转基因, 不寄信件
/// does not name 信件).
fn occurs(hay: &str, needle: &str, unnegated: bool) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let word_ok = word_at(hay, s, e, needle);
        let negated = unnegated && {
            let before: Vec<char> = hay[..s].chars().rev().take(3).collect();
            before.first() == Some(&'非') || before.iter().any(|c| matches!(c, '不' | '无'))
        };
        if word_ok && !negated {
            return true;
        }
        from = s + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Whether the occurrence of `needle` at `hay[s..e]` is a word: always for Chinese; for ASCII,
/// with no letter or digit around it, except that an English word also names its plural (tours
/// → tour, boxes → box).
fn word_at(hay: &str, s: usize, e: usize, needle: &str) -> bool {
    if !needle.is_ascii() {
        return true;
    }
    let rest = &hay[e..];
    let rest = rest
        .strip_prefix("es")
        .or_else(|| rest.strip_prefix('s'))
        .unwrap_or(rest);
    hay[..s].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric())
        && rest.chars().next().is_none_or(|c| !c.is_ascii_alphanumeric())
}

fn names(hay: &str, needle: &str) -> bool {
    occurs(hay, needle, true)
}

/// A keyword of a measure: `小麦+育种` needs every part.
fn term_hit(hay: &str, term: &str) -> bool {
    term.split('+').all(|p| !p.is_empty() && names(hay, p))
}

fn m(zh: impl Into<String>, en: impl Into<String>) -> Message {
    Message::new(zh, en)
}

fn used(e: &Edition) -> EditionUsed {
    EditionUsed {
        id: e.id.clone(),
        list: e.list.as_str().into(),
        title_zh: e.title_zh.clone(),
        title_en: e.title_en.clone(),
        effective: e.effective.clone(),
        complete: e.complete,
        completeness_zh: e.completeness_zh.clone(),
        completeness_en: e.completeness_en.clone(),
    }
}

fn note(e: &Edition, rule: NoteRule) -> Option<NoteCited> {
    e.notes.iter().find(|n| n.rule == Some(rule)).map(|n| NoteCited {
        edition: e.id.clone(),
        no: n.no.clone(),
        text: n.text.clone(),
        provenance: n.provenance.as_str().into(),
    })
}

fn code_matches(input: &IndustryCode, item: &IndustryCode) -> bool {
    if item.as_str().len() == 1 {
        input.section().is_some_and(|s| item.as_str().starts_with(s))
    } else {
        input.as_str().starts_with(item.as_str())
    }
}

/// How many measures of the edition an industry code falls under.
fn code_users(ix: &Indexed, c: &IndustryCode) -> usize {
    ix.codes
        .iter()
        .filter(|cs| cs.iter().any(|ic| code_matches(c, ic)))
        .count()
}

struct Query<'a> {
    text: String,
    lower: String,
    toks: Vec<Token>,
    input: &'a CheckInput,
}

/// The measures of one edition the activity falls under, and those that merely resemble it.
fn measures_of(ix: &Indexed, q: &Query, skip: &HashSet<String>) -> (Vec<MeasureHit>, Vec<MeasureHit>) {
    let self_score = ix.index.self_score(&q.toks).max(f32::EPSILON);
    let scores = ix.index.scores(&q.toks);
    let (mut applied, mut related) = (Vec::new(), Vec::new());
    for (i, it) in ix.edition.items.iter().enumerate() {
        if skip.contains(&format!("{}:{}", ix.edition.id, it.no)) {
            continue;
        }
        let rel = &(scores[i] / self_score);
        let matched = &if scores[i] > 0.0 {
            ix.index.matched(i, &q.toks)
        } else {
            Vec::new()
        };
        let outside = it.outside.iter().any(|o| names(&q.lower, &lower(o)));
        let kw: Vec<String> = if outside {
            Vec::new()
        } else {
            ix.keywords[i]
                .iter()
                .filter(|k| term_hit(&q.lower, k))
                .cloned()
                .collect()
        };
        let words: Vec<String> = text::matched_words(&q.text, &q.toks, matched)
            .into_iter()
            .filter(|w| w.chars().count() >= 2)
            .collect();
        // A resemblance needs a word that is not common to every policy text.
        let resembles = *rel >= RELATED_MIN && words.iter().any(|w| !text::GENERIC.contains(&w.as_str()));
        // A code shared by several measures (互联网信息服务 under telecom and internet culture,
        // 种子种苗培育 under three seed measures), or a class wider than the field (医学研究和
        // 试验发展 beside stem cells, 快递服务 beside letters), does not decide alone: only words do.
        let codes: Vec<String> = q
            .input
            .industries
            .iter()
            .filter(|c| ix.codes[i].iter().any(|ic| code_matches(c, ic)))
            .filter(|c| code_users(ix, c) <= 1)
            .filter(|c| !ix.wider[i].iter().any(|w| code_matches(c, w)))
            .map(|c| c.to_string())
            .collect();
        let excepted = ix.exceptions[i]
            .iter()
            .find(|e| names(&q.lower, e))
            .map(|_| it.exception_text.clone().unwrap_or_else(|| it.exceptions.join("、")));
        let applies = (!kw.is_empty() || !codes.is_empty()) && excepted.is_none();
        if !applies && !resembles && excepted.is_none() {
            continue;
        }
        let mut matched_by: Vec<String> = kw.clone();
        for w in words {
            if !matched_by.iter().any(|k| k.contains(&w) || w.contains(k.as_str())) {
                matched_by.push(w);
            }
        }
        matched_by.extend(codes.iter().map(|c| format!("GB/T 4754 {c}")));
        let conds: Vec<_> = if applies {
            conditions::applicable(&it.conditions, &q.lower)
                .into_iter()
                .map(|c| conditions::evaluate(c, q.input))
                .collect()
        } else {
            Vec::new()
        };
        // An exception to one of the measure's conditions (the telecom cap and call centres).
        let excepted = excepted.or_else(|| {
            let ex = conditions::excepted(&it.conditions, &q.lower);
            (applies && !ex.is_empty()).then(|| ex.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("；"))
        });
        let kind = it.kind.unwrap_or(MeasureKind::Prohibited);
        let hit = MeasureHit {
            edition: ix.edition.id.clone(),
            item: it.no,
            kind: kind.as_str().into(),
            section: it.section.clone(),
            text: it.text.clone(),
            provenance: it.provenance.map_or("R", |p| p.as_str()).into(),
            conditions_met: if kind == MeasureKind::Restricted && applies {
                conditions::combine(&conds)
            } else {
                None
            },
            conditions: conds,
            matched_by,
            score: kw.len() as f32 + codes.len() as f32 + rel,
            excepted,
        };
        if applies { applied.push(hit) } else { related.push(hit) }
    }
    (applied, related)
}

fn by_score(v: &mut [MeasureHit]) {
    v.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.item.cmp(&b.item)));
}

/// Checks one question against the library.
pub fn check(lib: &Library, input: &CheckInput, today: Date) -> Answer {
    let date = input.date.unwrap_or(today);
    let mut trace = Vec::new();
    let mut warnings = Vec::new();
    let mut editions = Vec::new();
    let mut notes = Vec::new();
    let place = &input.place;

    // 1. The national list in force.
    let national = lib.in_force(ListKind::National, date);
    match national {
        Some(n) => {
            trace.push(TraceStep {
                step: "edition",
                result: m(
                    format!(
                        "{date} 适用《{}》（{} 起施行）",
                        n.edition.title_zh, n.edition.effective
                    ),
                    format!(
                        "on {date} the {} applies (in force from {})",
                        n.edition.title_en, n.edition.effective
                    ),
                ),
                used: vec![n.edition.id.clone()],
            });
            editions.push(used(&n.edition));
            if !n.edition.complete {
                warnings.push(m(
                    format!("{}：{}", n.edition.id, n.edition.completeness_zh),
                    format!("{}: {}", n.edition.id, n.edition.completeness_en),
                ));
            }
        }
        None => {
            warnings.push(m(
                format!("{date} 适用的全国负面清单版本未载入，无法判断"),
                format!("the national negative list in force on {date} is not loaded; no answer can be given"),
            ));
            trace.push(TraceStep {
                step: "edition",
                result: m("无适用的全国负面清单", "no national list in force"),
                used: vec![],
            });
        }
    }

    // 2. The place: a zone list inside a pilot FTZ or on Hainan Island.
    let mut zone = None;
    if place.hainan {
        match lib.in_force(ListKind::Hainan, date) {
            Some(z) => zone = Some(z),
            None => warnings.push(m(
                "投资地在海南岛：海南自由贸易港负面清单未载入，按全国负面清单作答",
                "the place is on Hainan Island: the Hainan Free Trade Port list is not loaded, so the national list answers",
            )),
        }
    }
    match input.ftz {
        FtzMode::Yes if zone.is_none() => match lib.in_force(ListKind::Ftz, date) {
            Some(z) => zone = Some(z),
            None => warnings.push(m(
                format!("{date} 适用的自贸试验区负面清单未载入，按全国负面清单作答"),
                format!("no pilot FTZ list in force on {date} is loaded, so the national list answers"),
            )),
        },
        FtzMode::Auto if !place.ftz_zones.is_empty() && zone.is_none() => warnings.push(m(
            format!(
                "所在省份设有自贸试验区（{}）；未说明项目是否位于片区内，按区外作答。位于片区内请选择“是”",
                place.ftz_zones.join("、")
            ),
            format!(
                "the province has pilot FTZ areas ({}); whether the site is inside one was not given, so this answers for outside; choose 'yes' for a site inside",
                place.ftz_zones.join(", ")
            ),
        )),
        _ => {}
    }
    let mut skip = HashSet::new();
    if let Some(z) = zone {
        editions.push(used(&z.edition));
        for it in &z.edition.items {
            skip.extend(it.replaces.iter().cloned());
        }
        skip.extend(z.edition.lifts.iter().map(|l| l.item.clone()));
        if !z.edition.complete {
            warnings.push(m(
                format!(
                    "{}：{} 未覆盖的问题按全国负面清单作答，每条措施注明所属版本。",
                    z.edition.id, z.edition.completeness_zh
                ),
                format!(
                    "{}: {} What it does not cover is answered from the national list; each measure names its edition.",
                    z.edition.id, z.edition.completeness_en
                ),
            ));
        }
    }
    trace.push(TraceStep {
        step: "place",
        result: match zone {
            Some(z) => m(
                format!(
                    "{}：适用《{}》，其未列明的按全国清单",
                    place.division_name, z.edition.title_zh
                ),
                format!(
                    "{}: the {} applies, the national list for what it does not list",
                    place.division, z.edition.title_en
                ),
            ),
            None => m(
                format!("{}：适用全国负面清单", place.division_name),
                format!("{}: the national list applies", place.division),
            ),
        },
        used: std::iter::once(format!("division={}", place.division))
            .chain(zone.map(|z| z.edition.id.clone()))
            .chain(skip.iter().map(|s| format!("not in zone: {s}")))
            .collect(),
    });
    if input.investor_region_hmt {
        warnings.push(m(
            "港澳台投资者：负面清单说明中关于港澳台投资者的条款未取得，本答复按外国投资者适用",
            "investor from Hong Kong, Macao or Taiwan: the lists' clause on such investors was not retrieved; this answer applies the lists as to foreign investors",
        ));
    }

    // 3. The activity against the measures.
    // Measures are decided on the activity and its English terms; the synonyms only rank.
    let glossed = lib.glossary.expand(&input.activity);
    let expanded = lib.synonyms.expand(&glossed);
    let q = Query {
        lower: lower(&glossed),
        toks: text::tokens(&expanded),
        text: expanded,
        input,
    };
    let (mut measures, mut related) = (Vec::new(), Vec::new());
    for ix in zone.into_iter().chain(national) {
        let (a, r) = measures_of(ix, &q, &skip);
        measures.extend(a);
        related.extend(r);
    }
    by_score(&mut measures);
    by_score(&mut related);
    related.truncate(MAX_RELATED);
    trace.push(TraceStep {
        step: "match",
        result: if measures.is_empty() {
            m("未命中任何特别管理措施", "no special administrative measure matched")
        } else {
            m(
                format!("命中 {} 条措施", measures.len()),
                format!("{} measure(s) matched", measures.len()),
            )
        },
        used: measures
            .iter()
            .map(|h| format!("{}:{} ← {}", h.edition, h.item, h.matched_by.join("、")))
            .chain(related.iter().map(|h| format!("related {}:{}", h.edition, h.item)))
            .collect(),
    });
    for h in measures.iter().filter(|h| h.kind == "restricted") {
        trace.push(TraceStep {
            step: "conditions",
            result: match h.conditions_met {
                Some(true) => m(
                    format!("第{}条的条件均满足", h.item),
                    format!("item {}: every condition met", h.item),
                ),
                Some(false) => m(
                    format!("第{}条有条件不满足", h.item),
                    format!("item {}: a condition is not met", h.item),
                ),
                None => m(
                    format!("第{}条的条件无法全部判断", h.item),
                    format!("item {}: cannot tell for every condition", h.item),
                ),
            },
            used: h
                .conditions
                .iter()
                .map(|c| {
                    format!(
                        "{}={}",
                        conditions::kind_name(c.kind),
                        c.met.map_or("?", |b| if b { "met" } else { "not met" })
                    )
                })
                .collect(),
        });
    }

    // 4. The notes and the verdict.
    let list_for_notes = national.map(|n| &n.edition);
    let mut verdict = if measures.iter().any(|h| h.kind == "prohibited") {
        Verdict::Prohibited
    } else if measures.is_empty() {
        Verdict::Permitted
    } else {
        Verdict::Restricted
    };
    let form_barred = matches!(
        input.entity_form,
        EntityForm::Individual | EntityForm::SoleProprietorship | EntityForm::Cooperative
    );
    if form_barred {
        verdict = Verdict::Prohibited;
        if let Some(n) = list_for_notes.and_then(|e| note(e, NoteRule::EntityForm)) {
            notes.push(n);
        }
        trace.push(TraceStep {
            step: "entity_form",
            result: m(
                "外国投资者不得作为个体工商户、个人独资企业投资人、农民专业合作社成员",
                "a foreign investor may not be an individual business, a sole proprietorship's investor or a farmers' co-operative member",
            ),
            used: vec![format!("entity_form={}", input.entity_form.as_str())],
        });
    }
    let equity_bound = measures
        .iter()
        .any(|h| h.kind == "restricted" && h.conditions.iter().any(|c| c.kind.is_equity()));
    if input.entity_form == EntityForm::Partnership && equity_bound {
        verdict = Verdict::Prohibited;
        if let Some(n) = list_for_notes.and_then(|e| note(e, NoteRule::PartnershipEquity)) {
            notes.push(n);
        }
        trace.push(TraceStep {
            step: "entity_form",
            result: m(
                "有股权要求的领域不得设立外商投资合伙企业",
                "no foreign-invested partnership in a field with equity requirements",
            ),
            used: vec!["entity_form=partnership".into()],
        });
    }
    if verdict == Verdict::Permitted
        && let Some(n) = list_for_notes.and_then(|e| note(e, NoteRule::NationalTreatment))
    {
        notes.push(n);
    }
    trace.push(TraceStep {
        step: "verdict",
        result: match verdict {
            Verdict::Prohibited => m("禁止", "prohibited"),
            Verdict::Restricted => m("限制：须符合所列条件", "restricted: the listed conditions must be met"),
            Verdict::Permitted => m(
                "清单之外，按内外资一致原则管理",
                "outside the list: treated as domestic investment",
            ),
        },
        used: vec![],
    });

    // 5. Encouraged items and incentives.
    let mut encouraged = Vec::new();
    match lib.in_force(ListKind::Encouraged, date) {
        None => {
            let later = lib.next_after(ListKind::Encouraged, date);
            warnings.push(m(
                format!(
                    "{date} 适用的鼓励外商投资产业目录版本未载入{}",
                    later.map_or(String::new(), |e| format!(
                        "（已载入的 {} 自 {} 起施行）",
                        e.id, e.effective
                    ))
                ),
                format!(
                    "the Encouraged Catalogue in force on {date} is not loaded{}",
                    later.map_or(String::new(), |e| format!(
                        " (the loaded {} applies from {})",
                        e.id, e.effective
                    ))
                ),
            ));
        }
        Some(enc) if verdict != Verdict::Prohibited => {
            editions.push(used(&enc.edition));
            let restricted: String = measures
                .iter()
                .filter(|h| h.kind == "restricted")
                .map(|h| h.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            encouraged = encouraged_of(enc, &q, place.province.as_deref(), &text::tokens(&restricted));
            trace.push(TraceStep {
                step: "encouraged",
                result: m(
                    format!(
                        "匹配鼓励类条目 {} 条（全国目录及{}地区目录）",
                        encouraged.len(),
                        place.province_name.as_deref().unwrap_or("本省")
                    ),
                    format!(
                        "{} encouraged item(s) matched (national part and the province's regional part)",
                        encouraged.len()
                    ),
                ),
                used: encouraged
                    .iter()
                    .map(|h| format!("{}:{}:{} ← {}", h.edition, h.part, h.item, h.matched_by.join("、")))
                    .collect(),
            });
        }
        Some(_) => {}
    }
    let cite = encouraged.first().map(|h| match &h.region {
        Some(r) => (
            format!("中西部等地区外商投资优势产业目录（{r}）第{}条", h.item),
            format!("item {} of the regional part ({r})", h.item),
        ),
        None => (
            format!("全国鼓励外商投资产业目录第{}条", h.item),
            format!("item {} of the national part", h.item),
        ),
    });
    let facts = Facts {
        verdict,
        date,
        western: place.western,
        western_verified: place.western_verified,
        encouraged: cite.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
    };
    let incentives: Vec<_> = lib.incentives.iter().map(|r| incentives::evaluate(r, &facts)).collect();
    trace.push(TraceStep {
        step: "incentives",
        result: m(
            format!(
                "{} 项政策可能适用",
                incentives
                    .iter()
                    .filter(|i| i.status == incentives::IncentiveStatus::MayApply)
                    .count()
            ),
            format!(
                "{} incentive(s) may apply",
                incentives
                    .iter()
                    .filter(|i| i.status == incentives::IncentiveStatus::MayApply)
                    .count()
            ),
        ),
        used: incentives.iter().map(|i| i.id.clone()).collect(),
    });

    Answer {
        verdict,
        date: date.to_string(),
        editions,
        measures,
        related,
        notes,
        encouraged,
        incentives,
        trace,
        warnings,
    }
}

fn encouraged_of(ix: &Indexed, q: &Query, province: Option<&str>, restricted: &[Token]) -> Vec<EncouragedHit> {
    let self_score = ix.index.self_score(&q.toks).max(f32::EPSILON);
    let mirror_self = ix.index.self_score(restricted).max(f32::EPSILON);
    let mirror = if restricted.is_empty() {
        Vec::new()
    } else {
        ix.index.scores(restricted)
    };
    let eligible = |i: usize| {
        let it = &ix.edition.items[i];
        it.part != Some(Part::Regional) || it.province.as_deref() == province
    };
    let mut scored: Vec<(f32, usize)> = Vec::new();
    for (doc, s) in ix.index.scores(&q.toks).into_iter().enumerate() {
        if s <= 0.0 || !eligible(doc) {
            continue;
        }
        let mut boost = if q
            .input
            .industries
            .iter()
            .any(|c| ix.codes[doc].iter().any(|ic| code_matches(c, ic)))
        {
            INDUSTRY_BOOST
        } else {
            0.0
        };
        if ix.edition.items[doc].part == Some(Part::Regional) {
            boost += REGIONAL_BOOST;
        }
        if mirror.get(doc).is_some_and(|m| m / mirror_self >= MIRROR_MIN) {
            boost += MIRROR_BOOST;
        }
        let rel = s / self_score + boost;
        if rel >= ENCOURAGED_MIN {
            scored.push((rel, doc));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.truncate(MAX_ENCOURAGED);
    scored
        .into_iter()
        .map(|(score, i)| {
            let it = &ix.edition.items[i];
            let matched = ix.index.matched(i, &q.toks);
            let mut matched_by: Vec<String> = text::matched_words(&q.text, &q.toks, &matched)
                .into_iter()
                .filter(|w| w.chars().count() >= 2)
                .collect();
            matched_by.extend(
                q.input
                    .industries
                    .iter()
                    .filter(|c| ix.codes[i].iter().any(|ic| code_matches(c, ic)))
                    .map(|c| format!("GB/T 4754 {c}")),
            );
            EncouragedHit {
                edition: ix.edition.id.clone(),
                part: it.part.unwrap_or(Part::National).as_str().into(),
                region: it.region.clone(),
                item: it.no,
                section: match &it.subsection {
                    Some(s) => format!("{} · {s}", it.section),
                    None => it.section.clone(),
                },
                text: it.text.clone(),
                matched_by,
                score,
            }
        })
        .collect()
}
