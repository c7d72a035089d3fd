//! EXPLAIN QUERY PLAN rows over FROM subqueries sqlite3 never flattens
//! (codegen/select/subquery_plan.rs): `CO-ROUTINE sq` for the only FROM term, `MATERIALIZE
//! sq` for a joined one, with the subquery's plan nested under it. Rows and plan details
//! compared with the system SQLite.

use ferrolite_difftest::assert_plans_match;

const SETUP: &str = "
CREATE TABLE t(a, b);
CREATE TABLE u(x, y);
INSERT INTO t VALUES(1,2),(3,4),(1,5);
INSERT INTO u VALUES(1,1),(3,0);
";

#[test]
fn coroutine_and_materialize_rows() {
    assert_plans_match(
        SETUP,
        &[
            "SELECT * FROM (SELECT a, count(*) c FROM t GROUP BY a) sq ORDER BY 1",
            "SELECT * FROM (SELECT DISTINCT a FROM t) sq ORDER BY 1",
            "SELECT count(*), sum(sq.a) FROM u CROSS JOIN (SELECT DISTINCT a FROM t) sq",
            "SELECT * FROM (SELECT b, count(*) FROM t GROUP BY b HAVING count(*) > 0) AS g ORDER BY 1",
        ],
    );
}
