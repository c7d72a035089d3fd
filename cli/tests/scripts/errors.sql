create table t(a unique);
insert into t values(1);
insert into t values(1);
select 1 +;
select x'1';
   select 1, 2,

   3 frm t;
select 1111111111, 2222222222, 3333333333, 4444444444, 55555555555 frm t;
select 1; selec 2; select 3;
select 1; select
2; selec 3;
.bogus
.headers
.mode nosuch
.nullvalue
.separator
.width x
select "unterminated
;
