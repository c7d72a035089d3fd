create table a(id integer primary key , t text, r real, b blob, n);
insert into a(t, r, b, n) values('it''s', 1.5, x'00ff10', null), ('line1
line2', -0.25, x'', 7), ('', 1e100, null, 'x');
create table "weird name"("col 1", [select]);
insert into "weird name" values(1, 2);
create index ia on a(t);
create view va as select t from a;
create trigger tra after insert on a begin select 1; end;
.dump
.dump a
.schema
.schema a
.tables
.tables w%
.indexes a
.mode insert
select * from "weird name";
