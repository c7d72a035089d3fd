/* api_reentry.c — a user function and a user aggregate that run SQL on their own connection
 * while the statement calling them is running, as SQLite allows. Compared with the system
 * SQLite by tests/c/run.sh. */
#include <stdio.h>
#include "sqlite3.h"

static int nested_rc = -1;

/* Inserts its argument into t2 through the same connection. */
static void copy_to_t2(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  sqlite3_stmt *st = 0;
  nested_rc = sqlite3_prepare_v2(db, "INSERT INTO t2 VALUES(?)", -1, &st, 0);
  if (nested_rc == SQLITE_OK) {
    sqlite3_bind_value(st, 1, argv[0]);
    nested_rc = sqlite3_step(st);
  }
  sqlite3_finalize(st);
  sqlite3_result_int(ctx, nested_rc);
}

/* An aggregate whose step counts rows of t2 through the same connection. */
static void count_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  long long *acc = sqlite3_aggregate_context(ctx, sizeof *acc);
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  sqlite3_stmt *st = 0;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t2", -1, &st, 0) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && acc)
    *acc += sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
}

static void count_final(sqlite3_context *ctx) {
  long long *acc = sqlite3_aggregate_context(ctx, 0);
  sqlite3_result_int64(ctx, acc ? *acc : 0);
}

static int print_row(void *arg, int n, char **values, char **names) {
  (void)arg;
  for (int i = 0; i < n; i++) printf("%s%s=%s", i ? " " : "  ", names[i], values[i] ? values[i] : "NULL");
  printf("\n");
  return 0;
}

int main(void) {
  sqlite3 *db = 0;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "CREATE TABLE t(a); CREATE TABLE t2(b); INSERT INTO t VALUES(1),(2),(3)", 0, 0, 0);
  sqlite3_create_function(db, "copy_to_t2", 1, SQLITE_UTF8, 0, copy_to_t2, 0, 0);
  sqlite3_create_function(db, "count_t2", 0, SQLITE_UTF8, 0, 0, count_step, count_final);

  char *err = 0;
  int rc = sqlite3_exec(db, "SELECT a, copy_to_t2(a * 10) AS rc FROM t ORDER BY a", print_row, 0, &err);
  printf("scalar: rc=%d err=%s nested_rc=%d\n", rc, err ? err : "(null)", nested_rc);
  sqlite3_free(err);
  sqlite3_exec(db, "SELECT count(*) AS n, sum(b) AS s FROM t2", print_row, 0, 0);

  rc = sqlite3_exec(db, "SELECT count_t2() AS c FROM t", print_row, 0, &err);
  printf("aggregate: rc=%d err=%s\n", rc, err ? err : "(null)");
  sqlite3_free(err);

  rc = sqlite3_exec(db, "INSERT INTO t SELECT copy_to_t2(a + 100) FROM t", 0, 0, &err);
  printf("insert-select: rc=%d err=%s changes=%d\n", rc, err ? err : "(null)", sqlite3_changes(db));
  sqlite3_free(err);
  sqlite3_exec(db, "SELECT count(*) AS n FROM t2", print_row, 0, 0);
  printf("close=%d\n", sqlite3_close(db));
  return 0;
}
