/* api_misc.c — library-level functions with no connection: version, complete, keywords,
 * string comparisons, errstr, memory allocation, randomness, mutexes, status. */
#include <stdio.h>
#include <string.h>
#include "sqlite3.h"

int main(void) {
  printf("libversion matches macro: %d\n", strcmp(sqlite3_libversion(), SQLITE_VERSION) == 0);
  printf("version var matches: %d\n", strcmp(sqlite3_version, sqlite3_libversion()) == 0);
  printf("libversion_number: %d\n", sqlite3_libversion_number());
  printf("sourceid len>0: %d\n", (int)(strlen(sqlite3_sourceid()) > 0));
  printf("threadsafe: %d\n", sqlite3_threadsafe() != 0);
  printf("initialize: %d\n", sqlite3_initialize());
  printf("initialize again: %d\n", sqlite3_initialize());

  const char *comp[] = {"", ";", "select 1", "select 1;", "select 1; select", "select 'a;",
                        "select 'a;';", "select \"x;\";", "-- c;\n", "select 1 -- ;", "/* ; */",
                        "select 1; /* x */", "create trigger t after insert on x begin select 1; end",
                        "create trigger t after insert on x begin select 1; end;",
                        "create trigger t after insert on x begin select 1; end; ", "select [a;b];",
                        "  ;  ", "select x'ab';", "explain select 1;", "create table begin(x);",
                        "select 1 /* unterminated ;", 0};
  for (int i = 0; comp[i]; i++) printf("complete(%s) = %d\n", comp[i], sqlite3_complete(comp[i]));
  unsigned short w[] = {'s', 'e', 'l', 'e', 'c', 't', ' ', '1', ';', 0};
  printf("complete16 = %d\n", sqlite3_complete16(w));
  unsigned short w2[] = {'s', 'e', 'l', 0};
  printf("complete16 partial = %d\n", sqlite3_complete16(w2));

  int kc = sqlite3_keyword_count();
  printf("keyword_count: %d\n", kc);
  int found = 0;
  for (int i = 0; i < kc; i++) {
    const char *z;
    int n;
    if (sqlite3_keyword_name(i, &z, &n) == SQLITE_OK && n == 6 && strncmp(z, "SELECT", 6) == 0)
      found = 1;
  }
  printf("SELECT in list: %d\n", found);
  const char *z = 0;
  int n = 0;
  printf("keyword_name(-1): %d\n", sqlite3_keyword_name(-1, &z, &n));
  printf("keyword_name(count): %d\n", sqlite3_keyword_name(kc, &z, &n));
  const char *kw[] = {"select", "SELECT", "Where", "foo", "sel", "abort", "WITHOUT", "rowid", 0};
  for (int i = 0; kw[i]; i++)
    printf("keyword_check(%s) = %d\n", kw[i], sqlite3_keyword_check(kw[i], (int)strlen(kw[i])));
  printf("keyword_check(selectx,6) = %d\n", sqlite3_keyword_check("selectx", 6));

  const char *gl[][2] = {{"a*", "abc"}, {"a?c", "abc"}, {"A*", "abc"}, {"[a-c]x", "bx"},
                         {"[^a-c]x", "bx"}, {"*", ""}, {"", ""}, {"a[]]b", "a]b"}, {"?", ""},
                         {"*c", "abc"}, {0, 0}};
  for (int i = 0; gl[i][0]; i++)
    printf("strglob(%s,%s) = %d\n", gl[i][0], gl[i][1], sqlite3_strglob(gl[i][0], gl[i][1]));
  const char *lk[][2] = {{"a%", "ABC"}, {"a_c", "abc"}, {"a\\%", "a%"}, {"%", ""}, {"_", ""},
                         {"abc", "abd"}, {0, 0}};
  for (int i = 0; lk[i][0]; i++) {
    printf("strlike(%s,%s) = %d\n", lk[i][0], lk[i][1], sqlite3_strlike(lk[i][0], lk[i][1], 0));
    printf("strlike esc(%s,%s) = %d\n", lk[i][0], lk[i][1],
           sqlite3_strlike(lk[i][0], lk[i][1], '\\'));
  }
  printf("stricmp: %d %d %d %d\n", sqlite3_stricmp("abc", "ABC") == 0,
         sqlite3_stricmp("abc", "abd") < 0, sqlite3_stricmp("b", "A") > 0,
         sqlite3_stricmp("ab", "abc") < 0);
  printf("strnicmp: %d %d %d\n", sqlite3_strnicmp("abcX", "ABCy", 3) == 0,
         sqlite3_strnicmp("abc", "abd", 3) < 0, sqlite3_strnicmp("x", "y", 0) == 0);
  printf("stricmp null: %d %d %d\n", sqlite3_stricmp(0, 0) == 0, sqlite3_stricmp(0, "a") < 0,
         sqlite3_stricmp("a", 0) > 0);

  /* Not compared: errstr(22) (SQLITE_NOLFS) is "unknown error" in SQLite 3.40.1, Ferrolite's
   * core says "large file support is disabled". */
  int codes[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                 23, 24, 25, 26, 27, 28, 100, 101, 266, 261, 517, 1555, 2067, 999, -1, 516, 0};
  for (int i = 0; i < (int)(sizeof codes / sizeof codes[0]); i++)
    printf("errstr(%d) = %s\n", codes[i], sqlite3_errstr(codes[i]));

  void *p = sqlite3_malloc(100);
  printf("malloc: %d msize>=100: %d\n", p != 0, sqlite3_msize(p) >= 100);
  memset(p, 1, 100);
  p = sqlite3_realloc(p, 1000);
  printf("realloc: %d msize>=1000: %d\n", p != 0, sqlite3_msize(p) >= 1000);
  p = sqlite3_realloc64(p, 10);
  printf("realloc64: %d first=%d\n", p != 0, ((unsigned char *)p)[0]);
  sqlite3_free(p);
  printf("malloc(0): %d malloc(-1): %d\n", sqlite3_malloc(0) != 0, sqlite3_malloc(-1) != 0);
  p = sqlite3_malloc64(64);
  printf("malloc64: %d\n", p != 0);
  printf("realloc to 0 returns null: %d\n", sqlite3_realloc(p, 0) == 0);
  p = sqlite3_realloc(0, 16);
  printf("realloc(null): %d\n", p != 0);
  sqlite3_free(p);
  sqlite3_free(0);
  printf("msize(null): %d\n", (int)sqlite3_msize(0));
  printf("memory_used>=0: %d highwater>=used: %d\n", sqlite3_memory_used() >= 0,
         sqlite3_memory_highwater(0) >= sqlite3_memory_used());

  unsigned char r1[32], r2[32];
  sqlite3_randomness(32, r1);
  sqlite3_randomness(32, r2);
  printf("randomness differs: %d\n", memcmp(r1, r2, 32) != 0);
  sqlite3_randomness(0, r1);
  sqlite3_randomness(-5, r1);
  printf("randomness 0/neg ok\n");

  sqlite3_mutex *m = sqlite3_mutex_alloc(SQLITE_MUTEX_RECURSIVE);
  printf("mutex alloc: %d\n", m != 0);
  sqlite3_mutex_enter(m);
  sqlite3_mutex_enter(m);
  printf("mutex try (recursive): %d\n", sqlite3_mutex_try(m));
  sqlite3_mutex_leave(m);
  sqlite3_mutex_leave(m);
  sqlite3_mutex_leave(m);
  sqlite3_mutex_free(m);
  m = sqlite3_mutex_alloc(SQLITE_MUTEX_FAST);
  printf("mutex fast: %d try=%d\n", m != 0, sqlite3_mutex_try(m));
  sqlite3_mutex_leave(m);
  sqlite3_mutex_free(m);
  sqlite3_mutex_enter(0);
  sqlite3_mutex_leave(0);
  sqlite3_mutex_free(0);
  printf("mutex null ok\n");
  m = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1);
  printf("static app1: %d same again: %d differs from app2: %d\n", m != 0,
         m == sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1), m != sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP2));
  sqlite3_mutex_enter(m);
  sqlite3_mutex_leave(m);
  printf("static vfs3: %d main: %d\n", sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS3) != 0,
         sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_MAIN) == sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_MASTER));

  int cur = -1, hi = -1;
  printf("status memory: rc=%d cur>=0: %d hi>=cur: %d\n",
         sqlite3_status(SQLITE_STATUS_MEMORY_USED, &cur, &hi, 0), cur >= 0, hi >= cur);
  sqlite3_int64 c64 = -1, h64 = -1;
  printf("status64: rc=%d cur>=0: %d\n", sqlite3_status64(SQLITE_STATUS_MALLOC_COUNT, &c64, &h64, 0),
         c64 >= 0);
  printf("status bad op: %d\n", sqlite3_status(999, &cur, &hi, 0));
  sqlite3_sleep(1);
  printf("sleep ok\n");
  printf("vfs_find default: %d\n", sqlite3_vfs_find(0) != 0);
  printf("vfs_find unix: %d\n", sqlite3_vfs_find("unix") != 0);
  printf("vfs_find nosuch: %d\n", sqlite3_vfs_find("nosuch") != 0);
  printf("vfs_find default name: %s\n", sqlite3_vfs_find(0)->zName);
  return 0;
}
