//! Part "gaps": errors sqlite3 3.40.1 reports at CREATE time for the expressions a schema
//! stores (CHECK constraints, generated columns, index expressions, partial-index WHERE;
//! see `core/src/codegen/schema_expr.rs`), and other gaps found outside the generator. Each
//! statement's rows or error compared with the system sqlite3.

use ferrolite_difftest::{assert_plans_match, assert_statements_match};

/// Runs each CREATE TABLE on its own (the table dropped after it).
fn each_table(stmts: &[&str]) {
    let mut all = Vec::new();
    for s in stmts {
        all.push(*s);
        all.push("DROP TABLE IF EXISTS t1");
    }
    assert_statements_match(&all);
}

/// Runs each CREATE INDEX on table t(a, b) (the index dropped after it).
fn each_index(stmts: &[&str]) {
    let mut all = vec!["CREATE TABLE t(a, b)"];
    for s in stmts {
        all.push(*s);
        all.push("DROP INDEX IF EXISTS i");
    }
    assert_statements_match(&all);
}

#[test]
fn check_constraints_are_resolved_at_create() {
    each_table(&[
        "CREATE TABLE t1(x CHECK(nosuch(x)))",
        "CREATE TABLE t1(x CHECK(max(x)))",
        "CREATE TABLE t1(x CHECK(max(x, 1)))",
        "CREATE TABLE t1(x CHECK(x IN (SELECT 1)))",
        "CREATE TABLE t1(x CHECK(x > ?))",
        "CREATE TABLE t1(x CHECK(y > 0))",
        "CREATE TABLE t1(x, CHECK(count(*)))",
        "CREATE TABLE t1(x, CHECK(count()))",
        "CREATE TABLE t1(x, CHECK(count(DISTINCT x)))",
        "CREATE TABLE t1(x, CHECK(EXISTS(SELECT 1)))",
        "CREATE TABLE t1(x, CHECK(x = (VALUES(1))))",
        "CREATE TABLE t1(x, CHECK(x IN t2))",
        "CREATE TABLE t1(x, CHECK(x > :a))",
        "CREATE TABLE t1(x, CHECK(?1 OR @a OR $a))",
        "CREATE TABLE t1(x, CHECK(row_number() OVER ()))",
        "CREATE TABLE t1(x, CHECK(Row_Number()))",
        "CREATE TABLE t1(x, CHECK(sum(x) OVER (PARTITION BY y)))",
        "CREATE TABLE t1(x, CHECK(ABS(x) OVER ()))",
        "CREATE TABLE t1(x, CHECK(ABS(x) FILTER (WHERE 1)))",
        "CREATE TABLE t1(x, CHECK(MAX(x) FILTER (WHERE y)))",
        "CREATE TABLE t1(x, CHECK(abs(x, 1)))",
        "CREATE TABLE t1(x, CHECK(abs(*)))",
        "CREATE TABLE t1(x, CHECK(nosuch(*)))",
        "CREATE TABLE t1(x, CHECK(coalesce(x)))",
        "CREATE TABLE t1(x, CHECK(like(x)))",
        "CREATE TABLE t1(x, CHECK(json_group_array(x)))",
        "CREATE TABLE t1(x, CHECK(random() AND date('now') AND CURRENT_TIME))",
        "CREATE TABLE t1(x, CHECK(\"y\" AND 'y'))",
        "CREATE TABLE t1(x, CHECK(t1.y))",
        "CREATE TABLE t1(x, CHECK(x.x))",
        "CREATE TABLE t1(x, CHECK(t1.x AND main.t1.x AND temp.t1.x AND zz.t1.x))",
        "CREATE TABLE t1(x, CHECK(zz.t1.q))",
        "CREATE TABLE t1(x, CHECK(excluded.x))",
        "CREATE TABLE t1(x, CHECK(new.x))",
        "CREATE TABLE t1(x, CHECK(rowid AND oid AND _rowid_))",
        "CREATE TABLE t1(x PRIMARY KEY, CHECK(rowid)) WITHOUT ROWID",
        "CREATE TABLE t1(x INT, CHECK(nosuch(x))) STRICT",
        "CREATE TABLE t1(x, CHECK(x COLLATE nosuch))",
        "CREATE TABLE t1(x, CHECK(raise(abort, 'x')))",
        "CREATE TABLE t1(x, CHECK(x > 0)) ",
        "INSERT INTO t1 VALUES(1)",
    ]);
}

