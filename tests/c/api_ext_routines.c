/* An automatic extension written as a loadable one (SQLITE_EXTENSION_INIT1/2): every call it
 * makes goes through the pApi table it receives, so the table's layout must be SQLite's.
 * Compared with the system SQLite. The program's own calls come first, before sqlite3ext.h
 * turns sqlite3_* names into table lookups. */
#include <sqlite3.h>
#include <stdio.h>

static int ext_init(sqlite3 *db, char **err, const struct sqlite3_api_routines *api);

static void show(sqlite3 *db, const char *sql) {
  sqlite3_stmt *s = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &s, 0) != SQLITE_OK) {
    printf("%s -> error %s\n", sql, sqlite3_errmsg(db));
    return;
  }
  while (sqlite3_step(s) == SQLITE_ROW) printf("%s -> %s\n", sql, sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
}

int main(void) {
  sqlite3_auto_extension((void (*)(void))ext_init);
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  show(db, "select half(7)");
  show(db, "select shout('abc')");
  show(db, "select total_len(x) from (select 'ab' x union all select 'cde')");
  show(db, "select ext_version() = sqlite_version()");
  sqlite3_close(db);
  sqlite3_reset_auto_extension();
  return 0;
}

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

static void half(sqlite3_context *c, int n, sqlite3_value **v) {
  (void)n;
  sqlite3_result_double(c, sqlite3_value_double(v[0]) / 2);
}
static void shout(sqlite3_context *c, int n, sqlite3_value **v) {
  (void)n;
  char *s = sqlite3_mprintf("%s!", (const char *)sqlite3_value_text(v[0]));
  sqlite3_result_text(c, s, -1, sqlite3_free);
}
static void len_step(sqlite3_context *c, int n, sqlite3_value **v) {
  (void)n;
  sqlite3_int64 *acc = sqlite3_aggregate_context(c, sizeof *acc);
  if (acc) *acc += sqlite3_value_bytes(v[0]);
}
static void len_final(sqlite3_context *c) {
  sqlite3_int64 *acc = sqlite3_aggregate_context(c, 0);
  sqlite3_result_int64(c, acc ? *acc : 0);
}
static void ext_version(sqlite3_context *c, int n, sqlite3_value **v) {
  (void)n;
  (void)v;
  sqlite3_result_text(c, sqlite3_libversion(), -1, SQLITE_STATIC);
}

static int ext_init(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  (void)err;
  SQLITE_EXTENSION_INIT2(api);
  int rc = sqlite3_create_function(db, "half", 1, SQLITE_UTF8, 0, half, 0, 0);
  if (rc == SQLITE_OK) rc = sqlite3_create_function_v2(db, "shout", 1, SQLITE_UTF8, 0, shout, 0, 0, 0);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_window_function(db, "total_len", 1, SQLITE_UTF8, 0, len_step, len_final, 0, 0, 0);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "ext_version", 0, SQLITE_UTF8, 0, ext_version, 0, 0);
  return rc;
}
