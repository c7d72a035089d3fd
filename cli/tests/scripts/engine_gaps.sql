create table t(a);
  select nosuchcol from t;
select abs(1,2);
create table seq(id integer primary key autoincrement, v);
insert into seq(v) values(1);
.dump seq%
.headers on
select 3 /* inline */ ;