/// Which of several errors sqlite3 reports (rules 1 and 2 of `schema_expr.rs`).
#[test]
fn check_error_precedence() {
    each_table(&[
        "CREATE TABLE t1(x, CHECK(y + nosuch(1)))",
        "CREATE TABLE t1(x, CHECK(? + y))",
        "CREATE TABLE t1(x, CHECK(y + ?))",
        "CREATE TABLE t1(x, CHECK(nosuch(y)))",
        "CREATE TABLE t1(x, CHECK(max(nosuch(x))))",
        "CREATE TABLE t1(x, CHECK(abs((SELECT 1))))",
        "CREATE TABLE t1(x, CHECK((SELECT y)))",
        "CREATE TABLE t1(x, CHECK(x IN (SELECT 1) AND ?))",
        "CREATE TABLE t1(x, CHECK(count(*) + nosuch()))",
        "CREATE TABLE t1(x, CHECK(abs(max(x))))",
        "CREATE TABLE t1(x, CHECK(nosuch(x) + ?))",
        "CREATE TABLE t1(x, CHECK(nosuch(x) + (SELECT 1)))",
        "CREATE TABLE t1(x, CHECK(abs(x) OVER () + y))",
        "CREATE TABLE t1(x, CHECK(sum(nosuch(x)) OVER ()))",
        "CREATE TABLE t1(x, CHECK(x BETWEEN ? AND y))",
        "CREATE TABLE t1(x, CHECK(CASE WHEN y THEN ? END))",
        "CREATE TABLE t1(x, CHECK(CASE nosuch(x) WHEN 1 THEN y END))",
        "CREATE TABLE t1(x, CHECK(CASE nosuch(x) WHEN y THEN 1 END))",
        "CREATE TABLE t1(x, CHECK(CASE max(x) WHEN 1 THEN y END))",
        "CREATE TABLE t1(x, CHECK(nosuch(x) BETWEEN 1 AND y))",
        "CREATE TABLE t1(x, CHECK(nosuch(x) IN (y)))",
        "CREATE TABLE t1(x, CHECK(nosuch(x) IN (1, y)))",
        "CREATE TABLE t1(x, CHECK(nosuch(x, y)))",
        "CREATE TABLE t1(x, CHECK(nosuch(1, y)))",
        "CREATE TABLE t1(x, CHECK(coalesce(nosuch(x), y)))",
        "CREATE TABLE t1(x, CHECK(coalesce(nosuch(x), 1, y)))",
        "CREATE TABLE t1(x, CHECK(abs(x, 1) + y))",
        "CREATE TABLE t1(x, CHECK(x = y COLLATE nosuch))",
        "CREATE TABLE t1(x, CHECK(CAST(y AS INT)))",
        "CREATE TABLE t1(x, CHECK(nosuch1(x)), CHECK(nosuch2(x)))",
        "CREATE TABLE t1(x, CHECK(zz1), CHECK(nosuch2(x)))",
        "CREATE TABLE t1(x CHECK(y), z CHECK(?))",
        "CREATE TABLE t1(x, y AS (nosuch(x)), CHECK(zz))",
        "CREATE TABLE t1(x, y AS (zz), CHECK(nosuch(x)))",
        "CREATE TABLE t1(x CHECK(zz), y AS (?))",
        "CREATE TABLE t1(x, y AS (1), CHECK(zz))",
    ]);
}

