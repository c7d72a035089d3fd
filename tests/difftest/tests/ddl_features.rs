//! Generated columns, STRICT tables, UPDATE ... FROM and row-value SET, statement by
//! statement against the system SQLite (each script runs on fresh in-memory databases;
//! every statement's rows or error message must be the same).

use ferrolite_difftest::assert_script_matches as check;

/// Generated columns: values, table_xinfo, errors, indexes, WITHOUT ROWID.
const GENCOL: &str = r#"
CREATE TABLE t(a INTEGER PRIMARY KEY, b, c AS (b*2), d AS (c+1) STORED, e TEXT AS (b||'x') VIRTUAL);
INSERT INTO t(a,b) VALUES(1,10),(2,NULL);
SELECT * FROM t;
PRAGMA table_info(t);
PRAGMA table_xinfo(t);
INSERT INTO t VALUES(3,4,5,6,7);
INSERT INTO t(c) VALUES(1);
UPDATE t SET c=1;
UPDATE t SET b=b+1;
SELECT * FROM t;
CREATE INDEX tc ON t(c);
SELECT a FROM t WHERE c=22;
SELECT a, e FROM t WHERE e='11x';
CREATE TABLE w(a, b AS (a+1), c PRIMARY KEY) WITHOUT ROWID;
INSERT INTO w(a,c) VALUES(1,'k');
SELECT * FROM w;
UPDATE w SET a=5;
SELECT * FROM w;
DELETE FROM t WHERE c=22;
SELECT * FROM t;
PRAGMA integrity_check;
"#;

/// Generated columns: loops, constraints on generated columns, affinity, ALTER.
const GENCOL_MORE: &str = r#"
CREATE TABLE u(a, b AS (c), c AS (b));
INSERT INTO u(a) VALUES(5);
SELECT a FROM u;
SELECT * FROM u;
CREATE TABLE u2(a, b AS (c+1), c AS (a*2));
INSERT INTO u2(a) VALUES(5);
SELECT * FROM u2;
CREATE TABLE v(a, b AS (a) NOT NULL);
INSERT INTO v(a) VALUES(NULL);
CREATE TABLE v2(a, b AS (a) CHECK(b>0));
INSERT INTO v2(a) VALUES(0);
CREATE TABLE v3(a, b AS (a) UNIQUE);
INSERT INTO v3(a) VALUES(1),(1);
CREATE TABLE v4(a, b INT AS (a||''));
INSERT INTO v4(a) VALUES('12');
SELECT typeof(b), b FROM v4;
CREATE TABLE v5(a, b AS (a) COLLATE NOCASE);
INSERT INTO v5(a) VALUES('X');
SELECT count(*) FROM v5 WHERE b='x';
CREATE TABLE v6(a, b AS (abs(a)), c AS (changes()));
CREATE TABLE v7(a, b AS (rowid));
CREATE TABLE v8(a, b AS (a) STORED, c AS (b) VIRTUAL);
INSERT INTO v8 VALUES(1);
SELECT * FROM v8;
INSERT INTO v8(rowid,a) VALUES(10,2);
SELECT rowid,* FROM v8;
UPDATE v8 SET a=7 RETURNING *;
DELETE FROM v8 WHERE c=7 RETURNING *;
CREATE TABLE v9(a, b AS (a+1) STORED, c AS (b+1) STORED);
INSERT INTO v9 VALUES(1);
SELECT * FROM v9;
CREATE TABLE v10(a AS (b+1) STORED, b);
INSERT INTO v10 VALUES(1);
SELECT * FROM v10;
CREATE TABLE v11(a, b AS (current_time));
CREATE TABLE v12(a, b AS (max(a)));
CREATE TABLE v13(a, b AS (a) HIDDEN);
CREATE TABLE v14(a, b GENERATED ALWAYS AS (a) PRIMARY KEY);
CREATE TABLE a1(a, b AS (a), PRIMARY KEY(b));
CREATE TABLE a2(a DEFAULT 1 AS (1));
CREATE TABLE a3(a AS (1), b AS (2));
CREATE TABLE a4(a, b AS (a) AS (a));
CREATE TABLE a5(a INTEGER PRIMARY KEY, b AS (a));
INSERT INTO a5(b) VALUES(1);
INSERT INTO a5 VALUES(3);
SELECT * FROM a5;
CREATE TABLE a9(a, b AS (?));
CREATE TABLE a12(a, b AS (a), c AS (sqlite_version()));
CREATE TABLE a14(a, b AS (a) DEFAULT 3);
CREATE TABLE a15(a, b AS ((SELECT 1)));
CREATE TABLE a16(a, b AS (c));
ALTER TABLE v9 ADD COLUMN f AS (a) STORED;
ALTER TABLE v9 ADD COLUMN f AS (a*3);
SELECT * FROM v9;
CREATE TABLE z(a, b AS (c), c AS (d), d AS (b));
SELECT b FROM z;
SELECT c FROM z;
SELECT * FROM z;
INSERT INTO z VALUES(1);
CREATE TABLE q(a, b AS (c), c AS (d), d AS (c));
SELECT b FROM q;
INSERT INTO q VALUES(1);
CREATE TABLE j1(x); INSERT INTO j1 VALUES(1),(2);
SELECT j1.x, v4.b FROM j1 LEFT JOIN v4 ON v4.a=j1.x+10;
SELECT b, count(*) FROM v4 GROUP BY b;
SELECT sum(b) FROM v4;
PRAGMA integrity_check;
"#;

