/* Process-wide and extension-facing entry points: automatic extensions, the error log, URI
 * parameters of sqlite3_db_filename, heap limits, VFS registration, memory and cache hooks,
 * sqlite3_str_vappendf, sqlite3_value_encoding, sqlite3_system_errno, sqlite3_test_control,
 * sqlite3_shutdown. Run against the system libsqlite3 and Ferrolite's; outputs must match. */
#define _DEFAULT_SOURCE
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int n_ext_calls;

static void fn_answer(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3_result_int(ctx, 42);
}

/* An automatic extension linked into the program: registers answer() on each connection. */
static int ext_answer(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  (void)err;
  (void)api;
  n_ext_calls++;
  return sqlite3_create_function(db, "answer", 0, SQLITE_UTF8, 0, fn_answer, 0, 0);
}

static int ext_fail(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  (void)db;
  (void)api;
  *err = sqlite3_mprintf("refused by %s", "ext_fail");
  return SQLITE_ERROR;
}

static void show_query(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, 0);
  if (rc != SQLITE_OK) {
    printf("  [%s] prepare rc=%d %s\n", sql, rc, sqlite3_errmsg(db));
    return;
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) printf("  [%s] -> %s\n", sql, sqlite3_column_text(st, 0));
  printf("  [%s] done rc=%d\n", sql, rc);
  sqlite3_finalize(st);
}

static void test_auto_extension(void) {
  sqlite3 *db;
  printf("auto_extension: %d\n", sqlite3_auto_extension((void (*)(void))ext_answer));
  printf("auto_extension again: %d\n", sqlite3_auto_extension((void (*)(void))ext_answer));
  int rc = sqlite3_open(":memory:", &db);
  printf("open with ext: rc=%d calls=%d\n", rc, n_ext_calls);
  show_query(db, "SELECT answer()");
  sqlite3_close(db);
  printf("cancel: %d\n", sqlite3_cancel_auto_extension((void (*)(void))ext_answer));
  printf("cancel again: %d\n", sqlite3_cancel_auto_extension((void (*)(void))ext_answer));
  rc = sqlite3_open(":memory:", &db);
  printf("open without ext: rc=%d calls=%d\n", rc, n_ext_calls);
  show_query(db, "SELECT answer()");
  sqlite3_close(db);

  sqlite3_auto_extension((void (*)(void))ext_answer);
  sqlite3_auto_extension((void (*)(void))ext_fail);
  rc = sqlite3_open(":memory:", &db);
  printf("open with failing ext: rc=%d errcode=%d msg=%s calls=%d\n", rc, sqlite3_errcode(db),
         sqlite3_errmsg(db), n_ext_calls);
  sqlite3_close(db);
  sqlite3_reset_auto_extension();
  printf("cancel after reset: %d\n", sqlite3_cancel_auto_extension((void (*)(void))ext_fail));
  rc = sqlite3_open(":memory:", &db);
  printf("open after reset: rc=%d calls=%d\n", rc, n_ext_calls);
  sqlite3_close(db);
}

static void on_log(void *arg, int code, const char *msg) {
  /* SQLite also logs its own events (errors, recoveries); only this test's messages count. */
  if (code >= 1000) printf("log(%s): code=%d msg=%s\n", (const char *)arg, code, msg);
}

