//! Range seeks (`SEARCH t USING INDEX i (a>? AND a<?)`, `(rowid>?)`) compared with the system
//! SQLite: the plan's wording, and the rows in order (the same plan reads rows in the same
//! order) for bounds of every type against columns of every affinity, NULL bounds, collations,
//! DESC index columns, equality prefixes, WITHOUT ROWID tables, ORDER BY both ways and LIMIT.
//! (Seeks on a WITHOUT ROWID table's own primary key, `SEARCH w USING PRIMARY KEY (k>?)`, are
//! in `without_rowid_seek.rs`.)

use ferrolite::{Connection, Value};
use ferrolite_difftest::gen::Rng;
use ferrolite_difftest::reference::Reference;
use ferrolite_difftest::{assert_statements_match, ours_run};

const SETUP: &str = "
CREATE TABLE t(a INTEGER, b TEXT, c, d REAL, e TEXT COLLATE NOCASE);
CREATE INDEX ta ON t(a);
CREATE INDEX tba ON t(b, a);
CREATE INDEX tc ON t(c DESC);
CREATE INDEX td ON t(d, c DESC);
CREATE INDEX te ON t(e);
INSERT INTO t VALUES (1,'a',1,1.0,'A'),(2,'b',2.5,NULL,'b'),(NULL,'c',NULL,3.5,'C'),
  ('x','d','q',-1,'d'),(3.5,NULL,3,2,NULL),(5,'a',7,7,'a'),(4,'a',x'01',4.5,'B'),
  (2,'a','2',2,'c'),(-3,'b',-3,-3,'Ab'),('10','c','10',10,'ab'),(NULL,NULL,NULL,NULL,NULL),
  (7,'b',7.0,2,'e'),(3,'a','abc','3','E'),(0,'',0,0,''),(9223372036854775807,'z',1e300,1e18,'z');
CREATE TABLE u(x INTEGER PRIMARY KEY, y);
INSERT INTO u VALUES (-5,1),(1,2),(2,3),(5,4),(9,5),(10,'a'),(100,NULL);
CREATE TABLE w(k TEXT, n INTEGER, v, PRIMARY KEY(k, n)) WITHOUT ROWID;
CREATE INDEX wv ON w(v);
INSERT INTO w VALUES ('a',1,10),('a',2,20),('a',3,NULL),('b',1,5),('b',5,'x'),('c',0,0),('A',4,4);
CREATE TABLE n(a INTEGER, b);
CREATE INDEX na ON n(a);
CREATE INDEX nb ON n(b DESC);
INSERT INTO n VALUES (NULL,1),(NULL,2),(NULL,NULL);
CREATE TABLE nd(a INTEGER, b);
CREATE INDEX nda ON nd(a DESC);
INSERT INTO nd VALUES (NULL,1),(NULL,2),(NULL,NULL);
CREATE TABLE z(a, b);
CREATE INDEX za ON z(a);
";

/// The detail column of EXPLAIN QUERY PLAN (ids differ between the engines).
fn plan_of(rows: Result<Vec<Vec<Value>>, String>) -> Result<Vec<String>, String> {
    Ok(rows?
        .into_iter()
        .map(|r| match r.last() {
            Some(Value::Text(s)) => s.to_string(),
            other => format!("{other:?}"),
        })
        .collect())
}

