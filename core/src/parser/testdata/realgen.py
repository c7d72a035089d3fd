#!/usr/bin/env python3
"""Generate reals.tsv: decimal literals and the exact double the reference SQLite makes of them
(`text <TAB> 16 hex digits of the IEEE-754 bits`). SQLite 3.40's conversion is not always
correctly rounded, so the literal's value must follow its algorithm, not Rust's `parse`."""
import os, random, sqlite3, struct

rng = random.Random(31337)
db = sqlite3.connect(':memory:')
tests = ['0.1', '1e308', '1.7976931348623157e308', '2.2250738585072011e-308', '4.9e-324',
         '9007199254740993.0', '0.30000000000000001', '1e-400', '1e400', '.5', '1.e5', '1e5',
         '123456789012345678901234567890.0', '3.26959528234e233', '0.13273331723645391546041']
for _ in range(4000):
    d = rng.randint(1, 25)
    m = ''.join(rng.choice('0123456789') for _ in range(d))
    e = rng.randint(-330, 310)
    k = rng.random()
    if k < 0.3:
        tests.append(m[:1] + '.' + m[1:] + 'e' + str(e))
    elif k < 0.6:
        tests.append('0.' + m)
    else:
        tests.append(m[:d // 2 + 1] + '.' + m[d // 2 + 1:])
rows = []
for t in tests:
    (v,) = db.execute('SELECT ' + t).fetchone()
    if isinstance(v, float):
        rows.append(f'{t}\t{struct.pack(">d", v).hex()}')
here = os.path.dirname(os.path.abspath(__file__))
open(os.path.join(here, 'reals.tsv'), 'w').write('\n'.join(rows) + '\n')
print(len(rows), 'reals')
