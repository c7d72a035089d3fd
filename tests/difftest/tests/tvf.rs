//! Table-valued functions (json_each, json_tree, pragma_*) and small gaps, statement by
//! statement against the system SQLite (fresh in-memory databases; every statement's rows
//! or error message must be the same).

use ferrolite_difftest::assert_script_matches as check;

/// json_each / json_tree: columns, ids, paths, quoted labels, root paths, errors.
const JSON_EACH: &str = r#"
SELECT * FROM json_each('[1,2.5,"x",null,true,false,[3],{"k":4}]');
SELECT key, value, type, atom, id, parent, fullkey, path, json, root FROM json_each('{"a":1,"b":[2,3],"c d":{"x":null}}');
SELECT * FROM json_tree('{"a":1,"b":[2,3.5,"s"],"c d":{"x":null, "y":true}}');
SELECT key, fullkey, id FROM json_each('{"a.b":1,"1":2,"ü":3,"a\"b":4,"":5,"_x":6,"a\u0041":7,"x1":8,"A9":9}');
SELECT *, root FROM json_each('{"a":{"b":[5,6]}}', '$.a.b');
SELECT *, root FROM json_tree('{"a":{"b":[5,6]}}', '$.a');
SELECT * FROM json_tree('[1,[2]]', '$[1]');
SELECT * FROM json_tree('[1,[2,3,[4,5]]]', '$[1][2]');
SELECT * FROM json_tree('{"a":[0,{"b c":[7]}]}', '$.a[1]."b c"');
SELECT * FROM json_each('{"a":[0,{"b c":[7]}]}', '$.a[1]."b c"');
SELECT * FROM json_each('{"a":5}', '$.a');
SELECT * FROM json_each('[1,2,3]', '$[#-1]');
SELECT * FROM json_each('3');
SELECT *, root FROM json_tree('3');
SELECT * FROM json_each('[1]', '$[5]');
SELECT * FROM json_each('[1]', '$.a');
SELECT * FROM json_each(NULL);
SELECT * FROM json_each('[1]', NULL);
SELECT * FROM json_each();
SELECT * FROM json_each('[1');
SELECT * FROM json_each('[1]', 'x');
SELECT * FROM json_each('[1]', 5);
SELECT * FROM json_each(1, 2, 3);
SELECT * FROM json_tree(x'0102');
SELECT * FROM json_each('{"a":1,"a":2}');
SELECT * FROM json_tree('[[],{},[[1]]]');
SELECT * FROM json_each('[9223372036854775807, 9223372036854775808, 1e3, -0]');
SELECT * FROM json_each(' [ "\u00e9\n" ] ');
SELECT json_array(value) FROM json_each('[[1],{"a":2},"[3]",4]');
SELECT json_group_array(value) FROM json_tree('{"a":[1,{"b":2}],"c":"[x"}');
SELECT json_object('k', j.value) FROM json_each('[[1]]') j LEFT JOIN json_each('[]') k;
SELECT json_array(k.value) FROM json_each('[1]') j LEFT JOIN json_each('[[2]]') k;
"#;