/// STRICT tables: datatypes, coercions, errors, PRIMARY KEY NOT NULL, table_list.
const STRICT: &str = r#"
CREATE TABLE s1(a VARCHAR(10)) STRICT;
CREATE TABLE s2(a) STRICT;
CREATE TABLE s3(a int, b Integer, c real, d text, e blob, f any, g INTEGER PRIMARY KEY) STRICT;
INSERT INTO s3(a) VALUES('12');
INSERT INTO s3(a) VALUES('x');
INSERT INTO s3(a) VALUES(1.0);
INSERT INTO s3(a) VALUES(1.5);
INSERT INTO s3(a) VALUES(x'01');
INSERT INTO s3(c) VALUES(3);
INSERT INTO s3(c) VALUES('3.5');
INSERT INTO s3(c) VALUES('abc');
INSERT INTO s3(d) VALUES(3);
INSERT INTO s3(d) VALUES(x'01');
INSERT INTO s3(e) VALUES('x');
INSERT INTO s3(e) VALUES(1);
INSERT INTO s3(f) VALUES('12');
INSERT INTO s3(g) VALUES('x');
INSERT INTO s3(g) VALUES('5');
INSERT INTO s3(a) VALUES(' 12 ');
INSERT INTO s3(a) VALUES('1e3');
INSERT INTO s3(a) VALUES(9223372036854775808);
SELECT rowid, typeof(a),a,typeof(c),c,typeof(d),d,typeof(f),f,g FROM s3;
UPDATE s3 SET a='zz';
PRAGMA table_list;
CREATE TABLE s4(a TEXT PRIMARY KEY, b INT) STRICT, WITHOUT ROWID;
INSERT INTO s4 VALUES(NULL,1);
INSERT INTO s4 VALUES('k','1');
INSERT INTO s4 VALUES('j','z');
SELECT * FROM s4;
PRAGMA table_list;
CREATE TABLE s5(a TEXT PRIMARY KEY, b INT) STRICT;
INSERT INTO s5 VALUES(NULL,1);
PRAGMA table_info(s5);
CREATE TABLE s6(a INT NOT NULL) STRICT;
INSERT INTO s6 VALUES(NULL);
INSERT INTO s6 VALUES(1),(2.0),('3');
SELECT typeof(a), a FROM s6;
CREATE TABLE s7(a INT) STRICT;
INSERT OR IGNORE INTO s7 VALUES('x');
INSERT OR REPLACE INTO s7 VALUES('x');
SELECT count(*) FROM s7;
CREATE TABLE s8("a b" INT) STRICT;
INSERT INTO s8 VALUES('q');
CREATE TABLE s(a INT NOT NULL, b INT CHECK(b>0), c INT UNIQUE) STRICT;
INSERT INTO s VALUES(NULL,'x',1);
INSERT INTO s VALUES(1,'x',1);
INSERT INTO s VALUES(1,-1,'x');
CREATE TABLE g(a INT, b TEXT AS (a+1), c INT AS (a||'x') STORED) STRICT;
INSERT INTO g(a) VALUES(1);
SELECT typeof(b), b, c FROM g;
CREATE TABLE g2(a INT, b AS (a*2)) STRICT;
CREATE TABLE k(a ANY, b INTEGER) STRICT;
INSERT INTO k VALUES(1.0, 2.0);
INSERT INTO k VALUES('1', '2');
SELECT typeof(a), typeof(b) FROM k;
CREATE TABLE s9(a INT PRIMARY KEY, b ANY) STRICT;
INSERT INTO s9 VALUES(1, '1');
UPDATE s9 SET a = 'q';
INSERT INTO s9 VALUES(1, 3) ON CONFLICT(a) DO UPDATE SET a='zz';
PRAGMA table_info(s9);
CREATE TABLE s10(a INTEGER PRIMARY KEY, b TEXT) STRICT;
PRAGMA table_info(s10);
INSERT INTO s10 VALUES(NULL, 5);
SELECT a, typeof(b) FROM s10;
PRAGMA integrity_check;
"#;

