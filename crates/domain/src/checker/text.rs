//! Chinese text relevance without a dictionary: character bigrams of every run
//! of Han characters plus lowercase ASCII words, ranked with BM25 over one
//! list's items. A match reports the words of the query that made it, merged
//! from adjacent bigrams (`半导体` from `半导` and `导体`).

use std::collections::HashMap;

/// One token of a text, with the character span of the query it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// What a match on it counts: 1 for bigrams and words, less for single characters.
    pub weight: f32,
}

/// A single Han character counts half a bigram: enough to rank 茶园 near 茶叶 when no
/// bigram is shared, too little to outweigh one that is.
pub const UNIGRAM_WEIGHT: f32 = 0.5;

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The tokens of `text`: Han bigrams, every Han character alone (weighted down), and ASCII words
/// of two letters or more, lowercased.
pub fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_han(c) {
            let start = i;
            while i < chars.len() && is_han(chars[i]) {
                i += 1;
            }
            for k in start..i {
                out.push(Token {
                    text: chars[k].to_string(),
                    start: k,
                    end: k + 1,
                    weight: UNIGRAM_WEIGHT,
                });
                if k + 1 < i {
                    out.push(Token {
                        text: chars[k..k + 2].iter().collect(),
                        start: k,
                        end: k + 2,
                        weight: 1.0,
                    });
                }
            }
        } else if c.is_ascii_alphanumeric() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '-') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_ascii_lowercase();
            if word.len() >= 2 {
                out.push(Token {
                    text: word,
                    start,
                    end: i,
                    weight: 1.0,
                });
            }
        } else {
            i += 1;
        }
    }
    out
}

/// An inverted index of one set of documents, scored with BM25.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    vocab: HashMap<String, u32>,
    /// Per term: (document, term frequency), by document.
    postings: Vec<Vec<(u32, u16)>>,
    idf: Vec<f32>,
    /// Per document: BM25's length normalisation, `k1 · (1 − b + b · len / avg)`.
    norm: Vec<f32>,
}

/// One scored document.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: usize,
    pub score: f32,
    /// Indexes into the query's tokens that matched.
    pub matched: Vec<usize>,
}

const K1: f32 = 1.2;
const B: f32 = 0.5;

impl TextIndex {
    pub fn build<S: AsRef<str>>(docs: &[S]) -> TextIndex {
        let mut ix = TextIndex::default();
        let mut lens = Vec::with_capacity(docs.len());
        for (d, text) in docs.iter().enumerate() {
            let toks = tokens(text.as_ref());
            lens.push(toks.len() as f32);
            let mut tf: HashMap<u32, u16> = HashMap::new();
            for t in toks {
                let next = ix.vocab.len() as u32;
                let id = *ix.vocab.entry(t.text).or_insert(next);
                if id as usize == ix.postings.len() {
                    ix.postings.push(Vec::new());
                }
                *tf.entry(id).or_default() += 1;
            }
            for (id, n) in tf {
                ix.postings[id as usize].push((d as u32, n));
            }
        }
        let n = docs.len().max(1) as f32;
        let avg = (lens.iter().sum::<f32>() / n).max(1.0);
        ix.norm = lens.iter().map(|l| K1 * (1.0 - B + B * l / avg)).collect();
        ix.idf = ix
            .postings
            .iter()
            .map(|p| {
                let df = p.len() as f32;
                ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
            })
            .collect();
        ix
    }

    /// The inverse document frequency of a token; 0 for one the documents never use.
    pub fn idf(&self, token: &str) -> f32 {
        self.vocab.get(token).map_or(0.0, |&id| self.idf[id as usize])
    }

    /// Every document's score for the query, indexed by document (0 for no shared token). Each
    /// distinct token of the query counts once. One pass over the postings into a dense array.
    pub fn scores(&self, query: &[Token]) -> Vec<f32> {
        let mut acc = vec![0.0f32; self.norm.len()];
        let mut seen: Vec<u32> = Vec::with_capacity(query.len());
        for t in query {
            let Some(&id) = self.vocab.get(&t.text) else { continue };
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
            let w = t.weight * self.idf[id as usize] * (K1 + 1.0);
            for &(doc, tf) in &self.postings[id as usize] {
                let tf = f32::from(tf);
                acc[doc as usize] += w * tf / (tf + self.norm[doc as usize]);
            }
        }
        acc
    }

    /// The query's tokens (indexes) that occur in `doc`.
    pub fn matched(&self, doc: usize, query: &[Token]) -> Vec<usize> {
        query
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                self.vocab.get(&t.text).is_some_and(|&id| {
                    self.postings[id as usize]
                        .binary_search_by_key(&(doc as u32), |p| p.0)
                        .is_ok()
                })
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The documents that share a token with the query, best first.
    pub fn search(&self, query: &[Token]) -> Vec<Hit> {
        let mut hits: Vec<Hit> = self
            .scores(query)
            .into_iter()
            .enumerate()
            .filter(|(_, s)| *s > 0.0)
            .map(|(doc, score)| Hit {
                doc,
                score,
                matched: self.matched(doc, query),
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits
    }

    /// The score a document made only of the query would get: the scale for a relative score.
    pub fn self_score(&self, query: &[Token]) -> f32 {
        let mut seen = std::collections::HashSet::new();
        query
            .iter()
            .filter(|t| seen.insert(t.text.as_str()))
            .map(|t| t.weight * self.idf(&t.text))
            .sum()
    }
}

/// Words too common in policy texts to show a resemblance on their own.
pub const GENERIC: &[&str] = &[
    "生产", "投资", "研发", "经营", "服务", "公司", "企业", "材料", "建设", "开发", "业务", "技术", "制造", "销售",
    "产品", "项目", "管理", "相关", "外资", "中方", "运营", "应用", "设备", "加工",
];

/// The words of `query` covered by the matched tokens: overlapping or touching spans merged.
pub fn matched_words(query: &str, toks: &[Token], matched: &[usize]) -> Vec<String> {
    let chars: Vec<char> = query.chars().collect();
    let mut spans: Vec<(usize, usize)> = matched.iter().map(|&i| (toks[i].start, toks[i].end)).collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut words: Vec<String> = Vec::new();
    for (s, e) in merged {
        let w: String = chars[s..e].iter().collect();
        if !words.contains(&w) {
            words.push(w);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_runs_become_bigrams_and_ascii_words_are_lowercased() {
        let t: Vec<String> = tokens("半导体 Wafer 厂").into_iter().map(|t| t.text).collect();
        assert_eq!(t, ["半", "半导", "导", "导体", "体", "wafer", "厂"]);
    }

    #[test]
    fn the_document_sharing_rarer_words_ranks_first_and_its_words_are_reported() {
        let ix = TextIndex::build(&["集成电路设计", "服装设计与生产", "新能源汽车动力电池生产"]);
        let q = "动力电池模组生产";
        let toks = tokens(q);
        let hits = ix.search(&toks);
        assert_eq!(hits[0].doc, 2);
        assert_eq!(matched_words(q, &toks, &hits[0].matched), ["动力电池", "生产"]);
        assert!(hits[0].score <= ix.self_score(&toks) * (K1 + 1.0));
    }
}
