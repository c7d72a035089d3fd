create table t(a);
insert into t values(1);
.open other.db
.databases
create table u(b);
.tables
.open test.db
.tables
.output out.txt
.show
.output stdout
 .tables
.print done
.bail on
.read inc.sql
select 'not reached';