static void test_uri(const char *dir) {
  char path[512], uri[1024];
  sqlite3 *db;
  snprintf(path, sizeof path, "%s/u.db", dir);
  sqlite3_open(path, &db);
  sqlite3_exec(db, "CREATE TABLE t(x)", 0, 0, 0);
  sqlite3_close(db);

  snprintf(uri, sizeof uri,
           "file:%s?cache=private&n=42&neg=-7x&big=9223372036854775807&yes=YES&off=off&"
           "one=1&zero=0&word=maybe&empty=&sp%%20ace=a%%26b",
           path);
  int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, 0);
  printf("open uri: %d readonly=%d\n", rc, sqlite3_db_readonly(db, "main"));
  const char *f = sqlite3_db_filename(db, "main");
  printf("filename is the path: %d\n", f && strcmp(f, path) == 0);
  printf("db_filename(0) same: %d\n", sqlite3_db_filename(db, 0) == f);
  const char *keys[] = {"cache", "n", "neg", "big", "yes", "off", "one", "zero", "word", "empty",
                        "sp ace", "missing", "N", 0};
  for (int i = 0; keys[i]; i++) {
    const char *v = sqlite3_uri_parameter(f, keys[i]);
    printf("  %s: param=%s bool(d0)=%d bool(d1)=%d int64(d5)=%lld\n", keys[i], v ? v : "(null)",
           sqlite3_uri_boolean(f, keys[i], 0), sqlite3_uri_boolean(f, keys[i], 1),
           sqlite3_uri_int64(f, keys[i], 5));
  }
  for (int i = 0; i < 13; i++) {
    const char *k = sqlite3_uri_key(f, i);
    printf("  key(%d)=%s\n", i, k ? k : "(null)");
  }
  printf("  key(-1) null: %d\n", sqlite3_uri_key(f, -1) == 0);
  sqlite3_close(db);

  snprintf(uri, sizeof uri, "file:%s?mode=ro", path);
  rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, 0);
  f = sqlite3_db_filename(db, "main");
  printf("open mode=ro: %d readonly=%d mode=%s\n", rc, sqlite3_db_readonly(db, "main"),
         sqlite3_uri_parameter(f, "mode"));
  rc = sqlite3_exec(db, "INSERT INTO t VALUES(1)", 0, 0, 0);
  printf("write to mode=ro: %d %s\n", rc, sqlite3_errmsg(db));
  sqlite3_close(db);

  /* A plain (non-URI) name has no parameters. */
  sqlite3_open(path, &db);
  f = sqlite3_db_filename(db, "main");
  printf("plain: param null=%d bool=%d int=%lld key0 null=%d\n", sqlite3_uri_parameter(f, "n") == 0,
         sqlite3_uri_boolean(f, "n", 1), sqlite3_uri_int64(f, "n", -3), sqlite3_uri_key(f, 0) == 0);
  sqlite3_close(db);
  unlink(path);
}

static void test_heap_limits(void) {
#define HL(x) printf("%s = %lld\n", #x, (long long)(x))
  HL(sqlite3_soft_heap_limit64(-1));
  HL(sqlite3_hard_heap_limit64(-1));
  HL(sqlite3_soft_heap_limit64(1000000));
  HL(sqlite3_soft_heap_limit64(-1));
  HL(sqlite3_hard_heap_limit64(2000000));
  HL(sqlite3_soft_heap_limit64(-1));
  HL(sqlite3_soft_heap_limit64(3000000));
  HL(sqlite3_soft_heap_limit64(-1));
  HL(sqlite3_soft_heap_limit64(0));
  HL(sqlite3_soft_heap_limit64(500));
  HL(sqlite3_hard_heap_limit64(100));
  HL(sqlite3_soft_heap_limit64(-1));
  HL(sqlite3_hard_heap_limit64(0));
  HL(sqlite3_soft_heap_limit64(-1));
  HL(sqlite3_soft_heap_limit64(0));
  HL(sqlite3_hard_heap_limit64(-1));
#undef HL
}

