.open /nonexistent/q.db
select 1;
.databases
.open
.databases
.show
.show
.open /nonexistent/q.db
select 1;
.show
