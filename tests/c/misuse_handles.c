/* misuse_handles.c — NULL, closed and finalized handles give SQLITE_MISUSE (or the harmless
 * answer SQLite documents), never a crash. Such calls are undefined behaviour in SQLite, so
 * this runs on Ferrolite only (tests/c/run.sh: every line must start with "ok"), under
 * valgrind, which also proves no freed memory is touched. */
#include <stdio.h>
#include <string.h>
#include "sqlite3.h"

static int failures = 0;
#define CHECK(cond, what)                                              \
  do {                                                                 \
    if (cond) printf("ok   %s\n", what);                               \
    else { printf("FAIL %s\n", what); failures++; }                    \
  } while (0)

int main(void) {
  /* NULL handles. */
  CHECK(sqlite3_prepare_v2(0, "SELECT 1", -1, 0, 0) == SQLITE_MISUSE, "prepare on NULL db");
  CHECK(sqlite3_step(0) == SQLITE_MISUSE, "step(NULL)");
  CHECK(sqlite3_finalize(0) == SQLITE_OK, "finalize(NULL) is a no-op");
  CHECK(sqlite3_reset(0) == SQLITE_OK, "reset(NULL) is a no-op");
  CHECK(sqlite3_close(0) == SQLITE_OK, "close(NULL) is a no-op");
  CHECK(sqlite3_errcode(0) == SQLITE_NOMEM, "errcode(NULL)");
  CHECK(strcmp(sqlite3_errmsg(0), "out of memory") == 0, "errmsg(NULL)");
  CHECK(sqlite3_column_count(0) == 0, "column_count(NULL)");
  CHECK(sqlite3_column_text(0, 0) == 0, "column_text(NULL)");
  CHECK(sqlite3_bind_int(0, 1, 1) == SQLITE_MISUSE, "bind on NULL stmt");
  CHECK(sqlite3_exec(0, "SELECT 1", 0, 0, 0) == SQLITE_MISUSE, "exec on NULL db");
  CHECK(sqlite3_changes(0) == 0, "changes(NULL)");
  CHECK(sqlite3_blob_close(0) == SQLITE_OK, "blob_close(NULL)");
  CHECK(sqlite3_backup_finish(0) == SQLITE_OK, "backup_finish(NULL)");
  sqlite3 *out = (sqlite3 *)1;
  CHECK(sqlite3_open_v2("x.db", &out, 0, 0) == SQLITE_MISUSE && out == 0,
        "open_v2 with neither READONLY nor READWRITE");

  /* Finalized statements. */
  sqlite3 *db = 0;
  CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK, "open");
  sqlite3_stmt *st = 0;
  sqlite3_prepare_v2(db, "SELECT 1", -1, &st, 0);
  CHECK(sqlite3_finalize(st) == SQLITE_OK, "finalize");
  CHECK(sqlite3_step(st) == SQLITE_MISUSE, "step after finalize");
  CHECK(sqlite3_reset(st) == SQLITE_MISUSE, "reset after finalize");
  CHECK(sqlite3_bind_int(st, 1, 1) == SQLITE_MISUSE, "bind after finalize");
  CHECK(sqlite3_column_int(st, 0) == 0, "column after finalize reads 0");
  CHECK(sqlite3_finalize(st) == SQLITE_MISUSE, "double finalize");

  /* Statement misuse while open. */
  sqlite3_prepare_v2(db, "SELECT ?1", -1, &st, 0);
  CHECK(sqlite3_bind_int(st, 2, 5) == SQLITE_RANGE, "bind index out of range");
  CHECK(sqlite3_step(st) == SQLITE_ROW, "step");
  CHECK(sqlite3_bind_int(st, 1, 5) == SQLITE_MISUSE, "bind while running");
  CHECK(sqlite3_column_int(st, 7) == 0, "column index out of range reads 0");

  /* Closing with an open statement, then close_v2 (zombie until the last finalize). */
  CHECK(sqlite3_close(db) == SQLITE_BUSY, "close with an unfinalized statement is BUSY");
  CHECK(sqlite3_close_v2(db) == SQLITE_OK, "close_v2 defers");
  CHECK(sqlite3_prepare_v2(db, "SELECT 1", -1, 0, 0) == SQLITE_MISUSE, "prepare on a closed db");
  CHECK(sqlite3_finalize(st) == SQLITE_OK, "last finalize frees the zombie");
  CHECK(sqlite3_exec(db, "SELECT 1", 0, 0, 0) == SQLITE_MISUSE, "exec on a freed db");
  CHECK(sqlite3_close(db) == SQLITE_MISUSE, "double close");
  CHECK(sqlite3_errcode(db) == SQLITE_MISUSE, "errcode on a freed db");
  return failures != 0;
}