fn compare(queries: &[String], check_plan: bool) {
    let mut script: Vec<&str> = SETUP
        .split(";\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    script.extend(queries.iter().map(String::as_str));
    assert_statements_match(&script);
    if !check_plan {
        return;
    }
    let theirs = Reference::open_memory();
    let ours = Connection::open(":memory:").expect("open :memory:");
    theirs.run(SETUP).expect("sqlite setup");
    ours_run(&ours, SETUP).expect("ferrolite setup");
    let mut bad = Vec::new();
    for q in queries {
        let eqp = format!("EXPLAIN QUERY PLAN {q}");
        let (a, b) = (plan_of(ours_run(&ours, &eqp)), plan_of(theirs.run(&eqp)));
        if a != b {
            bad.push(format!("{q}\n  ferrolite: {a:?}\n  sqlite:    {b:?}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn owned(qs: &[&str]) -> Vec<String> {
    qs.iter().map(|s| s.to_string()).collect()
}

#[test]
fn range_plans_match_sqlite() {
    compare(
        &owned(&[
            "SELECT * FROM t WHERE a > 1",
            "SELECT * FROM t WHERE a >= 1 AND a <= 4",
            "SELECT * FROM t WHERE a BETWEEN 2 AND 5",
            "SELECT * FROM t WHERE a < 3",
            "SELECT a FROM t WHERE a < 3",
            "SELECT * FROM t WHERE 2 < a",
            "SELECT * FROM t WHERE b = 'a' AND a > 1",
            "SELECT * FROM t WHERE b = 'a' AND a > 1 AND a < 5",
            "SELECT * FROM t WHERE b > 'a' AND a > 3",
            "SELECT * FROM t WHERE c > 2",
            "SELECT * FROM t WHERE c > 1 AND c < 7",
            "SELECT * FROM t WHERE d = 2 AND c > 2",
            "SELECT * FROM t WHERE e > 'b'",
            "SELECT * FROM t WHERE e > 'b' COLLATE BINARY",
            "SELECT * FROM t WHERE a > 1 COLLATE NOCASE",
            "SELECT * FROM u WHERE x > 3",
            "SELECT * FROM u WHERE rowid BETWEEN 2 AND 9",
            "SELECT * FROM u WHERE x < 3",
            "SELECT * FROM u WHERE x > 1 AND y = 2",
            "SELECT * FROM t WHERE a > 1 AND rowid > 5",
            "SELECT * FROM t WHERE a > 1 AND a < 4 AND c = 3",
            "SELECT * FROM w WHERE v > 4",
            "SELECT * FROM u, t WHERE t.a > u.y",
            "SELECT * FROM t WHERE a > 1 ORDER BY a DESC",
            "SELECT * FROM t WHERE a > 1 ORDER BY a",
            "SELECT * FROM u WHERE x > 1 ORDER BY x DESC",
            "SELECT * FROM t WHERE b = 'a' AND a < 5 ORDER BY a DESC",
            "SELECT * FROM t WHERE c < 7 ORDER BY c",
            "SELECT * FROM t WHERE a IS NULL",
            "SELECT * FROM t WHERE b IS NULL AND a > 3",
            "SELECT * FROM t WHERE a IS NULL AND b > 'x'",
            "SELECT * FROM t WHERE a IS NULL OR b = 'a'",
            "SELECT * FROM u WHERE x IS NULL",
            "SELECT * FROM u LEFT JOIN t ON t.a = u.x WHERE t.b IS NULL",
            "SELECT * FROM u LEFT JOIN t ON t.a = u.x AND t.b IS NULL",
            "SELECT * FROM u JOIN t ON t.a = u.x AND t.b = 'a'",
            "SELECT * FROM u LEFT JOIN t ON t.a = u.x AND t.c > 2",
            "SELECT * FROM u LEFT JOIN t ON t.a = u.x AND (t.b = 'a' OR t.c = 7)",
        ]),
        true,
    );
}

#[test]
fn limit_and_joins() {
    compare(
        &owned(&[
            "SELECT * FROM t WHERE a > 1 LIMIT 2",
            "SELECT * FROM t WHERE a > 1 ORDER BY a DESC LIMIT 3",
            "SELECT * FROM u WHERE x >= 2 LIMIT 2 OFFSET 1",
            "SELECT u.x, t.a FROM u, t WHERE t.a > u.y AND t.a < u.x",
            "SELECT u.x, t.a FROM u LEFT JOIN t ON t.a > u.x",
            "SELECT * FROM u FULL JOIN t ON t.a = u.x WHERE t.b = 'a' ORDER BY t.c",
            "SELECT * FROM u RIGHT JOIN t ON t.a = u.x WHERE u.y > 1 OR u.y IS NULL ORDER BY t.c",
            "DELETE FROM t WHERE a > 4",
            "SELECT * FROM t",
            "UPDATE u SET x = x + 100 WHERE x > 1",
            "SELECT * FROM u",
            "UPDATE t SET a = a + 1 WHERE a >= 1 AND a < 3",
            "SELECT * FROM t ORDER BY rowid",
        ]),
        false,
    );
}

/// Random bounds of every type on every kind of column, both directions.
#[test]
fn random_bounds() {
    let values = [
        "NULL",
        "1",
        "2",
        "2.5",
        "3.0",
        "-1",
        "0",
        "'3'",
        "'2.5'",
        "'abc'",
        "'a'",
        "'B'",
        "''",
        "x'00'",
        "x'01'",
        "1e300",
        "-1e300",
        "9223372036854775807",
        "'10'",
        "CAST(7 AS REAL)",
    ];
    let cols = ["a", "b", "c", "d", "e", "rowid", "+a"];
    let ops = [">", ">=", "<", "<="];
    let mut rng = Rng::new(42);
    let mut qs = Vec::new();
    for _ in 0..400 {
        let col = *rng.pick(&cols);
        let mut cond = format!("{col} {} {}", rng.pick(&ops), rng.pick(&values));
        match rng.below(4) {
            0 => {
                cond = format!(
                    "{col} BETWEEN {} AND {}",
                    rng.pick(&values),
                    rng.pick(&values)
                )
            }
            1 => cond.push_str(&format!(
                " AND {col} {} {}",
                rng.pick(&ops),
                rng.pick(&values)
            )),
            2 => {
                cond = format!(
                    "b = {} AND a {} {}",
                    rng.pick(&values),
                    rng.pick(&ops),
                    rng.pick(&values)
                )
            }
            _ => {}
        }
        let order = match rng.below(3) {
            0 => format!(" ORDER BY {col} DESC, rowid"),
            1 => format!(" ORDER BY {col}, rowid"),
            _ => String::new(),
        };
        qs.push(format!("SELECT rowid, * FROM t WHERE {cond}{order}"));
        let eq_ops = ["=", "=", ">", "<=", "IS"];
        qs.push(format!(
            "SELECT rowid, * FROM t WHERE ({} {} {} OR {} {} {}) AND {} {} {} ORDER BY rowid",
            rng.pick(&cols),
            rng.pick(&eq_ops),
            rng.pick(&values),
            rng.pick(&cols),
            rng.pick(&eq_ops),
            rng.pick(&values),
            rng.pick(&cols),
            rng.pick(&ops),
            rng.pick(&values)
        ));
        let ucol = rng.pick(&["x", "rowid", "y"]);
        qs.push(format!(
            "SELECT * FROM u WHERE {ucol} {} {} AND {ucol} {} {}",
            rng.pick(&ops),
            rng.pick(&values),
            rng.pick(&ops),
            rng.pick(&values)
        ));
        qs.push(format!(
            "SELECT * FROM w WHERE {} {} {} ORDER BY k, n",
            rng.pick(&["k", "n", "v"]),
            rng.pick(&ops),
            rng.pick(&values)
        ));
    }
    compare(&qs, false);
}

#[test]
fn min_max_through_an_index() {
    compare(
        &owned(&[
            "SELECT min(a) FROM t",
            "SELECT max(a) FROM t",
            "SELECT min(a), b, c FROM t",
            "SELECT max(a), b, c FROM t",
            "SELECT min(a) + 1 FROM t",
            "SELECT min(a) FROM t WHERE a > 2",
            "SELECT max(a) FROM t WHERE a < 4",
            "SELECT min(a) FROM t WHERE b = 'a'",
            "SELECT max(a) FROM t WHERE b = 'b'",
            "SELECT min(a) FROM t WHERE c = 1",
            "SELECT min(c), max(c) FROM t",
            "SELECT min(c) FROM t",
            "SELECT max(c) FROM t",
            "SELECT min(e) FROM t",
            "SELECT max(e) FROM t",
            "SELECT min(b) FROM t",
            "SELECT max(b) FROM t WHERE b < 'c'",
            "SELECT min(DISTINCT a) FROM t",
            "SELECT min(x) FROM u",
            "SELECT max(x), y FROM u",
            "SELECT max(rowid) FROM t",
            "SELECT min(rowid) FROM t WHERE rowid > 3",
            "SELECT count(*), min(a) FROM t",
            "SELECT min(a) FROM t HAVING min(a) > 1",
            "SELECT min(a) FROM t LIMIT 0",
            "SELECT min(a), b FROM n",
            "SELECT max(a), b FROM n",
            "SELECT min(b), a FROM n",
            "SELECT max(b), a FROM n",
            "SELECT min(a), max(a) FROM n",
            "SELECT min(a), b FROM nd",
            "SELECT max(a), b FROM nd",
            "SELECT min(a), b FROM nd WHERE b > 1",
            "SELECT max(a), b FROM nd WHERE b > 1",
            "SELECT min(a), rowid FROM nd",
            "SELECT min(a), b FROM n WHERE b > 1",
            "SELECT min(a), b FROM z",
            "SELECT max(a) FROM z",
            "SELECT min(v) FROM w",
            "SELECT max(v) FROM w",
            "SELECT rowid FROM t ORDER BY rowid DESC",
            "SELECT * FROM t WHERE c > 1 ORDER BY a",
            "SELECT * FROM t WHERE rowid > 3 ORDER BY a DESC",
            "SELECT min(a) FROM t WHERE rowid > 5",
            "SELECT min(a), b FROM t WHERE b > 'a'",
            "SELECT max(a) FROM t WHERE c BETWEEN 1 AND 8",
            "SELECT min(a) FROM t WHERE b = 'a' AND c > 1",
            "SELECT a, count(*) FROM t WHERE c > 1 GROUP BY a",
            "SELECT * FROM w WHERE v > 1 ORDER BY v",
            "SELECT v, k FROM w ORDER BY v DESC",
            "SELECT rowid FROM t GROUP BY rowid",
        ]),
        true,
    );
}

/// (`a = 1 OR a = 2` on one column is a `MULTI-INDEX OR` here, where SQLite rewrites it as
/// `a IN (1, 2)`: same rows, another plan, so it is not in this list.)
#[test]
fn or_through_several_indexes() {
    compare(
        &owned(&[
            "SELECT * FROM t WHERE a = 1 OR b = 'a'",
            "SELECT * FROM t WHERE a = 1 OR a > 4",
            "SELECT * FROM t WHERE a = 2 OR rowid = 3",
            "SELECT * FROM t WHERE a = 2 OR c = 1",
            "SELECT * FROM t WHERE a = 2 OR c = 1 OR e = 'b' OR rowid BETWEEN 2 AND 4",
            "SELECT * FROM t WHERE (b = 'a' AND a > 1) OR a = 7",
            "SELECT * FROM t WHERE a = 1 OR b = 'a' ORDER BY rowid",
            "SELECT count(*) FROM t WHERE a = 1 OR b = 'a'",
            "SELECT * FROM t WHERE a = 1 OR d > 1",
            "SELECT * FROM t WHERE a = NULL OR b = 'a'",
            "SELECT * FROM t WHERE (a = 1 OR b = 'b') AND c > 0",
            "SELECT * FROM t WHERE (a = 1 OR b = 'b') AND a > 0",
            "SELECT * FROM t WHERE (a = 1 OR b = 'b') AND c > 0 AND c < 5",
            "SELECT * FROM u, t WHERE t.a = u.x OR t.b = u.y",
            "SELECT * FROM t WHERE a = 1 OR b = 'a' LIMIT 2",
            "DELETE FROM t WHERE a = 1 OR b = 'b'",
            "SELECT * FROM t",
            "UPDATE t SET a = a + 10 WHERE a = 2 OR c = 3",
            "SELECT * FROM t",
        ]),
        true,
    );
}

/// Outer joins: the ` LEFT-JOIN` note, the `RIGHT-JOIN t` pass, and WHERE terms on the left
/// table of a RIGHT/FULL JOIN applied after the join (they used to drop rows before the
/// right-hand table recorded its match, which then came back NULL-extended).
#[test]
fn outer_join_plans() {
    compare(
        &owned(&[
            "SELECT * FROM t LEFT JOIN u ON u.y = t.a",
            "SELECT * FROM t LEFT JOIN u ON u.x = t.a",
            "SELECT * FROM t LEFT JOIN u ON u.x > t.a",
            "SELECT * FROM u LEFT JOIN t AS tt ON tt.b = u.y",
            "SELECT * FROM t LEFT JOIN u ON u.x = t.a OR u.x = t.c",
            "SELECT * FROM u RIGHT JOIN t ON t.a = u.x",
            "SELECT * FROM u FULL JOIN t ON t.a = u.x",
            "SELECT * FROM u RIGHT JOIN t AS tt ON tt.a = u.x WHERE u.y IS NULL",
            "SELECT * FROM u FULL JOIN t ON t.a = u.x WHERE u.y > 2",
        ]),
        true,
    );
}
