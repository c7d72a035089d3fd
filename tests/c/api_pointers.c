/* Pointer values and subtypes through the VM: sqlite3_bind_pointer, sqlite3_result_pointer,
 * sqlite3_value_pointer with the right and the wrong type, sqlite3_result_subtype read by the
 * next function, JSON subtypes, and when pointer destructors run. Run against the system
 * libsqlite3 and Ferrolite's; outputs must match. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static sqlite3 *db;
static int n_freed;
static void on_free(void *p) { n_freed += *(int *)p; }

/* peek(x): what a function sees of its argument: pointer by type, subtype, type. */
static void fn_peek(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_value *v = argv[0];
  int *right = sqlite3_value_pointer(v, "counter");
  int *wrong = sqlite3_value_pointer(v, "other");
  int *none = sqlite3_value_pointer(v, 0);
  char buf[160];
  snprintf(buf, sizeof buf, "ptr=%d wrong=%s null-type=%s subtype=%u type=%d",
           right ? *right : -1, wrong ? "set" : "null", none ? "set" : "null",
           sqlite3_value_subtype(v), sqlite3_value_type(v));
  sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static int made = 100;
/* mkptr(): a pointer value of type "counter". */
static void fn_mkptr(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3_result_pointer(ctx, &made, "counter", on_free);
}

/* tag(x, n): x with subtype n; tagfirst(x, n): subtype set before the value. */
static void fn_tag(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_value(ctx, argv[0]);
  sqlite3_result_subtype(ctx, (unsigned)sqlite3_value_int(argv[1]));
}
static void fn_tagfirst(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_subtype(ctx, (unsigned)sqlite3_value_int(argv[1]));
  sqlite3_result_value(ctx, argv[0]);
}

/* sub(x): the subtype of x. */
static void fn_sub(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int(ctx, (int)sqlite3_value_subtype(argv[0]));
}

/* dup_ptr(x): sqlite3_value_dup of a pointer value keeps no pointer. */
static void fn_dup_ptr(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_value *d = sqlite3_value_dup(argv[0]);
  int *p = sqlite3_value_pointer(d, "counter");
  char buf[64];
  snprintf(buf, sizeof buf, "dup ptr=%s type=%d", p ? "set" : "null", sqlite3_value_type(d));
  sqlite3_value_free(d);
  sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static void query(const char *sql) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, 0);
  printf("[%s]\n", sql);
  if (rc != SQLITE_OK) {
    printf("  prepare rc=%d %s\n", rc, sqlite3_errmsg(db));
    return;
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    printf("  row:");
    for (int i = 0; i < sqlite3_column_count(st); i++)
      printf(" %s |", sqlite3_column_type(st, i) == SQLITE_NULL ? "NULL"
                                                            : (const char *)sqlite3_column_text(st, i));
    printf("\n");
  }
  printf("  rc=%d\n", rc);
  sqlite3_finalize(st);
}

int main(void) {
  sqlite3_open(":memory:", &db);
  sqlite3_create_function(db, "peek", 1, SQLITE_UTF8, 0, fn_peek, 0, 0);
  sqlite3_create_function(db, "mkptr", 0, SQLITE_UTF8, 0, fn_mkptr, 0, 0);
  sqlite3_create_function(db, "tag", 2, SQLITE_UTF8, 0, fn_tag, 0, 0);
  sqlite3_create_function(db, "tagfirst", 2, SQLITE_UTF8, 0, fn_tagfirst, 0, 0);
  sqlite3_create_function(db, "sub", 1, SQLITE_UTF8, 0, fn_sub, 0, 0);
  sqlite3_create_function(db, "dup_ptr", 1, SQLITE_UTF8, 0, fn_dup_ptr, 0, 0);

  /* result_pointer handed to another function; typeof sees NULL. */
  query("SELECT peek(mkptr()), typeof(mkptr()), mkptr() IS NULL, dup_ptr(mkptr())");
  query("SELECT peek(p) FROM (SELECT mkptr() AS p)");
  printf("freed after result pointers: %d\n", n_freed);
  n_freed = 0;

  /* Subtypes set by one function and read by the next. */
  query("SELECT sub(tag('x', 74)), sub(tag(1, 300)), sub(tagfirst('x', 74)), sub('plain')");
  query("SELECT sub(json('[1]')), sub(json_array(1)), sub(json_extract('{\"a\":[1]}', '$.a'))");
  query("SELECT json_array(tag('[1]', 74)), json_array(tag('[1]', 75)), json_array('[1]')");
  query("SELECT sub(t) FROM (SELECT tag('x', 9) AS t)");
  query("SELECT json_array(json('[1]')), json_object('a', json_array(1, 2)), "
        "json_array('{\"a\":[1]}' -> '$.a')");

  /* bind_pointer: right and wrong types, rebinding, and the destructor. */
  {
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT peek(?1), peek(?2), typeof(?1), ?1 IS NULL, sub(?1)", -1, &st, 0);
    static int bound = 7, second = 20, third = 300;
    printf("bind_pointer=%d\n", sqlite3_bind_pointer(st, 1, &bound, "counter", on_free));
    printf("bind_pointer other=%d\n", sqlite3_bind_pointer(st, 2, &second, "other", on_free));
    while (sqlite3_step(st) == SQLITE_ROW)
      printf("  row: %s | %s | %s | %s | %s\n", sqlite3_column_text(st, 0),
             sqlite3_column_text(st, 1), sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
             sqlite3_column_text(st, 4));
    sqlite3_reset(st);
    printf("freed after reset: %d\n", n_freed);
    sqlite3_bind_int(st, 1, 5);
    printf("freed after rebinding ?1: %d\n", n_freed);
    while (sqlite3_step(st) == SQLITE_ROW)
      printf("  row: %s | %s\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
    sqlite3_reset(st);
    printf("bind_pointer out of range=%d\n", sqlite3_bind_pointer(st, 9, &third, "counter", on_free));
    printf("freed after range error: %d\n", n_freed);
    sqlite3_clear_bindings(st);
    printf("freed after clear_bindings: %d\n", n_freed);
    sqlite3_bind_pointer(st, 1, &bound, "counter", on_free);
    sqlite3_finalize(st);
    printf("freed after finalize: %d\n", n_freed);
  }
  sqlite3_close(db);
  return 0;
}
