//! Differential tests: the same script and options through the system `sqlite3` 3.40 shell
//! and through `ferrolite`, each in a fresh directory with a fresh `test.db`; stdout, stderr,
//! exit status and any files written must be identical. Skipped when `sqlite3` is missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SCRIPTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scripts");

struct Run {
    stdout: String,
    stderr: String,
    status: i32,
    files: Vec<(String, String)>,
}

fn fresh_dir(tag: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ferrolite-diff-{}-{name}-{tag}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(SCRIPTS).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn run(program: &str, tag: &str, name: &str, script: Option<&str>, args: &[&str]) -> Option<Run> {
    let dir = fresh_dir(tag, name);
    let stdin = match script {
        Some(s) => Stdio::from(std::fs::File::open(Path::new(SCRIPTS).join(s)).unwrap()),
        None => Stdio::null(),
    };
    let out = Command::new(program)
        .args(args)
        .current_dir(&dir)
        .stdin(stdin)
        .output()
        .ok()?;
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(dir.to_str().unwrap(), "DIR");
    let mut files = Vec::new();
    for f in ["out.txt", "once.txt"] {
        if let Ok(b) = std::fs::read(dir.join(f)) {
            files.push((f.to_string(), clean(&b)));
        }
    }
    let r = Run {
        stdout: clean(&out.stdout),
        stderr: clean(&out.stderr),
        status: out.status.code().unwrap_or(-1),
        files,
    };
    let _ = std::fs::remove_dir_all(&dir);
    Some(r)
}

/// Runs both shells; `args` may contain `DB` for the database argument.
fn same(name: &str, script: Option<&str>, args: &[&str]) {
    let Some(want) = run("sqlite3", "ref", name, script, args) else {
        eprintln!("sqlite3 not installed; skipped");
        return;
    };
    let exe = env!("CARGO_BIN_EXE_ferrolite");
    let mut got = run(exe, "fl", name, script, args).unwrap();
    // Messages that start with the program's name (argv[0]).
    got.stderr = got.stderr.replace(&format!("{exe}: "), "sqlite3: ");
    assert_eq!(got.stdout, want.stdout, "{name}: stdout");
    assert_eq!(got.stderr, want.stderr, "{name}: stderr");
    assert_eq!(got.status, want.status, "{name}: exit status");
    assert_eq!(got.files, want.files, "{name}: files written");
}

fn script(file: &str, opts: &[&str]) {
    let mut args: Vec<&str> = opts.to_vec();
    args.push("test.db");
    same(&format!("{file}{}", opts.join("")), Some(file), &args);
}

#[test]
fn basic() {
    script("basic.sql", &[]);
    script("basic.sql", &["-csv", "-header"]);
    script("basic.sql", &["-json"]);
    script("basic.sql", &["-box"]);
}

#[test]
fn every_mode_option() {
    for opt in [
        "-ascii",
        "-box",
        "-column",
        "-csv",
        "-html",
        "-json",
        "-line",
        "-list",
        "-markdown",
        "-quote",
        "-table",
        "-tabs",
    ] {
        script("types.sql", &[opt, "-header"]);
        script("basic.sql", &[opt]);
    }
}

#[test]
fn modes_and_meta_commands() {
    script("modes_and_meta.sql", &[]);
    script("modes_and_meta.sql", &["-column", "-noheader"]);
    script(
        "modes_and_meta.sql",
        &["-separator", ";", "-nullvalue", "-"],
    );
}

#[test]
fn errors_and_bail() {
    script("errors.sql", &[]);
    script("bail.sql", &[]);
    script("bail.sql", &["-bail"]);
    script("errors.sql", &["-bail"]);
    script("runtime_errors.sql", &[]);
    same(
        "args_rt",
        None,
        &["test.db", "select abs(-9223372036854775808)"],
    );
}

#[test]
fn statement_completeness() {
    script("completeness.sql", &[]);
}

#[test]
fn read_output_once_echo_exit() {
    script("read_output.sql", &[]);
}

#[test]
fn import_csv() {
    script("import.sql", &[]);
    script("import2.sql", &[]);
    script("import_new_db.sql", &[]);
}

#[test]
fn open_output_read_bail() {
    script("open_misc.sql", &[]);
    script("open_fail.sql", &[]);
    script("misc.sql", &["-init", "init.sql"]);
    script("basic.sql", &["-echo"]);
}

#[test]
fn wide_characters_and_control_characters() {
    script("wide.sql", &[]);
}

#[test]
fn parameters() {
    script("param.sql", &[]);
}

#[test]
fn quoted_columnar_modes() {
    script("qbox.sql", &[]);
    script("tcl.sql", &[]);
}

/// Queries from the sqllogictest corpus in every output mode.
#[test]
fn corpus_queries_in_every_mode() {
    for mode in [
        "list", "box", "json", "column", "csv", "quote", "line", "markdown", "insert", "html",
        "table", "tabs",
    ] {
        let cmd = format!(".mode {mode}");
        script("corpus_queries.sql", &["-header", "-cmd", &cmd]);
    }
}

/// `-interactive` on a pipe: prompts and echoed lines; only the banner's first line differs
/// (Ferrolite names itself there).
#[test]
fn forced_interactive_on_a_pipe() {
    let Some(want) = run(
        "sqlite3",
        "ref",
        "inter",
        Some("completeness.sql"),
        &["-interactive", "test.db"],
    ) else {
        return;
    };
    let got = run(
        env!("CARGO_BIN_EXE_ferrolite"),
        "fl",
        "inter",
        Some("completeness.sql"),
        &["-interactive", "test.db"],
    )
    .unwrap();
    let rest = |s: &str| {
        s.split_once('\n')
            .map(|x| x.1.to_string())
            .unwrap_or_default()
    };
    assert_eq!(rest(&got.stdout), rest(&want.stdout));
    assert_eq!(got.stderr, want.stderr);
    assert_eq!(got.status, want.status);
}

#[test]
fn dump_schema_tables_indexes() {
    script("dump.sql", &[]);
    script("dump_generated.sql", &[]);
}

#[test]
fn comments_separators_nullvalue() {
    script("misc.sql", &[]);
    script("comments_dot.sql", &[]);
}

#[test]
fn value_types_in_modes() {
    script("types.sql", &[]);
}

#[test]
fn sql_and_cmd_arguments() {
    same(
        "args1",
        None,
        &[
            "test.db",
            "create table t(a); insert into t values(1),(2); select * from t;",
        ],
    );
    same(
        "args2",
        None,
        &[
            "-cmd",
            ".mode csv",
            "-header",
            "test.db",
            "select 1 as x, 'a b' as y",
        ],
    );
    same("args3", None, &["test.db", "selec 1", "select 2"]);
    same(
        "args4",
        None,
        &[
            "test.db",
            "create table t(a unique); insert into t values(1); insert into t values(1);",
        ],
    );
    same(
        "args5",
        None,
        &[
            "test.db",
            ".mode box",
            "select 1 as a",
            ".bogus",
            "select 2",
        ],
    );
    same("args6", None, &["-version"]);
    same(
        "args7",
        None,
        &["-csv", "-separator", ";", "test.db", "select 1, 2"],
    );
    same(
        "args8",
        None,
        &["-separator", ";", "-csv", "test.db", "select 1, 2"],
    );
    same("args9", None, &["-tabs", "test.db", ".show"]);
    same("args10", None, &["-bogus"]);
    same("args11", None, &["-cmd"]);
    same("args12", None, &["test.db", ".exit 3"]);
}

/// Fails until the engine reports error offsets for name-resolution errors (the caret lines).
#[test]
#[ignore = "engine: no error offset for `no such column`, wrong argument count; AUTOINCREMENT does not fill sqlite_sequence; column name of `3 /* c */` lacks the comment"]
fn engine_gap_error_offsets() {
    script("engine_gaps.sql", &[]);
}

/// Fails until the engine reads sqlite_schema of a brand-new (empty) database file.
#[test]
#[ignore = "engine: reading sqlite_schema of a new empty file reports corruption"]
fn engine_gap_schema_of_empty_file() {
    same("empty", None, &["test.db", ".tables"]);
}

/// Fails until opening defers reading the file as SQLite does (`select 1` works on a file that
/// is not a database; the first schema read fails with SQLITE_NOTADB).
#[test]
#[ignore = "engine: open reads the header eagerly"]
fn engine_gap_not_a_database() {
    same(
        "notadb",
        None,
        &["notadb.db", "select 1; select * from sqlite_schema"],
    );
}

/// ATTACH/DETACH as the shell shows them: `.databases`, `.tables`, `.schema`.
#[test]
fn attached_databases() {
    script("attach.sql", &[]);
}

/// TEMP objects live in `temp.sqlite_schema`; `.tables` and `.schema` list them as `temp.x`.
#[test]
fn temp_objects() {
    script("temp_objects.sql", &[]);
}

/// A plan without rows (INSERT … VALUES, DDL, PRAGMA) prints nothing, not even the
/// "QUERY PLAN" header, with EXPLAIN QUERY PLAN and with `.eqp on`.
#[test]
fn empty_query_plans_print_nothing() {
    script("eqp_empty.sql", &[]);
}
