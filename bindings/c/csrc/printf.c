/*
 * printf.c — SQLite's printf dialect and the sqlite3_str string builder, for the C ABI.
 *
 * Why C: sqlite3_mprintf and friends are variadic and take a va_list, which stable Rust can
 * neither define nor walk. This file owns formatting (printf.html: the C conversions plus %q,
 * %Q, %w, %z, and the ',' and '!' flags) and the growable buffer sqlite3_str. Memory comes from
 * sqlite3_malloc64/sqlite3_realloc64/sqlite3_free (defined in Rust), so callers free results
 * with sqlite3_free as with SQLite.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"

/* Error codes of sqlite3_str_errcode. */
#define STR_OK 0
#define STR_NOMEM 7
#define STR_TOOBIG 18

#define STR_MAX 1000000000u /* SQLITE_MAX_LENGTH */

sqlite3_str *ferrolite_str_new(void) {
  sqlite3_str *s = (sqlite3_str *)sqlite3_malloc64(sizeof(sqlite3_str));
  if (s == 0) return 0;
  memset(s, 0, sizeof(*s));
  return s;
}

/* Makes room for n more bytes plus a terminator; returns 0 on failure (error recorded). */
static int str_reserve(sqlite3_str *s, uint64_t n) {
  if (s->err) return 0;
  uint64_t need = (uint64_t)s->len + n + 1;
  if (need > STR_MAX) {
    s->err = STR_TOOBIG;
    return 0;
  }
  if (need <= s->cap) return 1;
  uint64_t cap = s->cap ? s->cap * 2 : 100;
  while (cap < need) cap *= 2;
  char *z = (char *)sqlite3_realloc64(s->buf, cap);
  if (z == 0) {
    s->err = STR_NOMEM;
    return 0;
  }
  s->buf = z;
  s->cap = (uint32_t)(cap > 0xffffffffu ? 0xffffffffu : cap);
  return 1;
}

void ferrolite_str_append(sqlite3_str *s, const char *z, int n) {
  if (s == 0 || z == 0 || n <= 0) return;
  if (!str_reserve(s, (uint64_t)n)) return;
  memcpy(s->buf + s->len, z, (size_t)n);
  s->len += (uint32_t)n;
  s->buf[s->len] = 0;
}

static void str_repeat(sqlite3_str *s, char c, int64_t n) {
  if (n <= 0) return;
  if (!str_reserve(s, (uint64_t)n)) return;
  memset(s->buf + s->len, c, (size_t)n);
  s->len += (uint32_t)n;
  s->buf[s->len] = 0;
}

/* Appends z (n bytes) padded to width; left-justified when `left`. */
static void str_padded(sqlite3_str *s, const char *z, int64_t n, int width, int left) {
  int64_t pad = width > n ? width - n : 0;
  if (!left) str_repeat(s, ' ', pad);
  ferrolite_str_append(s, z, (int)n);
  if (left) str_repeat(s, ' ', pad);
}

/* Number of bytes of the first `chars` UTF-8 characters of z (n bytes). */
static int64_t utf8_prefix(const char *z, int64_t n, int64_t chars) {
  int64_t i = 0;
  while (i < n && chars > 0) {
    i++;
    while (i < n && (((unsigned char)z[i]) & 0xc0) == 0x80) i++;
    chars--;
  }
  return i;
}

/* Inserts thousands separators into the digits of a formatted integer. */
static void add_commas(char *buf, size_t cap) {
  char *digits = buf;
  while (*digits && (*digits < '0' || *digits > '9')) digits++;
  size_t nd = strspn(digits, "0123456789");
  if (nd <= 3) return;
  size_t ncomma = (nd - 1) / 3;
  size_t total = strlen(buf);
  if (total + ncomma + 1 > cap) return;
  /* shift tail (after digits) */
  char *tail = digits + nd;
  memmove(tail + ncomma, tail, strlen(tail) + 1);
  char *dst = tail + ncomma - 1;
  const char *src = tail - 1;
  size_t count = 0;
  while (src >= digits) {
    *dst-- = *src--;
    if (++count % 3 == 0 && src >= digits) *dst-- = ',';
  }
}

/* Appends an escaped string for %q / %Q / %w. */
static void str_quoted(sqlite3_str *s, const char *z, int64_t n, char quote, int outer,
                       int width, int left) {
  sqlite3_str tmp;
  memset(&tmp, 0, sizeof tmp);
  if (outer) ferrolite_str_append(&tmp, &quote, 1);
  for (int64_t i = 0; i < n; i++) {
    ferrolite_str_append(&tmp, &z[i], 1);
    if (z[i] == quote) ferrolite_str_append(&tmp, &quote, 1);
  }
  if (outer) ferrolite_str_append(&tmp, &quote, 1);
  if (tmp.err) s->err = tmp.err;
  else str_padded(s, tmp.buf ? tmp.buf : "", tmp.len, width, left);
  sqlite3_free(tmp.buf);
}

