//! The dependency direction written in ARCHITECTURE.md, checked: pure crates
//! never depend on the database, HTTP or template crates.

fn dependencies(krate: &str) -> String {
    let path = format!("{}/../{krate}/Cargo.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    // Only the [dependencies] table: dev-dependencies may differ.
    let start = text
        .find("[dependencies]")
        .map(|i| i + "[dependencies]".len())
        .unwrap_or(text.len());
    let rest = &text[start..];
    let end = rest.find("\n[").unwrap_or(rest.len());
    rest[..end].to_string()
}

const IO_CRATES: &[&str] = &[
    "sqlx",
    "axum",
    "askama",
    "tokio",
    "reqwest",
    "kaifang-store",
    "kaifang-web",
    "utoipa",
];

#[test]
fn pure_crates_depend_on_no_io_crate() {
    for krate in ["domain", "refdata", "exchange"] {
        let deps = dependencies(krate);
        for io in IO_CRATES {
            assert!(
                !deps.lines().any(|l| l.trim_start().starts_with(io)),
                "{krate} depends on {io}"
            );
        }
    }
}

#[test]
fn the_store_knows_nothing_of_http_or_templates() {
    let deps = dependencies("store");
    for web in ["axum", "askama", "kaifang-web", "kaifang-service", "utoipa"] {
        assert!(
            !deps.lines().any(|l| l.trim_start().starts_with(web)),
            "store depends on {web}"
        );
    }
}

#[test]
fn every_source_file_says_what_it_is_for() {
    let root = format!("{}/..", env!("CARGO_MANIFEST_DIR"));
    let mut missing = vec![];
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                if !text.starts_with("//!") {
                    missing.push(p.display().to_string());
                }
            }
        }
    }
    assert!(missing.is_empty(), "files without a //! line: {missing:?}");
}
