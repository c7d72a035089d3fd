create table t(a unique, b);
insert into t values(1, 'x');
insert into t values(1, 'y');
select count(*) from t;
.changes on
insert into t values(2, 'z');
update t set b = 'w';
.changes off
create index ti on t(b);
create view v as select a, b from t;
.tables
.indexes
.indexes t
.schema v
.schema t%
select * from v;
.mode line
select * from t;
.mode column
select * from t;
.mode table
select * from t;
.mode markdown
select * from t;
.mode insert foo
select * from t;
.mode quote
select * from t;
.mode html
select * from t;
.mode tabs
select * from t;
.nullvalue NULL
.mode list
select null, 1;
.separator ,
select 1, 2;
.show
.databases
