//! Automatic indexes hold every column the query reads (`AUTOMATIC COVERING INDEX`, the
//! table is not read again), or the key and rowid when the table has generated columns
//! (codegen/select/auto_index.rs). Rows and EXPLAIN QUERY PLAN details against sqlite3.

use ferrolite_difftest::{assert_plans_match, assert_statements_match};

const SETUP: &str = "
CREATE TABLE a(x);
CREATE TABLE b(y, z, w REAL);
INSERT INTO a VALUES(1),(2),(2),(NULL),('2'),(3.0);
INSERT INTO b VALUES(2,'p',1.5),(3,'q',NULL),(2,'r',2),(NULL,'s',3),('2','t',4),(3.0,'u',5);
";

#[test]
fn covering_automatic_indexes() {
    assert_plans_match(
        SETUP,
        &[
            "SELECT * FROM a, b WHERE a.x=b.y ORDER BY 1,2,3,4",
            "SELECT a.x, b.rowid, b.w FROM a, b WHERE a.x=b.y ORDER BY 1,2",
            "SELECT * FROM a LEFT JOIN b ON a.x=b.y ORDER BY 1,2,3,4",
            "SELECT count(*), sum(b.w) FROM a, b WHERE a.x=b.y AND b.z > 'p'",
            "SELECT a.x, typeof(b.w), b.w FROM a, b WHERE a.x=b.y ORDER BY 1, 3",
        ],
    );
}

#[test]
fn automatic_indexes_in_writes_and_generated_columns() {
    assert_statements_match(&[
        SETUP.trim(),
        "CREATE TABLE g(y, z AS (y*2))",
        "INSERT INTO g(y) VALUES(1),(2),(3)",
        "SELECT * FROM a, g WHERE a.x=g.y ORDER BY 1",
        "UPDATE b SET w = w + 1 WHERE y IN (SELECT x FROM a)",
        "SELECT * FROM b",
        "DELETE FROM b WHERE EXISTS (SELECT 1 FROM a WHERE a.x = b.y)",
        "SELECT * FROM b",
    ]);
}
