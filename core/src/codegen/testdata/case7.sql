CREATE TABLE t(a INTEGER, b TEXT, c REAL, d BLOB, e)
INSERT INTO t VALUES(1,'1',1.5,x'01','abc'),(2,'10',NULL,NULL,2),(3,'abc',-2,x'',NULL),(NULL,NULL,0,'x','3')
SELECT a, b, a = b, b = '1', a < '2', e > 1, e = '3' FROM t
SELECT typeof(a), typeof(b), typeof(c), typeof(d), typeof(e) FROM t
SELECT a || b, a + b, b * 2, -b, c / 0, 5 % 3, 7 / 2, 7.0 / 2 FROM t
SELECT CAST(b AS INTEGER), CAST(c AS TEXT), CAST('12abc' AS REAL), CAST(a AS BLOB) FROM t
SELECT coalesce(d, c, 'none'), ifnull(b, 'nb'), nullif(a, 1), iif(a > 1, 'y', 'n') FROM t
SELECT b LIKE '1%', b GLOB '*c', e IS NULL, e IS NOT NULL, a IS 1, a IS NOT NULL FROM t
SELECT a FROM t WHERE b BETWEEN '1' AND '2' ORDER BY a
SELECT count(*), count(e), sum(a), avg(a), min(b), max(c), total(c) FROM t
SELECT a, b FROM t ORDER BY b COLLATE NOCASE DESC, a
SELECT DISTINCT typeof(e) FROM t ORDER BY 1
SELECT e, count(*) FROM t GROUP BY e ORDER BY e
SELECT a % 2 AS par, group_concat(a, '-') FROM t WHERE a IS NOT NULL GROUP BY par ORDER BY par
SELECT * FROM t WHERE a IN (1, 3) OR b = 'abc' ORDER BY a
SELECT * FROM t LIMIT 2 OFFSET 1
SELECT * FROM t ORDER BY a DESC LIMIT -1 OFFSET 2
SELECT a FROM t WHERE a > (SELECT avg(a) FROM t)
SELECT (SELECT count(*) FROM t t2 WHERE t2.a <= t.a) AS rank, a FROM t ORDER BY rank
SELECT x.a, y.a FROM t x JOIN t y ON y.a = x.a + 1 ORDER BY 1
SELECT x.a, y.a FROM t x LEFT JOIN t y ON y.a = x.a + 1 ORDER BY 1
SELECT a, CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END FROM t
SELECT 1 WHERE 0
SELECT max(a) FROM t WHERE 0
SELECT count(*) FROM t WHERE 0
SELECT a FROM t GROUP BY a HAVING a > 1
SELECT 10 AS x UNION SELECT 5 ORDER BY x
SELECT * FROM (SELECT a AS z FROM t) WHERE z > 1
VALUES(1,2),(3,4)
SELECT * FROM (VALUES(1,'a'),(2,'b')) AS v(x,y)
SELECT 'a' = 'A', 'a' = 'A' COLLATE NOCASE, 'abc' < 'abd'
SELECT abs(-5), length('héllo'), upper('abc'), substr('hello', 2, 3), replace('aaa','a','b'), round(2.567, 2), hex('A')
SELECT 1 = 1 AND NULL, 1 = 2 AND NULL, 1 OR NULL, 0 OR NULL, NOT NULL
SELECT a FROM t WHERE NOT (a > 1)
SELECT count(*) FROM t a, t b
SELECT * FROM t WHERE rowid = 2
SELECT rowid, oid, _rowid_ FROM t ORDER BY 1 DESC
