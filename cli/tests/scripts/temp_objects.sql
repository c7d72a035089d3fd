create table a(x);
create temp table tt(y);
create temp view tv as select 1;
.tables
.schema
.dump
