# ---- lexer ----
selec 1
select 1 +
select 'abc
select 1 + ;
select 123abc
select x'abc'
select x'0g'
select X''
select x'AbCd'
select 0x
select 0x1g
select 0X1F
select 0xffffffffffffffffff
select 0x8000000000000000
select -0x8000000000000000
select -0x7fffffffffffffff
select 0x0000000000000000000001
select 1e
select 1e5
select 1.e5
select .5
select 1.5e+
select 1.5e+3
select 5.e
select 1_000
select 1.5.3
select 00x1
select 1abc
select 1.0abc
select 9223372036854775807
select 9223372036854775808
select -9223372036854775808
select - 9223372036854775808
select -(9223372036854775808)
select 99999999999999999999999
select ?
select ?0
select ?1
select ?250000
select ?250001
select ?99999999999999999999
select ?1a
select ??
select :a
select :
select @a
select @
select $a
select $
select $a::b(c)
select $a::b(c d)
select $a::
select $a:
select @a:b
select :a(b)
select #1
select #a
select ?, ?5, ?, :x, :x, @y
select 1 !
select 1 != 2
select 1 <> 2
select 1 == 2
select 1 -> 2 ->> 3
select 1 | 2 || 3
select ~1
select "a""b"
select [a b]
select `a``b`
select "a
select [a
select `a
select 'it''s'
select 1 /* unterminated
select 1 -- comment
select 1 /
select 1 /* c */ + /* d */ 2
select 'a' 'b'
select 1 'b'
select 1 "b"
select 1 as 'b'
select é
select 1 as é
select ¤
select 1 € 2
select \
select 1;;
;;select 1;;
-- only a comment
/* only a comment */
 
select 1; select 2
select 1; selec 2
select 1 ; junk ('
select 1 junk junk
# ---- keywords as names ----
create table key(key)
create table t(action, replace, text, date, time, desc, asc, end, begin, row, rows, filter, over, window, do, no, of, key, match, like, glob, regexp, plan, query, temp, view, virtual, with, without, first, last, nulls, current, generated, always, materialized, range, groups, others, ties, exclude, raise, cast, if, indexed, reindex, rename)
create table t(left, right, full, inner, cross, natural, outer)
select left from t
select left(1)
select t.left from t
select 1 left
select 1 as left
select * from t left
select * from t as left
create table t(a left)
create table select(x)
create table t(select)
create table t("select")
create table t([select])
select key, action, replace, text, date from t
select replace('a','b','c')
select like('a','b'), glob('a','b')
select like from t
select a like from t
select 1 like
select current_date, current_time, current_timestamp
select current_date()
select cast from t
select cast(1)
select raise from t
create table if(x)
create table t(if)
select if(1,2)
select true, false, TRUE, "true"
select 1 desc
select 1 indexed
select * from t indexed
select * from t indexed by i
select * from t not indexed
select * from t as x indexed by i
select 1 window
select x from t window
select 1 window w as ()
select * from t window w as (order by x)
select count(*) over from t
select count(*) over w from t window w as ()
select count(*) filter from t
select count(*) filter (where x) from t
select count(*) filter (where x) over (partition by y) from t
select over from t
select filter from t
select window from t
create table window(window)
# ---- expressions ----
select 1 is null
select 1 is not null
select 1 isnull
select 1 notnull
select 1 not null
select 1 is distinct from 2
select 1 is not distinct from 2
select 1 is distinct 2
select 1 between 2 and 3
select 1 not between 2 and 3
select 1 between 2 = 3 and 4
select 1 between 2
select 1 between 2 and
select 1 in ()
select 1 in (1,2,3)
select 1 not in (select 1)
select 1 in (with x as (select 1) select * from x)
select 1 in t
select 1 in main.t
select 1 in f(1)
select 1 in f()
select 1 in
select 1 not 2
select 1 not
select not 1
select not not 1
select - - 1
select ~ - + 1
select (1,2) = (1,2)
select (1,2) in (select 1,2)
select ()
select (1,)
select (select 1)
select (select 1 union select 2)
select (values(1))
select exists (select 1)
select not exists (select 1)
select exists select 1
select exists (1)
select 'a' like 'b' escape 'c'
select 'a' not like 'b' escape 'c'
select 'a' glob 'b'
select 'a' not glob 'b'
select 'a' regexp 'b'
select 'a' match 'b'
select 'a' not match 'b'
select 'a' escape 'b'
select 'a' like 'b' escape
select 1 collate nocase
select 1 collate nocase collate binary
select 1 collate 'nocase'
select 1 collate
select 1 collate "x y"
select cast(1 as text)
select cast(1 as varchar(10))
select cast(1 as varchar(10, 20))
select cast(1 as varchar(10, 20, 30))
select cast(1 as)
select cast(1 as 'text')
select cast(1 as double precision)
select cast(1 as int(+5))
select cast(1 as int(-5))
select cast(1 as int(x))
select cast(1)
select cast(1 as text
select case when 1 then 2 end
select case 1 when 1 then 2 else 3 end
select case end
select case 1 end
select case when 1 then 2
select case when 1 then 2 else end
select raise(ignore)
select raise(abort, 'x')
select raise(abort, x)
select raise(abort)
select raise(foo, 'x')
select a.b.c
select a.b.c.d
select a.
select a.*
select a.b.*
select *.a
select *, *
select t.* from t
select count(*), count(distinct x), count(all x), count() from t
select count(distinct *) from t
select count(distinct) from t
select f(distinct)
select f(,)
select f(1,)
select f(*, 1)
select "f"(1)
select [f](1)
select 'f'(1)
select a.f(1)
select 1 + 2 * 3 - 4 / 5 % 6
select 1 << 2 >> 3 & 4 | 5
select 1 < 2 <= 3 > 4 >= 5
select 1 = 2 == 3 != 4 <> 5
select 1 and 2 or 3 and not 4
select x'00' || 'a' -> '$' ->> 'b'
select json_extract('{}', '$') -> 'a'
select +'a'
select - 'a'
select 1 + + 2
select 1 +* 2
select 1 * * 2
select (1
select ((1)
select (1))
select 1)
select ,1
select 1,
select 1,,2
select 1 from
select 1 from t where
select 1 from t group
select 1 from t group by
select 1 from t order
select 1 from t order by
select 1 from t limit
select 1 from t limit 1 offset
select 1 from t limit 1,
# ---- select ----
select
select distinct a from t
select all a from t
select distinct all a from t
select * from t where a > 1 group by a having count(*) > 1 order by 1 desc nulls last limit 10 offset 5
select * from t limit 5, 10
select * from t order by a collate nocase asc nulls first, b desc
select * from t order by a nulls
select * from t order by a nulls middle
select 1 having 1
select 1 from t having 1 group by 1
select 1 from t group by 1 having 1 having 2
select 1 from t where 1 where 2
select 1 union select 2
select 1 union all select 2 union select 3 intersect select 4 except select 5
select 1 union all select 2 order by 1 limit 1
select 1 order by 1 union select 2
select 1 limit 1 union select 2
select 1 limit 1 union all select 2
select 1 order by 1 intersect select 2
select 1 order by 1 except select 2
select 1 union values(2)
values(1) union select 2
values(1)
values(1),(2)
values(1),(2,3)
values(1,2),(3)
values()
values
values(1) order by 1
values(1) limit 1
select 1 union values(2) order by 1
select 1 union
select 1 union union select 2
select 1 union all
with x as (select 1) select * from x
with recursive x(n) as (select 1 union all select n+1 from x where n < 10) select n from x
with x as materialized (select 1) select * from x
with x as not materialized (select 1) select * from x
with x as not (select 1) select * from x
with x(a,b) as (values(1,2)), y as (select 3) select * from x, y
with x as (select 1) select 1 union with y as (select 2) select 2
with x as (select 1)
with x as (select 1) values(1)
with x (a collate nocase) as (select 1) select * from x
with select as (select 1) select 1
with
select * from (select 1) x
select * from (select 1) as x
select * from (select 1)
select * from ((select 1))
select * from (t)
select * from (t) as x
select * from (t, u) x
select * from (t join u)
select * from ()
select * from t, u, v
select * from t join u on t.a = u.a
select * from t inner join u using (a, b)
select * from t left join u on 1 left outer join v on 1
select * from t right join u on 1
select * from t right outer join u on 1
select * from t full join u on 1
select * from t full outer join u on 1
select * from t cross join u
select * from t natural join u
select * from t natural left join u
select * from t natural left outer join u
select * from t natural cross join u
select * from t natural full outer join u
select * from t natural inner join u
select * from t left inner join u
select * from t left foo join u
select * from t outer join u
select * from t inner outer join u
select * from t left right join u
select * from t full left join u
select * from t natural natural join u
select * from t cross cross join u
select * from t left left join u
select * from t a b c d join u
select * from t on 1
select * from t using (a)
select * from t join u on 1 using (a)
select * from t join u using ()
select * from t join u using a
select * from t join
select * from t, 
select * from main.t
select * from main.t as x
select * from main.
select * from generate_series(1, 10)
select * from generate_series(1, 10) as g
select * from main.json_each('[]') j
select * from f()
select * from t x join u y on x.a = y.a, v
select * from t where x in (select * from u)
select a as b, c d, e "f", g 'h' from t
select a b c from t
select * from t as
select 1 as
select 1 as from t
# ---- windows ----
select row_number() over () from t
select sum(x) over (partition by a order by b rows between unbounded preceding and current row) from t
select sum(x) over (order by b range between 1 preceding and 1 following exclude no others) from t
select sum(x) over (groups between current row and unbounded following exclude ties) from t
select sum(x) over (rows 1 preceding exclude current row) from t
select sum(x) over (rows unbounded preceding exclude group) from t
select sum(x) over (rows current row) from t
select sum(x) over (rows unbounded following) from t
select sum(x) over (rows between unbounded following and current row) from t
select sum(x) over (rows between current row and unbounded preceding) from t
select sum(x) over (rows between 1 following and 2 following) from t
select sum(x) over (rows between 1 and 2) from t
select sum(x) over (rows 1 following) from t
select sum(x) over (rows) from t
select sum(x) over (exclude ties) from t
select sum(x) over (rows 1 preceding exclude) from t
select sum(x) over (rows 1 preceding exclude others) from t
select sum(x) over (w order by y) from t window w as (partition by z)
select sum(x) over (w) from t window w as ()
select sum(x) over w from t window w as (), v as (w rows 1 preceding)
select sum(x) over (partition by) from t
select sum(x) over (order by) from t
select sum(x) over (partition a) from t
select sum(x) over (range between unbounded preceding and unbounded following) from t
select sum(x) filter (where x > 1) over w from t window w as ()
select sum(x) filter (x > 1) from t
select sum(x) filter where x from t
select * from t window w as ()
select * from t window w
select * from t window w as
select * from t window w as (), 
select x from t group by x window w as () order by 1
select x from t window w as () group by x
# ---- insert ----
insert into t values(1)
insert into t values(1),(2)
insert into t(a,b) values(1,2)
insert into t(a,b) select 1, 2
insert into t select * from u
insert into t default values
insert into t(a) default values
insert into t default values returning *
insert into t default values on conflict do nothing
insert or replace into t values(1)
insert or rollback into t values(1)
insert or abort into t values(1)
insert or fail into t values(1)
insert or ignore into t values(1)
insert or foo into t values(1)
replace into t values(1)
replace or ignore into t values(1)
insert into main.t values(1)
insert into t as x values(1)
insert into t x values(1)
insert into t values(1) returning *
insert into t values(1) returning a, b as c, t.*
insert into t values(1) returning
insert into t values(1) on conflict do nothing
insert into t values(1) on conflict(a) do nothing
insert into t values(1) on conflict(a) where a > 0 do nothing
insert into t values(1) on conflict(a collate nocase desc) do update set a = excluded.a where a > 1
insert into t values(1) on conflict(a) do update set (a, b) = (1, 2), c = 3
insert into t values(1) on conflict(a) do nothing on conflict(b) do update set b = 1 on conflict do nothing
insert into t values(1) on conflict do nothing on conflict(a) do nothing
insert into t values(1) on conflict do update set a = 1 returning *
insert into t values(1) on conflict(a) do nothing returning a
insert into t values(1) on conflict
insert into t values(1) on conflict do
insert into t values(1) on conflict do update
insert into t values(1) on conflict do update set
insert into t values(1) on conflict() do nothing
insert into t select * from u on conflict do nothing
insert into t select * from u where 1 on conflict do nothing
insert into t select * from u on 1
with x as (select 1) insert into t select * from x
insert into t with x as (select 1) select * from x
insert into t(a,) values(1)
insert into t() values(1)
insert into t values
insert into t values()
insert into t values(1)(2)
insert into t
insert t values(1)
insert into t (select 1)
# ---- update / delete ----
update t set a = 1
update t set a = 1, b = 2 where c = 3
update or ignore t set a = 1
update or replace t set a = 1
update main.t set a = 1
update t as x set a = 1
update t x set a = 1
update t indexed by i set a = 1
update t not indexed set a = 1
update t set (a, b) = (1, 2)
update t set (a, b) = (select 1, 2)
update t set a = 1 from u where t.x = u.x
update t set a = 1 from u join v on 1
update t set a = 1 returning *
update t set a = 1 where b returning a, b
update t set a = 1 order by b limit 1
update t set a = 1 where b returning a order by b limit 1 offset 2
update t set a = 1 limit 1, 2
update t set
update t set a
update t set a =
update t set a = 1,
update t set t.a = 1
update t set () = 1
update t a = 1
update t
with x as (select 1) update t set a = 1
delete from t
delete from t where a = 1
delete from main.t
delete from t as x where x.a = 1
delete from t x
delete from t indexed by i where 1
delete from t not indexed
delete from t returning *
delete from t where 1 returning a
delete from t order by a limit 1
delete from t where 1 returning * order by a limit 1 offset 1
delete from t limit 1
delete t
delete from
delete from t where
with x as (select 1) delete from t
# ---- create table ----
create table t(a)
create table t(a, b, c)
create table t()
create table t
create table t(
create table t(a,)
create table t(a b c)
create table t(a integer primary key autoincrement)
create table t(a integer primary key asc)
create table t(a integer primary key desc on conflict replace autoincrement)
create table t(a primary key autoincrement desc)
create table t(a unique desc)
create table t(a int not null on conflict fail)
create table t(a int null)
create table t(a int null on conflict ignore)
create table t(a int unique on conflict abort)
create table t(a int check (a > 0))
create table t(a int check a > 0)
create table t(a int default 1)
create table t(a int default -1)
create table t(a int default +1)
create table t(a int default -1.5)
create table t(a int default 'x')
create table t(a int default x'00')
create table t(a int default null)
create table t(a int default current_timestamp)
create table t(a int default (1 + 2))
create table t(a int default 1 + 2)
create table t(a int default -x)
create table t(a int default 'x' || 'y')
create table t(a int default abc)
create table t(a int default "abc")
create table t(a int default true)
create table t(a int default key)
create table t(a int default)
create table t(a int default -9223372036854775808)
create table t(a int collate nocase)
create table t(a int collate)
create table t(a int references u)
create table t(a int references u(b))
create table t(a int references u(b) on delete cascade on update set null)
create table t(a int references u(b) on delete set default on update restrict)
create table t(a int references u(b) on delete no action match full)
create table t(a int references u(b) deferrable initially deferred)
create table t(a int references u(b) not deferrable initially immediate)
create table t(a int references u(b) deferrable)
create table t(a int references u(b) on delete)
create table t(a int references u(b) on insert cascade)
create table t(a int references u(b) on delete set)
create table t(a int references u(b) on delete no)
create table t(a int references)
create table t(a int deferrable)
create table t(a int not deferrable)
create table t(a int constraint c primary key constraint d not null)
create table t(a int constraint c)
create table t(a int constraint)
create table t(a int generated always as (1))
create table t(a int, b int generated always as (a + 1) stored)
create table t(a int, b int generated always as (a + 1) virtual)
create table t(a int, b int as (a + 1))
create table t(a int, b as (a) stored)
create table t(a int, b as (a) foo)
create table t(a int, b generated as (a))
create table t(a int, b generated always (a))
create table t(a generated)
create table t(a generated always)
create table t(a int key)
create table t(a varchar(10))
create table t(a varchar(10, 20))
create table t(a varchar(10, 20, 30))
create table t(a varchar(-10))
create table t(a varchar(+10))
create table t(a varchar(x))
create table t(a varchar())
create table t(a double precision)
create table t(a unsigned big int)
create table t(a "quoted type")
create table t(a 'string type')
create table t(a int, primary key(a))
create table t(a int, primary key(a desc, b collate nocase))
create table t(a int, primary key(a autoincrement))
create table t(a int, primary key(a) on conflict replace)
create table t(a int, unique(a, b) on conflict ignore)
create table t(a int, check (a > 0))
create table t(a int, check (a > 0) on conflict fail)
create table t(a int, foreign key(a) references u(b) on delete cascade)
create table t(a int, foreign key(a) references u)
create table t(a int, foreign key a references u)
create table t(a int, constraint pk primary key(a), constraint u unique(a))
create table t(a, primary key(a) unique(a))
create table t(a, primary key(a) b int)
create table t(a, primary key(a), b int)
create table t(a, primary key())
create table t(a, unique)
create table t(a, constraint)
create table t(a) without rowid
create table t(a) strict
create table t(a) strict, without rowid
create table t(a int) strict, without rowid
create table t(a) without foo
create table t(a) foo
create table t(a) without
create table t(a) strict,
create table t(a) without rowid without rowid
create table t(a) 'strict'
create table if not exists t(a)
create table if not t(a)
create table if exists t(a)
create temp table t(a)
create temporary table t(a)
create table temp.t(a)
create table main.t(a)
create table main.t.x(a)
create table t as select 1
create table t as values(1)
create table t as
create table t(a) as select 1
create temp table if not exists main.t as select 1 as x
create table 't'(a)
create table "t"(a)
create table [t](a)
create table t('a', "b", [c], `d`)
# ---- create index / view / trigger / virtual ----
create index i on t(a)
create unique index i on t(a, b desc)
create index if not exists main.i on t(a collate nocase asc)
create index i on t(a + b, lower(c))
create index i on t(a) where a > 0
create index i on t(a nulls first)
create index i on t(a desc nulls last)
create index i on t()
create index i on t
create index i on main.t(a)
create index i t(a)
create temp index i on t(a)
create unique i on t(a)
create view v as select 1
create view v(a, b) as select 1, 2
create view if not exists main.v as select 1
create temp view v as select 1
create view v(a collate nocase desc) as select 1
create view v(a desc) as select 1
create view v() as select 1
create view v as
create view v
create view v as values(1)
create view v as with x as (select 1) select * from x
create trigger tr after insert on t begin select 1; end
create trigger tr before delete on t for each row when old.a > 0 begin delete from u where a = old.a; end
create trigger tr instead of update of a, b on v begin update t set a = new.a; insert into t values(1); end
create trigger tr update on t begin select 1; end
create trigger tr on t begin select 1; end
create trigger tr insert on t begin end
create trigger tr insert on t begin select 1 end
create trigger tr insert on t begin select 1;
create trigger tr insert on t begin select 1
create trigger tr insert on t begin select 1; select 2; end
create trigger if not exists main.tr insert on t begin select 1; end
create temp trigger tr insert on t begin select 1; end
create trigger tr insert on main.t begin select 1; end
create trigger tr insert on t begin insert into main.u values(1); end
create trigger tr insert on t begin update main.u set a=1; end
create trigger tr insert on t begin delete from main.u; end
create trigger tr insert on t begin delete from u indexed by i; end
create trigger tr insert on t begin update u not indexed set a = 1; end
create trigger tr insert on t begin insert into u values(1) returning *; end
create trigger tr insert on t begin delete from u returning *; end
create trigger tr insert on t begin with x as (select 1) select * from x; end
create trigger tr insert on t begin insert into u default values; end
create trigger tr insert on t begin insert into u select 1 on conflict do nothing; end
create trigger tr insert on t begin replace into u values(1); end
create trigger tr insert on t begin insert or ignore into u values(1); end
create trigger tr insert on t begin update or fail u set a = 1 from v; end
create trigger tr insert on t begin select raise(abort, 'no'); end
create trigger tr insert on t begin select raise(ignore); end
create trigger tr insert on t begin delete from u order by a limit 1; end
create trigger tr insert on t begin values(1); end
create trigger tr insert on t begin create table x(a); end
create trigger tr after on t begin select 1; end
create trigger tr instead insert on t begin select 1; end
create trigger tr insert on t for each begin select 1; end
create trigger tr insert on t for each statement begin select 1; end
create trigger tr insert on t when begin select 1; end
create trigger tr insert on t begin select 1; end; select 2
create virtual table v using fts5(a, b)
create virtual table v using fts5()
create virtual table v using fts5
create virtual table if not exists main.v using m(a b, (c,d), e)
create virtual table v using m(a, 'b c', x=y, [z])
create virtual table v using m(a
create virtual table v using m(a,,b)
create virtual table v using m(,)
create virtual table v using m((a)
create virtual table v using
create virtual table v
create virtual t using m
create temp virtual table v using m
# ---- drop / alter ----
drop table t
drop table if exists t
drop table if exists main.t
drop table if t
drop index i
drop view v
drop trigger tr
drop trigger if exists main.tr
drop t
drop table
drop database x
alter table t rename to u
alter table main.t rename to u
alter table t rename to main.u
alter table t rename a to b
alter table t rename column a to b
alter table t rename column a
alter table t add b int
alter table t add column q int not null default 0
alter table t add column
alter table t drop b
alter table t drop column b
alter table t drop column
alter table t
alter t rename to u
alter table t foo
# ---- transactions ----
begin
begin transaction
begin deferred
begin immediate transaction
begin exclusive transaction tx
begin transaction tx
begin foo
begin concurrent
commit
commit transaction
commit transaction tx
end
end transaction
end foo
rollback
rollback transaction
rollback to sp
rollback to savepoint sp
rollback transaction to savepoint sp
rollback transaction tx
rollback to
rollback savepoint sp
savepoint sp
savepoint
release sp
release savepoint sp
release
# ---- pragma / attach / misc ----
pragma foo
pragma main.foo
pragma foo = 1
pragma foo = -1
pragma foo = +1
pragma foo = 1.5
pragma foo = 'x'
pragma foo = bar
pragma foo = on
pragma foo = off
pragma foo = yes
pragma foo = delete
pragma foo = default
pragma foo = null
pragma foo = true
pragma foo(1)
pragma foo(bar)
pragma foo('bar')
pragma foo(-1)
pragma foo = 
pragma foo(
pragma foo(1
pragma foo = 1 + 2
pragma foo = -bar
pragma foo = x'00'
pragma
pragma main.
pragma table_info(t)
pragma table_info = t
attach 'file' as x
attach database 'file' as x
attach 'file' as x key 'k'
attach 'file' || 'x' as 'x'
attach 'file'
attach 'file' as
attach x as y
detach x
detach database x
detach
vacuum
vacuum main
vacuum into 'file'
vacuum main into 'file'
vacuum into
vacuum main.x
reindex
reindex x
reindex main.x
reindex main.
analyze
analyze x
analyze main.x
explain select 1
explain query plan select 1
explain query select 1
explain explain select 1
explain
explain query plan
explain create table t(a)
explain begin
explain pragma foo
# ---- comments and whitespace inside statements ----
select/*x*/1
select--x\n1
select\n1\n+\n2
select\t1
select 1 /* a */ ; /* b */ select 2
# ---- frames ----
select sum(x) over (rows 1 following) from t
select sum(x) over (rows 1 + 2 following) from t
select sum(x) over (rows 1 following x) from t
select sum(x) over (rows between 1 following and current row) from t
select sum(x) over (rows between 1 following and 1 preceding) from t
select sum(x) over (rows between 1 following and unbounded following) from t
select sum(x) over (rows between current row and 1 preceding) from t
select sum(x) over (rows between current row and current row) from t
select sum(x) over (rows between 1 preceding and 1 preceding) from t
select sum(x) over (rows between unbounded preceding and 1 preceding) from t
# ---- more names and tokens ----
select :a::b
select @a::b
select @a(b)
select #
select #a(b)
select #a::b
select # 1
select ?1(a)
select #1a
create table if.x(a)
create table if not exists if(a)
drop table if
drop table if.x
create index if on t(a)
create view if as select 1
create trigger if insert on t begin select 1; end
select * from t on 1, u
select * from t on 1 where 1
select * from t on 1 join u
select * from t on 1 on 2
select * from t on 1 +
create table t(a, constraint c)
create table t(a, constraint c, constraint d primary key(a))
create table t(a, constraint c unique(a) constraint d)
create table t(a) "strict"
create table t(a) [strict]
create table t(a) without "rowid"
create table t(a) without 'rowid'
create table t(a int generated always as (1) stored generated always as (2))
create table t(a int, b int generated always as (a) stored unique not null)
create table t(a int default 1 as (1))
create table t(a int as (1) default 1)
create table t(a int primary key as (1))
create table t(a as (1) as (2))
create table t(a as (1) stored virtual)
create table t(a as (1) "stored")
create table t(a as (1) [stored])
create table t(a as (1) 'stored')
create table t(a as (1) key)
create table t(a as (1) primary key)
create table t(a, constraint c primary key(a), constraint d)
create table t(a, constraint c check(a) constraint d check(a))
create table t(a constraint c constraint d)
create table t(a int default 1 default 2)
create trigger tr insert on t begin update u not indexed set a = 1; end
create trigger tr insert on t begin update u indexed by i set a = 1; end
create trigger tr insert on t begin delete from u not indexed; end
create trigger tr insert on t begin delete from u where 1 returning *; end
create trigger tr insert on t begin update u set a=1 returning *; end
create trigger tr insert on t begin delete from main.u where 1; end
create trigger tr insert on t begin delete from u as x; end
create trigger tr insert on t begin insert into u as x values(1); end
create trigger tr insert on t begin update u as x set a = 1; end
create trigger tr insert on t begin update u set a = 1 from t; end
create trigger tr insert on t begin update u set a = 1 order by a; end
create trigger tr insert on t begin update u set a = 1 limit 1; end
create trigger tr insert on t begin delete from u limit 1; end
create trigger tr insert on t begin insert into u values(1) on conflict do nothing returning *; end
select #12 3
# ---- more valid seeds ----
with recursive cnt(x) as materialized (select 1 union all select x + 1 from cnt limit 10) select group_concat(x, ',') filter (where x % 2 = 0) over (partition by x > 5 order by x desc nulls first rows between 2 preceding and current row exclude ties) as g from cnt window w as (order by x) order by 1 limit 3 offset 1
insert or ignore into t(a, b) select x, y from u where true on conflict(a) where a > 0 do update set (b, c) = (excluded.b, excluded.c), x = coalesce(t.x, 0) + 1 where t.b is not excluded.b on conflict do nothing returning a, b as bee, *
update or rollback t as tt indexed by i set a = (select max(a) from u where u.b = tt.b), (b, c) = (1, 2) from u left join (select 1 as k) as s on s.k = u.a where tt.a between 1 and 10 returning tt.a order by tt.a desc limit 5 offset 2
delete from main.t as x not indexed where x.a in (select a from u except select 1) and exists (select 1 from u where u.a = x.a) returning *, x.a + 1 order by a limit 1
create temp trigger if not exists tr1 instead of update of a, b on v for each row when new.a is not null and old.b like 'x%' escape '\' begin insert into t(a) values(new.a) on conflict do nothing; update t set b = new.b where a = old.a; delete from u where a = old.a; select raise(rollback, 'nope') where new.a < 0; end
create table if not exists main.t2(id integer primary key autoincrement, name text not null collate nocase unique on conflict replace default 'x', v real check (v > 0) default -1.5e3, blob_col blob default x'00ff', ts text default current_timestamp, ref integer constraint fk references t(a) on delete set null on update cascade deferrable initially deferred, g as (v * 2) stored, constraint pk2 unique (name, v desc), check (id > 0), foreign key (ref, id) references u(a, b) match simple) strict
select case x when 1 then 'one' when 2 then 'two' else cast(x as text) end || ' ' || printf('%d', x) collate binary, x -> '$.a' ->> 'b', x glob '*a*' or x regexp 'b' and x not match 'c', (select count(*) from t t2 where t2.x = t.x), x isnull, x notnull, x not null, +x, -x, ~x, not x from t natural join u cross join v left outer join w using (x) right join y on 1 full outer join z on 1
select * from t indexed by i, u not indexed, json_each('[1,2]') as j, (select 1 as a) s, (u join v using (a)) as uv where t.a = ?1 and u.b = :b and v.c = @c and w.d = $d and ? is not null group by 1, 2 having count(*) > 1 and sum(t.a) filter (where t.a > 0) > 0
values (1, 'a', x'01', null, 1.5, -2, +3, 0x10, current_date), (2, 'b', x'02', null, 2.5, -3, +4, 0x20, current_time)
select 1 union select 2 union all select 3 intersect select 4 except select 5 order by 1 desc limit 1, 2
alter table main.t rename column a to "b c"
attach database ':memory:' || '' as aux key 'secret'
pragma aux.table_xinfo("t")
select sum(x) over (), sum(x) over w, sum(x) over (w), sum(x) over (w rows unbounded preceding) from t window w as (partition by y)
select ntile(2) over (order by x range between unbounded preceding and unbounded following exclude current row), lag(x, 1, 0) over (order by x groups 1 preceding), nth_value(x, 2) over (order by x range between current row and 5 following exclude group) from t
create index if not exists main.idx on t(lower(a) collate nocase desc, b + 1, c) where a is not null and b > 0
create view if not exists main.vv(a, b) as with c as (select 1, 2) select * from c
# ---- unusual characters ----
select1
select1
select 1
seléct 1
select "é"
select 1  
select é from t
select 1 € 2
# ---- BETWEEN's lower bound, NULLS in keys ----
select 1 between 2 or 3 and 4
select 1 between 2 or 3 and 4 and 5
select 1 between 2 and 3 or 4
select 1 not between 2 or 3 and 4 and 5
select 1 between fail or 3 and not 4
create table t(a, primary key(a nulls first))
create table t(a, unique(a desc nulls last))
create table t(a, unique(a desc nulls last) on conflict ignore)
create table t(a, unique(a desc nulls last) x)
insert into t values(1) on conflict(a nulls first) do nothing
insert into t values(1) on conflict(a nulls) do nothing
insert into t values(1) on conflict(a collate nocase nulls desc) do nothing
create trigger tr insert on t begin insert into main.u default values(1); end
select #12 on 3
# ---- examples in the style of windowfunctions.html ----
SELECT x, y, row_number() OVER win1, rank() OVER win2 FROM t0 WINDOW win1 AS (ORDER BY y RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), win2 AS (PARTITION BY y ORDER BY x) ORDER BY x;
SELECT group_concat(b, '.') OVER ( win ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW ) FROM t1 WINDOW win AS (PARTITION BY a ORDER BY c);
SELECT a, b, group_concat(b, '.') FILTER (WHERE c!='two') OVER (ORDER BY a) AS group_concat FROM t1;
SELECT c, a, b, group_concat(b, '.') OVER (ORDER BY c GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE NO OTHERS) AS no_others FROM t1 ORDER BY c, a;
SELECT a AS a, row_number() OVER win AS rn, rank() OVER win, dense_rank() OVER win, percent_rank() OVER win, cume_dist() OVER win FROM t2 WINDOW win AS (ORDER BY a);
SELECT a, ntile(2) OVER win, ntile(4) OVER win, lag(b) OVER win, lead(b, 2, 'n/a') OVER win, first_value(b) OVER win, last_value(b) OVER win, nth_value(b, 3) OVER win FROM t1 WINDOW win AS (ORDER BY b NULLS LAST ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING);
create view v([q] collate nocase desc) as select 1