/// UPDATE ... FROM (last matching row wins, one change per row) and row-value SET.
const UPDATE_FROM: &str = r#"
CREATE TABLE t(id INTEGER PRIMARY KEY, v);
INSERT INTO t VALUES(1,0),(2,0),(3,0);
CREATE TABLE s(id, w);
INSERT INTO s VALUES(1,10),(1,11),(2,20),(1,12);
UPDATE t SET v=s.w FROM s WHERE s.id=t.id;
SELECT changes();
SELECT * FROM t;
UPDATE t SET v=v+x.w FROM (SELECT id, sum(w) AS w FROM s GROUP BY id) AS x WHERE x.id=t.id RETURNING *;
UPDATE t AS q SET v=s.w FROM s WHERE s.id=q.id+1;
SELECT * FROM t;
UPDATE t SET v=1 FROM t;
UPDATE t SET v=t2.id FROM t AS t2 WHERE t2.id=t.id+1;
SELECT * FROM t;
UPDATE t SET v=s.w FROM s JOIN s AS s2 ON s.id=s2.id WHERE s.id=t.id;
SELECT changes();
CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO w VALUES('a',1),('b',2);
UPDATE w SET v=s.w FROM s WHERE s.id=w.v;
SELECT * FROM w;
UPDATE t SET v=nosuch.x FROM s;
CREATE TABLE r(a,b,c);
INSERT INTO r VALUES(1,2,3);
UPDATE r SET (a,b)=(1,2,3);
UPDATE r SET (a,b)=(SELECT 1);
UPDATE r SET (a,b)=(SELECT 7,8), c=(a);
SELECT * FROM r;
UPDATE r SET (a,b)=5;
UPDATE r SET (a)=(9);
UPDATE r SET (a,a)=(1,2);
SELECT * FROM r;
UPDATE r SET a=1, a=2;
SELECT * FROM r;
UPDATE r SET (b,c)=(SELECT b+1, c+1 FROM r AS x WHERE x.a=r.a);
SELECT * FROM r;
UPDATE r SET (a,b) = (SELECT 1,2 UNION SELECT 3,4);
SELECT * FROM r;
UPDATE r SET (a,b) = (SELECT 1,2 WHERE 0);
SELECT * FROM r;
UPDATE r SET (c, rowid) = (5, 10);
SELECT rowid, * FROM r;
CREATE TABLE log(x);
CREATE TRIGGER tr AFTER UPDATE OF v ON t BEGIN INSERT INTO log VALUES(old.v||'->'||new.v); END;
UPDATE t SET v=s.w*2 FROM s WHERE s.id=t.id AND s.w>10;
SELECT * FROM log;
SELECT * FROM t;
CREATE TABLE gx(a, b AS (a*10));
INSERT INTO gx VALUES(1),(2);
UPDATE gx SET a=s.w FROM s WHERE s.id=gx.a;
SELECT * FROM gx;
UPDATE gx SET (a,b)=(1,2);
UPDATE t SET v=9 FROM s WHERE s.id=t.id AND t.id=99;
SELECT changes();
"#;

