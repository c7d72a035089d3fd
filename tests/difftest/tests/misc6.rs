//! Small semantic gaps of session 6 ("misc"), each pinned against the system sqlite3:
//! CAST of exponent texts past 2^51, `%` on texts, printf's `!` (alternate-form-2)
//! conversions, and ALTER TABLE on temp tables.

use ferrolite_difftest::{assert_script_matches, assert_statements_match};

/// Texts whose numeric reading is a whole REAL around and past 2^51, 2^53 and 2^63.
const NUM_TEXTS: &[&str] = &[
    "1e16",
    "4.5e15",
    "9.3e18",
    "1e300",
    "123456789012345678e-2",
    "1e15",
    "2.5e15",
    "9007199254740993",
    "9007199254740993.0",
    "9.007199254740993e15",
    "1e19",
    "-9.3e18",
    "-1e19",
    "9223372036854775807",
    "9223372036854775808",
    "9223372036854775807.0",
    "-9223372036854775808",
    "-9223372036854775809",
    "1.5",
    "1e-5",
    "12345678901234567890e-3",
    "0.1e17",
    "1234567890123456789e0",
    "1e18",
    "123456789012345678.9",
    "4503599627370497.5",
    " 1e16 ",
    "1e16x",
    "1e",
    ".5e1",
    "5.e1",
    "1e-400",
    "1e400",
    "-1e400",
    "123e-2",
    "99999999999999999999",
    "3e18",
    "-4.5e15",
    "2251799813685247.0",
    "2251799813685248.0",
    "-2251799813685248.0",
    "-2251799813685249.0",
    "2251799813685248",
    "1.0x",
    "-0.0",
    "0e5",
    "12abc",
    "+12",
    "",
];

/// `CAST(text AS NUMERIC)` keeps a whole REAL as REAL unless it is within [-2^51, 2^51);
/// CAST AS INTEGER reads the integer prefix; arithmetic reads the REAL.
#[test]
fn cast_of_exponent_texts_matches_sqlite() {
    let mut stmts = Vec::new();
    for t in NUM_TEXTS {
        stmts.push(format!(
            "SELECT CAST('{t}' AS INTEGER), CAST('{t}' AS NUMERIC), typeof(CAST('{t}' AS NUMERIC)), \
             CAST('{t}' AS REAL), '{t}' + 0, typeof('{t}' + 0), '{t}' * 1, '{t}' % 7, '{t}' | 0, \
             CAST(CAST('{t}' AS BLOB) AS NUMERIC), typeof(CAST(CAST('{t}' AS BLOB) AS NUMERIC))"
        ));
    }
    let refs: Vec<&str> = stmts.iter().map(String::as_str).collect();
    assert_statements_match(&refs);
}

/// Column affinity converts wider than CAST: '1e16' in a NUMERIC/INTEGER column is an
/// INTEGER; comparisons with integer columns see that value.
#[test]
fn affinity_and_comparison_of_exponent_texts_match_sqlite() {
    assert_script_matches(
        "CREATE TABLE t(n NUMERIC, i INTEGER, r REAL)
INSERT INTO t VALUES('1e16','1e16','1e16'),('4.5e15','4.5e15','4.5e15'),('9.3e18','9.3e18','9.3e18'),('1e300','1e300','1e300'),('2251799813685248.0','2251799813685248.0','x')
SELECT n, typeof(n), i, typeof(i), r, typeof(r) FROM t
SELECT i FROM t WHERE i = '1e16'
SELECT n FROM t WHERE n > '4e15' ORDER BY n
SELECT i FROM t WHERE i = CAST('1e16' AS NUMERIC)
SELECT '1e16' = 10000000000000000, CAST('1e16' AS NUMERIC) = 10000000000000000
SELECT CAST('1e16' AS NUMERIC) + 1, CAST('4.5e15' AS NUMERIC) / 2, CAST('2e0' AS NUMERIC) / 3",
    );
}

