/* Compile-option queries, the UTF-16 spellings of create_function/create_collation and the
 * deprecated calls SQLite keeps for old programs. Compared with the system SQLite. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static void twice(sqlite3_context *c, int n, sqlite3_value **v) {
  (void)n;
  sqlite3_result_int64(c, 2 * sqlite3_value_int64(v[0]));
}

static int reverse_cmp(void *arg, int na, const void *a, int nb, const void *b) {
  (void)arg;
  int n = na < nb ? na : nb;
  int c = memcmp(a, b, (size_t)n);
  if (c == 0) c = na - nb;
  return -c;
}

static void show(sqlite3 *db, const char *sql) {
  sqlite3_stmt *s = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &s, 0) != SQLITE_OK) {
    printf("%s -> error %s\n", sql, sqlite3_errmsg(db));
    return;
  }
  printf("%s ->", sql);
  while (sqlite3_step(s) == SQLITE_ROW) printf(" %s", sqlite3_column_text(s, 0));
  printf("\n");
  sqlite3_finalize(s);
}

int main(void) {
  printf("used THREADSAFE=%d SQLITE_THREADSAFE=%d ENABLE_FTS5=%d nonsense=%d NULL=%d\n",
         sqlite3_compileoption_used("THREADSAFE"), sqlite3_compileoption_used("SQLITE_THREADSAFE"),
         sqlite3_compileoption_used("ENABLE_FTS5") && 0, sqlite3_compileoption_used("NO_SUCH_OPTION"),
         sqlite3_compileoption_used(0));
  /* The options differ between builds; their shape does not. */
  int n = 0;
  while (sqlite3_compileoption_get(n)) n++;
  printf("get(-1) null=%d, get(count) null=%d, count>10=%d\n", sqlite3_compileoption_get(-1) == 0,
         sqlite3_compileoption_get(n) == 0, n > 10);

  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  static const unsigned short twice16[] = {'t', 'w', 'i', 'c', 'e', 0};
  static const unsigned short rev16[] = {'r', 'e', 'v', 0};
  printf("create_function16=%d\n",
         sqlite3_create_function16(db, twice16, 1, SQLITE_UTF8, 0, twice, 0, 0));
  printf("create_collation16=%d\n", sqlite3_create_collation16(db, rev16, SQLITE_UTF8, 0, reverse_cmp));
  show(db, "select twice(21)");
  show(db, "select x from (select 'a' x union select 'c' union select 'b') order by x collate rev");
  printf("create_function16 NULL name=%d\n",
         sqlite3_create_function16(db, 0, 1, SQLITE_UTF8, 0, twice, 0, 0));

  sqlite3_stmt *s = 0;
  sqlite3_prepare_v2(db, "select 1", -1, &s, 0);
  printf("expired(live)=%d expired(NULL)=%d\n", sqlite3_expired(s), sqlite3_expired(0));
  sqlite3_finalize(s);
  printf("global_recover=%d\n", sqlite3_global_recover());
  sqlite3_thread_cleanup();
  sqlite3_soft_heap_limit(1 << 20);
  printf("soft limit now=%lld\n", (long long)sqlite3_soft_heap_limit64(-1));
  sqlite3_soft_heap_limit(-5);
  printf("soft limit after negative=%lld\n", (long long)sqlite3_soft_heap_limit64(-1));
  sqlite3_close(db);
  return 0;
}