void ferrolite_str_vappendf(sqlite3_str *s, const char *fmt, va_list ap) {
  if (s == 0 || fmt == 0) return;
  const char *p = fmt;
  while (*p) {
    const char *q = strchr(p, '%');
    if (q == 0) {
      ferrolite_str_append(s, p, (int)strlen(p));
      break;
    }
    if (q > p) ferrolite_str_append(s, p, (int)(q - p));
    p = q + 1;
    if (*p == 0) break;

    int left = 0, plus = 0, space = 0, zero = 0, alt = 0, comma = 0, bang = 0;
    for (;; p++) {
      if (*p == '-') left = 1;
      else if (*p == '+') plus = 1;
      else if (*p == ' ') space = 1;
      else if (*p == '0') zero = 1;
      else if (*p == '#') alt = 1;
      else if (*p == ',') comma = 1;
      else if (*p == '!') bang = 1;
      else break;
    }
    int width = 0;
    if (*p == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        left = 1;
        width = width >= -2147483647 ? -width : 0;
      }
      p++;
    } else {
      while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    }
    if (width > 100000000) width = 100000000;
    int precision = -1;
    if (*p == '.') {
      p++;
      if (*p == '*') {
        precision = va_arg(ap, int);
        if (precision < 0) precision = precision >= -2147483647 ? -precision : -1;
        p++;
      } else {
        precision = 0;
        while (*p >= '0' && *p <= '9') precision = precision * 10 + (*p++ - '0');
      }
    }
    if (precision > 100000000) precision = 100000000;
    int longs = 0;
    while (*p == 'l') {
      longs++;
      p++;
    }
    /* No 'z' here: in SQLite's printf %z is a conversion (a string freed after use). */
    while (*p == 'h' || *p == 'j' || *p == 't') {
      if (*p == 'j' || *p == 't') longs = 2;
      p++;
    }
    char c = *p;
    if (c == 0) break;
    p++;

    char spec[64];
    char num[512];
    switch (c) {
    case 'd':
    case 'i': {
      int64_t v = longs >= 2 ? va_arg(ap, long long) : longs == 1 ? va_arg(ap, long) : va_arg(ap, int);
      snprintf(spec, sizeof spec, "%%%s%s%s%s*.*lld", left ? "-" : "", plus ? "+" : "",
               space ? " " : "", zero && !left ? "0" : "");
      snprintf(num, sizeof num, spec, comma ? 0 : width, precision, (long long)v);
      if (comma) {
        add_commas(num, sizeof num);
        str_padded(s, num, (int64_t)strlen(num), width, left);
      } else {
        ferrolite_str_append(s, num, (int)strlen(num));
      }
      break;
    }
    case 'u':
    case 'x':
    case 'X':
    case 'o': {
      uint64_t v = longs >= 2 ? va_arg(ap, unsigned long long)
                   : longs == 1 ? va_arg(ap, unsigned long)
                                : va_arg(ap, unsigned int);
      snprintf(spec, sizeof spec, "%%%s%s%s*.*ll%c", left ? "-" : "", alt ? "#" : "",
               zero && !left ? "0" : "", c);
      snprintf(num, sizeof num, spec, comma && c == 'u' ? 0 : width, precision,
               (unsigned long long)v);
      if (comma && c == 'u') {
        add_commas(num, sizeof num);
        str_padded(s, num, (int64_t)strlen(num), width, left);
      } else {
        ferrolite_str_append(s, num, (int)strlen(num));
      }
      break;
    }
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      double v = va_arg(ap, double);
      /* The engine's formatter renders it, as SQL printf() does (rounding, '!', Inf, NaN). */
      char flags[8];
      int nf = 0;
      if (left) flags[nf++] = '-';
      if (plus) flags[nf++] = '+';
      if (space) flags[nf++] = ' ';
      if (zero) flags[nf++] = '0';
      if (alt) flags[nf++] = '#';
      if (bang) flags[nf++] = '!';
      flags[nf] = 0;
      int n = 0;
      char *z = ferrolite_format_real(flags, width, precision, c, v, &n);
      if (z == 0) {
        s->err = STR_NOMEM;
        break;
      }
      ferrolite_str_append(s, z, n);
      sqlite3_free(z);
      break;
    }
    case 'c': {
      int ch = va_arg(ap, int);
      char buf[4] = {(char)ch, 0, 0, 0};
      int64_t reps = precision > 1 ? precision : 1;
      if (!left) str_repeat(s, ' ', width > reps ? width - reps : 0);
      for (int64_t i = 0; i < reps; i++) ferrolite_str_append(s, buf, 1);
      if (left) str_repeat(s, ' ', width > reps ? width - reps : 0);
      break;
    }
    case 's':
    case 'z': {
      char *z = va_arg(ap, char *);
      const char *t = z ? z : "";
      int64_t n = (int64_t)strlen(t);
      if (precision >= 0) n = bang ? utf8_prefix(t, n, precision) : (precision < n ? precision : n);
      str_padded(s, t, n, width, left);
      if (c == 'z' && z) sqlite3_free(z);
      break;
    }
    case 'q':
    case 'Q':
    case 'w': {
      const char *z = va_arg(ap, const char *);
      if (z == 0 && c == 'Q') {
        str_padded(s, "NULL", 4, width, left);
        break;
      }
      const char *t = z ? z : (c == 'w' ? "" : "(NULL)");
      int64_t n = (int64_t)strlen(t);
      if (precision >= 0) n = bang ? utf8_prefix(t, n, precision) : (precision < n ? precision : n);
      str_quoted(s, t, n, c == 'w' ? '"' : '\'', c == 'Q', width, left);
      break;
    }
    case 'p': {
      void *v = va_arg(ap, void *);
      snprintf(num, sizeof num, "%llx", (unsigned long long)(uintptr_t)v);
      str_padded(s, num, (int64_t)strlen(num), width, left);
      break;
    }
    case 'n': {
      int *out = va_arg(ap, int *);
      if (out) *out = (int)s->len;
      break;
    }
    case '%':
      ferrolite_str_append(s, "%", 1);
      break;
    default:
      /* Unknown conversion: SQLite stops formatting here. */
      return;
    }
  }
}

