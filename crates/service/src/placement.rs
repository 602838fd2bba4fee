//! Where a division sits in the tree, from the embedded reference data.

use kaifang_domain::field_error::{FieldError, Message};
use kaifang_domain::jurisdiction::{DivisionLevel, Placement, Scope};

/// The placement of a current division code, or a field error naming `field`
/// with the nearest valid suggestion.
pub fn of_division(field: &str, code: &str) -> Result<Placement, FieldError> {
    let rd = kaifang_refdata::get();
    let code = code.trim();
    let Some(d) = rd.division(code) else {
        let mut e = if let Some(r) = rd.retired_division(code) {
            FieldError::new(
                field,
                "division.retired",
                Message::new(
                    format!("行政区划代码 {code}（{}）已撤销，请使用现行代码", r.name),
                    format!(
                        "division code {code} ({}) is no longer in use; use the current code",
                        r.name
                    ),
                ),
            )
        } else {
            FieldError::new(
                field,
                "division.unknown",
                Message::new(
                    format!("行政区划代码 {code} 不存在"),
                    format!("division code {code} does not exist"),
                ),
            )
        };
        if let Some(s) = rd.suggest_division(code) {
            e = e.with_suggestion(format!("{} {}", s.code, s.name));
        }
        return Err(e);
    };
    Ok(placement(d))
}

fn placement(d: &kaifang_refdata::Division) -> Placement {
    let (province, prefecture, county) = match d.level {
        DivisionLevel::National => (None, None, None),
        DivisionLevel::Province => (Some(d.code.clone()), None, None),
        DivisionLevel::Prefecture => (d.province.clone(), Some(d.code.clone()), None),
        DivisionLevel::County => (d.province.clone(), d.prefecture.clone(), Some(d.code.clone())),
    };
    Placement {
        division: d.code.clone(),
        province,
        prefecture,
        county,
        enterprise: None,
    }
}

/// The scope of a division subtree (for filters and for officers bound to it).
pub fn scope_of(code: &str) -> Option<Scope> {
    let d = kaifang_refdata::get().division(code)?;
    Some(Scope::for_division(d.level, &d.code))
}

/// Display name of a division ("江苏省 南京市 玄武区"), or the code if unknown.
pub fn full_name(code: &str) -> String {
    full_name_ref(code)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// Full names of every division, computed once (lists show one per row).
pub fn full_name_ref(code: &str) -> Option<&'static str> {
    static NAMES: std::sync::OnceLock<std::collections::HashMap<String, String>> = std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            let rd = kaifang_refdata::get();
            rd.divisions()
                .map(|d| d.code.clone())
                .chain(std::iter::once("000000".to_string()))
                .map(|c| {
                    let n = compute_full_name(&c);
                    (c, n)
                })
                .collect()
        })
        .get(code)
        .map(String::as_str)
}

fn compute_full_name(code: &str) -> String {
    let rd = kaifang_refdata::get();
    let Some(d) = rd.division(code) else {
        return code.to_string();
    };
    let mut parts: Vec<&str> = rd
        .ancestors(code)
        .into_iter()
        .filter(|a| a.level != DivisionLevel::National)
        .map(|a| a.name.as_str())
        .collect();
    parts.push(&d.name);
    parts.join(" ")
}

/// A division and every division above it, nearest first, ending at the national level
/// (`000000`): the order in which per-jurisdiction settings (case time limits, project update
/// periods) are looked up, the most specific first.
pub fn chain_to_national(code: &str) -> Vec<String> {
    let rd = kaifang_refdata::get();
    let mut chain = vec![code.to_string()];
    for a in rd.ancestors(code).iter().rev() {
        chain.push(a.code.clone());
    }
    if !chain.iter().any(|c| c == "000000") {
        chain.push("000000".into());
    }
    chain
}
