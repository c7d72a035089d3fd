create table t(a, b);
insert into t values(1, 'one'), (2, 'two'), (3, NULL);
.output out.txt
select * from t;
.output
select count(*) from t;
.once once.txt
select a from t;
select b from t;
.read out.txt
.read inc.sql
.read nosuch.sql
select 'after read';
.print hello "quoted words" tab\there
.echo on
select 42;
.echo off
.exit
select 'not reached';
