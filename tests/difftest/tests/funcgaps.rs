//! Part "funcgaps": printf's rounding of decimal ties, bare columns beside a FILTERed
//! min()/max(), and the automatic-index probe of a nested query's subquery column under an
//! OR or with `PRAGMA automatic_index=off`, each compared with the system sqlite3 3.40.1.

use ferrolite_difftest::assert_statements_match;

/// SQLite's printf rounder is the double constant `5e-(p mod 10)` (times `1e-10` per ten
/// digits) added in extended precision: `%.3e` of 123.25 is `1.232e+02`, `%.2e` of 1.125
/// is `1.13e+00`.
#[test]
fn printf_ties_round_like_sqlite() {
    let mut stmts = Vec::new();
    for v in [
        "123.25", "653.5", "84265e3", "7035e11", "9815e3", "14725e9", "1.125", "0.125", "2.5",
        "6555e5", "6575e0", "5555e6", "0.35", "0.6505", "9915.5", "1.0005", "99.5", "0.0625",
    ] {
        for f in [
            "%.0e", "%.1e", "%.2e", "%.3e", "%.4e", "%.1f", "%.2f", "%.3f", "%.3g", "%.4g",
            "%!.2e", "%!.3f", "%!.4g",
        ] {
            stmts.push(format!("SELECT printf('{f}', {v})"));
        }
    }
    // The rounder's digit count is taken modulo 4096.
    stmts
        .push("SELECT substr(printf('%.4096e', 2.5), 1, 8), length(printf('%.4096e', 2.5))".into());
    stmts.push("SELECT substr(printf('%.4097e', 2.25), 1, 6)".into());
    let refs: Vec<&str> = stmts.iter().map(String::as_str).collect();
    assert_statements_match(&refs);
}

const BARE: &str = "
CREATE TABLE t(a,b,g);
INSERT INTO t VALUES(1,'x',1),(5,'y',1),(3,'z',1),(9,'w',2),(2,'v',2),(7,'u',1);
CREATE TABLE u(a,b);
INSERT INTO u VALUES(9,'w'),(NULL,'n'),(5,'y'),(7,'z');
CREATE TABLE p(a,b,g);
INSERT INTO p VALUES(5,'y',1),(9,'w',1),(3,'q',2),(8,'r',2);
";

/// A row the FILTER rejects runs no min()/max() step and loads no bare column (bar a
/// group's first row); an earlier min()/max() that stepped still decides.
#[test]
fn filter_minmax_bare_columns() {
    let mut stmts: Vec<&str> = BARE.lines().filter(|l| !l.trim().is_empty()).collect();
    stmts.extend([
        "SELECT max(a) FILTER (WHERE a<6), b FROM t",
        "SELECT min(a) FILTER (WHERE a>1), b FROM t",
        "SELECT g, max(a) FILTER (WHERE a<6), b FROM t GROUP BY g",
        "SELECT g, min(a) FILTER (WHERE a>2), b FROM t GROUP BY g",
        "SELECT max(a) FILTER (WHERE a>100), b FROM t",
        "SELECT g, max(a) FILTER (WHERE a>100), b FROM t GROUP BY g",
        "SELECT max(a) FILTER (WHERE a<6), count(*), b FROM t",
        "SELECT max(a) FILTER (WHERE a<6), min(a), b FROM t",
        "SELECT min(a), max(a) FILTER (WHERE a<6), b FROM t",
        "SELECT max(a) FILTER (WHERE a<6), max(a), b FROM t",
        "SELECT max(a), max(a) FILTER (WHERE a<6), b FROM t",
        "SELECT max(a) FILTER (WHERE g=1), b FROM t WHERE a<9",
        "SELECT g, max(a) FILTER (WHERE a<6), b FROM t GROUP BY g HAVING count(*) > 1",
        "SELECT max(a) FILTER (WHERE a<6), b FROM p",
        "SELECT g, max(a) FILTER (WHERE a<6), b FROM p GROUP BY g",
        "SELECT min(a) FILTER (WHERE a<6), b FROM p",
        "SELECT max(a) FILTER (WHERE a<>7), b FROM u",
        "SELECT max(a) FILTER (WHERE a<>9), b FROM u",
        "SELECT min(a) FILTER (WHERE a<>5), b FROM u",
        "SELECT min(a) FILTER (WHERE b<>'w'), b FROM u",
        "SELECT min(a) FILTER (WHERE b<>'w'), max(a) FILTER (WHERE b<>'z'), b FROM u",
        "SELECT max(a) FILTER (WHERE a IS NULL), b FROM u",
        "SELECT max(DISTINCT a), b FROM (SELECT 5 a,'y' b UNION ALL SELECT 9,'w' UNION ALL SELECT 9,'z')",
        "SELECT min(DISTINCT a), b FROM (SELECT 5 a,'y' b UNION ALL SELECT 5,'w' UNION ALL SELECT 9,'z')",
        // In a correlated subquery, run once per outer row.
        "SELECT o.g, (SELECT max(a) FILTER (WHERE a<6) || b FROM t WHERE t.g = o.g) FROM (SELECT 1 g UNION SELECT 2) o",
        "SELECT o.g, (SELECT max(a) FILTER (WHERE a>100) || b FROM t WHERE t.g = o.g) FROM (SELECT 1 g UNION SELECT 2) o",
        "SELECT o.g, (SELECT min(a) FILTER (WHERE a>2) || b FROM t WHERE t.g = o.g GROUP BY g) FROM (SELECT 1 g UNION SELECT 2) o",
    ]);
    assert_statements_match(&stmts);
}

