/* misuse_reentry.c — a user function that runs SQL on its own connection. SQLite allows it;
 * this build cannot yet (the engine holds the connection while it steps), and must refuse
 * with an error rather than hang. Runs only on Ferrolite; prints "ok" lines. */
#include <stdio.h>
#include "sqlite3.h"

static int inner_rc = -1;

static void reenter(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  sqlite3_stmt *st = 0;
  inner_rc = sqlite3_prepare_v2(db, "INSERT INTO t VALUES(1)", -1, &st, 0);
  sqlite3_finalize(st);
  (void)sqlite3_get_autocommit(db);
  (void)sqlite3_changes(db);
  sqlite3_result_int(ctx, inner_rc);
}

int main(void) {
  sqlite3 *db = 0;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "CREATE TABLE t(a); INSERT INTO t VALUES(0)", 0, 0, 0);
  sqlite3_create_function(db, "reenter", 0, SQLITE_UTF8, 0, reenter, 0, 0);
  sqlite3_stmt *st = 0;
  sqlite3_prepare_v2(db, "SELECT reenter() FROM t", -1, &st, 0);
  int rc = sqlite3_step(st);
  printf("%s step returned (rc=%d)\n", rc == SQLITE_ROW ? "ok" : "FAIL", rc);
  printf("%s nested prepare refused (rc=%d)\n", inner_rc == SQLITE_LOCKED ? "ok" : "FAIL", inner_rc);
  sqlite3_finalize(st);
  rc = sqlite3_exec(db, "SELECT reenter()", 0, 0, 0);
  printf("%s exec returned (rc=%d)\n", rc == SQLITE_OK ? "ok" : "FAIL", rc);
  rc = sqlite3_exec(db, "INSERT INTO t VALUES(2)", 0, 0, 0);
  printf("%s connection usable afterwards (rc=%d)\n", rc == SQLITE_OK ? "ok" : "FAIL", rc);
  sqlite3_close(db);
  return 0;
}