/// Function sources in queries: correlation, joins, WHERE, aggregates, subqueries, CTEs.
const JSON_QUERIES: &str = r#"
CREATE TABLE t(id INTEGER PRIMARY KEY, doc);
INSERT INTO t VALUES(1,'[10,20]'),(2,'{"a":1,"b":[2]}'),(3,NULL),(4,'[]');
SELECT t.id, j.key, j.value FROM t, json_each(t.doc) AS j ORDER BY t.id, j.id;
SELECT t.id, j.key, j.value FROM t LEFT JOIN json_each(t.doc) j ORDER BY t.id, j.id;
SELECT t.id, j.fullkey FROM t JOIN json_tree(t.doc) j ON j.type = 'integer' ORDER BY 1, 2;
SELECT t.id, count(*) FROM t, json_each(t.doc) GROUP BY t.id;
SELECT id, (SELECT sum(value) FROM json_each(t.doc)) FROM t ORDER BY id;
SELECT id FROM t WHERE EXISTS (SELECT 1 FROM json_each(t.doc) WHERE value = 20);
SELECT value FROM json_each('[3,1,2]') ORDER BY value DESC;
SELECT value FROM json_each('[3,1,2]') WHERE value > 1 ORDER BY 1;
SELECT j.value, k.value FROM json_each('[1,2]') j, json_each('["a","b"]') k ORDER BY 1, 2;
SELECT j.value, k.value FROM json_each('[[1,2],[3]]') j, json_each(j.value) k;
WITH c(x) AS (SELECT '[7,8]') SELECT value FROM c, json_each(c.x);
WITH c AS (SELECT value AS v FROM json_each('[4,5]')) SELECT sum(v) FROM c;
SELECT * FROM (SELECT key, value FROM json_each('{"p":1,"q":2}')) ORDER BY key DESC;
SELECT json, root FROM json_each('[1]');
SELECT j.json FROM json_each('[1]') AS j;
SELECT count(*) FROM json_each('[1,2]') NATURAL JOIN json_each('[1,2]');
SELECT count(*) FROM json_each('[1,2]', '$') NATURAL JOIN json_each(' [1,2]');
SELECT value FROM json_each('[1,2]') UNION ALL SELECT value FROM json_tree('{"z":9}') ORDER BY 1;
SELECT group_concat(key) FROM json_each('{"x":1,"y":2}');
SELECT t.id FROM t WHERE t.id IN (SELECT value FROM json_each('[1,3]'));
SELECT * FROM nosuch_function(1);
SELECT key, value FROM json_each WHERE json = '[5,6]';
SELECT * FROM json_each WHERE json = '{"a":[7]}' AND root = '$.a';
SELECT t.id, j.value FROM t, json_each j WHERE j.json = t.doc ORDER BY 1, j.id;
SELECT value FROM json_each('{"a":[7]}') WHERE root = '$.a';
SELECT count(*) FROM json_each WHERE root = '$';
SELECT value FROM json_tree WHERE json = '[1,[2]]' AND type = 'integer';
SELECT value FROM json_each WHERE '[8]' = json;
SELECT t.id, j.value FROM t LEFT JOIN json_each j ON j.json = t.doc ORDER BY 1, j.id;
CREATE VIEW v AS SELECT t.id, j.value FROM t, json_each(t.doc) j;
SELECT * FROM v ORDER BY 1, 2;
"#;

/// pragma_* table-valued functions.
const PRAGMAS: &str = r#"
CREATE TABLE p(a INT PRIMARY KEY, b TEXT NOT NULL DEFAULT 'x', c REFERENCES p(a));
CREATE INDEX pb ON p(b, c DESC);
CREATE TABLE q(x, y);
SELECT * FROM pragma_table_info('p');
SELECT name FROM pragma_table_info('p') ORDER BY cid DESC;
SELECT *, arg, schema FROM pragma_table_info('p', 'main');
SELECT * FROM pragma_table_xinfo('q');
SELECT * FROM pragma_table_info;
SELECT * FROM pragma_table_info(NULL);
SELECT * FROM pragma_table_info('nosuch');
SELECT * FROM pragma_table_info('p', 'nosuch');
SELECT * FROM pragma_table_info('p', 'main', 3);
SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1, p.cid;
SELECT * FROM pragma_index_list('p');
SELECT * FROM pragma_index_info('pb');
SELECT * FROM pragma_index_xinfo('pb');
SELECT * FROM pragma_foreign_key_list('p');
SELECT * FROM pragma_database_list;
SELECT schema FROM pragma_database_list;
SELECT * FROM pragma_collation_list;
SELECT * FROM pragma_collation_list('x');
SELECT count(*) > 10 FROM pragma_compile_options;
SELECT * FROM pragma_function_list WHERE name = 'abs';
SELECT * FROM pragma_integrity_check;
SELECT * FROM pragma_user_version;
SELECT * FROM pragma_page_count;
SELECT * FROM pragma_nosuch;
SELECT * FROM pragma_table_list WHERE name = 'q';
SELECT name FROM pragma_table_list('p');
SELECT name FROM pragma_table_info WHERE arg = 'p';
SELECT name FROM pragma_table_info WHERE arg = 'q' AND schema = 'main';
SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info p WHERE p.arg = m.name AND m.type = 'table' ORDER BY 1, p.cid;
SELECT m.name, i.name, c.name FROM sqlite_schema m, pragma_index_list(m.name) i, pragma_index_info(i.name) c WHERE m.type = 'table' ORDER BY 1, 2, c.seqno;
"#;

#[test]
fn json_each_and_tree() {
    check(JSON_EACH);
}

