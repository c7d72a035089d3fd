CREATE TABLE a(x, y)
CREATE TABLE b(x, z)
INSERT INTO a VALUES(1,'a1'),(2,'a2'),(3,'a3')
INSERT INTO b VALUES(2,'b2'),(3,'b3'),(4,'b4'),(4,'b4bis')
SELECT * FROM a RIGHT JOIN b ON a.x = b.x ORDER BY b.z
SELECT * FROM a FULL JOIN b ON a.x = b.x ORDER BY a.y, b.z
SELECT a.y, b.z FROM a FULL OUTER JOIN b ON a.x = b.x WHERE b.z IS NULL OR a.y IS NULL ORDER BY 1, 2
SELECT count(*), count(a.x), count(b.x) FROM a FULL JOIN b ON a.x = b.x
SELECT b.x, count(a.y) FROM a RIGHT JOIN b USING(x) GROUP BY b.x ORDER BY 1
SELECT * FROM a LEFT JOIN b ON a.x = b.x ORDER BY a.x, b.z
