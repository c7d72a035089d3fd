/* misuse_ext.c — the entry points of features this build does not have (virtual tables, the
 * session extension, run-time loadable extensions) answer with the errors docs/c-abi.md
 * documents, and the extension-facing entry points take NULL, closed and bogus handles
 * without crashing. Ferrolite only (SQLite has these features, or leaves the misuse
 * undefined): every line must start with "ok". sqlite3_is_interrupted (SQLite 3.41) is
 * checked here too, since the reference library (3.40.1) lacks it. */
#include <stdio.h>
#include <string.h>
#include "sqlite3.h"

#define CHECK(cond, what) printf("%s %s\n", (cond) ? "ok  " : "FAIL", what)

static int destroyed;
static void on_destroy(void *p) {
  (void)p;
  destroyed++;
}

static int filter(void *ctx, const char *table) {
  (void)ctx;
  (void)table;
  return 1;
}

static void check_vtab(sqlite3 *db) {
  static const char module[64];
  CHECK(sqlite3_create_module(db, "m", (const void *)module, 0) == SQLITE_MISUSE,
        "create_module: SQLITE_MISUSE");
  CHECK(strstr(sqlite3_errmsg(db), "not supported") != 0, "create_module: message");
  int aux = 1;
  CHECK(sqlite3_create_module_v2(db, "m", (const void *)module, &aux, on_destroy) == SQLITE_MISUSE,
        "create_module_v2: SQLITE_MISUSE");
  CHECK(destroyed == 1, "create_module_v2: xDestroy called on failure");
  CHECK(sqlite3_create_module_v2(db, "m", (const void *)module, 0, on_destroy) == SQLITE_MISUSE &&
            destroyed == 1,
        "create_module_v2: no xDestroy for NULL aux");
  CHECK(sqlite3_create_module(0, "m", (const void *)module, 0) == SQLITE_MISUSE,
        "create_module(NULL db)");
  CHECK(sqlite3_declare_vtab(db, "CREATE TABLE x(a)") == SQLITE_MISUSE,
        "declare_vtab outside xCreate: SQLITE_MISUSE");
  CHECK(sqlite3_declare_vtab(0, 0) == SQLITE_MISUSE, "declare_vtab(NULL)");
  CHECK(sqlite3_vtab_config(db, 1 /* SQLITE_VTAB_CONSTRAINT_SUPPORT */, 1) == SQLITE_MISUSE,
        "vtab_config outside xConnect: SQLITE_MISUSE");
  CHECK(sqlite3_vtab_config(0, 2) == SQLITE_MISUSE, "vtab_config(NULL)");
  CHECK(sqlite3_vtab_on_conflict(db) == SQLITE_MISUSE, "vtab_on_conflict outside xUpdate");
  CHECK(sqlite3_vtab_on_conflict(0) == SQLITE_MISUSE, "vtab_on_conflict(NULL)");
  CHECK(sqlite3_vtab_nochange(0) == 0, "vtab_nochange(NULL): 0");
  const char *coll = sqlite3_vtab_collation(0, 0);
  CHECK(coll && strcmp(coll, "BINARY") == 0, "vtab_collation(NULL): BINARY");
  CHECK(sqlite3_drop_modules(db, 0) == SQLITE_OK, "drop_modules: none to drop");
  const char *keep[] = {"m", 0};
  CHECK(sqlite3_drop_modules(db, keep) == SQLITE_OK, "drop_modules with keep list");
  CHECK(sqlite3_drop_modules(0, 0) == SQLITE_OK || sqlite3_drop_modules(0, 0) == SQLITE_MISUSE,
        "drop_modules(NULL)");
}

static void check_session(sqlite3 *db) {
  void *s = (void *)1;
  CHECK(sqlite3session_create(db, "main", &s) == SQLITE_ERROR && s == 0,
        "session_create: SQLITE_ERROR, NULL session");
  CHECK(strstr(sqlite3_errmsg(db), "not supported") != 0, "session_create: message");
  CHECK(sqlite3session_create(0, "main", &s) == SQLITE_MISUSE, "session_create(NULL db)");
  CHECK(sqlite3session_create(db, "main", 0) == SQLITE_ERROR, "session_create(NULL out)");
  CHECK(sqlite3session_enable(0, 1) == 0, "session_enable(NULL)");
  CHECK(sqlite3session_indirect(0, -1) == 0, "session_indirect(NULL)");
  CHECK(sqlite3session_isempty(0) == 1, "session_isempty(NULL): empty");
  CHECK(sqlite3session_attach(0, "t") == SQLITE_ERROR, "session_attach(NULL)");
  sqlite3session_table_filter(0, (const void *)filter, 0);
  CHECK(1, "session_table_filter(NULL) harmless");
  int n = 99;
  void *p = (void *)1;
  CHECK(sqlite3session_changeset(0, &n, &p) == SQLITE_ERROR && n == 0 && p == 0,
        "session_changeset(NULL): empty, SQLITE_ERROR");
  n = 99;
  p = (void *)1;
  CHECK(sqlite3session_patchset(0, &n, &p) == SQLITE_ERROR && n == 0 && p == 0,
        "session_patchset(NULL): empty, SQLITE_ERROR");
  CHECK(sqlite3session_changeset(0, 0, 0) == SQLITE_ERROR, "session_changeset(NULL outs)");
  sqlite3session_delete(0);
  CHECK(1, "session_delete(NULL) harmless");
}