#[test]
fn json_sources_in_queries() {
    check(JSON_QUERIES);
}

#[test]
fn pragma_functions() {
    check(PRAGMAS);
}

/// min()/max() keep their argument's subtype.
const MINMAX_SUBTYPE: &str = r#"
CREATE TABLE t(a);
INSERT INTO t VALUES('[1]'),('[2]');
SELECT json_array(max(json('[1]')));
SELECT json_array(min(json('[1]')));
SELECT json_array(max(json(a))) FROM t;
SELECT json_array(min(json(a))) FROM t;
SELECT json_array(max(json('[1]'), json('[2]')));
SELECT json_array(min(json('[1]'), json('[2]')));
SELECT json_array(max(a)) FROM t;
SELECT json_array(max(json(a)) OVER ()) FROM t;
"#;

/// Unknown collations: reported when a comparison, sort, column or index needs them.
const COLLATIONS: &str = r#"
CREATE TABLE t(a);
SELECT 'a' COLLATE foo;
CREATE TABLE t2(a COLLATE foo);
CREATE INDEX i ON t(a COLLATE foo);
SELECT * FROM t ORDER BY a COLLATE foo;
SELECT * FROM t WHERE a = 'x' COLLATE foo;
SELECT 'a' = 'b' COLLATE foo;
SELECT 'a' < 'b' COLLATE foo;
SELECT 'a' IN ('b' COLLATE foo);
SELECT max('a' COLLATE foo);
SELECT 1 FROM t GROUP BY a COLLATE foo;
SELECT DISTINCT a COLLATE foo FROM t;
SELECT 'a' COLLATE foo BETWEEN 'a' AND 'b';
SELECT CASE 'a' COLLATE foo WHEN 'a' THEN 1 END;
SELECT 1 UNION SELECT 'x' COLLATE foo;
CREATE TABLE t3(a, b, UNIQUE(a COLLATE foo));
CREATE VIEW v AS SELECT a COLLATE foo AS x FROM t;
SELECT 'a' COLLATE nocase = 'A', 'a' COLLATE rtrim = 'a  ', 'a' COLLATE binary = 'a';
ALTER TABLE t ADD COLUMN b COLLATE foo;
CREATE TABLE t4 AS SELECT 'x' COLLATE foo AS c;
CREATE TABLE t5(a, PRIMARY KEY(a COLLATE foo));
CREATE TABLE t6(a, CHECK(a COLLATE foo = 'x'));
CREATE TABLE t7(a, b AS (a COLLATE foo));
CREATE INDEX i2 ON t(a) WHERE a COLLATE foo = 'x';
CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 'a' = 'b' COLLATE foo; END;
CREATE VIEW v2 AS SELECT 'a' = 'b' COLLATE foo;
SELECT 'a' UNION SELECT 'A' COLLATE nocase;
SELECT 'a' COLLATE nocase UNION SELECT 'A';
SELECT 'a' COLLATE nocase INTERSECT SELECT 'A';
SELECT 'a' EXCEPT SELECT 'A' COLLATE nocase;
SELECT 'A' COLLATE nocase UNION ALL SELECT 'a' ORDER BY 1;
"#;

#[test]
fn min_max_keep_subtype() {
    check(MINMAX_SUBTYPE);
}

#[test]
fn unknown_collations() {
    check(COLLATIONS);
}

/// Subtypes through other pass-through functions.
const PASS_SUBTYPE: &str = r#"
SELECT json_array(coalesce(json('[1]'),2)), json_array(ifnull(json('[1]'),2)), json_array(likely(json('[1]')));
SELECT json_array(iif(1,json('[1]'),2)), json_array(nullif(json('[1]'),2)), json_array(CASE WHEN 1 THEN json('[1]') END);
SELECT json_array((SELECT json('[1]')));
"#;

#[test]
fn pass_through_subtypes() {
    check(PASS_SUBTYPE);
}

