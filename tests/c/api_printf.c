/* api_printf.c — sqlite3_mprintf/snprintf/vmprintf/vsnprintf and the sqlite3_str builder,
 * compared with SQLite byte for byte. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "sqlite3.h"

static void show(const char *label, char *s) {
  printf("%s: [%s]\n", label, s ? s : "(null)");
  sqlite3_free(s);
}

static char *vm(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  return s;
}

static void vsn(int n, const char *fmt, ...) {
  char buf[64];
  memset(buf, 'Z', sizeof buf);
  va_list ap;
  va_start(ap, fmt);
  char *r = sqlite3_vsnprintf(n, buf, fmt, ap);
  va_end(ap);
  printf("vsnprintf(%d): same=%d [%s]\n", n, r == buf, n > 0 ? buf : "-");
}

int main(void) {
  show("d", sqlite3_mprintf("%d|%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42, 42));
  show("neg", sqlite3_mprintf("%d|%5d|%-5d|%05d", -7, -7, -7, -7));
  show("i", sqlite3_mprintf("%i %u", -3, 3000000000u));
  show("x", sqlite3_mprintf("%x %X %#x %08x %o %#o", 255, 255, 255, 255, 8, 8));
  show("lld", sqlite3_mprintf("%lld %lld %llu %llx", 9223372036854775807LL,
                              (long long)(-9223372036854775807LL - 1), 18446744073709551615ULL,
                              0x123456789abcLL));
  show("ld", sqlite3_mprintf("%ld %lu", -5L, 5UL));
  show("c", sqlite3_mprintf("%c%c%c|%5c|%-3c|", 'a', 'b', 'c', 'x', 'y'));
  show("s", sqlite3_mprintf("%s|%10s|%-10s|%.2s|%10.3s|", "hello", "hi", "hi", "hello", "hello"));
  show("s null", sqlite3_mprintf("%s|", (char *)0));
  show("z", sqlite3_mprintf("%z and more", sqlite3_mprintf("owned %d", 1)));
  show("q", sqlite3_mprintf("'%q'", "it's a 'test'"));
  show("q null", sqlite3_mprintf("%q|", (char *)0));
  show("Q", sqlite3_mprintf("%Q %Q", "o'k", (char *)0));
  show("w", sqlite3_mprintf("\"%w\"", "a\"b\"c"));
  show("f", sqlite3_mprintf("%f|%.2f|%10.3f|%-10.1f|%+f|%.0f", 3.14159, 3.14159, 3.14159, 2.5, 1.0,
                            2.7));
  show("f half", sqlite3_mprintf("%.0f %.0f %.0f %.0f %.1f %.2f", 2.5, 0.5, -2.5, 3.5, 0.25, 1.005));
  show("!f", sqlite3_mprintf("%!f|%!.3f|%!g|%!e|%!.0f|%#.0f|%!10.2f|%!-8.3f|", 2.0, 2.0, 2.0, 2.0,
                             2.0, 2.0, 1.5, 2.0));
  show("inf", sqlite3_mprintf("%f %g %e|%10f|%-10f|%+f|%010f", 1e308 * 10, -1e308 * 10, 1e308 * 10,
                              1e308 * 10, -1e308 * 10, 1e308 * 10, 1e308 * 10));
  show("nan", sqlite3_mprintf("%f|%5.1g|", 0.0 / 0.0, 0.0 / 0.0));
  show("f sizes", sqlite3_mprintf("%.20f|%.15g|%.17g|%!.20e|%e|%g", 0.1, 0.1, 0.1, 1.0 / 3, 0.0, -0.0));
  show("f flags", sqlite3_mprintf("%+.3e|% f|%08.2f|%-8.2f|%#g|%#x", 12.5, 1.5, -3.25, 3.25, 1.0, 255));
  show("f big", sqlite3_mprintf("%f %f", 1e20, -0.000001));
  show("e", sqlite3_mprintf("%e|%.3e|%E|%12.2e", 12345.678, 0.00012, 1e100, -5.5));
  show("g", sqlite3_mprintf("%g|%g|%g|%g|%.3g|%g", 100000.0, 1000000.0, 0.0001, 0.00001, 3.14159,
                            0.0));
  show("!g", sqlite3_mprintf("%!g|%!g|%!.15g", 1.0, 1e20, 0.1));
  show("#g", sqlite3_mprintf("%#g", 1.0));
  show("star", sqlite3_mprintf("%*d|%-*d|%.*f|%.*s", 6, 1, 6, 2, 2, 3.14159, 3, "abcdef"));
  show("pct", sqlite3_mprintf("100%% done"));
  show("empty", sqlite3_mprintf(""));
  show("comma", sqlite3_mprintf("%,d %,lld", 1234567, 1234567890123LL));
  show("long s", sqlite3_mprintf("%.300s", "x"));

  char buf[16];
  memset(buf, 'Z', sizeof buf);
  char *r = sqlite3_snprintf(8, buf, "%s", "abcdefghijkl");
  printf("snprintf trunc: same=%d [%s] len=%d\n", r == buf, buf, (int)strlen(buf));
  r = sqlite3_snprintf(16, buf, "%d-%s", 12, "ab");
  printf("snprintf fit: [%s]\n", r);
  buf[0] = 'Q';
  buf[1] = 0;
  r = sqlite3_snprintf(0, buf, "%s", "x");
  printf("snprintf 0: [%s]\n", r);
  r = sqlite3_snprintf(1, buf, "%s", "x");
  printf("snprintf 1: [%s]\n", r);

  show("vmprintf", vm("%s=%d %Q", "k", 5, "v'"));
  vsn(5, "%d%d", 123, 456);
  vsn(64, "%q", "a'b");
  vsn(1, "%s", "abc");

  /* sqlite3_str */
  sqlite3_str *s = sqlite3_str_new(0);
  printf("str new: err=%d len=%d\n", sqlite3_str_errcode(s), sqlite3_str_length(s));
  sqlite3_str_appendall(s, "hello");
  sqlite3_str_append(s, ", world!!!", 7);
  sqlite3_str_appendchar(s, 3, '.');
  sqlite3_str_appendf(s, " %d %q", 42, "x'y");
  printf("str: len=%d value=[%s]\n", sqlite3_str_length(s), sqlite3_str_value(s));
  sqlite3_str_reset(s);
  printf("str reset: len=%d value=%s\n", sqlite3_str_length(s),
         sqlite3_str_value(s) ? "non-null" : "(null)");
  sqlite3_str_appendchar(s, 0, 'x');
  sqlite3_str_appendall(s, "");
  char *fin = sqlite3_str_finish(s);
  printf("str finish empty: %s\n", fin ? fin : "(null)");
  sqlite3_free(fin);
  s = sqlite3_str_new(0);
  for (int i = 0; i < 1000; i++) sqlite3_str_appendf(s, "%04d,", i);
  printf("str big: len=%d err=%d\n", sqlite3_str_length(s), sqlite3_str_errcode(s));
  fin = sqlite3_str_finish(s);
  printf("str big tail: %s\n", fin + strlen(fin) - 10);
  sqlite3_free(fin);
  printf("str finish null: %s\n", sqlite3_str_finish(0) ? "non-null" : "(null)");
  return 0;
}
