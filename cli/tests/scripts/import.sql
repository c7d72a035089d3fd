create table other(x);
.import --csv data.csv people
select * from people;
.schema people
.mode csv
.import data.csv people
select count(*) from people;
.mode list
.import --csv --skip 1 data.csv people
select count(*), typeof(age) from people group by 2;
.import --csv missing.csv x
