.mode qbox
select 0.1 as a, 1e300 as b, 10.5 as c, 1e999 as d, x'ABcd' as e, 'a
b' as f, 1.0 as g, null as h;
.mode
.mode table --quote
select 1 as a, 'x' as b, null as c;
.mode column --quote
select 'a' as a;
.mode
.show
.mode list
.mode
