//! Parser tests: statements that must parse, and malformed SQL with SQLite's exact errors.

use super::ast::*;
use super::*;

fn ok(sql: &str) -> Vec<Stmt> {
    match parse(sql) {
        Ok(v) => v,
        Err(e) => panic!("{sql:?} failed: {} (offset {:?})", e.message, e.offset),
    }
}

#[test]
fn simple_select() {
    let v = ok("SELECT a+1, b AS x FROM t WHERE c > 2 ORDER BY a DESC LIMIT 3");
    assert_eq!(v.len(), 1);
}

/// SQL texts of the sqllogictest records SQLite runs and accepts (`statement ok` and
/// `query` records, minus those skipped for or reserved to other engines).
fn slt_statements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for record in text.split("\n\n") {
        let mut lines = record.lines().filter(|l| !l.starts_with('#')).peekable();
        let mut applies = true;
        while let Some(l) = lines.peek() {
            let l = l.trim();
            if let Some(e) = l.strip_prefix("skipif ") {
                applies &= !e.trim().eq_ignore_ascii_case("sqlite");
            } else if let Some(e) = l.strip_prefix("onlyif ") {
                applies &= e.trim().eq_ignore_ascii_case("sqlite");
            } else {
                break;
            }
            lines.next();
        }
        let Some(head) = lines.next() else { continue };
        if !applies || !(head.starts_with("statement ok") || head.starts_with("query")) {
            continue;
        }
        let sql: Vec<&str> = lines.take_while(|l| *l != "----").collect();
        if !sql.is_empty() {
            out.push(sql.join("\n"));
        }
    }
    out
}

fn slt_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            slt_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "test") {
            out.push(p);
        }
    }
}

/// Every statement of the sqllogictest corpus that SQLite accepts must parse. Set
/// `FERROLITE_SLT_ALL=1` to run all files (the default takes every 8th file for speed).
#[test]
fn sqllogictest_corpus_parses() {
    let root = std::path::Path::new("/work/shared/sqllogictest");
    let mut files = Vec::new();
    slt_files(root, &mut files);
    files.sort();
    if files.is_empty() {
        eprintln!("sqllogictest corpus not found; skipped");
        return;
    }
    let all = std::env::var("FERROLITE_SLT_ALL").is_ok();
    let (mut total, mut failed) = (0usize, 0usize);
    let mut examples = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if !all && i % 8 != 0 {
            continue;
        }
        let text = std::fs::read_to_string(f)
            .unwrap_or_default()
            .replace("\r\n", "\n");
        for sql in slt_statements(&text) {
            total += 1;
            if let Err(e) = parse(&sql) {
                failed += 1;
                if examples.len() < 20 {
                    examples.push(format!("{sql}\n  => {} at {:?}", e.message, e.offset));
                }
            }
        }
    }
    eprintln!("sqllogictest corpus: {total} statements, {failed} failed to parse");
    for e in &examples {
        eprintln!("{e}");
    }
    assert_eq!(failed, 0);
}

/// Statement prefixes where Ferrolite deliberately accepts more than SQLite 3.40 (so errors
/// may differ).
const EXTENSIONS: &[&str] = &["begin concurrent"];

/// Check a table in the format of `testdata/expected.tsv` (sql, `ok`/`err`, message, offset):
/// every text SQLite parses must parse; every parse error must match SQLite's message and byte
/// offset. Returns the mismatches.
fn check_table(table: &str) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut n = 0;
    for line in table.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        n += 1;
        let sql = cols[0].replace("\\n", "\n");
        let words = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        if EXTENSIONS
            .iter()
            .any(|x| words.to_ascii_lowercase().starts_with(x))
        {
            continue;
        }
        match (cols[1], parse(&sql)) {
            ("sem", _) => {}
            ("ok", Ok(_)) => {}
            // Deliberate: SQLite checks VALUES arity while resolving names, so an unknown
            // column in an earlier row is reported first there; we refuse the arity at once.
            ("ok", Err(e)) if e.message == "all VALUES must have the same number of terms" => {}
            // SQLite stopped at a semantic error (e.g. `no such column` for a PRIMARY KEY
            // column) before reaching the place where we report a syntax error.
            ("ok", Err(e))
                if cols[3]
                    .parse::<i64>()
                    .is_ok_and(|o| o >= 0 && e.offset.unwrap_or(sql.len()) as i64 > o) => {}
            ("ok", Err(e)) => failures.push(format!(
                "{sql:?}: sqlite parses it, we fail: {} at {:?}",
                e.message, e.offset
            )),
            (_, Ok(_)) => failures.push(format!("{sql:?}: sqlite fails ({}), we parse", cols[2])),
            (_, Err(e)) => {
                let want_off: i64 = cols[3].parse().unwrap_or(-1);
                let got_off = e.offset.map_or(-1, |o| o as i64);
                if e.message != cols[2] || got_off != want_off {
                    failures.push(format!(
                        "{sql:?}: want {} at {want_off}, got {} at {got_off}",
                        cols[2], e.message
                    ));
                }
            }
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    eprintln!("{n} cases, {} mismatches", failures.len());
    (n, failures)
}

/// The hand-written differential table: `testdata/cases.sql` → `testdata/expected.tsv` by
/// `testdata/gen.py` with the reference SQLite.
#[test]
fn matches_sqlite_on_case_table() {
    let (n, failures) = check_table(include_str!("testdata/expected.tsv"));
    assert!(n > 800);
    assert!(failures.is_empty());
}

/// Mutated statements (`testdata/fuzz.py` → `testdata/fuzz.tsv`), mostly malformed: our errors
/// must be SQLite's, message and offset.
#[test]
fn fuzz_table_matches_sqlite() {
    let (n, failures) = check_table(include_str!("testdata/fuzz.tsv"));
    assert!(n >= 8000);
    assert!(failures.is_empty());
}

/// An exploratory fuzz table named by `FERROLITE_FUZZ_FILE` (see `testdata/fuzz.py`).
#[test]
#[ignore]
fn fuzz_file() {
    let path = std::env::var("FERROLITE_FUZZ_FILE").unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (_, failures) = check_table(&text);
    assert!(failures.is_empty());
}

