CREATE TABLE e(dept TEXT, name TEXT, sal INT)
INSERT INTO e VALUES('a','x',10),('a','y',20),('a','z',20),('b','p',5),('b','q',7),('c','r',1)
SELECT name, row_number() OVER (ORDER BY sal DESC, name) FROM e ORDER BY 2
SELECT dept, name, sal, rank() OVER (PARTITION BY dept ORDER BY sal DESC), dense_rank() OVER (PARTITION BY dept ORDER BY sal DESC) FROM e ORDER BY dept, name
SELECT dept, name, sum(sal) OVER (PARTITION BY dept) FROM e ORDER BY dept, name
SELECT name, sum(sal) OVER (ORDER BY sal) FROM e ORDER BY name
SELECT name, sum(sal) OVER (ORDER BY sal ROWS UNBOUNDED PRECEDING) FROM e ORDER BY sal, name
SELECT name, count(*) OVER w, total(sal) OVER w FROM e WINDOW w AS (PARTITION BY dept) ORDER BY name
SELECT name, row_number() OVER (PARTITION BY dept ORDER BY name) AS rn FROM e WHERE sal > 5 ORDER BY dept, rn
SELECT dept, max(sal) OVER (PARTITION BY dept ORDER BY sal ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM e ORDER BY 1
