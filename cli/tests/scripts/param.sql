.param set :x 5
.param set @name 'hello'
.param set $y 2.5
.param list
select :x, @name, $y, :missing;
.param unset :x
.param list
.param clear
.param list
select :x;
.param set :z abc
.param list
.param
select 1;