/// The nesting depth at which `make(n)` first fails with `parser stack overflow`.
fn overflow_threshold(make: impl Fn(usize) -> String) -> Option<usize> {
    (1..300).find(|&n| parse(&make(n)).is_err_and(|e| e.message == "parser stack overflow"))
}

/// SQLite's parser stack holds 100 entries; deeply nested input fails with `parser stack
/// overflow` at these depths (measured with the reference sqlite3) instead of recursing.
#[test]
fn deep_nesting_overflows_like_sqlite() {
    let rep = |s: &str, n: usize| s.repeat(n);
    type Maker = Box<dyn Fn(usize) -> String>;
    let cases: Vec<(&str, Maker, usize)> = vec![
        (
            "parens",
            Box::new(move |n| format!("select {}1{}", rep("(", n), rep(")", n))),
            94,
        ),
        (
            "parens+1",
            Box::new(move |n| format!("select 1+{}1{}", rep("(", n), rep(")", n))),
            92,
        ),
        (
            "subq",
            Box::new(move |n| format!("select {}1{}", rep("(select ", n), rep(")", n))),
            19,
        ),
        (
            "func",
            Box::new(move |n| format!("select {}1{}", rep("abs(", n), rep(")", n))),
            32,
        ),
        (
            "neg",
            Box::new(move |n| format!("select {}1", rep("- ", n))),
            95,
        ),
        (
            "not",
            Box::new(move |n| format!("select {}1", rep("not ", n))),
            95,
        ),
        (
            "case",
            Box::new(move |n| format!("select {}1{}", rep("case when 1 then ", n), rep(" end", n))),
            19,
        ),
        (
            "add",
            Box::new(move |n| format!("select {}1{}", rep("1+(", n), rep(")", n))),
            32,
        ),
        (
            "from",
            Box::new(move |n| {
                format!(
                    "select * from {}t{}",
                    rep("(select * from ", n),
                    rep(")", n)
                )
            }),
            16,
        ),
        (
            "in",
            Box::new(move |n| format!("select {}1{}", rep("1 in (", n), rep(")", n))),
            14,
        ),
        (
            "and",
            Box::new(move |n| format!("select 1 where {}1{}", rep("(1 and ", n), rep(")", n))),
            32,
        ),
        (
            "notparen",
            Box::new(move |n| format!("select {}1{}", rep("not (", n), rep(")", n))),
            47,
        ),
        (
            "exists",
            Box::new(move |n| format!("select {}1{}", rep("exists(select ", n), rep(")", n))),
            16,
        ),
    ];
    let more: Vec<(&str, Maker, usize)> = vec![
        (
            "case-when",
            Box::new(move |n| format!("select {}1{}", rep("case when ", n), rep(" then 1 end", n))),
            31,
        ),
        (
            "case-else",
            Box::new(move |n| {
                format!(
                    "select {}1{}",
                    rep("case when 1 then 1 else ", n),
                    rep(" end", n)
                )
            }),
            24,
        ),
        (
            "case-operand",
            Box::new(move |n| {
                format!(
                    "select {}1{}",
                    rep("case ", n),
                    rep(" when 1 then 1 end", n)
                )
            }),
            91,
        ),
        (
            "func2",
            Box::new(move |n| format!("select {}1{}", rep("f(1, ", n), rep(")", n))),
            19,
        ),
        (
            "cast",
            Box::new(move |n| format!("select {}1{}", rep("cast(", n), rep(" as int)", n))),
            46,
        ),
        (
            "mul",
            Box::new(move |n| format!("select {}1{}", rep("1 * (", n), rep(")", n))),
            32,
        ),
        (
            "between-hi",
            Box::new(move |n| format!("select {}1{}", rep("1 between 1 and (", n), rep(")", n))),
            19,
        ),
        (
            "between-lo",
            Box::new(move |n| format!("select {}1{}", rep("1 between (", n), rep(") and 2", n))),
            32,
        ),
        (
            "subq-where",
            Box::new(move |n| format!("select {}1{}", rep("(select 1 where ", n), rep(")", n))),
            16,
        ),
    ];
    let cases: Vec<(&str, Maker, usize)> = cases.into_iter().chain(more).collect();
    let mut bad = Vec::new();
    for (name, make, want) in &cases {
        let got = overflow_threshold(make);
        if got != Some(*want) {
            bad.push(format!("{name}: sqlite {want}, ours {got:?}"));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
    // Far deeper input fails cleanly too (no Rust stack overflow).
    let deep = format!("select {}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(parse(&deep).unwrap_err().message, "parser stack overflow");
}

#[test]
fn tall_expression_trees_are_refused() {
    let ok_chain = format!("select {}1", "1+".repeat(999));
    assert!(parse(&ok_chain).is_ok());
    let tall = format!("select {}1", "1+".repeat(1000));
    assert_eq!(
        parse(&tall).unwrap_err().message,
        "Expression tree is too large (maximum depth 1000)"
    );
    let and_chain = format!("select x from t where {}", vec!["1"; 3000].join(" and "));
    assert!(parse(&and_chain).is_err());
}

#[test]
fn limits_on_compounds_and_arguments() {
    let compound = |n: usize| vec!["select 1"; n].join(" union ");
    assert!(parse(&compound(500)).is_ok());
    assert_eq!(
        parse(&compound(501)).unwrap_err().message,
        "too many terms in compound SELECT"
    );
    let args = |n: usize| format!("select f({})", vec!["1"; n].join(","));
    assert!(parse(&args(127)).is_ok());
    let e = parse(&args(128)).unwrap_err();
    assert_eq!(e.message, "too many arguments on function f");
    assert_eq!(e.offset, Some(7));
}

/// A compact rendering of an expression tree for shape assertions.
fn sexp(e: &Expr) -> String {
    use ExprKind as K;
    let b = |op: BinaryOp| match op {
        BinaryOp::Or => "or",
        BinaryOp::And => "and",
        BinaryOp::Eq => "=",
        BinaryOp::Ne => "!=",
        BinaryOp::Is => "is",
        BinaryOp::IsNot => "isnot",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => ">=",
        BinaryOp::BitAnd => "&",
        BinaryOp::BitOr => "|",
        BinaryOp::ShiftLeft => "<<",
        BinaryOp::ShiftRight => ">>",
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Mod => "%",
        BinaryOp::Concat => "||",
        BinaryOp::JsonExtract => "->",
        BinaryOp::JsonExtractText => "->>",
    };
    let list = |v: &[Expr]| v.iter().map(sexp).collect::<Vec<_>>().join(" ");
    match &e.kind {
        K::Literal(Literal::Integer(i)) => i.to_string(),
        K::Literal(Literal::Real(r)) => format!("{r:?}"),
        K::Literal(Literal::String(s)) => format!("'{s}'"),
        K::Literal(Literal::Blob(b)) => format!("x{b:?}"),
        K::Literal(Literal::Null) => "null".into(),
        K::Literal(Literal::Bool(v)) => v.to_string(),
        K::Literal(l) => format!("{l:?}"),
        K::Variable { index, name } => format!("?{index}{}", name.as_deref().unwrap_or("")),
        K::Column {
            schema,
            table,
            column,
        } => {
            let mut s = String::new();
            for p in [schema, table].into_iter().flatten() {
                s.push_str(&p.name);
                s.push('.');
            }
            s + &column.name
        }
        K::Unary { op, expr } => format!("({op:?} {})", sexp(expr)),
        K::Binary { left, op, right } => format!("({} {} {})", b(*op), sexp(left), sexp(right)),
        K::Like {
            expr,
            op,
            not,
            pattern,
            escape,
        } => format!(
            "({}{op:?} {} {}{})",
            if *not { "not " } else { "" },
            sexp(expr),
            sexp(pattern),
            escape
                .as_ref()
                .map(|e| format!(" {}", sexp(e)))
                .unwrap_or_default()
        ),
        K::IsNull(x) => format!("(isnull {})", sexp(x)),
        K::NotNull(x) => format!("(notnull {})", sexp(x)),
        K::Between {
            expr,
            not,
            low,
            high,
        } => format!(
            "({}between {} {} {})",
            if *not { "not " } else { "" },
            sexp(expr),
            sexp(low),
            sexp(high)
        ),
        K::InList { expr, not, list: l } => {
            format!(
                "({}in {} [{}])",
                if *not { "not " } else { "" },
                sexp(expr),
                list(l)
            )
        }
        K::InSelect { expr, not, .. } => {
            format!(
                "({}in {} select)",
                if *not { "not " } else { "" },
                sexp(expr)
            )
        }
        K::InTable {
            expr, not, table, ..
        } => format!(
            "({}in {} {})",
            if *not { "not " } else { "" },
            sexp(expr),
            table.name.name
        ),
        K::Exists(_) => "(exists)".into(),
        K::Subquery(_) => "(subquery)".into(),
        K::Case {
            operand,
            when_then,
            else_,
        } => {
            let mut s = String::from("(case");
            if let Some(o) = operand {
                s += &format!(" {}", sexp(o));
            }
            for (w, t) in when_then {
                s += &format!(" (when {} {})", sexp(w), sexp(t));
            }
            if let Some(e) = else_ {
                s += &format!(" (else {})", sexp(e));
            }
            s + ")"
        }
        K::Cast { expr, type_name } => format!("(cast {} '{}')", sexp(expr), type_name.name),
        K::Collate { expr, collation } => format!("(collate {} {})", sexp(expr), collation.name),
        K::Function(f) => {
            let args = match &f.args {
                FunctionArgs::Star => "*".to_string(),
                FunctionArgs::List(a) => list(a),
            };
            format!(
                "({}{} {args}{}{})",
                f.name.name,
                if f.distinct { " distinct" } else { "" },
                f.filter
                    .as_ref()
                    .map(|x| format!(" filter {}", sexp(x)))
                    .unwrap_or_default(),
                if f.over.is_some() { " over" } else { "" }
            )
        }
        K::Raise { action, message } => format!("(raise {action:?} {message:?})"),
        K::Row(items) => format!("(row {})", list(items)),
    }
}

/// The first result column's expression of `SELECT <expr>`.
fn select_expr(sql: &str) -> Expr {
    let stmts = ok(sql);
    let Some(Stmt::Select(s)) = stmts.into_iter().next() else {
        panic!("{sql}: not a select")
    };
    let SelectCore::Select(core) = &s.first else {
        panic!("{sql}: not a select core")
    };
    match &core.columns[0] {
        ResultColumn::Expr { expr, .. } => expr.clone(),
        other => panic!("{sql}: {other:?}"),
    }
}

fn shape(expr_sql: &str) -> String {
    sexp(&select_expr(&format!("SELECT {expr_sql}")))
}

/// Operator precedence and associativity. Each case was checked by evaluating it with the
/// reference sqlite3 (e.g. `SELECT 2 || 3 * 4` is 92, `SELECT 0 BETWEEN 1 AND 2 = 0` is 1).
#[test]
fn precedence_matches_sqlite() {
    let cases = [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("5 - 3 - 1", "(- (- 5 3) 1)"),
        ("2 || 3 * 4", "(* (|| 2 3) 4)"),
        ("2 * 3 || 4", "(* 2 (|| 3 4))"),
        ("5 & 3 + 1", "(& 5 (+ 3 1))"),
        ("1 << 2 + 1", "(<< 1 (+ 2 1))"),
        ("1 | 2 & 3", "(& (| 1 2) 3)"),
        ("not 0 = 1", "(Not (= 0 1))"),
        ("1 < 2 = 1", "(= (< 1 2) 1)"),
        ("3 > 2 > 1", "(> (> 3 2) 1)"),
        ("'a' like 'A' = 1", "(= (Like 'a' 'A') 1)"),
        ("1 between 0 and 2 and 0", "(and (between 1 0 2) 0)"),
        ("0 between 1 and 2 = 0", "(= (between 0 1 2) 0)"),
        ("1 between 2 = 3 and 4", "(between 1 (= 2 3) 4)"),
        ("-2 * 3", "(* (Neg 2) 3)"),
        ("- 1 collate nocase", "(collate (Neg 1) nocase)"),
        ("a || b collate nocase", "(|| a (collate b nocase))"),
        ("~1 + 1", "(+ (BitNot 1) 1)"),
        ("1 = 2 is null", "(isnull (= 1 2))"),
        ("a is not null", "(notnull a)"),
        ("a isnull or b notnull", "(or (isnull a) (notnull b))"),
        ("a not null", "(notnull a)"),
        ("a is distinct from b", "(isnot a b)"),
        ("a is not distinct from b", "(is a b)"),
        ("a is not b and c", "(and (isnot a b) c)"),
        ("a or b and c", "(or a (and b c))"),
        ("not a and b", "(and (Not a) b)"),
        ("not not a", "(Not (Not a))"),
        ("a = not b", "(= a (Not b))"),
        ("a not like b escape c", "(not Like a b c)"),
        ("a glob b || c", "(Glob a (|| b c))"),
        ("a not in (1, 2)", "(not in a [1 2])"),
        ("a in ()", "(in a [])"),
        ("a in t", "(in a t)"),
        ("a in (select 1)", "(in a select)"),
        ("not exists (select 1)", "(Not (exists))"),
        ("a -> '$.b' ->> 'c'", "(->> (-> a '$.b') 'c')"),
        ("x'0aFF'", "x[10, 255]"),
        ("(1, 2) = (3, 4)", "(= (row 1 2) (row 3 4))"),
        ("((1))", "1"),
        (
            "case when a then b else c end",
            "(case (when a b) (else c))",
        ),
        ("case a when 1 then 2 end", "(case a (when 1 2))"),
        ("cast(a as double precision)", "(cast a 'double precision')"),
        ("count(*)", "(count *)"),
        ("count(distinct a)", "(count distinct a)"),
        (
            "sum(a) filter (where a > 0) over w",
            "(sum a filter (> a 0) over)",
        ),
        ("s.t.c + t.c", "(+ s.t.c t.c)"),
        ("true or false", "(or true false)"),
        ("\"true\"", "true"),
        ("9223372036854775807", "9223372036854775807"),
        ("9223372036854775808", "9.223372036854776e18"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("0x10", "16"),
        ("0xffffffffffffffff", "-1"),
        ("1e3", "1000.0"),
        (".5", "0.5"),
        ("'it''s'", "'it's'"),
    ];
    let mut bad = Vec::new();
    for (sql, want) in cases {
        let got = shape(sql);
        if got != want {
            bad.push(format!("{sql}: want {want}, got {got}"));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// Parameter numbering follows SQLite: `?` is max+1, `?N` is N, names reuse their index.
#[test]
fn parameter_numbering() {
    let e = select_expr("SELECT (?, ?5, ?, :x, :x, @y, ?2, $z, ?5)");
    let ExprKind::Row(items) = e.kind else {
        panic!()
    };
    let got: Vec<String> = items.iter().map(sexp).collect();
    assert_eq!(
        got,
        ["?1", "?5?5", "?6", "?7:x", "?7:x", "?8@y", "?2?2", "?9$z", "?5?5"]
    );
}

/// Spans slice the SQL text as written: result-column names, declared types, defaults.
#[test]
fn spans_give_text_as_written() {
    let sql = "SELECT a+1, (b) , f( x ) AS y, * FROM t";
    let Stmt::Select(s) = &ok(sql)[0] else {
        panic!()
    };
    let SelectCore::Select(core) = &s.first else {
        panic!()
    };
    let texts: Vec<&str> = core
        .columns
        .iter()
        .map(|c| match c {
            ResultColumn::Expr { expr, .. } => expr.span.text(sql),
            ResultColumn::Star { span } | ResultColumn::TableStar { span, .. } => span.text(sql),
        })
        .collect();
    assert_eq!(texts, ["a+1", "(b)", "f( x )", "*"]);
    assert_eq!(s.span.text(sql), sql);

    let sql = "CREATE TABLE t(a VARCHAR( 10 ) DEFAULT (1+2), b DOUBLE  PRECISION DEFAULT -5)";
    let Stmt::CreateTable(ct) = &ok(sql)[0] else {
        panic!()
    };
    assert_eq!(ct.span.text(sql), sql);
    let CreateTableBody::Columns { columns, .. } = &ct.body else {
        panic!()
    };
    let ty = |i: usize| columns[i].type_name.as_ref().map(|t| t.span.text(sql));
    assert_eq!(ty(0), Some("VARCHAR( 10 )"));
    assert_eq!(ty(1), Some("DOUBLE  PRECISION"));
    assert_eq!(
        columns[1].type_name.as_ref().map(|t| t.name.as_str()),
        Some("DOUBLE PRECISION")
    );
    let dflt = |i: usize| {
        columns[i].constraints.iter().find_map(|c| match &c.kind {
            ColumnConstraintKind::Default(e) => Some(e.span.text(sql)),
            _ => None,
        })
    };
    assert_eq!(dflt(0), Some("1+2"));
    assert_eq!(dflt(1), Some("-5"));
}

#[test]
fn parse_one_reports_the_tail() {
    let sql = "  ;; SELECT 1; SELECT 2 -- c";
    let (s1, tail) = parse_one(sql).unwrap().unwrap();
    assert!(matches!(s1, Stmt::Select(_)));
    assert_eq!(&sql[tail..], " SELECT 2 -- c");
    let (_, tail2) = parse_one(&sql[tail..]).unwrap().unwrap();
    assert_eq!(tail + tail2, sql.len());
    assert!(parse_one("  -- nothing\n ; ").unwrap().is_none());
    // A NUL ends the input, as in sqlite3_prepare.
    let (_, tail) = parse_one("select 1\0 garbage").unwrap().unwrap();
    assert_eq!(tail, 8);
    assert_eq!(parse("select 1\0 garbage").unwrap().len(), 1);
    assert_eq!(
        parse("select 'a\0b'").unwrap_err().message,
        "unrecognized token: \"'a\""
    );
    assert_eq!(
        parse("select 1 +\0 2").unwrap_err().message,
        "incomplete input"
    );
    assert_eq!(parse("select 1; select 2;").unwrap().len(), 2);
}

#[test]
fn statement_shapes() {
    let Stmt::Insert(i) = &ok("REPLACE INTO s.t AS x(a, b) VALUES (1, 2), (3, 4) RETURNING *")[0]
    else {
        panic!()
    };
    assert_eq!(i.or_conflict, Some(ConflictResolution::Replace));
    assert_eq!(i.table.schema.as_ref().map(|s| s.name.as_str()), Some("s"));
    assert_eq!(i.alias.as_ref().map(|s| s.name.as_str()), Some("x"));
    assert_eq!(i.columns.len(), 2);
    let InsertSource::Select(sel) = &i.source else {
        panic!()
    };
    assert!(matches!(&sel.first, SelectCore::Values { rows, .. } if rows.len() == 2));
    assert_eq!(i.returning.len(), 1);

    let Stmt::Select(s) = &ok("SELECT * FROM t LIMIT 5, 10")[0] else {
        panic!()
    };
    let l = s.limit.as_ref().unwrap();
    assert_eq!(
        (sexp(&l.limit), l.offset.as_ref().map(sexp)),
        ("10".into(), Some("5".into()))
    );

    let Stmt::Select(s) = &ok("SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3 ORDER BY 1")[0] else {
        panic!()
    };
    let ops: Vec<CompoundOp> = s.compounds.iter().map(|c| c.0).collect();
    assert_eq!(ops, [CompoundOp::UnionAll, CompoundOp::Except]);
    assert_eq!(s.order_by.len(), 1);

    let Stmt::Select(s) =
        &ok("SELECT * FROM a NATURAL LEFT OUTER JOIN b USING (x), c CROSS JOIN d")[0]
    else {
        panic!()
    };
    let SelectCore::Select(core) = &s.first else {
        panic!()
    };
    let from = core.from.as_ref().unwrap();
    let ops: Vec<JoinOp> = from.joins.iter().map(|j| j.op).collect();
    assert_eq!(
        ops,
        [
            JoinOp {
                natural: true,
                kind: JoinKind::Left
            },
            JoinOp {
                natural: false,
                kind: JoinKind::Comma
            },
            JoinOp {
                natural: false,
                kind: JoinKind::Cross
            },
        ]
    );

    let Stmt::Explain {
        query_plan: true,
        stmt,
    } = &ok("EXPLAIN QUERY PLAN DELETE FROM t WHERE a")[0]
    else {
        panic!()
    };
    assert!(matches!(**stmt, Stmt::Delete(_)));
    assert!(matches!(
        ok("BEGIN IMMEDIATE")[0],
        Stmt::Begin(Some(TransactionKind::Immediate))
    ));
    assert!(matches!(
        ok("BEGIN CONCURRENT")[0],
        Stmt::Begin(Some(TransactionKind::Concurrent))
    ));
    let Stmt::Pragma(p) = &ok("PRAGMA main.cache_size = -2000")[0] else {
        panic!()
    };
    assert_eq!(p.value.as_ref().unwrap().text, "-2000");
    let Stmt::CreateVirtualTable(v) =
        &ok("CREATE VIRTUAL TABLE v USING fts5(a, b UNINDEXED, tokenize = 'porter ascii')")[0]
    else {
        panic!()
    };
    assert_eq!(v.args, ["a", "b UNINDEXED", "tokenize = 'porter ascii'"]);
    let Stmt::CreateTrigger(tr) =
        &ok("CREATE TRIGGER tr AFTER UPDATE OF a ON t BEGIN SELECT 1; DELETE FROM u; END")[0]
    else {
        panic!()
    };
    assert_eq!(tr.body.len(), 2);
    assert!(matches!(&tr.event, TriggerEvent::Update(c) if c.len() == 1));
}

/// `sqlite3 -header :memory: "select (1) , abs( -1 )  , 1 -- c\n, 2"` prints the header
/// `(1)|abs( -1 )|1 -- c|2`.
#[test]
fn default_column_names_match_sqlite() {
    let sql = "select (1) , abs( -1 )  , 1 -- c\n, 2, 3 AS x";
    let Stmt::Select(s) = &ok(sql)[0] else {
        panic!()
    };
    let SelectCore::Select(core) = &s.first else {
        panic!()
    };
    let names: Vec<Option<&str>> = core.columns.iter().map(|c| c.default_name(sql)).collect();
    assert_eq!(
        names,
        [
            Some("(1)"),
            Some("abs( -1 )"),
            Some("1 -- c"),
            Some("2"),
            None
        ]
    );
}

/// `is_complete` against `sqlite3_complete` (`testdata/complete.tsv`, from `gen.py`).
#[test]
fn is_complete_matches_sqlite() {
    check_complete(include_str!("testdata/complete.tsv"));
}

/// `is_complete` against `sqlite3_complete` on mutated statements
/// (`testdata/completegen.py` → `testdata/complete_fuzz.tsv`).
#[test]
fn is_complete_matches_sqlite_on_fuzz() {
    check_complete(include_str!("testdata/complete_fuzz.tsv"));
}

/// An exploratory table in complete.tsv's format named by `FERROLITE_COMPLETE_FILE`.
#[test]
#[ignore]
fn complete_file() {
    let path = std::env::var("FERROLITE_COMPLETE_FILE").unwrap_or_default();
    check_complete(&std::fs::read_to_string(path).unwrap_or_default());
}

fn check_complete(table: &str) {
    let mut bad = Vec::new();
    let mut n = 0;
    for line in table.lines() {
        let Some((sql, want)) = line.rsplit_once('\t') else {
            continue;
        };
        n += 1;
        let sql = sql.replace("\\n", "\n");
        if is_complete(&sql) != (want == "1") {
            bad.push(format!("{sql:?}: sqlite3_complete = {want}"));
        }
    }
    assert!(n > 5000);
    assert!(
        bad.is_empty(),
        "{} of {n}: {:#?}",
        bad.len(),
        &bad[..bad.len().min(30)]
    );
}

/// Rough speed check (run explicitly): a 50,000-row INSERT and a 20,000-term IN list.
#[test]
#[ignore]
fn parse_speed() {
    let rows: Vec<String> = (0..50_000)
        .map(|i| format!("({i}, 'name {i}', {i}.5, NULL)"))
        .collect();
    let sql = format!("INSERT INTO t VALUES {}", rows.join(","));
    let t = std::time::Instant::now();
    parse(&sql).unwrap();
    eprintln!("{} bytes in {:?}", sql.len(), t.elapsed());
    let list: Vec<String> = (0..20_000).map(|i| i.to_string()).collect();
    let sql = format!("SELECT * FROM t WHERE x IN ({})", list.join(","));
    let t = std::time::Instant::now();
    parse(&sql).unwrap();
    eprintln!("{} bytes in {:?}", sql.len(), t.elapsed());
}

/// Parameter count and names as `sqlite3_bind_parameter_count`/`_name` report them.
#[test]
fn params_summary() {
    let (_, _, p) = parse_one_with_params("SELECT ?, :a, ?5, :a, @b, ?")
        .unwrap()
        .unwrap();
    assert_eq!(p.count, 7);
    let names: Vec<Option<&str>> = p.names.iter().map(|n| n.as_deref()).collect();
    assert_eq!(
        names,
        [None, Some(":a"), None, None, Some("?5"), Some("@b"), None]
    );
    let (_, _, p) = parse_one_with_params("SELECT 1").unwrap().unwrap();
    assert_eq!(p, Params::default());
}

/// Random character soup never panics the lexer, parser or `is_complete` (errors are fine).
#[test]
fn random_input_never_panics() {
    let alphabet: Vec<char> = "abcxyz019_$#?:@.,;()[]`\"'*/-+|<>=!~&% \n\té€\u{0}"
        .chars()
        .collect();
    let words = [
        "select ",
        "from ",
        "where ",
        "create ",
        "table ",
        "trigger ",
        "begin ",
        "end ",
        "(",
        ")",
        "case ",
        "when ",
        "then ",
        "over ",
        "window ",
        "filter ",
        "x'",
        "0x",
        "1e",
        "not ",
        "null ",
        "in ",
        "values ",
        "with ",
        "as ",
        "on ",
        "join ",
        "left ",
        "insert ",
        "into ",
        "default ",
        "returning ",
        "/*",
        "--",
        ";",
    ];
    let mut state: u64 = 0x9E3779B97F4A7C15;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..20_000 {
        let mut s = String::new();
        for _ in 0..next(40) {
            if next(3) == 0 {
                s.push(alphabet[next(alphabet.len())]);
            } else {
                s.push_str(words[next(words.len())]);
            }
        }
        let _ = parse(&s);
        let _ = is_complete(&s);
        let _ = parse_one_with_params(&s);
    }
}

/// A value of the small evaluator below.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Null,
    Int(i64),
    Text(String),
}

impl V {
    /// SQLite's numeric conversion for the texts this evaluator meets (integer prefixes).
    fn num(&self) -> Option<i64> {
        match self {
            V::Null => None,
            V::Int(i) => Some(*i),
            V::Text(t) => {
                let b = t.as_bytes();
                let sign = matches!(b.first(), Some(b'-' | b'+')) as usize;
                let digits = b[sign..].iter().take_while(|c| c.is_ascii_digit()).count();
                let v: i64 = t[sign..sign + digits].parse().unwrap_or(0);
                Some(if b.first() == Some(&b'-') { -v } else { v })
            }
        }
    }

    fn truth(&self) -> Option<bool> {
        self.num().map(|v| v != 0)
    }

    fn text(&self) -> Option<String> {
        match self {
            V::Null => None,
            V::Int(i) => Some(i.to_string()),
            V::Text(t) => Some(t.clone()),
        }
    }

    /// SQLite's comparison of values without affinity: INTEGER < TEXT, texts by bytes.
    fn cmp(&self, o: &V) -> Option<std::cmp::Ordering> {
        match (self, o) {
            (V::Null, _) | (_, V::Null) => None,
            (V::Int(a), V::Int(b)) => Some(a.cmp(b)),
            (V::Text(a), V::Text(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (V::Int(_), V::Text(_)) => Some(std::cmp::Ordering::Less),
            (V::Text(_), V::Int(_)) => Some(std::cmp::Ordering::Greater),
        }
    }

    fn from_truth(t: Option<bool>) -> V {
        t.map_or(V::Null, |b| V::Int(b as i64))
    }
}

/// LIKE (ASCII case-insensitive, `%` and `_`) or GLOB (case-sensitive, `*` and `?`).
fn pattern_match(p: &[u8], s: &[u8], like: bool) -> bool {
    let (many, one) = if like { (b'%', b'_') } else { (b'*', b'?') };
    match p.first() {
        None => s.is_empty(),
        Some(&c) if c == many => (0..=s.len()).any(|i| pattern_match(&p[1..], &s[i..], like)),
        Some(&c) if c == one => !s.is_empty() && pattern_match(&p[1..], &s[1..], like),
        Some(&c) => {
            let eq = |a: u8, b: u8| {
                if like {
                    a.eq_ignore_ascii_case(&b)
                } else {
                    a == b
                }
            };
            s.first().is_some_and(|&d| eq(c, d)) && pattern_match(&p[1..], &s[1..], like)
        }
    }
}

/// A small evaluator for literal expressions with SQLite's semantics (three-valued logic,
/// NULL propagation, division by zero is NULL, SQLite's shift rules, INTEGER < TEXT, LIKE,
/// GLOB, `||`). `Err` on i64 overflow (where SQLite would switch to REAL) or an unsupported
/// node.
fn eval(e: &Expr) -> Result<V, ()> {
    use std::cmp::Ordering::*;
    use ExprKind as K;
    let ints = |l: &V, r: &V| l.num().zip(r.num());
    Ok(match &e.kind {
        K::Literal(Literal::Integer(i)) => V::Int(*i),
        K::Literal(Literal::String(s)) => V::Text(s.clone()),
        K::Literal(Literal::Null) => V::Null,
        K::Unary { op, expr } => {
            let v = eval(expr)?;
            match op {
                UnaryOp::Pos => v,
                UnaryOp::Neg => match v.num() {
                    Some(x) => V::Int(x.checked_neg().ok_or(())?),
                    None => V::Null,
                },
                UnaryOp::BitNot => v.num().map_or(V::Null, |x| V::Int(!x)),
                UnaryOp::Not => V::from_truth(v.truth().map(|t| !t)),
            }
        }
        K::Binary { left, op, right } => {
            let (l, r) = (eval(left)?, eval(right)?);
            let cmp = l.cmp(&r);
            match op {
                BinaryOp::And => V::from_truth(match (l.truth(), r.truth()) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                }),
                BinaryOp::Or => V::from_truth(match (l.truth(), r.truth()) {
                    (Some(true), _) | (_, Some(true)) => Some(true),
                    (Some(false), Some(false)) => Some(false),
                    _ => None,
                }),
                BinaryOp::Is => V::Int((l == r) as i64),
                BinaryOp::IsNot => V::Int((l != r) as i64),
                BinaryOp::Eq => V::from_truth(cmp.map(|c| c == Equal)),
                BinaryOp::Ne => V::from_truth(cmp.map(|c| c != Equal)),
                BinaryOp::Lt => V::from_truth(cmp.map(|c| c == Less)),
                BinaryOp::Le => V::from_truth(cmp.map(|c| c != Greater)),
                BinaryOp::Gt => V::from_truth(cmp.map(|c| c == Greater)),
                BinaryOp::Ge => V::from_truth(cmp.map(|c| c != Less)),
                BinaryOp::Concat => match (l.text(), r.text()) {
                    (Some(a), Some(b)) => V::Text(a + &b),
                    _ => V::Null,
                },
                _ => {
                    let Some((x, y)) = ints(&l, &r) else {
                        return Ok(V::Null);
                    };
                    match op {
                        BinaryOp::Add => V::Int(x.checked_add(y).ok_or(())?),
                        BinaryOp::Sub => V::Int(x.checked_sub(y).ok_or(())?),
                        BinaryOp::Mul => V::Int(x.checked_mul(y).ok_or(())?),
                        BinaryOp::Div if y == 0 => V::Null,
                        BinaryOp::Div => V::Int(x.checked_div(y).ok_or(())?),
                        BinaryOp::Mod if y == 0 => V::Null,
                        BinaryOp::Mod => V::Int(x.checked_rem(y).ok_or(())?),
                        BinaryOp::BitAnd => V::Int(x & y),
                        BinaryOp::BitOr => V::Int(x | y),
                        BinaryOp::ShiftLeft | BinaryOp::ShiftRight => {
                            let left = *op == BinaryOp::ShiftLeft;
                            let (left, n) = if y < 0 {
                                (!left, y.checked_neg().unwrap_or(i64::MAX))
                            } else {
                                (left, y)
                            };
                            V::Int(match (left, n >= 64) {
                                (true, true) => 0,
                                (true, false) => ((x as u64) << n) as i64,
                                (false, true) => -((x < 0) as i64),
                                (false, false) => x >> n,
                            })
                        }
                        _ => return Err(()),
                    }
                }
            }
        }
        K::Like {
            expr,
            op,
            not,
            pattern,
            escape: None,
        } => {
            let like = match op {
                LikeOp::Like => true,
                LikeOp::Glob => false,
                _ => return Err(()),
            };
            let (s, p) = (eval(expr)?.text(), eval(pattern)?.text());
            V::from_truth(
                s.zip(p)
                    .map(|(s, p)| pattern_match(p.as_bytes(), s.as_bytes(), like) != *not),
            )
        }
        K::IsNull(x) => V::Int((eval(x)? == V::Null) as i64),
        K::NotNull(x) => V::Int((eval(x)? != V::Null) as i64),
        K::Between {
            expr,
            not,
            low,
            high,
        } => {
            let (x, lo, hi) = (eval(expr)?, eval(low)?, eval(high)?);
            let ge = x.cmp(&lo).map(|c| c != Less);
            let le = x.cmp(&hi).map(|c| c != Greater);
            let v = match (ge, le) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            V::from_truth(v.map(|t| t != *not))
        }
        K::InList { expr, not, list } => {
            let x = eval(expr)?;
            let items = list.iter().map(eval).collect::<Result<Vec<_>, ()>>()?;
            let v = if x == V::Null {
                None
            } else if items.iter().any(|i| x.cmp(i) == Some(Equal)) {
                Some(true)
            } else if items.contains(&V::Null) {
                None
            } else {
                Some(false)
            };
            V::from_truth(v.map(|t| t != *not))
        }
        K::Case {
            operand: None,
            when_then,
            else_,
        } => {
            for (w, t) in when_then {
                if eval(w)?.truth() == Some(true) {
                    return eval(t);
                }
            }
            match else_ {
                Some(e) => eval(e)?,
                None => V::Null,
            }
        }
        _ => return Err(()),
    })
}

/// Check a table of `expr <TAB> value` lines against our parse + [`eval`].
fn check_values(table: &str) {
    let mut bad = Vec::new();
    let mut checked = 0;
    for line in table.lines() {
        let Some((text, want)) = line.split_once('\t') else {
            continue;
        };
        let e = select_expr(&format!("SELECT {text}"));
        let Ok(got) = eval(&e) else {
            continue; // overflow: SQLite went to REAL
        };
        checked += 1;
        let got = match got {
            V::Null => "NULL".to_string(),
            V::Int(v) => v.to_string(),
            V::Text(t) => format!("'{t}'"),
        };
        if got != want {
            bad.push(format!(
                "{text}: sqlite {want}, ours {got} from {}",
                sexp(&e)
            ));
        }
    }
    assert!(checked > 2500, "only {checked} checked");
    assert!(bad.is_empty(), "{} wrong: {bad:#?}", bad.len());
}

/// Random expressions (`testdata/exprgen.py` → `testdata/exprs.tsv`, values computed by the
/// reference SQLite) evaluate to SQLite's value from our tree: precedence, associativity and
/// the shape of BETWEEN/IN/IS/NOT/CASE all agree.
#[test]
fn expression_values_match_sqlite() {
    check_values(include_str!("testdata/exprs.tsv"));
}

/// The same with strings, `||`, LIKE and GLOB mixed in (`EXPR_TEXT=1 exprgen.py`).
#[test]
fn text_expression_values_match_sqlite() {
    check_values(include_str!("testdata/exprs_text.tsv"));
}

/// Declared types as `PRAGMA table_info` reports them (observed with sqlite3).
#[test]
fn declared_types_match_sqlite() {
    let sql = "create table t(a VARCHAR( 10 ), b double   precision, c \"my type\", \
               d 'str type', e unsigned big int(5,  6), f [br type], g int, h Integer, \
               i real, j text, k blob, l any, m varchar, n 'int', o \"text\", p int(5), \
               q \"x\" y, r 'in''t', s [int], t `blob`, u \"int\"(5), v x \"y\")";
    let Stmt::CreateTable(ct) = &ok(sql)[0] else {
        panic!()
    };
    let CreateTableBody::Columns { columns, .. } = &ct.body else {
        panic!()
    };
    let got: Vec<String> = columns
        .iter()
        .map(|c| {
            c.type_name
                .as_ref()
                .map_or(String::new(), |t| t.declared_type(sql))
        })
        .collect();
    let want = [
        "VARCHAR( 10 )",
        "double   precision",
        "my type",
        "str type",
        "unsigned big int(5,  6)",
        "br type",
        "INT",
        "INTEGER",
        "REAL",
        "TEXT",
        "BLOB",
        "ANY",
        "varchar",
        "INT",
        "TEXT",
        "int(5)",
        "x",
        "in't",
        "INT",
        "BLOB",
        "int",
        "x \"y\"",
    ];
    assert_eq!(got, want);
}

/// `dflt_value` texts as `PRAGMA table_info` reports them (observed with sqlite3).
#[test]
fn default_value_texts_match_sqlite() {
    let sql = "create table t(a default ( 1 + 2 ), b default (  'x'  ) , c default -  5, \
               d default \"q\", e default [z], f default ((1)), g default 'a''b', \
               h default x'0A', i default current_date, j default null, k default true, \
               l default abc, m default +5)";
    let Stmt::CreateTable(ct) = &ok(sql)[0] else {
        panic!()
    };
    let CreateTableBody::Columns { columns, .. } = &ct.body else {
        panic!()
    };
    let got: Vec<&str> = columns
        .iter()
        .flat_map(|c| {
            c.constraints.iter().filter_map(|k| match &k.kind {
                ColumnConstraintKind::Default(e) => Some(e.span.text(sql)),
                _ => None,
            })
        })
        .collect();
    assert_eq!(
        got,
        [
            "1 + 2",
            "'x'",
            "-  5",
            "\"q\"",
            "[z]",
            "(1)",
            "'a''b'",
            "x'0A'",
            "current_date",
            "null",
            "true",
            "abc",
            "+5"
        ]
    );
}

/// SQLite's column limit (2000) on tables, GROUP BY, ORDER BY and SET lists.
#[test]
fn column_limits() {
    let list = |n: usize, f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>().join(",");
    let cols = |n| format!("create table t({})", list(n, &|i| format!("c{i}")));
    assert!(parse(&cols(2000)).is_ok());
    assert_eq!(
        parse(&cols(2001)).unwrap_err().message,
        "too many columns on t"
    );
    let order = |n| format!("select 1 order by {}", list(n, &|_| "1".into()));
    assert!(parse(&order(2000)).is_ok());
    assert_eq!(
        parse(&order(2001)).unwrap_err().message,
        "too many terms in ORDER BY clause"
    );
    // Reported only once the statement has parsed, as in SQLite.
    let e = parse(&format!("{} junk junk", order(2001))).unwrap_err();
    assert_eq!(e.message, "near \"junk\": syntax error");
    let group = format!("select 1 group by {}", list(2001, &|_| "1".into()));
    assert_eq!(
        parse(&group).unwrap_err().message,
        "too many terms in GROUP BY clause"
    );
    let set = format!("update t set {}", list(2001, &|i| format!("a{i}=1")));
    assert_eq!(
        parse(&set).unwrap_err().message,
        "too many columns in set list"
    );
}

/// REAL literals get SQLite's exact doubles (`testdata/realgen.py` → `testdata/reals.tsv`),
/// including the cases where SQLite 3.40 does not round correctly. Ignored until `parse_real`
/// uses `func::convert::decimal_text_to_f64` (see there).
#[test]
#[ignore]
fn real_literals_match_sqlite_bits() {
    let mut bad = Vec::new();
    for line in include_str!("testdata/reals.tsv").lines() {
        let Some((text, bits)) = line.split_once('\t') else {
            continue;
        };
        let e = select_expr(&format!("SELECT {text}"));
        let got = match e.kind {
            ExprKind::Literal(Literal::Real(r)) => format!("{:016x}", r.to_bits()),
            other => format!("{other:?}"),
        };
        if got != bits {
            bad.push(format!("{text}: sqlite {bits}, ours {got}"));
        }
    }
    assert!(bad.is_empty(), "{} wrong: {bad:#?}", bad.len());
}

/// `too many SQL variables` past SQLite's 250000 (checked with sqlite3: the offset is the
/// parameter's).
#[test]
fn too_many_variables() {
    let e = parse("select ?250000, :x").unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.offset),
        ("too many SQL variables", Some(16))
    );
    let e = parse("select ?250000, ?").unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.offset),
        ("too many SQL variables", Some(16))
    );
    assert!(parse("select ?250000, ?250000, ?1").is_ok());
    let named: Vec<String> = (0..250_001).map(|i| format!(":a{i}")).collect();
    let e = parse(&format!("select {}", named.join(","))).unwrap_err();
    assert_eq!(e.message, "too many SQL variables");
    assert_eq!(e.offset, Some(2_138_897));
}