#[test]
fn generated_column_error_precedence() {
    each_table(&[
        "CREATE TABLE t1(x, y AS (nosuch(z)))",
        "CREATE TABLE t1(x, y AS (max(nosuch(x))))",
        "CREATE TABLE t1(x, y AS (random(z)))",
        "CREATE TABLE t1(x, y AS (t1.x + z))",
        "CREATE TABLE t1(x, y AS (random() + z))",
        "CREATE TABLE t1(x, y AS (CURRENT_TIME + z))",
        "CREATE TABLE t1(x, y AS (random() + ?))",
        "CREATE TABLE t1(x, y AS (nosuch(x) + t1.x))",
        "CREATE TABLE t1(x, y AS (t1.x + nosuch(x)))",
        "CREATE TABLE t1(x, y AS (zz.t1.x))",
        "CREATE TABLE t1(x, y AS (main.t1.x))",
        "CREATE TABLE t1(x, y AS (rowid))",
        "CREATE TABLE t1(x, y AS (abs(x) FILTER (WHERE 1)))",
        "CREATE TABLE t1(x, y AS (CASE random() WHEN 1 THEN z END))",
        "CREATE TABLE t1(x, y AS (nosuch1(x)), z AS (nosuch2(x)))",
        "CREATE TABLE t1(x, y AS (zz), z AS (nosuch(x)))",
        "CREATE TABLE t1(x, y AS (nosuch(x)), z AS (zz))",
        "CREATE TABLE t1(x, y AS (?), z AS (zz2))",
        "CREATE TABLE t1(x, y AS (zz2), z AS (?))",
    ]);
}

#[test]
fn index_expressions_are_resolved_at_create() {
    each_index(&[
        "CREATE INDEX i ON t((SELECT 1))",
        "CREATE INDEX i ON t(a + ?)",
        "CREATE INDEX i ON t(a, a + ?)",
        "CREATE INDEX i ON t(t.a)",
        "CREATE INDEX i ON t(main.t.a)",
        "CREATE INDEX i ON t(x.a)",
        "CREATE INDEX i ON t(main.t.zz)",
        "CREATE INDEX i ON t(random() + c)",
        "CREATE INDEX i ON t(rowid)",
        "CREATE INDEX i ON t(a + \"zz\")",
        "CREATE INDEX i ON t(a) WHERE a IN (SELECT 1)",
        "CREATE INDEX i ON t(a) WHERE EXISTS(SELECT 1)",
        "CREATE INDEX i ON t(a) WHERE a > ?",
        "CREATE INDEX i ON t(a) WHERE a > (SELECT 1) AND ?",
        "CREATE INDEX i ON t(a) WHERE t.a > 0 AND main.t.a AND zz.t.a",
        "CREATE INDEX i ON t(a) WHERE rowid > 0",
        "CREATE INDEX i ON t(a) WHERE \"zz\"",
        "CREATE INDEX i ON t(nosuch1(a), nosuch2(a))",
        "CREATE INDEX i ON t(nosuch1(a)) WHERE nosuch2(a)",
        "CREATE INDEX i ON t(nosuch(a)) WHERE ?",
        "CREATE INDEX i ON t((SELECT 1)) WHERE nosuch(a)",
        "CREATE INDEX i ON t(a + nosuch(a), zz)",
        "CREATE INDEX i ON t(zz, a + nosuch(a))",
        "CREATE INDEX i ON t(c1) WHERE c2",
        "CREATE INDEX i ON t(coalesce(a))",
    ]);
}

#[test]
fn unique_and_primary_key_columns_in_declaration_order() {
    each_table(&[
        "CREATE TABLE t1(x, UNIQUE(x + 1))",
        "CREATE TABLE t1(x, UNIQUE(t1.x))",
        "CREATE TABLE t1(x, PRIMARY KEY(t1.x))",
        "CREATE TABLE t1(x, UNIQUE(x COLLATE nocase))",
        "CREATE TABLE t1(x, UNIQUE(x DESC))",
        "CREATE TABLE t1(x, UNIQUE(y), PRIMARY KEY(x + 1))",
        "CREATE TABLE t1(x, UNIQUE(x + 1), UNIQUE(y))",
        "CREATE TABLE t1(x, y, UNIQUE(x, -y))",
        "CREATE TABLE t1(x, CHECK(nosuch(x)), UNIQUE(x + 1))",
    ]);
}

#[test]
fn autoincrement_on_without_rowid() {
    each_table(&[
        "CREATE TABLE t1(x INTEGER PRIMARY KEY AUTOINCREMENT) WITHOUT ROWID",
        "CREATE TABLE t1(x TEXT PRIMARY KEY AUTOINCREMENT) WITHOUT ROWID",
        "CREATE TABLE t1(x INTEGER PRIMARY KEY AUTOINCREMENT, y, UNIQUE(y + 1)) WITHOUT ROWID",
        "CREATE TABLE t1(x INTEGER PRIMARY KEY AUTOINCREMENT, y INT) STRICT, WITHOUT ROWID",
        "CREATE TABLE t1(x INTEGER PRIMARY KEY AUTOINCREMENT, y) STRICT, WITHOUT ROWID",
    ]);
}

