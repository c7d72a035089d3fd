//! End-to-end tests of the `slt` binary: output format, exit status, time limit and restarts.

use std::process::Command;

fn slt(args: &[&str]) -> (String, String, i32) {
    slt_env(args, None)
}

fn slt_env(args: &[&str], abort_on: Option<&str>) -> (String, String, i32) {
    slt_hook(args, abort_on.map(|s| ("SLT_TEST_ABORT_ON", s)))
}

fn slt_hook(args: &[&str], hook: Option<(&str, &str)>) -> (String, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_slt"));
    if let Some((var, sql)) = hook {
        cmd.env(var, sql);
    }
    let out = cmd.args(args).output().expect("slt runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn write_test(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("slt-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn bad_usage_exits_2() {
    let (_, err, code) = slt(&["--engine", "nosuch", "x.test"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown engine"));
    let (_, _, code) = slt(&[]);
    assert_eq!(code, 2);
    let (_, err, code) = slt(&["/nonexistent/dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such file"));
}

/// Whatever the engine can do, every applicable record is counted once.
#[test]
fn counts_records_and_strict_exit() {
    let f = write_test(
        "count.test",
        "statement ok\nSELECT 1\n\nskipif sqlite\nstatement ok\nSELECT 2\n\nquery I nosort\nSELECT 1\n----\n1\n\nhalt\n\nstatement ok\nSELECT 3\n",
    );
    let (out, _, code) = slt(&[&f]);
    assert_eq!(code, 0);
    let last = out.lines().last().unwrap();
    let (p, rest) = last.split_once(" passed, ").unwrap();
    let f_: u64 = rest.strip_suffix(" failed").unwrap().parse().unwrap();
    assert_eq!(p.parse::<u64>().unwrap() + f_, 2, "{out}");
    if f_ > 0 {
        assert!(out.contains("count.test:1: "), "{out}");
        let (_, _, code) = slt(&["--strict", &f]);
        assert_eq!(code, 1);
    }
}

#[cfg(feature = "reference")]
#[test]
fn reference_engine_passes_and_reports_failures() {
    let f = write_test(
        "ref.test",
        "statement ok\nCREATE TABLE t(a INTEGER, b TEXT)\n\nstatement ok\nINSERT INTO t VALUES(2,'x'),(1,''),(3,NULL)\n\n\
         query IT rowsort\nSELECT a, b FROM t\n----\n1\n(empty)\n2\nx\n3\nNULL\n\n\
         query I nosort\nSELECT a FROM t ORDER BY a\n----\n1\n2\n4\n\n\
         statement error\nSELEC 1\n\n\
         query R nosort\nSELECT 1.5\n----\n1.500\n",
    );
    let (out, _, code) = slt(&["--engine", "sqlite3", "--summary", "-v", &f]);
    assert_eq!(code, 0);
    assert!(
        out.contains("ref.test:17: wrong result\n    expected:\n      1\n      2\n      4\n"),
        "{out}"
    );
    assert!(out.contains("ref.test: 5 passed, 1 failed\n"), "{out}");
    assert!(out.ends_with("5 passed, 1 failed\n"), "{out}");
}

#[cfg(feature = "reference")]
#[test]
fn runaway_query_times_out_and_the_file_goes_on() {
    let f = write_test(
        "hang.test",
        "statement ok\nCREATE TABLE t(a)\n\nstatement ok\nINSERT INTO t VALUES(7)\n\n\
         query I nosort\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c\n----\n1\n\n\
         query I nosort\nSELECT a FROM t\n----\n7\n",
    );
    let (out, _, code) = slt(&["--engine", "sqlite3", "--timeout", "1", &f]);
    assert_eq!(code, 0);
    assert!(out.contains("hang.test:7: timed out after 1s"), "{out}");
    assert!(out.ends_with("3 passed, 1 failed\n"), "{out}");
}

/// A crashing engine costs one record; the rest of the file runs on a rebuilt database.
#[test]
fn crash_is_one_failure_and_the_file_goes_on() {
    let f = write_test(
        "crash.test",
        "statement ok\nCREATE TABLE t(a)\n\nstatement ok\nINSERT INTO t VALUES(7)\n\n\
         query I nosort\nSELECT 'boom'\n----\n1\n\n\
         query I nosort\nSELECT a FROM t\n----\n7\n",
    );
    let engine = if cfg!(feature = "reference") {
        "sqlite3"
    } else {
        "ferrolite"
    };
    let (out, _, code) = slt_env(&["--engine", engine, &f], Some("SELECT 'boom'"));
    assert_eq!(code, 0);
    assert!(out.contains("crash.test:7: engine crashed"), "{out}");
    let last = out.lines().last().unwrap();
    assert!(
        last.ends_with(" passed, 1 failed") || engine == "ferrolite",
        "{out}"
    );
    if engine == "sqlite3" {
        assert_eq!(last, "3 passed, 1 failed");
    }
}

/// `--limit N` judges at most N records per file, also across a worker restart.
#[test]
fn limit_counts_across_restarts() {
    let f = write_test(
        "limit.test",
        "statement ok\nCREATE TABLE t(a)\n\nquery I nosort\nSELECT 'boom'\n----\n1\n\n\
         statement ok\nINSERT INTO t VALUES(1)\n\nstatement ok\nINSERT INTO t VALUES(2)\n\n\
         statement ok\nINSERT INTO t VALUES(3)\n",
    );
    let engine = if cfg!(feature = "reference") {
        "sqlite3"
    } else {
        "ferrolite"
    };
    let (out, _, _) = slt_env(
        &["--engine", engine, "--limit", "3", &f],
        Some("SELECT 'boom'"),
    );
    let last = out.lines().last().unwrap();
    let (p, rest) = last.split_once(" passed, ").unwrap();
    let failed: u64 = rest.strip_suffix(" failed").unwrap().parse().unwrap();
    assert_eq!(p.parse::<u64>().unwrap() + failed, 3, "{out}");
}

/// Text the engine prints to stdout does not disturb the runner's protocol.
#[test]
fn engine_stdout_noise_is_harmless() {
    let f = write_test(
        "noise.test",
        "statement ok\nCREATE TABLE t(a)\n\nstatement ok\nINSERT INTO t VALUES(7)\n\n\
         query I nosort\nSELECT a FROM t\n----\n7\n",
    );
    let engine = if cfg!(feature = "reference") {
        "sqlite3"
    } else {
        "ferrolite"
    };
    let (out, _, _) = slt_hook(
        &["--engine", engine, &f],
        Some(("SLT_TEST_PRINT_ON", "INSERT INTO t VALUES(7)")),
    );
    assert!(
        out.ends_with("3 passed, 0 failed\n") || engine == "ferrolite",
        "{out}"
    );
    let last = out.lines().last().unwrap();
    let (p, rest) = last.split_once(" passed, ").unwrap();
    let failed: u64 = rest.strip_suffix(" failed").unwrap().parse().unwrap();
    assert_eq!(p.parse::<u64>().unwrap() + failed, 3, "{out}");
}