/// `%` on non-integer operands truncates each operand as CAST AS INTEGER does, so a text
/// gives its integer prefix: `'1e16' % 7` is 1.0.
#[test]
fn remainder_of_texts_matches_sqlite() {
    assert_script_matches(
        "SELECT '1e16' % 7, '4.5e15' % 2, '7.5' % 2, 7.5 % 2, '1e16' % '1e1', 10 % '1e1'
SELECT '12abc' % 5, '12.5abc' % 5, '99999999999999999999' % 7, '-1e16' % 7, 5 % '2.5e0'
SELECT x'3132' % 5, CAST('1e3' AS BLOB) % 7, '1e3' % 7.0, 1e3 % '7x'",
    );
}

/// printf's `!` flag with `%f`, `%e`, `%g` over values whose digits sit on rounding edges.
#[test]
fn printf_alt2_float_grid_matches_sqlite() {
    let fmts = [
        "%!.1f",
        "%!.0f",
        "%!.2f",
        "%!.3f",
        "%!f",
        "%!.20f",
        "%!.30f",
        "%!g",
        "%!.3g",
        "%!.10g",
        "%!.20g",
        "%!.0g",
        "%!e",
        "%!.0e",
        "%!.3e",
        "%!.20e",
        "%!10.2f",
        "%!-10.1f|",
        "%!+.1f",
        "%!010.1f",
        "%!#.1f",
        "%!.15g",
        "%!.16g",
        "%!.17g",
        "%!G",
        "%!E",
        "%!.15f",
        "%!.16f",
        "%!8.15f",
        "%.15f",
        "%.1f",
        "%.2f",
    ];
    let vals = [
        "4.35",
        "0.5",
        "1.5",
        "2.5",
        "0.05",
        "0.15",
        "0.25",
        "1e300",
        "1e-300",
        "123456789.125",
        "1e16",
        "1e17",
        "9.999999999999999e22",
        "0.1",
        "2.675",
        "-4.35",
        "1e15",
        "1e-5",
        "123.456",
        "0.0",
        "-0.0",
        "1.0",
        "100",
        "1e100",
        "3.14159265358979",
        "9.5",
        "0.95",
        "99.95",
        "1.7976931348623157e308",
        "12345678901234567890.0",
        "4",
        "0.8161627092332104",
        "0.5630698033399614",
        "0.08882168249485023",
        "-6.655980840300946e-15",
        "1.005",
        "9.995",
        "0.3643960116011844",
    ];
    let stmts: Vec<String> = fmts
        .iter()
        .map(|f| {
            let calls: Vec<String> = vals.iter().map(|v| format!("printf('{f}', {v})")).collect();
            format!("SELECT {}", calls.join(", "))
        })
        .collect();
    let refs: Vec<&str> = stmts.iter().map(String::as_str).collect();
    assert_statements_match(&refs);
}

/// Under GROUP BY the aggregate arguments are evaluated after the sort, group by group (funcs
/// seed 1444): the first error raised is the first group's, not the first scanned row's.
#[test]
fn group_by_evaluates_aggregate_arguments_after_the_sort() {
    assert_script_matches(
        r#"CREATE TABLE f0(id INTEGER PRIMARY KEY, g INT, j TEXT, n)
INSERT INTO f0 VALUES(1, 1, '[1,2', 1), (2, 0, '{"a":1}', X'3132'), (3, 0, '{"a":2}', 3)
SELECT g, sum(DISTINCT j ->> '$.a'), json_group_object(CAST(id AS TEXT), n) FROM f0 GROUP BY g
SELECT g, json_group_object(CAST(id AS TEXT), n), sum(j ->> '$.a') FROM f0 GROUP BY g
SELECT g, sum(j ->> '$.a') FILTER (WHERE id > 1), json_group_object(id, n) FILTER (WHERE id < 3) FROM f0 GROUP BY g
SELECT sum(j ->> '$.a'), json_group_object(CAST(id AS TEXT), n) FROM f0
SELECT g, sum(abs(-9223372036854775807 - 1 + id - id)) FROM f0 GROUP BY g
CREATE TABLE t(a, b, c)
INSERT INTO t VALUES(1,2,3),(2,3,4),(1,5,6),(3,NULL,'x'),(2,7,8.5)
SELECT a, sum(b), count(*), group_concat(c), max(b+c), total(b) FILTER (WHERE c>3), count(DISTINCT b%2) FROM t GROUP BY a
SELECT a, max(b), c FROM t GROUP BY a
SELECT a, sum((SELECT t.b*10)), (SELECT sum(t.b + x) FROM (SELECT 1 AS x UNION SELECT 2)) FROM t GROUP BY a
SELECT t1.a, sum(t2.b), group_concat(t1.c || t2.c) FROM t t1 JOIN t t2 USING(a) GROUP BY t1.a
SELECT t1.a, sum(t2.b) FROM t t1 LEFT JOIN t t2 ON t1.b = t2.a GROUP BY t1.a
SELECT a%2, sum(a) FILTER (WHERE b IS NOT NULL), avg(rowid) FROM t GROUP BY a%2 HAVING sum(c) > 0"#,
    );
}

