//! Columnar modes: column, box, table, markdown. Widths come from `.width` or from the widest
//! cell line; cells holding newlines span several lines, and then rows are separated (a blank
//! line in column mode, a rule in box/table). Numbers are left-aligned like text (3.40).

use super::text::{or_null, plain};
use super::{Mode, Settings};
use ferrolite::Value;

/// A value as `--quote` columnar modes show it: text in single quotes, blobs as lowercase
/// `x'…'`, NULL as `NULL`, numbers as their text.
fn quoted(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
        Value::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("x'{hex}'")
        }
        other => String::from_utf8_lossy(&plain(other).unwrap_or_default()).into_owned(),
    }
}

fn width_of(s: &str) -> usize {
    s.chars().count()
}

/// A cell's lines, wrapped at `wrap` characters when non-zero. With `words` (`--wordwrap on`)
/// a full window breaks after its last space when that space lies in the window's second half
/// (otherwise it is cut at `wrap`), and spaces starting a continuation line are dropped.
fn cell_lines(text: &str, wrap: usize, words: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for line in split_controls(text) {
        let mut rest: Vec<char> = line.chars().collect();
        loop {
            if wrap == 0 || rest.len() < wrap {
                break;
            }
            let space = if words {
                rest[..wrap]
                    .iter()
                    .rposition(|c| *c == ' ')
                    .filter(|k| *k >= wrap / 2)
            } else {
                None
            };
            match space {
                Some(k) => {
                    let head: String = rest[..k].iter().collect();
                    lines.push(head.trim_end_matches(' ').to_string());
                    rest.drain(..k);
                }
                None if rest.len() > wrap => {
                    lines.push(rest[..wrap].iter().collect());
                    rest.drain(..wrap);
                }
                None => break,
            }
            if words {
                let lead = rest.iter().take_while(|c| **c == ' ').count();
                rest.drain(..lead);
            }
        }
        lines.push(rest.into_iter().collect());
    }
    lines
}

/// Splits cell text into display lines: a tab advances to the next multiple of 8 columns,
/// CR LF and every other control character end the line.
fn split_controls(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut width = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => {
                let n = 8 - width % 8;
                cur.extend(std::iter::repeat_n(' ', n));
                width += n;
            }
            c if (c as u32) < 0x20 => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(std::mem::take(&mut cur));
                width = 0;
            }
            c => {
                cur.push(c);
                width += 1;
            }
        }
    }
    lines.push(cur);
    lines
}

fn pad(s: &str, w: usize, right: bool, out: &mut String) {
    let n = w.saturating_sub(width_of(s));
    if right {
        out.extend(std::iter::repeat_n(' ', n));
        out.push_str(s);
    } else {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', n));
    }
}

fn center(s: &str, w: usize, out: &mut String) {
    let n = w.saturating_sub(width_of(s));
    out.extend(std::iter::repeat_n(' ', n / 2));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', n - n / 2));
}