#[test]
fn gencol_matches_sqlite() {
    check(GENCOL);
}

#[test]
fn gencol_more_matches_sqlite() {
    check(GENCOL_MORE);
}

#[test]
fn strict_matches_sqlite() {
    check(STRICT);
}

#[test]
fn update_from_matches_sqlite() {
    check(UPDATE_FROM);
}

/// Generated columns with indexes, UPSERT, triggers, WITHOUT ROWID, ALTER, VACUUM, views.
const GENCOL_DML: &str = r#"
CREATE TABLE t(a INTEGER PRIMARY KEY, b, c AS (b*2), d AS (c+1) STORED, e TEXT AS (b||'x') VIRTUAL);
CREATE INDEX te ON t(e);
CREATE INDEX tcd ON t(c, d);
CREATE UNIQUE INDEX tx ON t(c+d);
INSERT INTO t(b) SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2 UNION ALL SELECT 3);
SELECT * FROM t ORDER BY e DESC;
SELECT c, d FROM t WHERE c > 2 ORDER BY c;
SELECT a FROM t WHERE c+d = 13;
INSERT INTO t(b) VALUES(2);
INSERT OR REPLACE INTO t(b) VALUES(2);
SELECT * FROM t;
INSERT INTO t(a,b) VALUES(1, 50) ON CONFLICT(a) DO UPDATE SET b=excluded.b+1;
SELECT * FROM t;
INSERT INTO t(a,b) VALUES(1, 50) ON CONFLICT(a) DO UPDATE SET c=1;
CREATE TABLE log(x);
CREATE TRIGGER tr1 AFTER INSERT ON t BEGIN INSERT INTO log VALUES('ins '||new.c||' '||new.e); END;
CREATE TRIGGER tr2 AFTER UPDATE ON t BEGIN INSERT INTO log VALUES('upd '||old.c||'->'||new.c||' '||new.d); END;
CREATE TRIGGER tr3 BEFORE DELETE ON t BEGIN INSERT INTO log VALUES('del '||old.e); END;
INSERT INTO t(b) VALUES(7);
UPDATE t SET b=8 WHERE b=7;
DELETE FROM t WHERE b=8;
SELECT * FROM log;
PRAGMA integrity_check;
CREATE TABLE w(x, y AS (x*3), k TEXT PRIMARY KEY, z AS (k||x) STORED, q) WITHOUT ROWID;
CREATE INDEX wy ON w(y);
INSERT INTO w(x,k,q) VALUES(1,'a',9),(2,'b',8);
SELECT * FROM w;
SELECT k FROM w WHERE y=6;
UPDATE w SET x=x+10;
SELECT * FROM w ORDER BY y;
DELETE FROM w WHERE y=33;
SELECT * FROM w;
PRAGMA table_xinfo(w);
PRAGMA integrity_check;
CREATE TABLE a(p, q);
INSERT INTO a VALUES(1,2),(3,4);
ALTER TABLE a ADD COLUMN r AS (p+q);
ALTER TABLE a ADD COLUMN s AS (r*2) VIRTUAL;
SELECT * FROM a;
INSERT INTO a VALUES(5,6);
SELECT * FROM a;
ALTER TABLE a DROP COLUMN s;
SELECT * FROM a;
CREATE TABLE tt(a, b AS (a+1), c);
INSERT INTO tt VALUES(1, 2);
INSERT INTO tt(c, a) VALUES(3, 4);
SELECT * FROM tt;
SELECT tt.b, x.b FROM tt JOIN tt AS x ON x.a = tt.a;
SELECT (SELECT b FROM tt AS y WHERE y.a=tt.a) FROM tt;
VACUUM;
SELECT * FROM tt;
CREATE VIEW v AS SELECT b, c FROM tt;
SELECT * FROM v;
"#;