char *ferrolite_str_finish(sqlite3_str *s) {
  if (s == 0) return 0;
  char *z = 0;
  if (s->err == STR_OK) {
    if (s->buf == 0) {
      z = (char *)sqlite3_malloc64(1);
      if (z) z[0] = 0;
    } else {
      z = s->buf;
      s->buf = 0;
    }
  } else {
    sqlite3_free(s->buf);
  }
  sqlite3_free(s);
  return z;
}

char *sqlite3_vmprintf(const char *fmt, va_list ap) {
  if (fmt == 0) return 0;
  sqlite3_str s;
  memset(&s, 0, sizeof s);
  ferrolite_str_vappendf(&s, fmt, ap);
  if (s.err) {
    sqlite3_free(s.buf);
    return 0;
  }
  if (s.buf == 0) {
    char *z = (char *)sqlite3_malloc64(1);
    if (z) z[0] = 0;
    return z;
  }
  return s.buf;
}

char *sqlite3_vsnprintf(int n, char *buf, const char *fmt, va_list ap) {
  if (n <= 0 || buf == 0) return buf;
  if (fmt == 0) {
    buf[0] = 0;
    return buf;
  }
  sqlite3_str s;
  memset(&s, 0, sizeof s);
  ferrolite_str_vappendf(&s, fmt, ap);
  size_t len = s.buf ? s.len : 0;
  if (len > (size_t)(n - 1)) len = (size_t)(n - 1);
  if (len) memcpy(buf, s.buf, len);
  buf[len] = 0;
  sqlite3_free(s.buf);
  return buf;
}

/* ---- sqlite3_str public API (non-variadic parts) ---- */

sqlite3_str *sqlite3_str_new(void *db) {
  (void)db;
  return ferrolite_str_new();
}

void sqlite3_str_vappendf(sqlite3_str *s, const char *fmt, va_list ap) {
  ferrolite_str_vappendf(s, fmt, ap);
}

void sqlite3_str_append(sqlite3_str *s, const char *z, int n) { ferrolite_str_append(s, z, n); }

void sqlite3_str_appendall(sqlite3_str *s, const char *z) {
  if (z) ferrolite_str_append(s, z, (int)strlen(z));
}

void sqlite3_str_appendchar(sqlite3_str *s, int n, char c) {
  if (s) str_repeat(s, c, n);
}

void sqlite3_str_reset(sqlite3_str *s) {
  if (s == 0) return;
  sqlite3_free(s->buf);
  s->buf = 0;
  s->len = 0;
  s->cap = 0;
  s->err = STR_OK;
}

char *sqlite3_str_finish(sqlite3_str *s) { return ferrolite_str_finish(s); }

int sqlite3_str_errcode(sqlite3_str *s) { return s ? s->err : STR_NOMEM; }

int sqlite3_str_length(sqlite3_str *s) { return s ? (int)s->len : 0; }

char *sqlite3_str_value(sqlite3_str *s) {
  if (s == 0 || s->err || s->buf == 0) return 0;
  return s->buf;
}
