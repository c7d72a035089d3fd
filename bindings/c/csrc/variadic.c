/*
 * variadic.c — the variadic entry points of SQLite's C API. Each one takes its arguments off
 * the va_list by the documented types for its op code and calls a plain function, most of them
 * in Rust (config.rs) or in printf.c.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "shim.h"

char *sqlite3_mprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *z = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  return z;
}

char *sqlite3_snprintf(int n, char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *z = sqlite3_vsnprintf(n, buf, fmt, ap);
  va_end(ap);
  return z;
}

void sqlite3_str_appendf(sqlite3_str *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ferrolite_str_vappendf(s, fmt, ap);
  va_end(ap);
}

void sqlite3_log(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *z = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  ferrolite_log(code, z ? z : "");
  sqlite3_free(z);
}

/* Op codes of sqlite3_config, by the argument types they take. */
enum {
  CONFIG_SINGLETHREAD = 1, CONFIG_MULTITHREAD = 2, CONFIG_SERIALIZED = 3, CONFIG_MALLOC = 4,
  CONFIG_GETMALLOC = 5, CONFIG_SCRATCH = 6, CONFIG_PAGECACHE = 7, CONFIG_HEAP = 8,
  CONFIG_MEMSTATUS = 9, CONFIG_MUTEX = 10, CONFIG_GETMUTEX = 11, CONFIG_LOOKASIDE = 13,
  CONFIG_PCACHE = 14, CONFIG_GETPCACHE = 15, CONFIG_LOG = 16, CONFIG_URI = 17,
  CONFIG_PCACHE2 = 18, CONFIG_GETPCACHE2 = 19, CONFIG_COVERING_INDEX_SCAN = 20,
  CONFIG_SQLLOG = 21, CONFIG_MMAP_SIZE = 22, CONFIG_WIN32_HEAPSIZE = 23,
  CONFIG_PCACHE_HDRSZ = 24, CONFIG_PMASZ = 25, CONFIG_STMTJRNL_SPILL = 26,
  CONFIG_SMALL_MALLOC = 27, CONFIG_SORTERREF_SIZE = 28, CONFIG_MEMDB_MAXSIZE = 29
};

int sqlite3_config(int op, ...) {
  va_list ap;
  va_start(ap, op);
  int64_t a = 0, b = 0;
  void *p1 = 0, *p2 = 0;
  switch (op) {
  case CONFIG_SINGLETHREAD: case CONFIG_MULTITHREAD: case CONFIG_SERIALIZED:
    break;
  case CONFIG_MEMSTATUS: case CONFIG_URI: case CONFIG_COVERING_INDEX_SCAN:
  case CONFIG_PMASZ: case CONFIG_STMTJRNL_SPILL: case CONFIG_SMALL_MALLOC:
  case CONFIG_SORTERREF_SIZE: case CONFIG_WIN32_HEAPSIZE:
    a = va_arg(ap, int);
    break;
  case CONFIG_MMAP_SIZE:
    a = va_arg(ap, int64_t);
    b = va_arg(ap, int64_t);
    break;
  case CONFIG_MEMDB_MAXSIZE:
    a = va_arg(ap, int64_t);
    break;
  case CONFIG_LOOKASIDE:
    a = va_arg(ap, int);
    b = va_arg(ap, int);
    break;
  case CONFIG_LOG:
    p1 = va_arg(ap, void *);
    p2 = va_arg(ap, void *);
    break;
  case CONFIG_PCACHE_HDRSZ:
    p1 = va_arg(ap, int *);
    break;
  case CONFIG_PAGECACHE: case CONFIG_HEAP:
    p1 = va_arg(ap, void *);
    a = va_arg(ap, int);
    b = va_arg(ap, int);
    break;
  default:
    /* MALLOC, GETMALLOC, MUTEX, PCACHE*, SQLLOG...: one pointer argument. */
    p1 = va_arg(ap, void *);
    break;
  }
  va_end(ap);
  return ferrolite_config(op, a, b, p1, p2);
}

enum { DBCONFIG_MAINDBNAME = 1000, DBCONFIG_LOOKASIDE = 1001 };

int sqlite3_db_config(void *db, int op, ...) {
  va_list ap;
  va_start(ap, op);
  int rc;
  if (op == DBCONFIG_MAINDBNAME) {
    const char *name = va_arg(ap, const char *);
    rc = ferrolite_db_config(db, op, 0, 0, name);
  } else if (op == DBCONFIG_LOOKASIDE) {
    (void)va_arg(ap, void *);
    (void)va_arg(ap, int);
    (void)va_arg(ap, int);
    rc = ferrolite_db_config(db, op, 0, 0, 0);
  } else {
    int value = va_arg(ap, int);
    int *out = va_arg(ap, int *);
    rc = ferrolite_db_config(db, op, value, out, 0);
  }
  va_end(ap);
  return rc;
}

/* sqlite3_test_control: SQLite's testing hooks. None is supported; SQLite returns 0 for an
 * op it does not know, which is what every caller here gets. */
int sqlite3_test_control(int op, ...) {
  (void)op;
  return 0;
}

/* sqlite3_vtab_config: only valid inside xCreate/xConnect of a virtual table, which this
 * build cannot have (no virtual table modules): SQLITE_MISUSE as SQLite returns outside one. */
int sqlite3_vtab_config(void *db, int op, ...) {
  (void)db;
  (void)op;
  return 21;
}