#[test]
fn gencol_dml_matches_sqlite() {
    check(GENCOL_DML);
}

/// WITHOUT ROWID and STRICT primary keys are NOT NULL (with OR IGNORE / ON CONFLICT).
const PK_NOT_NULL: &str = r#"
CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
PRAGMA table_info(w);
INSERT OR IGNORE INTO w VALUES(NULL,1);
SELECT count(*) FROM w;
INSERT OR REPLACE INTO w VALUES(NULL,1);
CREATE TABLE w2(k TEXT PRIMARY KEY ON CONFLICT IGNORE, v) WITHOUT ROWID;
INSERT INTO w2 VALUES(NULL,1);
SELECT count(*) FROM w2;
CREATE TABLE s5(a TEXT PRIMARY KEY, b INT) STRICT;
INSERT OR IGNORE INTO s5 VALUES(NULL,1);
SELECT count(*) FROM s5;
CREATE TABLE w3(a, b, c, PRIMARY KEY(c, a)) WITHOUT ROWID;
INSERT INTO w3 VALUES(1, 2, NULL);
INSERT INTO w3 VALUES(1, 2, 3);
UPDATE w3 SET b = NULL;
SELECT * FROM w3;
"#;

#[test]
fn pk_not_null_matches_sqlite() {
    check(PK_NOT_NULL);
}

/// UPDATE of a WITHOUT ROWID table's primary key (conflicts, OR IGNORE keeps the row).
const WITHOUT_ROWID_KEY_UPDATE: &str = r#"
CREATE TABLE w(k TEXT PRIMARY KEY, v, u UNIQUE) WITHOUT ROWID;
INSERT INTO w VALUES('a',1,10),('b',2,20),('c',3,30);
UPDATE w SET k='b' WHERE k='a';
UPDATE w SET k='z' WHERE k='a';
SELECT * FROM w;
UPDATE w SET k=k||'x', u=u+1;
SELECT * FROM w;
UPDATE w SET k=NULL WHERE v=2;
UPDATE OR IGNORE w SET k='bx' WHERE v=3;
SELECT * FROM w;
UPDATE w SET u=30 WHERE v=2;
SELECT * FROM w WHERE u>20;
CREATE TABLE w2(a, b, c, PRIMARY KEY(b DESC, a)) WITHOUT ROWID;
INSERT INTO w2 VALUES(1,1,1),(2,1,2),(1,2,3);
UPDATE w2 SET a=a+10 WHERE c<3;
SELECT * FROM w2;
UPDATE w2 SET b=1 WHERE c=3;
UPDATE w2 SET b=5 FROM (SELECT 3 AS x) WHERE c=x;
SELECT * FROM w2;
PRAGMA integrity_check;
"#;

#[test]
fn without_rowid_key_update_matches_sqlite() {
    check(WITHOUT_ROWID_KEY_UPDATE);
}

