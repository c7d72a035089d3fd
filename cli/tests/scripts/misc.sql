# a hash comment line
select 1; -- trailing comment
/* leading */ select 2;
select 3 ;
.separator "\t" "\n---\n"
select 4, 5;
select 6, 7;
.separator | \n
.nullvalue <null>
.mode csv
select null, 'x';
.mode list
select null, 'x';
.headers on
select 1 as "a b", 2 as "";
.headers off
select 'multi
line';
;;;
select 8;
