create table t(a);
  select nosuchcol from t;
select abs(1,2);
create table if not exists t2(b);
.schema t2
