select 1, 1.0, 1.5, -0.0, 1e300, 123456789012345678, 'text', x'414243', null;
select 0.1 + 0.2, 1.0/3, 2.0*1e15, 100.0, 1e-5;
.mode quote
select 1, 1.0, 1.5, 1e300, 10.5, 9.99, 'it''s', x'00ff', null;
.mode json
select 1 as i, 1.5 as r, 'a"b\' as t, x'41' as b, null as n;
.mode insert t
select 1, 1.5, 'line1
line2', x'00', null;
.mode line
select 'x' as short, 'y' as a_longer_name;
