.databases
ATTACH ':memory:' AS aux;
CREATE TABLE aux.t(a, b);
CREATE TEMP TABLE tt(x);
INSERT INTO aux.t VALUES(1, 'one');
INSERT INTO tt SELECT a FROM aux.t;
.databases
.tables
SELECT * FROM aux.t JOIN tt ON a = x;
PRAGMA database_list;
DETACH aux;
.tables