static void test_vfs(const char *dir) {
  sqlite3_vfs *def = sqlite3_vfs_find(0);
  printf("default vfs found: %d is unix: %d\n", def != 0, def && strcmp(def->zName, "unix") == 0);
  printf("find unix is default: %d\n", sqlite3_vfs_find("unix") == def);
  printf("find nosuch: %d\n", sqlite3_vfs_find("nosuchvfs") == 0);
  static sqlite3_vfs copy;
  copy = *def;
  copy.zName = "copyvfs";
  copy.pNext = 0;
  printf("register: %d\n", sqlite3_vfs_register(&copy, 0));
  printf("find copy: %d default unchanged: %d\n", sqlite3_vfs_find("copyvfs") == &copy,
         sqlite3_vfs_find(0) == def);
  printf("register as default: %d\n", sqlite3_vfs_register(&copy, 1));
  printf("default is copy: %d\n", sqlite3_vfs_find(0) == &copy);

  char path[512];
  snprintf(path, sizeof path, "%s/v.db", dir);
  sqlite3 *db;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "copyvfs");
  printf("open via copyvfs: %d\n", rc);
  rc = sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(5)", 0, 0, 0);
  printf("write via copyvfs: %d\n", rc);
  show_query(db, "SELECT x FROM t");
  sqlite3_close(db);
  rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, "nosuchvfs");
  printf("open via nosuchvfs: rc=%d handle=%d msg=%s\n", rc, db != 0, sqlite3_errmsg(db));
  sqlite3_close(db);

  printf("unregister: %d\n", sqlite3_vfs_unregister(&copy));
  printf("find copy after: %d default back: %d\n", sqlite3_vfs_find("copyvfs") == 0,
         sqlite3_vfs_find(0) == def);
  printf("unregister again: %d\n", sqlite3_vfs_unregister(&copy));
  unlink(path);
}

static void appendf(sqlite3_str *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sqlite3_str_vappendf(s, fmt, ap);
  va_end(ap);
}

static void fn_encoding(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_value_text(argv[0]);
  sqlite3_result_int(ctx, sqlite3_value_encoding(argv[0]));
}

static void test_misc(const char *dir) {
  sqlite3_str *s = sqlite3_str_new(0);
  appendf(s, "%d-%s-%q", 7, "x", "it's");
  appendf(s, "|%.3f|%5s|", 1.5, "ab");
  char *z = sqlite3_str_finish(s);
  printf("str_vappendf: %s\n", z);
  sqlite3_free(z);

  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  printf("db_cacheflush: %d\n", sqlite3_db_cacheflush(db));
  printf("db_release_memory: %d\n", sqlite3_db_release_memory(db));
  printf("release_memory: %d\n", sqlite3_release_memory(1 << 20));
  sqlite3_mutex *m = sqlite3_db_mutex(db);
  printf("db_mutex: %d\n", m != 0);
  sqlite3_mutex_enter(m);
  printf("exec holding db_mutex: %d\n", sqlite3_exec(db, "SELECT 1", 0, 0, 0));
  sqlite3_mutex_leave(m);
  printf("system_errno ok: %d\n", sqlite3_system_errno(db));
  printf("enable_load_extension on: %d off: %d\n", sqlite3_enable_load_extension(db, 1),
         sqlite3_enable_load_extension(db, 0));
  sqlite3_create_function(db, "enc", 1, SQLITE_UTF8, 0, fn_encoding, 0, 0);
  show_query(db, "SELECT enc('abc')");
  show_query(db, "SELECT enc(x'6162')");
  sqlite3_close(db);

  char path[512];
  snprintf(path, sizeof path, "%s/nosuchdir/x.db", dir);
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, 0);
  printf("open missing: rc=%d system_errno=%d\n", rc, sqlite3_system_errno(db));
  sqlite3_close(db);

  printf("enable_shared_cache 0: %d\n", sqlite3_enable_shared_cache(0));
  printf("test_control unknown: %d\n", sqlite3_test_control(9999));
}

int main(void) {
  /* The log callback must be set before the library is initialized. */
  int rc = sqlite3_config(SQLITE_CONFIG_LOG, on_log, (void *)"t");
  printf("config log: %d\n", rc);
  sqlite3_log(1001, "hello %s %d", "log", 7);
  sqlite3_log(1002, "%q", "it's");

  char dir[] = "/tmp/ferrolite-ext-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  test_auto_extension();
  test_uri(dir);
  test_heap_limits();
  test_vfs(dir);
  test_misc(dir);
  rmdir(dir);

  printf("shutdown: %d\n", sqlite3_shutdown());
  rc = sqlite3_config(SQLITE_CONFIG_LOG, 0, 0);
  printf("config log off after shutdown: %d\n", rc);
  sqlite3_log(1003, "not shown");
  printf("initialize: %d\n", sqlite3_initialize());
  printf("shutdown again: %d %d\n", sqlite3_shutdown(), sqlite3_shutdown());
  return 0;
}
