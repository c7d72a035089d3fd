/* The legacy tracing calls sqlite3_trace and sqlite3_profile (deprecated, still used by old
 * programs): what they report, that they coexist, that sqlite3_trace_v2 cancels them and they
 * cancel it, and what they return. Compared with the system SQLite; durations are not
 * printed (they differ), only whether one was reported. */
#include <sqlite3.h>
#include <stdio.h>

static void on_trace(void *arg, const char *sql) { printf("  trace[%s]: %s\n", (const char *)arg, sql); }
static void on_profile(void *arg, const char *sql, sqlite3_uint64 ns) {
  (void)ns;
  printf("  profile[%s]: %s\n", (const char *)arg, sql);
}
static int on_v2(unsigned type, void *ctx, void *p, void *x) {
  (void)ctx; (void)x;
  printf("  v2 event %u: %s\n", type, type == SQLITE_TRACE_STMT ? sqlite3_sql((sqlite3_stmt *)p) : "");
  return 0;
}

static void run(sqlite3 *db, const char *sql, int bind) {
  sqlite3_stmt *s = 0;
  printf("%s\n", sql);
  if (sqlite3_prepare_v2(db, sql, -1, &s, 0) != SQLITE_OK) return;
  if (bind) sqlite3_bind_text(s, 1, "it's", -1, SQLITE_STATIC);
  while (sqlite3_step(s) == SQLITE_ROW) {
  }
  sqlite3_finalize(s);
}

static const char profile_arg[] = "P";

int main(void) {
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  printf("trace prev=%p\n", sqlite3_trace(db, on_trace, "A"));
  run(db, "select ?1, 2", 1);
  printf("profile prev=%p\n", sqlite3_profile(db, on_profile, (void *)profile_arg));
  run(db, "select 3", 0);
  printf("trace again prev is A=%d\n", (const char *)sqlite3_trace(db, on_trace, "B") != 0);
  run(db, "select 4", 0);
  sqlite3_trace_v2(db, SQLITE_TRACE_STMT, on_v2, 0);
  run(db, "select 5", 0);
  printf("trace after v2 prev=%p\n", sqlite3_trace(db, on_trace, "C"));
  run(db, "select 6", 0);
  printf("trace off prev is C=%d\n", (const char *)sqlite3_trace(db, 0, 0) != 0);
  printf("profile off prev is P=%d\n", sqlite3_profile(db, 0, 0) == (void *)profile_arg);
  run(db, "select 7", 0);
  sqlite3_close(db);
  return 0;
}
