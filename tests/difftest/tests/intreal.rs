//! Int-real values (sqlite3's MEM_IntReal, `vdbe::regmeta` rule 7): a whole REAL that a
//! VIRTUAL REAL generated column produced is REAL to everything but a record, which stores
//! it as an integer. Where it comes back out of a sorter, an ephemeral table or a window's
//! partition without REAL affinity it is an INTEGER. Each shape is compared with the system
//! sqlite3 3.40.1 (`codegen/int_real.rs` explains the plan shapes behind them).

use ferrolite_difftest::assert_script_matches;

const SETUP: &str = "
CREATE TABLE t(a, b REAL AS (a) VIRTUAL, c REAL AS (a) STORED, k);
INSERT INTO t(a, k) VALUES(1, 1), (2.0, 1), ('3', 3), (2.5, 2), (140737488355328, 4), (-0.0, 5), (1e300, 6), (NULL, 7);
";

fn check(queries: &str) {
    assert_script_matches(&format!("{SETUP}\n{queries}"));
}

#[test]
fn direct_output_is_real() {
    check(
        "
SELECT b, c, typeof(b), hex(b), quote(b), b || '', CAST(b AS TEXT) FROM t;
SELECT sum(b), total(b), avg(b), max(b), min(b) FROM t;
SELECT b + 0, -b, CAST(b AS REAL), abs(b) FROM t ORDER BY 1;
",
    );
}

#[test]
fn sorter_and_distinct() {
    check(
        "
SELECT b FROM t ORDER BY 1;
SELECT b, c FROM t ORDER BY k DESC;
SELECT DISTINCT k, b FROM t ORDER BY 1, 2;
SELECT DISTINCT b, k FROM t ORDER BY 1;
SELECT DISTINCT b, k FROM t ORDER BY 1, 2;
SELECT DISTINCT b FROM t ORDER BY 1;
SELECT DISTINCT b FROM t ORDER BY 1 DESC;
SELECT DISTINCT b FROM t ORDER BY b;
SELECT DISTINCT 'x', b FROM t ORDER BY 2;
SELECT b FROM t UNION SELECT 9;
SELECT b FROM t UNION ALL SELECT 9;
SELECT b FROM t EXCEPT SELECT 9 ORDER BY 1;
SELECT coalesce(b, 0), ifnull(b, 0), nullif(b, 7), CASE WHEN 1 THEN b END FROM t ORDER BY 1;
SELECT x FROM (SELECT b AS x FROM t) ORDER BY 1;
",
    );
}

#[test]
fn aggregates_keep_the_chosen_value() {
    check(
        "
SELECT max(b) FROM t UNION SELECT 9;
SELECT (SELECT max(b) FROM t) UNION SELECT 9;
SELECT (SELECT min(b) FROM t WHERE b > 1) UNION SELECT 9;
SELECT max(b, 0), min(b, 100) FROM t ORDER BY 1;
SELECT max(b), min(b) FROM t GROUP BY k ORDER BY 1;
SELECT b, count(*) FROM t GROUP BY k ORDER BY 2, 1;
SELECT b, count(*) FROM t GROUP BY b ORDER BY 2, 1;
SELECT sum(b) FROM t GROUP BY k ORDER BY 1;
",
    );
}

#[test]
fn group_by_an_index_on_the_column() {
    check(
        "
CREATE INDEX tb ON t(b);
SELECT b, count(*) FROM t GROUP BY b;
SELECT b, count(*) FROM t GROUP BY b ORDER BY 2 DESC, 1;
SELECT b, count(*) FROM t GROUP BY b ORDER BY 1 DESC;
SELECT b, count(*) FROM t GROUP BY b ORDER BY 1;
SELECT b, count(*) FROM t GROUP BY b ORDER BY 1 DESC, 2;
SELECT b, max(b) FROM t GROUP BY b ORDER BY 2 DESC, 1;
SELECT b FROM t WHERE b > 0 ORDER BY k;
",
    );
}

#[test]
fn group_by_index_arguments_and_joins() {
    check(
        "
CREATE INDEX tk ON t(k);
CREATE TABLE u(x, y BLOB);
INSERT INTO u VALUES(1, 1e10), (2, 2);
SELECT k, min(CASE WHEN k > 2 THEN b ELSE 5 END) FROM t GROUP BY k ORDER BY 2, 1;
SELECT k, max(min(b, 100)), min(coalesce(b, 0)) FROM t GROUP BY k ORDER BY 2, 1;
SELECT k, min(CASE WHEN x = 1 THEN y ELSE b END) FROM t, u GROUP BY k ORDER BY 2, 1;
SELECT t.k, count(*), max(b) FROM t CROSS JOIN u GROUP BY t.k ORDER BY 2, 3;
SELECT t.k, max(b) FROM u, t GROUP BY t.k ORDER BY 2;
SELECT t.k, max(b), b FROM u CROSS JOIN t GROUP BY t.k ORDER BY 2;
SELECT b, count(*) FROM u CROSS JOIN t GROUP BY b ORDER BY 2, 1;
SELECT b, count(*) FROM u, t GROUP BY b ORDER BY 2, 1;
SELECT CAST(b AS NUMERIC), CAST(b AS INTEGER), CAST(b AS BLOB) FROM t ORDER BY 1;
SELECT CAST(b AS NUMERIC) FROM t UNION SELECT 9;
",
    );
}

#[test]
fn windows() {
    check(
        "
SELECT b, min(b) OVER () FROM t;
SELECT b, max(b) OVER (ORDER BY a) FROM t;
SELECT b, max(b) OVER (PARTITION BY k) FROM t;
SELECT b, max(b) OVER (ORDER BY b) FROM t;
SELECT b, max(b) OVER (ORDER BY k ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t;
SELECT b, first_value(b) OVER (ORDER BY k) FROM t;
SELECT b, max(b) OVER (ORDER BY k GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t;
SELECT b, sum(b) OVER (), typeof(sum(b) OVER ()) FROM t WHERE b < 10;
SELECT b, lag(b) OVER (ORDER BY k) FROM t;
SELECT max(b) OVER (), min(b) OVER (ORDER BY k) FROM t;
SELECT max(b) OVER (), min(b) OVER (ORDER BY k), max(b) OVER (ORDER BY a) FROM t;
SELECT max(b) OVER (ORDER BY k), min(b) OVER (ORDER BY k) FROM t;
SELECT b, max(b) OVER (ORDER BY a), min(b) OVER () FROM t;
",
    );
}

#[test]
fn writes_store_the_integer() {
    check(
        "
CREATE TABLE w(c, d TEXT, e INTEGER, f NUMERIC, g REAL);
UPDATE t SET k = b;
SELECT k, typeof(k), hex(k) FROM t;
INSERT INTO w(rowid) SELECT rowid FROM t;
UPDATE w SET c = (SELECT b FROM t WHERE t.rowid = w.rowid);
UPDATE w SET (d, e, f, g) = (SELECT b, b, b, b FROM t WHERE t.rowid = w.rowid);
SELECT c, typeof(c), e, typeof(e), f, typeof(f), g, typeof(g) FROM w;
UPDATE w SET c = (SELECT max(b) FROM t);
SELECT c, typeof(c) FROM w;
",
    );
}
