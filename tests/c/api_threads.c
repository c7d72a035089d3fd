/* Serialized threading mode (threadsafe.html): several threads share ONE connection, preparing,
 * binding, stepping and finalizing statements at the same time; then several threads each open
 * their own connection to one database file and write in turns under a busy timeout. Every
 * figure printed is deterministic (counts and sums, each thread's own failures), so the output
 * is compared with the system SQLite's; run under valgrind it must be clean. */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHARED_THREADS 4
#define SHARED_ROWS 40
#define FILE_THREADS 3
#define FILE_ROWS 25

static sqlite3 *shared_db;

struct result {
  int id;
  int failures;      /* API calls that did not return what was expected */
  long long checked; /* rows this thread saw of its own, summed over its SELECTs */
};

static void *shared_worker(void *arg) {
  struct result *r = arg;
  for (int i = 0; i < SHARED_ROWS; i++) {
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(shared_db, "INSERT INTO t(tid, v) VALUES(?1, ?2)", -1, &ins, 0) != SQLITE_OK) {
      r->failures++;
      continue;
    }
    sqlite3_bind_int(ins, 1, r->id);
    sqlite3_bind_int(ins, 2, r->id * 1000 + i);
    if (sqlite3_step(ins) != SQLITE_DONE) r->failures++;
    if (sqlite3_finalize(ins) != SQLITE_OK) r->failures++;

    sqlite3_stmt *sel;
    if (sqlite3_prepare_v2(shared_db, "SELECT count(*), sum(v) FROM t WHERE tid = ?", -1, &sel, 0) !=
        SQLITE_OK) {
      r->failures++;
      continue;
    }
    sqlite3_bind_int(sel, 1, r->id);
    if (sqlite3_step(sel) == SQLITE_ROW) {
      int n = sqlite3_column_int(sel, 0);
      if (n != i + 1) r->failures++;
      r->checked += n;
    } else {
      r->failures++;
    }
    sqlite3_finalize(sel);

    /* A statement left unfinished while others run, then reset and finalized. */
    sqlite3_stmt *scan;
    if (sqlite3_prepare_v2(shared_db, "SELECT v FROM t ORDER BY v", -1, &scan, 0) == SQLITE_OK) {
      if (sqlite3_step(scan) != SQLITE_ROW) r->failures++;
      sqlite3_reset(scan);
      sqlite3_finalize(scan);
    } else {
      r->failures++;
    }
  }
  return 0;
}

static void test_shared_connection(void) {
  if (sqlite3_open(":memory:", &shared_db) != SQLITE_OK) return;
  sqlite3_exec(shared_db, "CREATE TABLE t(id INTEGER PRIMARY KEY, tid INT, v INT)", 0, 0, 0);
  pthread_t th[SHARED_THREADS];
  struct result res[SHARED_THREADS];
  for (int i = 0; i < SHARED_THREADS; i++) {
    res[i] = (struct result){.id = i + 1};
    pthread_create(&th[i], 0, shared_worker, &res[i]);
  }
  for (int i = 0; i < SHARED_THREADS; i++) pthread_join(th[i], 0);
  for (int i = 0; i < SHARED_THREADS; i++)
    printf("shared thread %d: failures=%d checked=%lld\n", res[i].id, res[i].failures, res[i].checked);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(shared_db, "SELECT count(*), sum(v), count(DISTINCT tid), max(id) FROM t", -1, &st, 0);
  if (sqlite3_step(st) == SQLITE_ROW)
    printf("shared total: rows=%d sum=%lld threads=%d max_id=%d\n", sqlite3_column_int(st, 0),
           sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
  sqlite3_finalize(st);
  printf("shared: next_stmt none left=%d\n", sqlite3_next_stmt(shared_db, 0) == 0);
  printf("shared close: %d\n", sqlite3_close(shared_db));
}

static char db_path[512];

static void *file_worker(void *arg) {
  struct result *r = arg;
  sqlite3 *db;
  if (sqlite3_open(db_path, &db) != SQLITE_OK) {
    r->failures++;
    sqlite3_close(db);
    return 0;
  }
  sqlite3_busy_timeout(db, 20000);
  for (int i = 0; i < FILE_ROWS; i++) {
    char sql[160];
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0) != SQLITE_OK) {
      r->failures++;
      continue;
    }
    snprintf(sql, sizeof sql, "INSERT INTO f(tid, v) VALUES(%d, %d)", r->id, r->id * 100 + i);
    if (sqlite3_exec(db, sql, 0, 0, 0) != SQLITE_OK) r->failures++;
    if (sqlite3_exec(db, "COMMIT", 0, 0, 0) != SQLITE_OK) {
      r->failures++;
      sqlite3_exec(db, "ROLLBACK", 0, 0, 0);
    }
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM f WHERE tid = %d", r->id);
    if (sqlite3_prepare_v2(db, sql, -1, &st, 0) == SQLITE_OK) {
      if (sqlite3_step(st) == SQLITE_ROW) {
        int n = sqlite3_column_int(st, 0);
        if (n != i + 1) r->failures++;
        r->checked += n;
      } else {
        r->failures++;
      }
      sqlite3_finalize(st);
    } else {
      r->failures++;
    }
  }
  if (sqlite3_close(db) != SQLITE_OK) r->failures++;
  return 0;
}

static void test_connections_per_thread(const char *dir) {
  snprintf(db_path, sizeof db_path, "%s/threads.db", dir);
  sqlite3 *db;
  sqlite3_open(db_path, &db);
  sqlite3_exec(db, "CREATE TABLE f(id INTEGER PRIMARY KEY, tid INT, v INT)", 0, 0, 0);
  pthread_t th[FILE_THREADS];
  struct result res[FILE_THREADS];
  for (int i = 0; i < FILE_THREADS; i++) {
    res[i] = (struct result){.id = i + 1};
    pthread_create(&th[i], 0, file_worker, &res[i]);
  }
  for (int i = 0; i < FILE_THREADS; i++) pthread_join(th[i], 0);
  for (int i = 0; i < FILE_THREADS; i++)
    printf("file thread %d: failures=%d checked=%lld\n", res[i].id, res[i].failures, res[i].checked);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT count(*), sum(v), count(DISTINCT tid) FROM f", -1, &st, 0);
  if (sqlite3_step(st) == SQLITE_ROW)
    printf("file total: rows=%d sum=%lld threads=%d\n", sqlite3_column_int(st, 0),
           sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2));
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, 0);
  if (sqlite3_step(st) == SQLITE_ROW) printf("integrity: %s\n", sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  unlink(db_path);
}

int main(void) {
  printf("threadsafe: %d\n", sqlite3_threadsafe());
  test_shared_connection();
  char dir[] = "/tmp/ferrolite-threads-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  test_connections_per_thread(dir);
  rmdir(dir);
  return 0;
}
