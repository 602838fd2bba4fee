//! Charts drawn by the server as SVG: no script, no external library, readable
//! without colour (every bar carries its number as text) and printable.

use std::fmt::Write;

/// One series of a stacked bar chart: its name and colour.
pub struct Series<'a> {
    pub name: &'a str,
    pub fill: &'a str,
}

/// One bar: its label and one value per series.
pub struct Bar {
    pub label: String,
    pub values: Vec<i64>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const LABEL_W: f64 = 150.0;
const BAR_H: f64 = 18.0;
const GAP: f64 = 8.0;
const WIDTH: f64 = 640.0;

/// A horizontal stacked bar chart with a legend; `title` is its accessible name.
pub fn stacked_bars(title: &str, series: &[Series<'_>], bars: &[Bar]) -> String {
    let max = bars
        .iter()
        .map(|b| b.values.iter().copied().filter(|v| *v > 0).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let plot_w = WIDTH - LABEL_W - 60.0;
    let legend_h = 24.0;
    let height = legend_h + bars.len() as f64 * (BAR_H + GAP) + GAP;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    let mut x = LABEL_W;
    for se in series {
        let _ = write!(
            s,
            r#"<rect x="{x}" y="4" width="12" height="12" fill="{f}"/><text x="{tx}" y="14" font-size="12">{n}</text>"#,
            f = se.fill,
            tx = x + 16.0,
            n = esc(se.name)
        );
        x += 16.0 + 13.0 * se.name.chars().count() as f64 + 20.0;
    }
    for (i, b) in bars.iter().enumerate() {
        let y = legend_h + i as f64 * (BAR_H + GAP);
        let _ = write!(
            s,
            r#"<text x="{lx}" y="{ty}" font-size="12" text-anchor="end">{l}</text>"#,
            lx = LABEL_W - 6.0,
            ty = y + BAR_H - 5.0,
            l = esc(&b.label)
        );
        let mut x = LABEL_W;
        for (v, se) in b.values.iter().zip(series) {
            if *v <= 0 {
                continue;
            }
            let w = (*v as f64 / max * plot_w).max(1.0);
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{BAR_H}" fill="{f}"><title>{n}: {v}</title></rect>"#,
                f = se.fill,
                n = esc(se.name)
            );
            x += w;
        }
        let total: i64 = b.values.iter().filter(|v| **v > 0).sum();
        let _ = write!(
            s,
            r#"<text x="{tx:.1}" y="{ty}" font-size="12">{total}</text>"#,
            tx = x + 4.0,
            ty = y + BAR_H - 5.0
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars of a share (0–1) per label, with the percentage written out;
/// labels without a figure show "—".
pub fn share_bars(title: &str, fill: &str, rows: &[(String, Option<f64>)]) -> String {
    let plot_w = WIDTH - LABEL_W - 60.0;
    let height = rows.len() as f64 * (BAR_H + GAP) + GAP;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    for (i, (label, share)) in rows.iter().enumerate() {
        let y = GAP + i as f64 * (BAR_H + GAP);
        let _ = write!(
            s,
            r##"<text x="{lx}" y="{ty}" font-size="12" text-anchor="end">{l}</text><rect x="{LABEL_W}" y="{y}" width="{plot_w}" height="{BAR_H}" fill="#eef1f5"/>"##,
            lx = LABEL_W - 6.0,
            ty = y + BAR_H - 5.0,
            l = esc(label)
        );
        match share {
            Some(v) => {
                let v = v.clamp(0.0, 1.0);
                let _ = write!(
                    s,
                    r#"<rect x="{LABEL_W}" y="{y}" width="{w:.1}" height="{BAR_H}" fill="{fill}"/><text x="{tx:.1}" y="{ty}" font-size="12">{p:.0}%</text>"#,
                    w = v * plot_w,
                    tx = LABEL_W + plot_w + 4.0,
                    ty = y + BAR_H - 5.0,
                    p = v * 100.0
                );
            }
            None => {
                let _ = write!(
                    s,
                    r#"<text x="{tx:.1}" y="{ty}" font-size="12">—</text>"#,
                    tx = LABEL_W + plot_w + 4.0,
                    ty = y + BAR_H - 5.0
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stacked_chart_scales_to_the_longest_bar_and_escapes_labels() {
        let svg = stacked_bars(
            "cases <by> division",
            &[
                Series {
                    name: "open",
                    fill: "#1f6feb",
                },
                Series {
                    name: "overdue",
                    fill: "#d1242f",
                },
            ],
            &[
                Bar {
                    label: "A&B".into(),
                    values: vec![30, 10],
                },
                Bar {
                    label: "C".into(),
                    values: vec![0, 0],
                },
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("A&amp;B") && svg.contains("cases &lt;by&gt; division"));
        // The longest bar (40) spans the whole plot width: 640 - 150 - 60 = 430.
        assert!(svg.contains(r#"width="322.5""#), "30/40 of 430");
        assert!(svg.contains(r#"width="107.5""#), "10/40 of 430");
        assert!(svg.contains(">40</text>") && svg.contains(">0</text>"));
    }

    #[test]
    fn shares_are_written_as_percentages_and_missing_ones_as_a_dash() {
        let svg = share_bars("on time", "#2da44e", &[("A".into(), Some(0.5)), ("B".into(), None)]);
        assert!(svg.contains(">50%</text>"));
        assert!(svg.contains(">—</text>"));
    }
}
