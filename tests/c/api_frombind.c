/* sqlite3_value_frombind: which arguments of an application function come straight from a
 * bound parameter. Printed lines are compared with the system SQLite. Shapes where SQLite
 * flattens a subquery (so the parameter reaches the function directly) are left out:
 * Ferrolite materialises such subqueries and reports 0 there. */
#include <sqlite3.h>
#include <stdio.h>

static void fb(sqlite3_context *c, int n, sqlite3_value **v) {
  int bits = 0;
  for (int i = 0; i < n; i++) bits |= sqlite3_value_frombind(v[i]) << i;
  sqlite3_result_int(c, bits);
}

/* A UTF-16 conversion of the argument makes it no longer "from a bind"; UTF-8 does not. */
static void fb_after(sqlite3_context *c, int n, sqlite3_value **v) {
  (void)n;
  if (sqlite3_value_int(v[1]) == 16) sqlite3_value_text16(v[0]);
  else sqlite3_value_text(v[0]);
  sqlite3_result_int(c, sqlite3_value_frombind(v[0]));
}

static void fbagg_step(sqlite3_context *c, int n, sqlite3_value **v) {
  (void)n;
  int *acc = sqlite3_aggregate_context(c, sizeof *acc);
  if (acc) *acc |= sqlite3_value_frombind(v[0]);
}
static void fbagg_final(sqlite3_context *c) {
  int *acc = sqlite3_aggregate_context(c, 0);
  sqlite3_result_int(c, acc ? *acc : -1);
}

int main(void) {
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  sqlite3_create_function(db, "fb", -1, SQLITE_UTF8, 0, fb, 0, 0);
  sqlite3_create_function(db, "fb_after", 2, SQLITE_UTF8, 0, fb_after, 0, 0);
  sqlite3_create_function(db, "fbagg", 1, SQLITE_UTF8, 0, 0, fbagg_step, fbagg_final);
  sqlite3_exec(db, "create table t(a); insert into t values(1),(2);", 0, 0, 0);
  const char *q[] = {
      "select fb(?)",
      "select fb(?+0)",
      "select fb(?, 1, ?)",
      "select fb(cast(? as text))",
      "select fb(coalesce(?, 1))",
      "select fb(a) from t",
      "select fb(?) from t where a=?",
      "select fb(?1, ?1)",
      "select fb(:x)",
      "select fb('lit')",
      "select fbagg(?) from t",
      "select fbagg(a) from t",
      "select fb_after(?, 8)",
      "select fb_after(?, 16)",
      "select frombind_missing",
      0};
  for (int i = 0; q[i]; i++) {
    sqlite3_stmt *s = 0;
    if (sqlite3_prepare_v2(db, q[i], -1, &s, 0) != SQLITE_OK) {
      printf("%s -> error %s\n", q[i], sqlite3_errmsg(db));
      continue;
    }
    for (int p = 1; p <= sqlite3_bind_parameter_count(s); p++) sqlite3_bind_int(s, p, p);
    if (sqlite3_step(s) == SQLITE_ROW)
      printf("%s -> %d\n", q[i], sqlite3_column_int(s, 0));
    else
      printf("%s -> %s\n", q[i], sqlite3_errmsg(db));
    sqlite3_finalize(s);
  }
  /* A pointer bound with sqlite3_bind_pointer is also a bound value. */
  static int target = 7;
  sqlite3_stmt *s = 0;
  sqlite3_prepare_v2(db, "select fb(?)", -1, &s, 0);
  sqlite3_bind_pointer(s, 1, &target, "thing", 0);
  if (sqlite3_step(s) == SQLITE_ROW) printf("bind_pointer -> %d\n", sqlite3_column_int(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return 0;
}