/// The TEMP schema's objects after an ALTER (names and text).
const TEMP_ROWS: &str = "SELECT type, name, tbl_name, sql FROM sqlite_temp_master ORDER BY rowid";
const MAIN_ROWS: &str = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid";

/// ALTER TABLE of a TEMP table checks the TEMP views and triggers, before and after, as
/// for a main table; RENAME COLUMN fails when a TEMP object names the column.
#[test]
fn alter_of_temp_table_checks_temp_objects() {
    let cases = [
        "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.a); END",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON t WHEN new.a BEGIN SELECT 1; END",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT a FROM t; END",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON log BEGIN SELECT t.a FROM t; END",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.b); END",
        "CREATE TEMP TRIGGER tr AFTER UPDATE OF a ON t BEGIN SELECT 1; END",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON log BEGIN INSERT INTO t(a) VALUES(new.x); END",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT new.a; END",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON log BEGIN SELECT nosuch FROM t; END",
        "CREATE TEMP VIEW v AS SELECT a FROM t",
        "CREATE TEMP VIEW v AS SELECT b FROM t",
        "CREATE TEMP VIEW v AS SELECT m.x, t.a FROM m, t",
    ];
    let alters = [
        "ALTER TABLE t RENAME COLUMN a TO aa",
        "ALTER TABLE t RENAME TO t2",
        "ALTER TABLE t DROP COLUMN a",
        "ALTER TABLE t DROP COLUMN b",
        "ALTER TABLE t ADD COLUMN c",
    ];
    for object in cases {
        for alter in alters {
            let script = format!(
                "CREATE TABLE m(x, y)\nCREATE TEMP TABLE t(a, b)\nCREATE TEMP TABLE log(x)\n\
                 {object}\n{alter}\n{TEMP_ROWS}\n{MAIN_ROWS}"
            );
            assert_script_matches(&script);
        }
    }
}

/// ALTER TABLE of a main table rewrites and checks the TEMP views and triggers that name
/// it; a broken TEMP object stops it.
#[test]
fn alter_of_main_table_rewrites_temp_objects() {
    let cases = [
        "CREATE TEMP VIEW v AS SELECT a FROM m",
        "CREATE TEMP VIEW v AS SELECT m.a, b FROM m WHERE b > 0",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON m BEGIN SELECT new.a; END",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON m BEGIN SELECT new.b; END",
        "CREATE TEMP TRIGGER tr AFTER UPDATE OF a ON m BEGIN INSERT INTO m(a) VALUES(1); END",
        "CREATE TEMP VIEW v AS SELECT nosuch FROM m",
        "CREATE TEMP TABLE t(x)\nCREATE TEMP VIEW v AS SELECT nosuch FROM t",
        "CREATE TEMP TABLE t(a)\nCREATE TEMP VIEW v AS SELECT m.a, t.a FROM m, t",
    ];
    let alters = [
        "ALTER TABLE m RENAME COLUMN a TO aa",
        "ALTER TABLE m RENAME TO m2",
        "ALTER TABLE m DROP COLUMN a",
        "ALTER TABLE m DROP COLUMN b",
    ];
    for object in cases {
        for alter in alters {
            let script =
                format!("CREATE TABLE m(a, b)\n{object}\n{alter}\n{TEMP_ROWS}\n{MAIN_ROWS}");
            assert_script_matches(&script);
        }
    }
}

