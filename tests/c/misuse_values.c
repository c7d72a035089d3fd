/* misuse_values.c — NULL handles and out-of-order calls on the value, result, bind, column,
 * function and hook APIs (undefined in SQLite): Ferrolite answers harmlessly. Prints only
 * "ok" lines when every answer is the expected one. */
#include <stdio.h>
#include <string.h>
#include "sqlite3.h"

static int failures = 0;
static void check(const char *what, int cond) {
  if (cond) printf("ok %s\n", what);
  else { printf("FAILED %s\n", what); failures++; }
}

static int destroyed = 0;
static void destroy(void *p) { (void)p; destroyed++; }
static void fn(sqlite3_context *c, int n, sqlite3_value **v) { (void)n; (void)v; sqlite3_result_null(c); }
static int cmp(void *p, int a, const void *x, int b, const void *y) {
  (void)p; (void)a; (void)x; (void)b; (void)y; return 0;
}

int main(void) {
  /* values */
  check("value_type(NULL)", sqlite3_value_type(0) == SQLITE_NULL);
  check("value_int(NULL)", sqlite3_value_int(0) == 0);
  check("value_int64(NULL)", sqlite3_value_int64(0) == 0);
  check("value_double(NULL)", sqlite3_value_double(0) == 0.0);
  check("value_text(NULL)", sqlite3_value_text(0) == 0);
  check("value_text16(NULL)", sqlite3_value_text16(0) == 0);
  check("value_blob(NULL)", sqlite3_value_blob(0) == 0);
  check("value_bytes(NULL)", sqlite3_value_bytes(0) == 0);
  check("value_bytes16(NULL)", sqlite3_value_bytes16(0) == 0);
  check("value_subtype(NULL)", sqlite3_value_subtype(0) == 0);
  check("value_dup(NULL)", sqlite3_value_dup(0) == 0);
  sqlite3_value_free(0);
  check("value_free(NULL)", 1);

  /* results and context accessors with a NULL context */
  sqlite3_result_int(0, 1);
  sqlite3_result_text(0, "x", -1, SQLITE_TRANSIENT);
  sqlite3_result_error(0, "e", -1);
  sqlite3_result_null(0);
  check("result_*(NULL ctx)", 1);
  check("user_data(NULL)", sqlite3_user_data(0) == 0);
  check("context_db_handle(NULL)", sqlite3_context_db_handle(0) == 0);
  check("aggregate_context(NULL)", sqlite3_aggregate_context(0, 8) == 0);
  check("get_auxdata(NULL)", sqlite3_get_auxdata(0, 0) == 0);

  /* statements */
  check("bind_int(NULL)", sqlite3_bind_int(0, 1, 1) == SQLITE_MISUSE);
  check("bind_text(NULL)", sqlite3_bind_text(0, 1, "x", -1, SQLITE_STATIC) == SQLITE_MISUSE);
  check("bind_null(NULL)", sqlite3_bind_null(0, 1) == SQLITE_MISUSE);
  check("bind_parameter_count(NULL)", sqlite3_bind_parameter_count(0) == 0);
  check("bind_parameter_name(NULL)", sqlite3_bind_parameter_name(0, 1) == 0);
  check("bind_parameter_index(NULL)", sqlite3_bind_parameter_index(0, ":a") == 0);
  check("column_count(NULL)", sqlite3_column_count(0) == 0);
  check("column_type(NULL)", sqlite3_column_type(0, 0) == SQLITE_NULL);
  check("column_int(NULL)", sqlite3_column_int(0, 0) == 0);
  check("column_text(NULL)", sqlite3_column_text(0, 0) == 0);
  check("column_value(NULL)", sqlite3_column_value(0, 0) == 0);
  check("column_name(NULL)", sqlite3_column_name(0, 0) == 0);
  check("column_decltype(NULL)", sqlite3_column_decltype(0, 0) == 0);
  check("column_table_name16(NULL)", sqlite3_column_table_name16(0, 0) == 0);

  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT 1 AS a", -1, &st, 0);
  check("column_name out of range", sqlite3_column_name(st, 5) == 0);
  check("column_decltype out of range", sqlite3_column_decltype(st, -1) == 0);
  check("column_origin_name16 out of range", sqlite3_column_origin_name16(st, 3) == 0);
  check("column_text before step", sqlite3_column_text(st, 0) == 0);
  check("column_type before step", sqlite3_column_type(st, 0) == SQLITE_NULL);
  check("bind_text negative index", sqlite3_bind_text(st, -3, "x", -1, SQLITE_STATIC) == SQLITE_RANGE);
  sqlite3_step(st);
  check("bind while running", sqlite3_bind_int(st, 1, 1) == SQLITE_MISUSE);
  sqlite3_finalize(st);

  /* functions and collations on a NULL connection; destructors still run */

  check("create_function_v2(NULL db)",
        sqlite3_create_function_v2(0, "f", 1, SQLITE_UTF8, 0, fn, 0, 0, destroy) == SQLITE_MISUSE);
  check("create_function(NULL name)",
        sqlite3_create_function(db, 0, 1, SQLITE_UTF8, 0, fn, 0, 0) == SQLITE_MISUSE);
  check("create_collation(NULL db)",
        sqlite3_create_collation(0, "c", SQLITE_UTF8, 0, cmp) == SQLITE_MISUSE);
  check("create_window_function(NULL db)",
        sqlite3_create_window_function(0, "w", 1, SQLITE_UTF8, 0, 0, 0, 0, 0, 0) == SQLITE_MISUSE);
  check("overload_function(NULL db)", sqlite3_overload_function(0, "f", 1) == SQLITE_MISUSE);
  check("table_column_metadata(NULL db)",
        sqlite3_table_column_metadata(0, 0, "t", "c", 0, 0, 0, 0, 0) == SQLITE_MISUSE);
  check("table_column_metadata(NULL table)",
        sqlite3_table_column_metadata(db, 0, 0, "c", 0, 0, 0, 0, 0) == SQLITE_MISUSE);

  /* hooks on a NULL connection */
  check("commit_hook(NULL)", sqlite3_commit_hook(0, 0, 0) == 0);
  check("rollback_hook(NULL)", sqlite3_rollback_hook(0, 0, 0) == 0);
  check("update_hook(NULL)", sqlite3_update_hook(0, 0, 0) == 0);
  sqlite3_progress_handler(0, 1, 0, 0);
  check("progress_handler(NULL)", 1);
  check("trace_v2(NULL)", sqlite3_trace_v2(0, 0, 0, 0) == SQLITE_MISUSE);
  check("set_authorizer(NULL)", sqlite3_set_authorizer(0, 0, 0) == SQLITE_MISUSE);
  check("busy_handler(NULL)", sqlite3_busy_handler(0, 0, 0) == SQLITE_MISUSE);
  check("busy_timeout(NULL)", sqlite3_busy_timeout(0, 10) == SQLITE_MISUSE);
  sqlite3_close(db);
  return failures != 0;
}