/// CHECK constraints and partial-index WHERE clauses ignore a schema name, also when rows
/// are written.
#[test]
fn schema_names_ignored_in_check_and_partial_where() {
    assert_statements_match(&[
        "CREATE TABLE t(a, b)",
        "CREATE INDEX i ON t(a) WHERE zz.t.a AND main.t.b",
        "INSERT INTO t VALUES(1, 2), (0, 3), (4, 0)",
        "SELECT * FROM t WHERE a AND b",
        "CREATE TABLE t1(x, CHECK(zz.t1.x AND temp.t1.x))",
        "INSERT INTO t1 VALUES(1)",
        "INSERT INTO t1 VALUES(0)",
        "SELECT * FROM t1",
    ]);
}

/// A CTE whose body reads its own name is recursive with or without the RECURSIVE keyword
/// (also in INSERT/UPDATE/DELETE); one that reads itself outside a recursive part is a
/// circular reference, even when a table of that name exists.
#[test]
fn recursive_cte_without_the_keyword() {
    assert_statements_match(&[
        "CREATE TABLE t(a)",
        "WITH c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n<3) INSERT INTO t SELECT n FROM c",
        "SELECT * FROM t",
        "WITH c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n<3) UPDATE t SET a=a*10 WHERE a IN (SELECT n FROM c WHERE n>1)",
        "SELECT * FROM t",
        "WITH c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n<2) DELETE FROM t WHERE a IN (SELECT n FROM c)",
        "SELECT * FROM t",
        "WITH c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n<3) SELECT * FROM c",
        "INSERT INTO t WITH c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n<2) SELECT n FROM c",
        "WITH a(x) AS (SELECT 1), c(n) AS (SELECT x FROM a UNION ALL SELECT n+1 FROM c WHERE n<3) INSERT INTO t SELECT n+100 FROM c",
        "SELECT * FROM t",
        "WITH t(x) AS (SELECT a FROM t) SELECT * FROM t",
        "WITH RECURSIVE t(x) AS (SELECT a FROM t) SELECT * FROM t",
        "WITH t(x) AS (SELECT a FROM t UNION ALL SELECT 1) SELECT * FROM t",
        "WITH t(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM t WHERE x<3) SELECT * FROM t",
        "WITH c(x) AS (SELECT 1 FROM c) SELECT 1",
        "WITH c(x) AS (SELECT 1 UNION SELECT (SELECT x FROM c)) SELECT * FROM c",
        "WITH c(x) AS (SELECT 1 UNION ALL SELECT 2 FROM (SELECT * FROM c)) SELECT * FROM c LIMIT 3",
        "WITH d AS (SELECT * FROM c), c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3) SELECT * FROM d",
        "WITH c(x) AS (WITH c(y) AS (SELECT 5) SELECT y FROM c) SELECT * FROM c",
        "WITH c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3 UNION ALL SELECT x+10 FROM c WHERE x<3) SELECT * FROM c",
    ]);
}

