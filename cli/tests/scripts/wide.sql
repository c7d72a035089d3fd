.mode box
select '日本語' as a, 'x' as b;
.mode column
select '日本語' as a, 'ｘｙ' as b, 'é' as c;
.mode table
select 'a' || char(9) || 'b' as t, 'x' || char(13) || 'y' as u;
.mode line
select '日本語' as 名前;
.mode table
select 'a'||char(1)||'b' as t, 'x'||char(13)||char(10)||'y' as u, 'ab'||char(9)||'c' as v, char(27)||'[1m' as w, 'a'||char(11)||'b' as z, 'p'||char(12)||'q' as f;
.mode column
select 'a'||char(9)||'b' as t;
.mode table
select 'a'||char(10)||char(10)||'b' as t, 'a'||char(1)||char(1)||'b' as u, 'a'||char(13)||char(13)||'b' as v, 'a'||char(10)||char(13)||'b' as w, 'x'||char(10) as e;
