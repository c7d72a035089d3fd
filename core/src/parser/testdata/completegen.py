#!/usr/bin/env python3
"""Generate complete_fuzz.tsv: mutated statements (trigger-heavy) with assorted endings, and what
the reference sqlite3_complete() says of each (`text <TAB> 0|1`). Checked by the Rust test
`is_complete_matches_sqlite_on_fuzz`. Deterministic. COMPLETE_N / COMPLETE_OUT for exploration."""
import ctypes, os, random
from fuzz import seeds, mutate

lib = ctypes.CDLL('libsqlite3.so.0')
rng = random.Random(9)
base = seeds()
base += ['create trigger t after insert on x begin select 1; end',
         'create temp trigger t delete on x begin delete from y; update y set a=1; end',
         'explain create temporary trigger t before update on x for each row begin select 1; end',
         'create trigger end after insert on begin begin select end; end'] * 50
n = int(os.environ.get('COMPLETE_N', '8000'))
rows, seen = [], set()
while len(rows) < n:
    s = rng.choice(base)
    for _ in range(rng.randint(0, 3)):
        s = s and mutate(s)
    if not s:
        continue
    s = s + rng.choice(['', ';', ' ;', '; -- x', '; /* y', ';;', ' end;', '; end ;'])
    if s in seen or '\t' in s or '\n' in s:
        continue
    seen.add(s)
    rows.append(f'{s}\t{lib.sqlite3_complete(s.encode())}')
here = os.path.dirname(os.path.abspath(__file__))
out = os.environ.get('COMPLETE_OUT', os.path.join(here, 'complete_fuzz.tsv'))
open(out, 'w').write('\n'.join(rows) + '\n')
print(len(rows), 'sqlite3_complete fuzz cases')