const PROBE: &str = "
CREATE TABLE t1(a TEXT, c INTEGER);
INSERT INTO t1 VALUES('1', 1), ('2', 2);
CREATE VIEW v0 AS SELECT c FROM t1 UNION SELECT a FROM t1;
CREATE TABLE tx(x INT); INSERT INTO tx VALUES(1);
CREATE TABLE tn(n NUMERIC); INSERT INTO tn VALUES(1.5);
CREATE VIEW vc AS SELECT x AS p FROM tx UNION SELECT '1.5';
";

/// `s.c = outer.x` on a subquery source's column of a nested query is an automatic-index
/// probe in sqlite3 3.40.1 only as a whole WHERE term with automatic indexes on; under an
/// OR, with `<>` or a range, in a result column, or with `PRAGMA automatic_index=off` the
/// comparison converts both sides.
#[test]
fn automatic_index_probe_only_for_whole_terms() {
    let queries = [
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.a) FROM t1 AS x0",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.c) FROM v0 AS x0",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.a OR s.c = 99) FROM t1 AS x0",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE (s.c = x0.a OR s.c = 99) AND 1) FROM t1 AS x0",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.a AND (s.c = 1 OR s.c = 2)) FROM t1 AS x0",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.a OR x0.c = 5) FROM t1 AS x0",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.a OR s.c = x0.c) FROM t1 AS x0",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.c OR s.c = 99) FROM v0 AS x0",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = x0.c AND s.c <> 99) FROM v0 AS x0",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE +s.c = x0.c) FROM v0 AS x0",
        "SELECT (SELECT count(*) FROM vc WHERE p = tn.n) FROM tn",
        "SELECT (SELECT count(*) FROM vc WHERE p = tn.n OR 0) FROM tn",
        "SELECT (SELECT count(*) FROM vc WHERE p >= tn.n AND p <= tn.n) FROM tn",
        "SELECT (SELECT count(*) FROM vc WHERE p IS tn.n) FROM tn",
        "SELECT (SELECT count(*) FROM vc WHERE p <> tn.n) FROM tn",
        "SELECT (SELECT count(*) FROM vc WHERE p IN (tn.n)) FROM tn",
        "SELECT (SELECT p = tn.n FROM vc WHERE p LIKE '1.5') FROM tn",
        // A constant or an expression of outer columns probes too, when the enclosing query
        // has a FROM source (it may run the subquery many times); alone it does not.
        "SELECT (SELECT count(*) FROM vc WHERE p = 1.5) FROM tn",
        "SELECT (SELECT count(*) FROM vc WHERE p = tn.n + 0) FROM tn",
        "SELECT (SELECT count(*) FROM vc WHERE p = 1.5 OR 0) FROM tn",
        "SELECT 1 FROM tn WHERE n IN (SELECT p FROM vc WHERE p = 1.5)",
        "SELECT (SELECT count(*) FROM vc WHERE p = 1.5)",
        "SELECT * FROM (SELECT count(*) FROM vc WHERE p = 1.5)",
        "SELECT count(*) FROM vc WHERE p = 1.5",
        "SELECT count(*) FROM tn, vc WHERE p = tn.n",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = '1') FROM t1",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = 1) FROM t1",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = (SELECT 1)) FROM t1",
        "SELECT (SELECT count(*) FROM v0 AS s WHERE s.c = abs(-1)) FROM t1",
        "SELECT (SELECT count(*) FROM v0 AS s, tx WHERE s.c = tx.x) FROM t1",
        "SELECT EXISTS (SELECT 1 FROM vc WHERE p = 1.5) FROM tn",
        "SELECT (SELECT count(*) FROM vc WHERE p = 1.5) FROM (SELECT 1)",
    ];
    let mut stmts: Vec<&str> = PROBE.lines().filter(|l| !l.trim().is_empty()).collect();
    stmts.extend(queries);
    stmts.push("PRAGMA automatic_index=off");
    stmts.extend(queries);
    assert_statements_match(&stmts);
}