static void check_load_extension(sqlite3 *db) {
  char *err = 0;
  CHECK(sqlite3_load_extension(db, "/nonexistent/ext.so", 0, &err) == SQLITE_ERROR,
        "load_extension: SQLITE_ERROR");
  CHECK(err && strcmp(err, "not authorized") == 0, "load_extension: errmsg not authorized");
  sqlite3_free(err);
  CHECK(sqlite3_enable_load_extension(db, 1) == SQLITE_OK, "enable_load_extension accepted");
  CHECK(sqlite3_load_extension(db, "/nonexistent/ext.so", "entry", 0) == SQLITE_ERROR &&
            strcmp(sqlite3_errmsg(db), "not authorized") == 0,
        "load_extension still refused, NULL errmsg pointer");
  CHECK(sqlite3_enable_load_extension(0, 1) == SQLITE_MISUSE, "enable_load_extension(NULL)");
  CHECK(sqlite3_load_extension(0, "x", 0, 0) == SQLITE_MISUSE, "load_extension(NULL db)");
}

static void check_interrupt(sqlite3 *db) {
  CHECK(sqlite3_is_interrupted(db) == 0, "is_interrupted: 0 at first");
  sqlite3_interrupt(db);
  CHECK(sqlite3_is_interrupted(db) == 1, "is_interrupted: 1 after sqlite3_interrupt");
  /* No statement is running: SQLite clears the flag when the next one starts. */
  CHECK(sqlite3_exec(db, "SELECT 1", 0, 0, 0) == SQLITE_OK, "next statement runs");
  CHECK(sqlite3_is_interrupted(db) == 0, "is_interrupted: cleared");
  CHECK(sqlite3_is_interrupted(0) == 0, "is_interrupted(NULL)");
}

static void check_null_handles(void) {
  CHECK(sqlite3_db_cacheflush(0) == SQLITE_MISUSE, "db_cacheflush(NULL)");
  CHECK(sqlite3_db_release_memory(0) == SQLITE_MISUSE, "db_release_memory(NULL)");
  CHECK(sqlite3_db_mutex(0) == 0, "db_mutex(NULL)");
  CHECK(sqlite3_system_errno(0) == 0, "system_errno(NULL)");
  CHECK(sqlite3_vfs_register(0, 1) == SQLITE_MISUSE, "vfs_register(NULL)");
  CHECK(sqlite3_vfs_unregister(0) == SQLITE_MISUSE, "vfs_unregister(NULL)");
  CHECK(sqlite3_auto_extension(0) == SQLITE_MISUSE, "auto_extension(NULL)");
  CHECK(sqlite3_cancel_auto_extension(0) == 0, "cancel_auto_extension(NULL)");
  CHECK(sqlite3_uri_parameter(0, "a") == 0, "uri_parameter(NULL)");
  CHECK(sqlite3_uri_parameter("plain?a=1", "a") == 0, "uri_parameter(not a db filename)");
  CHECK(sqlite3_uri_boolean(0, "a", 1) == 1, "uri_boolean(NULL)");
  CHECK(sqlite3_uri_int64(0, 0, 9) == 9, "uri_int64(NULL, NULL)");
  CHECK(sqlite3_uri_key(0, 0) == 0, "uri_key(NULL)");
  CHECK(sqlite3_value_pointer(0, "t") == 0, "value_pointer(NULL)");
  CHECK(sqlite3_value_encoding(0) == SQLITE_UTF8 || sqlite3_value_encoding(0) == 0,
        "value_encoding(NULL)");

  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  sqlite3_close(db);
  CHECK(sqlite3_db_cacheflush(db) == SQLITE_MISUSE, "db_cacheflush(closed)");
  CHECK(sqlite3_db_release_memory(db) == SQLITE_MISUSE, "db_release_memory(closed)");
  CHECK(sqlite3_db_mutex(db) == 0, "db_mutex(closed)");
  CHECK(sqlite3_system_errno(db) == 0, "system_errno(closed)");
  CHECK(sqlite3_is_interrupted(db) == 0, "is_interrupted(closed)");
  CHECK(sqlite3_create_module(db, "m", 0, 0) == SQLITE_MISUSE, "create_module(closed)");
  CHECK(sqlite3_load_extension(db, "x", 0, 0) == SQLITE_MISUSE, "load_extension(closed)");
  void *s = 0;
  CHECK(sqlite3session_create(db, "main", &s) == SQLITE_MISUSE, "session_create(closed)");
}

int main(void) {
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  check_vtab(db);
  check_session(db);
  check_load_extension(db);
  check_interrupt(db);
  sqlite3_close(db);
  check_null_handles();
  CHECK(sqlite3_test_control(0) == 0, "test_control: 0");
  CHECK(sqlite3_shutdown() == SQLITE_OK, "shutdown");
  return 0;
}
