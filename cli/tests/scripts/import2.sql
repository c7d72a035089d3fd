create table other(x);
.import --csv ragged.csv r
select * from r;
.import pipes.txt p
select * from p;
create table two(a, b);
.mode csv
.import ragged.csv two
select count(*) from two;
.mode list
.import --csv nosuch.csv t
.import --csv ragged.csv
.import --bogus ragged.csv t
.import a b c