/// The border characters of box and table modes: left, fill, junction, right per rule.
struct Rules {
    top: [&'static str; 4],
    mid: [&'static str; 4],
    bottom: [&'static str; 4],
    bar: &'static str,
}

const BOX: Rules = Rules {
    top: ["┌", "─", "┬", "┐"],
    mid: ["├", "─", "┼", "┤"],
    bottom: ["└", "─", "┴", "┘"],
    bar: "│",
};
const TABLE: Rules = Rules {
    top: ["+", "-", "+", "+"],
    mid: ["+", "-", "+", "+"],
    bottom: ["+", "-", "+", "+"],
    bar: "|",
};

fn rule(r: &[&str; 4], widths: &[usize], out: &mut String) {
    out.push_str(r[0]);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            out.push_str(r[2]);
        }
        for _ in 0..w + 2 {
            out.push_str(r[1]);
        }
    }
    out.push_str(r[3]);
    out.push('\n');
}

/// Prints a whole result in a columnar mode.
pub fn print(s: &Settings, names: &[String], rows: &[Vec<Value>], out: &mut Vec<u8>) {
    if rows.is_empty() {
        return;
    }
    let ncol = names.len();
    // A header shows only its first line (expression names can span lines), cut at the wrap
    // width.
    let first_lines: Vec<String> = names
        .iter()
        .map(|n| {
            let first = split_controls(n).into_iter().next().unwrap_or_default();
            match s.wrap {
                0 => first,
                w => first.chars().take(w).collect(),
            }
        })
        .collect();
    let names = &first_lines[..];
    let show_header = s.headers || s.mode != Mode::Column;
    let fixed: Vec<i64> = (0..ncol)
        .map(|i| s.widths.get(i).copied().unwrap_or(0))
        .collect();
    let right: Vec<bool> = fixed.iter().map(|w| *w < 0).collect();
    let cells: Vec<Vec<Vec<String>>> = rows
        .iter()
        .map(|row| {
            (0..ncol)
                .map(|i| {
                    let v = row.get(i).unwrap_or(&Value::Null);
                    let text = if s.quote {
                        quoted(v)
                    } else {
                        String::from_utf8_lossy(&or_null(v, &s.null)).into_owned()
                    };
                    let wrap = match fixed[i].unsigned_abs() as usize {
                        0 => s.wrap,
                        w => w,
                    };
                    cell_lines(&text, wrap, s.wordwrap)
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..ncol)
        .map(|i| {
            if fixed[i] != 0 {
                return fixed[i].unsigned_abs() as usize;
            }
            // The header's width counts even when column mode does not show it.
            let head = width_of(&names[i]);
            cells
                .iter()
                .flat_map(|r| r[i].iter().map(|l| width_of(l)))
                .max()
                .unwrap_or(0)
                .max(head)
        })
        .collect();
    let multiline = cells.iter().any(|r| r.iter().any(|c| c.len() > 1));
    let mut o = String::new();
    match s.mode {
        Mode::Column => {
            if show_header {
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        o.push_str("  ");
                    }
                    // A fixed width cuts the header.
                    let n: String = n.chars().take(widths[i]).collect();
                    pad(&n, widths[i], right[i], &mut o);
                }
                o.push('\n');
                for (i, w) in widths.iter().enumerate() {
                    if i > 0 {
                        o.push_str("  ");
                    }
                    o.extend(std::iter::repeat_n('-', *w));
                }
                o.push('\n');
            }
            for (r, row) in cells.iter().enumerate() {
                if r > 0 && multiline {
                    o.push('\n');
                }
                let height = row.iter().map(Vec::len).max().unwrap_or(1);
                for k in 0..height {
                    for (i, c) in row.iter().enumerate() {
                        if i > 0 {
                            o.push_str("  ");
                        }
                        pad(
                            c.get(k).map_or("", String::as_str),
                            widths[i],
                            right[i],
                            &mut o,
                        );
                    }
                    o.push('\n');
                }
            }
        }
        Mode::Box | Mode::Table | Mode::Markdown => {
            let md = s.mode == Mode::Markdown;
            let rules = if s.mode == Mode::Box { &BOX } else { &TABLE };
            let bar = if md { "|" } else { rules.bar };
            if !md {
                rule(&rules.top, &widths, &mut o);
            }
            o.push_str(bar);
            for (i, n) in names.iter().enumerate() {
                o.push(' ');
                let n: String = n.chars().take(widths[i]).collect();
                center(&n, widths[i], &mut o);
                o.push(' ');
                o.push_str(bar);
            }
            o.push('\n');
            if md {
                rule(&["|", "-", "|", "|"], &widths, &mut o);
            } else {
                rule(&rules.mid, &widths, &mut o);
            }
            for (r, row) in cells.iter().enumerate() {
                if r > 0 && multiline && !md {
                    rule(&rules.mid, &widths, &mut o);
                }
                let height = row.iter().map(Vec::len).max().unwrap_or(1);
                for k in 0..height {
                    o.push_str(bar);
                    for (i, c) in row.iter().enumerate() {
                        o.push(' ');
                        pad(
                            c.get(k).map_or("", String::as_str),
                            widths[i],
                            right[i],
                            &mut o,
                        );
                        o.push(' ');
                        o.push_str(bar);
                    }
                    o.push('\n');
                }
            }
            if !md {
                rule(&rules.bottom, &widths, &mut o);
            }
        }
        _ => {}
    }
    out.extend_from_slice(o.as_bytes());
}
