create table t(a);
insert into t values(1),(2),(-9223372036854775808);
select abs(a) from t;
.mode box
select abs(a) from t;
.mode json
select abs(a) from t;
.mode column
select abs(a) from t;
.mode csv
select abs(a) from t;