/// Generated columns seen by BEFORE triggers, ALTER TABLE DROP/ADD/RENAME with generated columns, qualified names.
const GENCOL_ALTER_TRIGGERS: &str = r#"
CREATE TABLE t(a, b AS (a*2), c AS (b+1) STORED);
CREATE TABLE log(x);
CREATE TRIGGER tb BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('b '||quote(new.b)||' '||quote(new.c)); END;
CREATE TRIGGER tu BEFORE UPDATE ON t BEGIN INSERT INTO log VALUES('u '||quote(old.b)||' '||quote(new.b)||' '||quote(new.c)); END;
INSERT INTO t(a) VALUES(1);
UPDATE t SET a=5;
SELECT * FROM log;
DROP TRIGGER tb;
DROP TRIGGER tu;
ALTER TABLE t DROP COLUMN a;
ALTER TABLE t DROP COLUMN b;
ALTER TABLE t DROP COLUMN c;
SELECT * FROM t;
ALTER TABLE t RENAME COLUMN a TO z;
SELECT * FROM t;
PRAGMA table_xinfo(t);
INSERT INTO t DEFAULT VALUES;
SELECT * FROM t;
CREATE TABLE t2 AS SELECT * FROM t;
PRAGMA table_xinfo(t2);
INSERT INTO t SELECT * FROM t2;
INSERT INTO t SELECT z FROM t2;
SELECT * FROM t;
CREATE TABLE e(a, b AS (a) STORED, c AS (b));
INSERT INTO e(a) VALUES(1);
SELECT * FROM e WHERE c=1;
UPDATE e SET a=2 WHERE c=1;
SELECT * FROM e;
CREATE TABLE f(a, b AS (json_extract(a,'$.x')));
INSERT INTO f VALUES('{"x":3}');
SELECT b FROM f;
CREATE TABLE h(a, b AS (date(a)));
INSERT INTO h VALUES('2020-01-01');
SELECT b FROM h;
CREATE TABLE k(a, b AS (a+1) NOT NULL ON CONFLICT IGNORE);
INSERT INTO k(a) VALUES(NULL),(1);
SELECT * FROM k;
CREATE TABLE k2(a UNIQUE, b AS (a*2) UNIQUE);
INSERT INTO k2(a) VALUES(1);
INSERT OR REPLACE INTO k2(a) VALUES(1);
SELECT * FROM k2;
CREATE TABLE k3(a, "b c" AS (a));
PRAGMA table_xinfo(k3);
CREATE TABLE k4(a, b AS (k4.a+1), c AS (main.k4.a));
INSERT INTO k4(a) VALUES(1);
SELECT * FROM k4;
CREATE TABLE k5(a, b AS (x.a));
"#;

#[test]
fn gencol_alter_triggers_matches_sqlite() {
    check(GENCOL_ALTER_TRIGGERS);
}

/// PRAGMA table_list with STRICT / WITHOUT ROWID flags and a table argument.
const TABLE_LIST: &str = r#"
CREATE TABLE g(a, b AS (a), c AS (a) STORED);
CREATE TABLE s(a INT) STRICT;
CREATE TABLE w(a INT PRIMARY KEY) STRICT, WITHOUT ROWID;
PRAGMA table_list;
PRAGMA table_list(g);
"#;

#[test]
fn table_list_matches_sqlite() {
    check(TABLE_LIST);
}

