.databases
attach 'aux.db' as aux;
attach ':memory:' as m;
create table aux.t(a, b);
create index aux.tb on t(b);
create view aux.v as select a from t;
create temp table tt(x);
create table m.q(z);
.databases
.tables
.schema
detach m;
.databases
detach nosuch;
.tables
