create table t(x);
insert into t values(1);
BEGIN;
insert into t values(2);
ROLLBACK;
select * from t;
create trigger tr after insert on t begin
  insert into t values(100);
end;
select 'a;b', "c;d";
/* comment ; */ select 5;
-- line comment ;
select 6; select 7;
   select 8
   ;
select 'unterminated