/// Non-deterministic functions in generated columns, CHECK, index expressions and partial
/// index WHERE clauses: some rejected at prepare time, date/time 'now' at run time.
const NONDET: &str = r#"
CREATE TABLE g1(a, b AS (random()));
CREATE TABLE g2(a, b AS (random()) STORED);
CREATE TABLE g3(a, b AS (changes()));
CREATE TABLE g4(a, b AS (date('now')));
INSERT INTO g4(a) VALUES(1);
CREATE TABLE g5(a, b AS (date('now')) STORED);
INSERT INTO g5(a) VALUES(1);
CREATE TABLE g6(a, b AS (julianday(a, 'localtime')));
INSERT INTO g6(a) VALUES(1);
CREATE TABLE g7(a, b AS (date(a)));
INSERT INTO g7(a) VALUES('2020-01-02');
SELECT * FROM g7;
CREATE TABLE c1(a CHECK (date('now') > '2000'));
INSERT INTO c1 VALUES(1);
CREATE TABLE c2(a CHECK (random() IS NOT NULL));
INSERT INTO c2 VALUES(1);
CREATE TABLE c3(a, CHECK (datetime(a, 'utc') IS NOT NULL));
INSERT INTO c3 VALUES('2020-01-01');
CREATE TABLE c4(a, CHECK (datetime(a, '+1 day') IS NOT NULL), CHECK (date(NULL, 'utc') IS NULL));
INSERT INTO c4 VALUES('2020-01-01');
CREATE TABLE c5(a, CHECK (date(a, 'x', 'utc') IS NULL), CHECK (strftime('%Y', 'NOW') > '2000'));
INSERT INTO c5 VALUES('2020-01-01');
CREATE TABLE c6(a, CHECK (time(a, 'localtime') IS NOT NULL));
INSERT OR IGNORE INTO c6 VALUES('2020-01-01');
INSERT INTO c6 SELECT NULL WHERE 0;
CREATE TABLE c7(a);
INSERT INTO c7 VALUES(date('now') IS NOT NULL);
SELECT count(*) FROM c7;
CREATE TABLE t(a);
CREATE INDEX i1 ON t(random());
CREATE INDEX i2 ON t(a) WHERE a > random();
CREATE INDEX i3 ON t(date('now'));
CREATE INDEX i4 ON t(a) WHERE date('now') > a;
INSERT INTO t VALUES(1);
DROP INDEX i3;
DROP INDEX i4;
CREATE INDEX i5 ON t(date('now'));
CREATE INDEX i6 ON t(a) WHERE date('now') > a;
CREATE INDEX i7 ON t(datetime(a, 'localtime'));
CREATE INDEX i8 ON t(date(a, '+1 day'));
SELECT count(*) FROM t;
CREATE TABLE d(a, b DEFAULT (date('now')));
INSERT INTO d(a) VALUES(1);
SELECT count(*) FROM d;
"#;

#[test]
fn non_deterministic_functions() {
    check(NONDET);
}

/// Function sources in DML, triggers and under schema names.
const IN_STATEMENTS: &str = r#"
SELECT * FROM main.json_each('[1]');
SELECT * FROM json_each('[1]') AS "my j";
CREATE TABLE t(id INTEGER PRIMARY KEY, doc);
INSERT INTO t VALUES(1,'[5]'),(2,'[6]');
UPDATE t SET doc = j.value FROM json_each('[7]') j WHERE t.id = 1;
SELECT * FROM t;
DELETE FROM t WHERE id IN (SELECT value FROM json_each('[2]'));
SELECT count(*) FROM t;
CREATE TABLE n(a);
INSERT INTO n SELECT value FROM json_each('[1,2,3]');
SELECT sum(a) FROM n;
CREATE TABLE t2(b);
CREATE TRIGGER tr AFTER INSERT ON n BEGIN INSERT INTO t2 SELECT value FROM json_each(new.a); END;
INSERT INTO n VALUES('[1,2]');
SELECT * FROM t2;
SELECT key FROM json_each('{"b":1,"a":2}') ORDER BY key;
"#;

#[test]
fn function_sources_in_statements() {
    check(IN_STATEMENTS);
}

/// The schema table under each of its names, through the pragmas and their functions
/// (declared types upper-case, as sqlite3 reports them).
#[test]
fn schema_table_pragmas() {
    check(
        "PRAGMA table_info(sqlite_schema)
PRAGMA table_info(sqlite_master)
PRAGMA table_xinfo(sqlite_master)
PRAGMA table_info(sqlite_temp_schema)
PRAGMA temp.table_info(sqlite_temp_master)
PRAGMA temp.table_info(sqlite_schema)
SELECT * FROM pragma_table_info('sqlite_schema')
SELECT name, type FROM pragma_table_info('sqlite_master') ORDER BY cid DESC
PRAGMA index_list(sqlite_schema)",
    );
}
