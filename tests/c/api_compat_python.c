/* api_compat_python.c — C API behaviours CPython's sqlite3 module and the sqlite3 shell rely on:
 * blob_open on an unknown schema, SQLITE_LIMIT_VARIABLE_NUMBER at prepare, opening a
 * directory, sqlite3_mprintf's %z, and a backup that restarts after the source changes.
 * Run against the system libsqlite3 and Ferrolite's; the outputs must be identical. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sqlite3.h"

static void show(sqlite3 *db, const char *what, int rc) {
  printf("%s: rc=%d ext=%d msg=%s\n", what, rc, sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

static void blob_open(sqlite3 *db) {
  sqlite3_blob *b = 0;
  sqlite3_exec(db, "CREATE TABLE test(b BLOB); INSERT INTO test VALUES(zeroblob(10))", 0, 0, 0);
  show(db, "blob unknown schema", sqlite3_blob_open(db, "nosuch", "test", "b", 1, 1, &b));
  show(db, "blob unknown table", sqlite3_blob_open(db, "main", "nosuch", "b", 1, 0, &b));
  show(db, "blob unknown column", sqlite3_blob_open(db, "main", "test", "nosuch", 1, 0, &b));
  show(db, "blob unknown rowid", sqlite3_blob_open(db, "main", "test", "b", 2, 0, &b));
}

static void variable_limit(sqlite3 *db) {
  sqlite3_stmt *st = 0;
  printf("old limit=%d\n", sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 1));
  int rc = sqlite3_prepare_v2(db, "SELECT ?", -1, &st, 0);
  show(db, "one variable", rc);
  sqlite3_finalize(st);
  st = 0;
  rc = sqlite3_prepare_v2(db, "SELECT ?, ?", -1, &st, 0);
  show(db, "two variables", rc);
  printf("stmt %s\n", st ? "set" : "NULL");
  sqlite3_finalize(st);
  sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 32766);
}

static void open_directory(void) {
  char dir[] = "/tmp/ferrolite-cdirXXXXXX";
  if (!mkdtemp(dir)) return;
  sqlite3 *db = 0;
  int rc = sqlite3_open(dir, &db);
  printf("open dir: rc=%d ext=%d msg=%s\n", rc, sqlite3_extended_errcode(db), sqlite3_errmsg(db));
  sqlite3_close(db);
  rmdir(dir);
}

static void mprintf_z(void) {
  char *code = sqlite3_mprintf("%.*s", 8, "SELEC 1; and more");
  char *msg = sqlite3_mprintf("\n  %z\n  %*s^--- error here", code, 3, "");
  printf("mprintf: [%s]\n", msg);
  sqlite3_free(msg);
  msg = sqlite3_mprintf("%g %.1f %e %!.15g|%s", -0.0, -0.0, -0.0, -0.0, "end");
  printf("negative zero: [%s]\n", msg);
  sqlite3_free(msg);
}

static void backup_restart(void) {
  sqlite3 *src = 0, *dst = 0;
  sqlite3_open(":memory:", &src);
  sqlite3_open(":memory:", &dst);
  sqlite3_exec(src, "CREATE TABLE foo(key INTEGER); INSERT INTO foo VALUES(3),(4)", 0, 0, 0);
  sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
  int rc, steps = 0;
  while ((rc = sqlite3_backup_step(b, 1)) == SQLITE_OK) {
    printf("step %d: remaining=%d pagecount=%d\n", ++steps, sqlite3_backup_remaining(b),
           sqlite3_backup_pagecount(b));
    if (steps == 1) sqlite3_exec(src, "INSERT INTO foo VALUES(1001)", 0, 0, 0);
  }
  printf("last step rc=%d remaining=%d\n", rc, sqlite3_backup_remaining(b));
  printf("finish rc=%d\n", sqlite3_backup_finish(b));
  sqlite3_stmt *st = 0;
  sqlite3_prepare_v2(dst, "SELECT group_concat(key) FROM foo", -1, &st, 0);
  if (sqlite3_step(st) == SQLITE_ROW) printf("copied: %s\n", sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(src);
  sqlite3_close(dst);
}

int main(void) {
  sqlite3 *db = 0;
  sqlite3_open(":memory:", &db);
  blob_open(db);
  variable_limit(db);
  sqlite3_close(db);
  open_directory();
  mprintf_z();
  backup_restart();
  return 0;
}