/// RENAME COLUMN renames a bare name only where it binds to the renamed table: not in
/// another table's subquery, an INSERT's SELECT from another table, or a USING list; an
/// ambiguous name is an error before the rename.
#[test]
fn rename_column_binds_bare_names_like_sqlite() {
    let cases = [
        "CREATE VIEW v AS SELECT x FROM t1, t2",
        "CREATE VIEW v AS SELECT y, z FROM t1, t2 WHERE t1.x = t2.x",
        "CREATE VIEW v AS SELECT z FROM t2 WHERE x IN (SELECT x FROM t1)",
        "CREATE VIEW v AS SELECT y FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE z = y)",
        "CREATE TRIGGER tr AFTER INSERT ON t1 BEGIN UPDATE t2 SET z = 1 WHERE x = new.x; END",
        "CREATE TRIGGER tr AFTER INSERT ON t1 BEGIN INSERT INTO t2 SELECT x, y FROM t1; END",
        "CREATE TRIGGER tr AFTER INSERT ON t1 BEGIN SELECT x FROM t1, t2; END",
        "CREATE VIEW v AS SELECT t1.x, y FROM t1 JOIN t2 USING(x)",
        "CREATE VIEW v AS SELECT x FROM t1 JOIN t2 USING(x)",
        "CREATE VIEW v AS SELECT x FROM t1 UNION SELECT x FROM t2",
        "CREATE VIEW v AS WITH c AS (SELECT x FROM t1) SELECT x FROM c",
        "CREATE VIEW v AS SELECT s.x FROM (SELECT x FROM t1) AS s",
        "CREATE TRIGGER tr AFTER INSERT ON t1 BEGIN INSERT INTO t2(x, z) VALUES(new.x, 1); END",
        "CREATE TRIGGER tr AFTER INSERT ON t1 BEGIN DELETE FROM t2 WHERE x = new.y AND z IN (SELECT y FROM t1 WHERE x > 0); END",
        "CREATE TRIGGER tr AFTER INSERT ON t1 WHEN (SELECT count(*) FROM t2 WHERE x = new.x) > 0 BEGIN SELECT 1; END",
        "CREATE VIEW v AS SELECT y FROM t1 a WHERE x = (SELECT max(x) FROM t2 b WHERE b.z = a.y)",
        "CREATE TRIGGER tr AFTER INSERT ON t1 BEGIN INSERT INTO t2(x, z) SELECT x, y FROM t1 WHERE 1 ON CONFLICT(x) DO UPDATE SET z = x + excluded.z; END",
    ];
    let alters = [
        "ALTER TABLE t1 RENAME COLUMN x TO xx",
        "ALTER TABLE t2 RENAME COLUMN x TO xx",
        "ALTER TABLE t1 RENAME COLUMN y TO yy",
    ];
    for object in cases {
        for alter in alters {
            let script = format!(
                "CREATE TABLE t1(x, y)\nCREATE TABLE t2(x UNIQUE, z)\n{object}\n{alter}\n{MAIN_ROWS}"
            );
            assert_script_matches(&script);
        }
    }
}

/// A view or trigger of `main` resolves names in `main` alone and spells a missing table
/// `main.t`, a TEMP table of that name included.
#[test]
fn main_objects_name_missing_tables_with_main() {
    assert_script_matches(
        "CREATE TABLE m(x)
CREATE VIEW v1 AS SELECT * FROM m
DROP TABLE m
SELECT * FROM v1
CREATE TABLE m(x)
CREATE TRIGGER tr AFTER INSERT ON m BEGIN INSERT INTO nosuch VALUES(1); END
INSERT INTO m VALUES(1)
CREATE TEMP TABLE q(a)
CREATE TEMP VIEW tv2 AS SELECT * FROM q
DROP TABLE q
SELECT * FROM tv2
CREATE VIEW v3 AS SELECT * FROM tt
CREATE TEMP TABLE tt(y)
SELECT * FROM v3
ALTER TABLE m RENAME TO m2
ALTER TABLE tt RENAME TO tt2
DROP VIEW v1
DROP VIEW v3
CREATE TABLE x AS SELECT * FROM nosuch
INSERT INTO nosuch VALUES(1)
UPDATE nosuch SET a = 1
DELETE FROM main.nosuch
SELECT * FROM nosuch",
    );
}
