CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB);
INSERT INTO t VALUES(1, 'alpha', 1.5, x'00ff'), (2, 'beta, "quoted"', NULL, NULL), (3, NULL, -2.25, x'41');
SELECT * FROM t;
.headers on
.mode box
SELECT * FROM t;
SELECT id, upper(name) AS loud, score * 2 FROM t ORDER BY id DESC;
.mode csv
SELECT * FROM t;
.mode column
SELECT id, name FROM t;
.mode list
.headers off
SELECT count(*), sum(score), max(name) FROM t;
