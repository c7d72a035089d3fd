.mode tcl
.headers on
select 1 as a, 'x y' as b, null as c, 'q"\n' as d, 2.5 as e, char(1)||char(127) as f;
.mode
.show
.nullvalue N
select null;
