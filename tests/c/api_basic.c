/* api_basic.c — the core C API, printed line by line. Run against the system libsqlite3 and
 * against Ferrolite's; the outputs must be identical (tests/c/run.sh compares them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3.h"

static sqlite3 *db;

static void show_rc(const char *what, int rc) {
  printf("%s: rc=%d errcode=%d ext=%d msg=%s\n", what, rc, sqlite3_errcode(db),
         sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

static void dump(const char *sql) {
  sqlite3_stmt *st = 0;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, 0);
  if (rc != SQLITE_OK) {
    show_rc(sql, rc);
    return;
  }
  int n = sqlite3_column_count(st);
  printf("%s\n", sql);
  for (int i = 0; i < n; i++) {
    const char *dt = sqlite3_column_decltype(st, i);
    printf("  col %d name=%s decltype=%s\n", i, sqlite3_column_name(st, i), dt ? dt : "(null)");
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    printf("  row:");
    for (int i = 0; i < n; i++) {
      int t = sqlite3_column_type(st, i);
      switch (t) {
      case SQLITE_INTEGER: printf(" int:%lld", (long long)sqlite3_column_int64(st, i)); break;
      case SQLITE_FLOAT: printf(" real:%.17g", sqlite3_column_double(st, i)); break;
      case SQLITE_TEXT:
        printf(" text:%s(%d)", (const char *)sqlite3_column_text(st, i), sqlite3_column_bytes(st, i));
        break;
      case SQLITE_BLOB: {
        int nb = sqlite3_column_bytes(st, i);
        const unsigned char *b = sqlite3_column_blob(st, i);
        printf(" blob:");
        for (int k = 0; k < nb; k++) printf("%02x", b[k]);
        break;
      }
      case SQLITE_NULL: printf(" null"); break;
      }
    }
    printf("\n");
  }
  show_rc("  end", rc);
  printf("  finalize=%d\n", sqlite3_finalize(st));
}

int main(void) {
  printf("version=%s number=%d threadsafe=%d\n", sqlite3_libversion(), sqlite3_libversion_number(),
         sqlite3_threadsafe());
  printf("sourceid matches=%d\n", strcmp(sqlite3_sourceid(), SQLITE_SOURCE_ID) == 0);
  int rc = sqlite3_open(":memory:", &db);
  show_rc("open", rc);
  char *err = 0;
  rc = sqlite3_exec(db,
                    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL, d BLOB);"
                    "INSERT INTO t VALUES(1, 'one', 1.5, x'0102');"
                    "INSERT INTO t(b) VALUES('two');",
                    0, 0, &err);
  printf("exec rc=%d err=%s changes=%d total=%d last=%lld\n", rc, err ? err : "(null)",
         sqlite3_changes(db), sqlite3_total_changes(db), (long long)sqlite3_last_insert_rowid(db));
  sqlite3_free(err);
  dump("SELECT a, b, c, d, a + 1 AS e FROM t ORDER BY a");

  /* bind */
  sqlite3_stmt *st;
  rc = sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?1, :b, @c, $d)", -1, &st, 0);
  show_rc("prepare insert", rc);
  printf("params=%d name1=%s name2=%s name4=%s idx(:b)=%d idx(@x)=%d\n",
         sqlite3_bind_parameter_count(st), sqlite3_bind_parameter_name(st, 1),
         sqlite3_bind_parameter_name(st, 2), sqlite3_bind_parameter_name(st, 4),
         sqlite3_bind_parameter_index(st, ":b"), sqlite3_bind_parameter_index(st, "@x"));
  sqlite3_bind_int64(st, 1, 10);
  sqlite3_bind_text(st, 2, "ten", -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(st, 3, 2.25);
  sqlite3_bind_blob(st, 4, "\x00\xff", 2, SQLITE_STATIC);
  printf("bind out of range=%d\n", sqlite3_bind_int(st, 5, 1));
  rc = sqlite3_step(st);
  show_rc("step insert", rc);
  printf("changes=%d last=%lld\n", sqlite3_changes(db), (long long)sqlite3_last_insert_rowid(db));
  sqlite3_reset(st);
  rc = sqlite3_step(st);
  show_rc("step duplicate", rc);
  printf("reset after error=%d\n", sqlite3_reset(st));
  sqlite3_finalize(st);
  dump("SELECT * FROM t WHERE a = 10");

  /* errors */
  rc = sqlite3_prepare_v2(db, "SELEC 1", -1, &st, 0);
  show_rc("syntax error", rc);
  printf("stmt null=%d offset=%d\n", st == 0, sqlite3_error_offset(db));
  rc = sqlite3_prepare_v2(db, "SELECT * FROM nosuch", -1, &st, 0);
  show_rc("no such table", rc);
  rc = sqlite3_exec(db, "INSERT INTO t VALUES(1, 'dup', 0, 0)", 0, 0, &err);
  printf("constraint: rc=%d err=%s ext=%d\n", rc, err, sqlite3_extended_errcode(db));
  sqlite3_free(err);

  /* tail and empty statements */
  const char *tail = 0;
  const char *two = "SELECT 1; SELECT 2";
  rc = sqlite3_prepare_v2(db, two, -1, &st, &tail);
  printf("tail=[%s] sql=[%s]\n", tail, sqlite3_sql(st));
  sqlite3_finalize(st);
  rc = sqlite3_prepare_v2(db, "  -- only a comment\n", -1, &st, &tail);
  printf("empty: rc=%d stmt null=%d\n", rc, st == 0);

  /* get_table */
  char **res;
  int nrow, ncol;
  rc = sqlite3_get_table(db, "SELECT a, b FROM t ORDER BY a", &res, &nrow, &ncol, 0);
  printf("get_table rc=%d rows=%d cols=%d:", rc, nrow, ncol);
  for (int i = 0; i < (nrow + 1) * ncol; i++) printf(" %s", res[i] ? res[i] : "NULL");
  printf("\n");
  sqlite3_free_table(res);

  /* printf */
  char *m = sqlite3_mprintf("%d|%s|%q|%Q|%Q|%5.2f|%lld|%x|%-4s|%%", 42, "str", "it's", "a'b", NULL,
                            3.14159, (long long)1 << 40, 255, "ab");
  printf("mprintf=%s\n", m);
  sqlite3_free(m);
  char buf[8];
  sqlite3_snprintf(sizeof buf, buf, "%s", "truncated text");
  printf("snprintf=%s\n", buf);

  printf("errstr=%s|%s|%s\n", sqlite3_errstr(SQLITE_BUSY), sqlite3_errstr(SQLITE_CONSTRAINT_UNIQUE),
         sqlite3_errstr(SQLITE_DONE));
  printf("autocommit=%d\n", sqlite3_get_autocommit(db));
  sqlite3_exec(db, "BEGIN", 0, 0, 0);
  printf("in txn autocommit=%d\n", sqlite3_get_autocommit(db));
  sqlite3_exec(db, "COMMIT", 0, 0, 0);
  printf("close=%d\n", sqlite3_close(db));
  return 0;
}