/// Aggregates where a query may not hold them (`core/src/codegen/agg_places.rs`): the
/// resolver's "misuse of aggregate function X()" against code generation's "misuse of
/// aggregate: X()", in subqueries too (HAVING subqueries among them).
#[test]
fn misplaced_aggregates() {
    assert_statements_match(&[
        "CREATE TABLE t(a, b)",
        "CREATE TABLE u(c, d)",
        "INSERT INTO t VALUES(1, 2), (3, 4)",
        "INSERT INTO u VALUES(1, 1), (2, 2)",
        "SELECT a FROM t GROUP BY a HAVING (SELECT count(*) FROM u WHERE count(*) > 0)",
        "SELECT a FROM t GROUP BY a HAVING (SELECT c FROM u WHERE count(c) > 0)",
        "SELECT a FROM t GROUP BY a HAVING (SELECT count(*) FROM u WHERE min(c) > 0) > 0",
        "SELECT a FROM t GROUP BY a HAVING a IN (SELECT c FROM u WHERE avg(c))",
        "SELECT a FROM t GROUP BY a HAVING EXISTS (SELECT 1 FROM u WHERE count(*) > 1)",
        "SELECT a FROM t WHERE count(*) > 0",
        "SELECT a FROM t WHERE max(a) AND min(b)",
        "SELECT a FROM t WHERE max(a) AND nosuch(b)",
        "SELECT a FROM t WHERE nosuch(b) AND max(a)",
        "SELECT a FROM t WHERE max(a) AND zz",
        "SELECT count(*) FROM t WHERE count(*)",
        "SELECT sum(a) FROM t WHERE max(b)",
        "SELECT count(*) FROM t WHERE max(a) AND min(b)",
        "SELECT count(*) FROM t WHERE max(a) AND zz",
        "SELECT count(*) FROM t WHERE max(a) AND nosuch(b)",
        "SELECT a FROM t WHERE count(*) GROUP BY a",
        "SELECT a FROM t WHERE a IN (SELECT count(*) FROM u WHERE max(c))",
        "SELECT (SELECT count(*) FROM u WHERE max(c)) FROM t",
        "SELECT (SELECT 1 FROM u WHERE max(a)) FROM t",
        "SELECT a, (SELECT sum(c) FROM u WHERE d = count(*)) FROM t GROUP BY a",
        "SELECT count(*) FROM t WHERE (SELECT count(c) FROM u WHERE c = sum(a))",
        "INSERT INTO t SELECT count(*), 1 FROM u WHERE count(*)",
        "SELECT * FROM t JOIN u ON count(*)",
        "SELECT a FROM t JOIN u ON max(a) AND min(c)",
        "SELECT count(*) FROM t JOIN u ON count(*)",
        "SELECT count(*) FROM t JOIN u ON max(a) WHERE min(c)",
        "SELECT count(*) FROM t JOIN u ON max(a) ORDER BY min(c)",
        "SELECT a FROM t ORDER BY count(*)",
        "SELECT a FROM t ORDER BY max(b), min(b)",
        "SELECT a FROM t ORDER BY a + sum(b)",
        "SELECT DISTINCT a FROM t ORDER BY count(*)",
        "SELECT a FROM t WHERE min(b) ORDER BY max(b)",
        "SELECT a FROM t GROUP BY a HAVING 1 ORDER BY count(*)",
        "SELECT count(*) FROM t ORDER BY max(a)",
        "SELECT a FROM t HAVING a",
        "SELECT a FROM t HAVING count(*)",
        "SELECT count(*) FROM t HAVING count(*)",
        "SELECT count(*) FROM t HAVING a",
        "SELECT a FROM t WHERE max(a) HAVING count(*)",
        "SELECT 1 HAVING 1",
        "SELECT a FROM t GROUP BY count(*)",
        "SELECT count(*) AS n FROM t GROUP BY n",
        "SELECT a FROM t GROUP BY a HAVING (SELECT sum(d) FROM u GROUP BY count(*))",
        "SELECT count(count(*)) FROM t",
        "SELECT a FROM t LIMIT count(*)",
        "SELECT sum(a) OVER (PARTITION BY count(*)) FROM t",
        "UPDATE t SET a = 1 WHERE count(*)",
        "UPDATE t SET a = 1 WHERE max(a) AND min(b)",
        "DELETE FROM t WHERE max(a)",
        "UPDATE t SET a = count(*)",
    ]);
}

/// EXPLAIN QUERY PLAN names a schema-qualified FROM table without an alias `schema.table`,
/// as written (but not in the plan of `SELECT count(*) FROM t`).
#[test]
fn plans_name_schema_qualified_tables() {
    assert_plans_match(
        "
ATTACH ':memory:' AS aux;
CREATE TABLE aux.t(a INTEGER PRIMARY KEY, b);
CREATE INDEX aux.ib ON t(b);
CREATE TABLE main.m(a, b);
INSERT INTO aux.t VALUES(1, 1), (2, 5);
INSERT INTO m VALUES(1, 2);
",
        &[
            "SELECT * FROM aux.t",
            "SELECT * FROM t",
            "SELECT * FROM AUX.T WHERE a = 1",
            "SELECT * FROM aux.t WHERE b = 1",
            "SELECT * FROM aux.t AS x WHERE b = 1",
            "SELECT * FROM main.m",
            "SELECT * FROM main.m AS q",
            "SELECT * FROM main.m, main.m AS b",
            "SELECT * FROM aux.t, main.m WHERE t.b = m.a",
            "SELECT count(*) FROM aux.t",
            "SELECT count(*) FROM main.m",
            "SELECT name FROM main.sqlite_master ORDER BY 1",
            "SELECT (SELECT b FROM aux.t WHERE a = m.a) FROM m",
            "SELECT * FROM aux.t ORDER BY b",
        ],
    );
}