/// UPDATE ... FROM with CTEs, subqueries, LEFT JOIN, RETURNING, STRICT targets; row values in UPSERT; ON CONFLICT targets checked.
const UPDATE_FROM_MORE: &str = r#"
CREATE TABLE t(id INTEGER PRIMARY KEY, v, w);
INSERT INTO t VALUES(1,0,0),(2,0,0),(3,0,0);
CREATE TABLE s(id, x);
INSERT INTO s VALUES(1,10),(2,20);
WITH c AS (SELECT id, x*2 AS y FROM s) UPDATE t SET v=c.y FROM c WHERE c.id=t.id;
SELECT * FROM t;
UPDATE t SET v=s.x+1 FROM s WHERE s.id=t.id RETURNING t.id, v, s.x;
UPDATE t SET (v,w)=(s.x, s.id*100) FROM s WHERE s.id=t.id RETURNING *;
SELECT * FROM t;
UPDATE t SET (v,w)=(SELECT x, x+1 FROM s WHERE s.id=t.id);
SELECT * FROM t;
INSERT INTO t VALUES(1,5,5) ON CONFLICT(id) DO UPDATE SET (v,w)=(excluded.v*2, excluded.w*3);
SELECT * FROM t;
INSERT INTO t VALUES(2,5,5) ON CONFLICT(id) DO UPDATE SET (v,w)=(SELECT 7,8);
SELECT * FROM t;
UPDATE t SET v=q.x FROM (SELECT * FROM s) AS q, s AS r WHERE q.id=t.id AND r.id=q.id;
SELECT * FROM t;
UPDATE t SET v=99 FROM s LEFT JOIN s AS s2 ON s2.id=s.id+5 WHERE s.id=t.id AND s2.id IS NULL;
SELECT * FROM t;
UPDATE OR IGNORE t SET id=s.id+1 FROM s WHERE s.id=t.id;
SELECT * FROM t;
UPDATE t SET id=id+10 FROM s WHERE s.id=t.id;
SELECT * FROM t;
CREATE TABLE g(a INTEGER PRIMARY KEY, b AS (a*2) STORED, c);
INSERT INTO g(a,c) VALUES(1,1),(2,2);
UPDATE g SET a=a+10;
SELECT * FROM g;
UPDATE g SET rowid=5 WHERE a=11;
SELECT * FROM g;
CREATE TABLE st(a INT, b TEXT) STRICT;
INSERT INTO st VALUES(1,'x');
UPDATE st SET b=s.x FROM s WHERE s.id=st.a;
SELECT typeof(b), b FROM st;
UPDATE st SET a='q' FROM s WHERE s.id=st.a;
INSERT INTO st VALUES(1,'y') ON CONFLICT DO NOTHING;
CREATE UNIQUE INDEX sta ON st(a);
INSERT INTO st VALUES(1,'y') ON CONFLICT(a) DO UPDATE SET a='bad';
INSERT INTO st VALUES(1,'y') ON CONFLICT(a) DO UPDATE SET b=5;
SELECT typeof(b), b FROM st;
UPDATE t SET v=1 FROM s WHERE s.id=t.id ORDER BY s.id LIMIT 1;
UPDATE t SET v=1 FROM s WHERE nosuch=1;
UPDATE t SET (v,w)=(1,2),(v)=3;
"#;

#[test]
fn update_from_more_matches_sqlite() {
    check(UPDATE_FROM_MORE);
}

/// STRICT tables with ALTER TABLE ADD COLUMN, defaults, ANY, options; defaults of added columns read with the column's affinity.
const STRICT_ALTER: &str = r#"
CREATE TABLE s(a INT) STRICT;
INSERT INTO s VALUES(1);
ALTER TABLE s ADD COLUMN b VARCHAR;
ALTER TABLE s ADD COLUMN b;
ALTER TABLE s ADD COLUMN b TEXT DEFAULT 5;
SELECT typeof(b), b FROM s;
ALTER TABLE s ADD COLUMN c INT DEFAULT 'x';
SELECT * FROM s;
INSERT INTO s(a) VALUES(2);
SELECT * FROM s;
PRAGMA integrity_check;
CREATE TABLE s2(a INTEGER PRIMARY KEY, b ANY) STRICT;
INSERT INTO s2 VALUES('1', 'x'), (2.0, 3.5);
INSERT INTO s2 VALUES(2.5, 1);
SELECT a, typeof(b), b FROM s2;
CREATE TABLE s3(a INT DEFAULT 'x') STRICT;
INSERT INTO s3 DEFAULT VALUES;
CREATE TABLE s4(a TEXT COLLATE NOCASE, b BLOB NOT NULL DEFAULT x'00') STRICT;
INSERT INTO s4(a) VALUES('A');
SELECT * FROM s4 WHERE a='a';
CREATE TABLE s5(a int primary key, b text) strict, without rowid;
INSERT INTO s5 VALUES('7', 8);
SELECT typeof(a), typeof(b) FROM s5;
PRAGMA table_list(s5);
CREATE TABLE s6(a INT) STRICT, STRICT;
CREATE TABLE s7(a INT) WITHOUT ROWID, STRICT;
CREATE TABLE s8(a INT) FOO;
CREATE TABLE s9(a INTEGER(10)) STRICT;
CREATE TABLE ad(a);
INSERT INTO ad VALUES(1);
ALTER TABLE ad ADD COLUMN b TEXT DEFAULT 5;
ALTER TABLE ad ADD COLUMN c REAL DEFAULT 2;
ALTER TABLE ad ADD COLUMN d INT DEFAULT '7';
SELECT typeof(b), typeof(c), typeof(d), b, c, d FROM ad;
CREATE INDEX adb ON ad(b, c, d);
SELECT typeof(b), typeof(c), typeof(d) FROM ad WHERE b='5';
PRAGMA integrity_check;
"#;

