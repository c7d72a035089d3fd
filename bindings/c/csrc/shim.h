/* shim.h — what the C shim and the Rust side of the C ABI share. */
#ifndef FERROLITE_SHIM_H
#define FERROLITE_SHIM_H
#include <stdarg.h>
#include <stdint.h>

/* The string builder behind sqlite3_str_*: a growable, NUL-terminated buffer. */
typedef struct sqlite3_str {
  char *buf;    /* sqlite3_malloc'd, or NULL while empty */
  uint32_t len; /* bytes used, excluding the terminator */
  uint32_t cap; /* bytes allocated */
  int err;      /* SQLITE_OK, SQLITE_NOMEM or SQLITE_TOOBIG */
} sqlite3_str;

/* Defined in Rust (bindings/c/src/mem.rs). */
void *sqlite3_malloc64(uint64_t n);
void *sqlite3_realloc64(void *p, uint64_t n);
void sqlite3_free(void *p);

/* Defined in Rust (bindings/c/src/config.rs): the non-variadic halves of the variadic calls. */
int ferrolite_config(int op, int64_t a, int64_t b, void *p1, void *p2);
int ferrolite_db_config(void *db, int op, int value, int *out, const char *name);
void ferrolite_log(int code, const char *msg);
char *ferrolite_format_real(const char *flags, int width, int precision, char conv, double v,
                            int *len);

/* printf.c */
sqlite3_str *ferrolite_str_new(void);
void ferrolite_str_append(sqlite3_str *s, const char *z, int n);
void ferrolite_str_vappendf(sqlite3_str *s, const char *fmt, va_list ap);
char *ferrolite_str_finish(sqlite3_str *s);
char *sqlite3_vmprintf(const char *fmt, va_list ap);
char *sqlite3_vsnprintf(int n, char *buf, const char *fmt, va_list ap);
#endif