/// Under a RIGHT/FULL JOIN a USING column missing on either side is reported before an
/// ambiguous one; the ambiguous one named is the last of the clause.
#[test]
fn using_errors_under_right_join() {
    assert_statements_match(&[
        "CREATE TABLE t1(a, b, c)",
        "CREATE TABLE t2(a, b, c)",
        "CREATE TABLE t3(a, b, c)",
        "CREATE TABLE t4(x, b)",
        "SELECT * FROM t1 JOIN t2 RIGHT JOIN t4 USING(b, x)",
        "SELECT * FROM t1 JOIN t2 RIGHT JOIN t4 USING(x, b)",
        "SELECT * FROM t1 JOIN t2 RIGHT JOIN t3 USING(c, b, a)",
        "SELECT * FROM t1 JOIN t4 RIGHT JOIN t3 USING(a, b)",
        "SELECT * FROM t1 JOIN t2 USING(a, b) RIGHT JOIN t3 USING(c, b)",
        "SELECT * FROM t1 FULL JOIN t2 USING(a) FULL JOIN t3 USING(c, b, a)",
        "SELECT * FROM t1 JOIN t2 NATURAL RIGHT JOIN t3",
        "SELECT * FROM t1 JOIN t2 JOIN t3 USING(b, x)",
    ]);
}

/// A SELECT without FROM plans `SCAN CONSTANT ROW`, VALUES `SCAN n CONSTANT ROWS`; a compound
/// without ORDER BY nests its arms under `COMPOUND QUERY` (`codegen/compound_plan.rs`).
#[test]
fn plans_of_constant_rows_and_compounds() {
    assert_plans_match(
        "
CREATE TABLE t(a, b);
CREATE TABLE u(c);
INSERT INTO t VALUES(1, 2), (3, 4);
INSERT INTO u VALUES(3), (5);
",
        &[
            "SELECT 1",
            "SELECT abs(-1) WHERE 1",
            "SELECT 1 LIMIT 1",
            "SELECT 1 ORDER BY 1",
            "SELECT DISTINCT 1",
            "SELECT max(1) ORDER BY 1",
            "VALUES(1)",
            "VALUES(1), (2), (3)",
            "SELECT (SELECT 1)",
            "SELECT EXISTS (SELECT 1)",
            "SELECT a FROM t WHERE a IN (SELECT 1)",
            "SELECT 1 UNION ALL SELECT 2",
            "SELECT a FROM t UNION SELECT c FROM u",
            "SELECT a FROM t UNION ALL SELECT c FROM u UNION SELECT 1",
            "SELECT a FROM t EXCEPT SELECT c FROM u INTERSECT SELECT 2",
            "SELECT a FROM t UNION ALL SELECT c FROM u LIMIT 2",
        ],
    );
}

/// EXPLAIN QUERY PLAN of a statement that fires triggers shows no rows of the trigger
/// programs.
#[test]
fn plans_leave_out_trigger_programs() {
    assert_plans_match(
        "
CREATE TABLE t(a);
CREATE TABLE y(a);
CREATE TRIGGER ty AFTER DELETE ON y BEGIN SELECT * FROM t; INSERT INTO t SELECT a FROM t; SELECT 1; END;
CREATE TRIGGER ti AFTER INSERT ON y BEGIN SELECT (SELECT max(a) FROM t WHERE a = new.a); END;
INSERT INTO y VALUES(1);
",
        &[
            "DELETE FROM y WHERE a = 1",
            "INSERT INTO y VALUES(2)",
            "INSERT INTO y SELECT a FROM t",
        ],
    );
}