#[test]
fn strict_alter_matches_sqlite() {
    check(STRICT_ALTER);
}

/// UPDATE/DELETE with ORDER BY ... LIMIT ... OFFSET (Debian's sqlite3 enables it).
const UPDATE_DELETE_LIMIT: &str = r#"
CREATE TABLE t(id INTEGER PRIMARY KEY, v);
INSERT INTO t VALUES(1,0),(2,0),(3,0),(4,0);
UPDATE t SET v=1 ORDER BY id DESC LIMIT 1;
SELECT * FROM t;
UPDATE t SET v=v+1 ORDER BY id;
UPDATE t SET v=v+10 WHERE id>1 LIMIT 1 OFFSET 1;
SELECT * FROM t;
UPDATE t AS q SET v=v+100 WHERE q.v < 5 ORDER BY q.v DESC, id LIMIT 2;
SELECT * FROM t;
UPDATE t SET v=0 LIMIT -1;
SELECT * FROM t;
DELETE FROM t ORDER BY id DESC LIMIT 2;
SELECT * FROM t;
DELETE FROM t ORDER BY id;
CREATE TABLE w(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO w VALUES(1,0),(2,0),(3,0);
UPDATE w SET v=1 ORDER BY k DESC LIMIT 1;
DELETE FROM w ORDER BY k LIMIT 1;
SELECT * FROM w;
UPDATE t SET v=5 LIMIT 0;
SELECT * FROM t;
"#;

#[test]
fn update_delete_limit_matches_sqlite() {
    check(UPDATE_DELETE_LIMIT);
}

/// WITHOUT ROWID tables: INSERT OR REPLACE and UPSERT on the primary key.
const WITHOUT_ROWID_REPLACE_UPSERT: &str = r#"
CREATE TABLE w(k PRIMARY KEY, v, u UNIQUE) WITHOUT ROWID;
CREATE INDEX wv ON w(v);
INSERT INTO w VALUES(1,'a',10);
INSERT OR REPLACE INTO w VALUES(1,'b',11);
SELECT * FROM w;
INSERT INTO w VALUES(1,'c',12) ON CONFLICT(k) DO UPDATE SET v=excluded.v||'!';
SELECT * FROM w;
INSERT INTO w VALUES(1,'c',13) ON CONFLICT DO NOTHING;
SELECT * FROM w;
INSERT INTO w VALUES(1,'d',14) ON CONFLICT(k) DO UPDATE SET v=v||excluded.v WHERE excluded.u > 100;
SELECT * FROM w;
INSERT INTO w VALUES(2,'e',20);
REPLACE INTO w VALUES(2,'f',21);
SELECT * FROM w ORDER BY k;
SELECT k FROM w WHERE v='f';
CREATE TABLE w2(a, b, c, PRIMARY KEY(a, b)) WITHOUT ROWID;
INSERT INTO w2 VALUES(1,1,'x'),(1,2,'y');
INSERT INTO w2 VALUES(1,2,'z') ON CONFLICT(b, a) DO UPDATE SET c=c||excluded.c;
INSERT OR REPLACE INTO w2 VALUES(1,1,'q');
SELECT * FROM w2;
PRAGMA integrity_check;
"#;

#[test]
fn without_rowid_replace_upsert_matches_sqlite() {
    check(WITHOUT_ROWID_REPLACE_UPSERT);
}
