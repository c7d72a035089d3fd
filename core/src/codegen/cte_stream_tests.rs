//! Recursive CTEs streamed through a coroutine (`cte_stream.rs`): the outer query's LIMIT,
//! WHERE, joins and aggregates pull rows one by one. Expected results from sqlite3 3.40.1.

use super::tests::{db, q};

const SETUP: &str =
    "CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES(3,'x'),(5,'y'),(1,'z');";

#[test]
fn streamed_recursive_ctes_match_sqlite() {
    let c = db(SETUP);
    let cases: &[(&str, &str, &str)] = &[
        (
            "an endless CTE under WHERE and LIMIT",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c WHERE x%2=0 LIMIT 5",
            "2\n4\n6\n8\n10",
        ),
        (
            "LIMIT with OFFSET after a WHERE",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c WHERE x>3 LIMIT 2 OFFSET 1",
            "5\n6",
        ),
        (
            "a correlated scalar subquery, once per outer row",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT a, (SELECT x FROM c WHERE x>t.a LIMIT 1) FROM t",
            "3|4\n5|6\n1|2",
        ),
        (
            "IN (subquery) with a LIMIT",
            "SELECT a FROM t WHERE a IN (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c WHERE x%2=1 LIMIT 3) ORDER BY a",
            "1\n3\n5",
        ),
        (
            "the first term of a LEFT JOIN streams",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x, b FROM c LEFT JOIN t ON a=x LIMIT 4",
            "1|z\n2|\n3|x\n4|",
        ),
        (
            "a joined CTE the planner puts inside is materialized",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT x, b FROM t, c WHERE a=x ORDER BY x",
            "1|z\n3|x\n5|y",
        ),
        (
            "an inner loop over a CTE is materialized first",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT a, x FROM t CROSS JOIN c WHERE x=a+1",
            "3|4\n5|6\n1|2",
        ),
        (
            "two references",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 4) SELECT a.x, b.x FROM c a, c b WHERE a.x<b.x",
            "1|2\n1|3\n1|4\n2|3\n2|4\n3|4",
        ),
        (
            "aggregate over a bounded CTE",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT sum(x), count(*), group_concat(x) FROM c",
            "21|6|1,2,3,4,5,6",
        ),
        (
            "GROUP BY",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT x%2, count(*) FROM c GROUP BY 1",
            "0|3\n1|3",
        ),
        (
            "DISTINCT",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT DISTINCT x%3 FROM c",
            "1\n2\n0",
        ),
        (
            "ORDER BY then LIMIT",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT x FROM c ORDER BY x DESC LIMIT 2",
            "6\n5",
        ),
        (
            "window function",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT x, sum(x) OVER (ORDER BY x DESC) FROM c",
            "6|6\n5|11\n4|15\n3|18\n2|20\n1|21",
        ),
        (
            "UNION (distinct) in the CTE",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT x%3+1 FROM c) SELECT x FROM c",
            "1\n2\n3",
        ),
        (
            "the CTE's own LIMIT and OFFSET",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 4 OFFSET 1) SELECT x FROM c",
            "2\n3\n4\n5",
        ),
        (
            "the CTE's own LIMIT 0",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 0) SELECT count(*) FROM c",
            "0",
        ),
        (
            "the CTE's own ORDER BY (a priority queue)",
            "WITH RECURSIVE c(x,y) AS (SELECT 1,2 UNION ALL SELECT x+1,y*2 FROM c ORDER BY 1 DESC LIMIT 6) SELECT * FROM c",
            "1|2\n2|4\n3|8\n4|16\n5|32\n6|64",
        ),
        (
            "one recursive CTE read by another",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<4), d(y) AS (SELECT x FROM c UNION ALL SELECT y*2 FROM d WHERE y<20) SELECT y FROM d",
            "1\n2\n3\n4\n2\n4\n6\n8\n4\n8\n12\n16\n8\n16\n24\n32\n16\n32\n32",
        ),
        (
            "a compound outer SELECT",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3) SELECT x FROM c UNION ALL SELECT x*10 FROM c",
            "1\n2\n3\n10\n20\n30",
        ),
        (
            "a subquery in FROM with its own LIMIT",
            "SELECT max(x) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c LIMIT 7)",
            "7",
        ),
        (
            "an anchor reading a table",
            "WITH RECURSIVE c(x) AS (SELECT a FROM t UNION ALL SELECT x-1 FROM c WHERE x>0) SELECT count(*), sum(x) FROM c",
            "12|22",
        ),
        (
            "rowid is no column of a CTE",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<6) SELECT rowid FROM c",
            "Error: no such column: rowid",
        ),
        (
            "column count mismatch",
            "WITH RECURSIVE c(x, y) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c LIMIT 2",
            "Error: table c has 1 values for 2 columns",
        ),
    ];
    for (what, sql, want) in cases {
        assert_eq!(q(&c, sql), *want, "{what}: {sql}");
    }
}

#[test]
fn insert_and_update_read_an_endless_cte() {
    let c = db(SETUP);
    c.execute_batch(
        "INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 10 UNION ALL SELECT x+1 FROM c) \
         SELECT x, 'g'||x FROM c WHERE x%3=0 LIMIT 3; \
         UPDATE t SET b='u' WHERE a IN (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL \
         SELECT x+2 FROM c) SELECT x FROM c LIMIT 3);",
    )
    .expect("insert/update");
    // sqlite3: 3|u 5|u 1|u 12|g12 15|g15 18|g18
    assert_eq!(
        q(&c, "SELECT * FROM t"),
        "3|u\n5|u\n1|u\n12|g12\n15|g15\n18|g18"
    );
}
