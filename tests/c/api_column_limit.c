/* SQLITE_LIMIT_COLUMN set with sqlite3_limit applies to every table, index, result set
 * (subqueries, views, CTEs, CREATE TABLE AS), SET list, GROUP BY and ORDER BY: each statement
 * prints its prepare outcome, compared with the system SQLite. */
#include <sqlite3.h>
#include <stdio.h>

int main(void) {
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "create table w(a,b,c,d,e); create table w2(a,b,c);", 0, 0, 0);
  printf("old limit %d\n", sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 5));
  printf("new limit %d\n", sqlite3_limit(db, SQLITE_LIMIT_COLUMN, -1));
  const char *q[] = {
      "create table t(a,b,c,d,e,f)",
      "create table t3(a,b,c,d,e)",
      "select * from (select 1,2,3,4,5,6)",
      "select a from w group by a,b,c,d,e,a",
      "select a from w order by a,b,c,d,e,a",
      "create index i on w(a,b,c,d,e,a)",
      "create index i2 on w(a,b,c,d,e)",
      "update w set a=1,b=2,c=3,d=4,e=5,a=6",
      "insert into w(a,b,c,d,e,a) values(1,2,3,4,5,6)",
      "create view v as select 1,2,3,4,5,6",
      "select * from v",
      "select count(*) from (select 1,2,3,4,5,6)",
      "select (select 1,2,3,4,5,6)",
      "with x as (select 1,2,3,4,5,6) select 1 from x",
      "create table t5 as select 1,2,3,4,5,6",
      "select * from w2, w2 as w3",
      "select count(*) from w2, w2 as w3",
      "select * from w2 join w2 w3 using(a)",
      "alter table w add column f",
      "values(1,2,3,4,5,6)",
      "select 1 from w where exists (select 1,2,3,4,5,6)",
      "select 1 from w where a in (1,2,3,4,5,6)",
      "select 1 from w group by a order by a,b,c,d,e,a",
      "select 1,2 union select 1,2,3,4,5,6",
      0};
  for (int i = 0; q[i]; i++) {
    sqlite3_stmt *s = 0;
    int rc = sqlite3_prepare_v2(db, q[i], -1, &s, 0);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    printf("%s -> %d %s\n", q[i], rc, rc == SQLITE_DONE || rc == SQLITE_ROW ? "" : sqlite3_errmsg(db));
    sqlite3_finalize(s);
  }
  sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 2000);
  sqlite3_stmt *s = 0;
  printf("after reset: %d\n", sqlite3_prepare_v2(db, "select * from (select 1,2,3,4,5,6)", -1, &s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return 0;
}
