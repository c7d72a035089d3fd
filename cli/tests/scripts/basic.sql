create table t(a integer, b text, c real);
insert into t values(1,'hello',2.5),(-22,NULL,1e20),(333,'a|b',0.1);
select * from t;
.headers on
.mode csv
select * from t;
.mode box
select a, b from t;
.mode json
select * from t;
selec 1;
select * from nosuch;
select 1,
  2;
.tables
.schema
.dump
