CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), note TEXT DEFAULT 'none');
CREATE INDEX child_parent ON child(parent_id);
CREATE VIEW v AS SELECT p.name, c.note FROM parent p JOIN child c ON c.parent_id = p.id;
INSERT INTO parent VALUES(1, 'one'), (2, 'two''s');
INSERT INTO child VALUES(10, 1, 'a'), (11, 2, NULL), (12, 1, 'line1
line2');
.schema
.schema child
.tables
.dump
SELECT * FROM v ORDER BY 1, 2;
