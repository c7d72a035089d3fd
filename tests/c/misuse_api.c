/* misuse_api.c — NULL handles and out-of-order calls across the connection, statement, blob,
 * backup and string-builder APIs: SQLITE_MISUSE or a harmless answer, never a crash. Undefined
 * behaviour in SQLite, so this runs on Ferrolite only (every line must start with "ok"). */
#include <stdio.h>
#include <string.h>
#include "sqlite3.h"

#define CHECK(cond, what) printf("%s %s\n", (cond) ? "ok  " : "FAIL", what)

int main(void) {
  sqlite3_stmt *st = (sqlite3_stmt *)1;
  CHECK(sqlite3_prepare_v2(0, "select 1", -1, &st, 0) == SQLITE_MISUSE, "prepare_v2 NULL db");
  CHECK(sqlite3_prepare_v3(0, "select 1", -1, 0, &st, 0) == SQLITE_MISUSE, "prepare_v3 NULL db");
  CHECK(sqlite3_sql(0) == 0, "sql(NULL)");
  CHECK(sqlite3_expanded_sql(0) == 0, "expanded_sql(NULL)");
  CHECK(sqlite3_stmt_readonly(0) == 1 || sqlite3_stmt_readonly(0) == 0, "stmt_readonly(NULL)");
  CHECK(sqlite3_stmt_busy(0) == 0, "stmt_busy(NULL)");
  CHECK(sqlite3_stmt_isexplain(0) == 0, "stmt_isexplain(NULL)");
  CHECK(sqlite3_data_count(0) == 0, "data_count(NULL)");
  CHECK(sqlite3_clear_bindings(0) == SQLITE_OK || sqlite3_clear_bindings(0) == SQLITE_MISUSE,
        "clear_bindings(NULL)");
  CHECK(sqlite3_db_handle(0) == 0, "db_handle(NULL)");
  CHECK(sqlite3_extended_errcode(0) == SQLITE_NOMEM, "extended_errcode(NULL)");
  CHECK(sqlite3_errstr(SQLITE_MISUSE) != 0, "errstr");
  CHECK(sqlite3_total_changes(0) == 0, "total_changes(NULL)");
  CHECK(sqlite3_get_autocommit(0) == 0 || sqlite3_get_autocommit(0) == 1, "get_autocommit(NULL)");
  CHECK(sqlite3_db_filename(0, "main") == 0, "db_filename(NULL)");
  CHECK(sqlite3_db_readonly(0, "main") == -1, "db_readonly(NULL)");
  CHECK(sqlite3_limit(0, SQLITE_LIMIT_LENGTH, -1) == -1, "limit(NULL)");
  CHECK(sqlite3_blob_bytes(0) == 0, "blob_bytes(NULL)");
  CHECK(sqlite3_blob_read(0, 0, 0, 0) == SQLITE_MISUSE, "blob_read(NULL)");
  CHECK(sqlite3_blob_write(0, "x", 1, 0) == SQLITE_MISUSE, "blob_write(NULL)");
  CHECK(sqlite3_blob_reopen(0, 1) == SQLITE_MISUSE, "blob_reopen(NULL)");
  CHECK(sqlite3_backup_finish(0) == SQLITE_OK, "backup_finish(NULL)");
  CHECK(sqlite3_str_finish(0) == 0, "str_finish(NULL)");
  CHECK(sqlite3_complete("") == 0, "complete empty");

  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  sqlite3_blob *bl = (sqlite3_blob *)1;
  CHECK(sqlite3_blob_open(db, "main", "nosuch", "c", 1, 0, &bl) == SQLITE_ERROR && bl == 0,
        "blob_open on missing table clears the handle");
  sqlite3_backup *bk = sqlite3_backup_init(db, "main", db, "main");
  CHECK(bk == 0, "backup to itself refused");
  CHECK(sqlite3_prepare_v2(db, "select 1", -1, 0, 0) == SQLITE_MISUSE, "prepare with NULL out");
  sqlite3_prepare_v2(db, "select 1", -1, &st, 0);
  CHECK(sqlite3_step(st) == SQLITE_ROW, "step");
  CHECK(sqlite3_finalize(st) == SQLITE_OK, "finalize mid-row");
  CHECK(sqlite3_close(db) == SQLITE_OK, "close");
  return 0;
}
