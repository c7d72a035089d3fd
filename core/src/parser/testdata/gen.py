#!/usr/bin/env python3
"""Regenerate expected.tsv from cases.sql using the reference SQLite (libsqlite3.so.0, 3.40.1).

cases.sql: one SQL text per line; `\\n` stands for a newline; lines starting with `#` are comments.
expected.tsv: sql <TAB> kind <TAB> message <TAB> offset, where kind is `ok` when SQLite's parser
accepted the text (prepare succeeded, or failed only in a later, semantic, phase) and `err` when
it failed with a parse-time error whose message and byte offset the Rust test checks.
Only sqlite3_prepare_v2 is called on a fresh in-memory database: nothing is executed.
"""
import ctypes, os

PARSE_ERRORS = (
    'syntax error', 'incomplete input', 'unrecognized token', 'hex literal too big',
    'variable number must be between', 'all VALUES must have', 'clause should come after',
    'unknown table option', 'unknown join type', 'a JOIN clause is required', 'syntax error after',
    'unsupported use of NULLS', 'qualified table names are not allowed', 'cannot use RETURNING',
    'the INDEXED BY clause is not allowed', 'too many SQL variables', 'error in generated column',
    'unsupported frame specification', 'the NOT INDEXED clause is not allowed',
    'generated columns cannot be part of', 'cannot use DEFAULT on a generated column',
)

# Statements are prepared against one of two databases: an empty one (so CREATE TABLE and
# friends get past their early name checks), or, for ALTER TABLE and CREATE TRIGGER, which look
# their table up before the rest is parsed, one holding the objects the cases name. (After such
# an early semantic error SQLite's parser reports confusing errors, so each case must avoid one.)
SCHEMA = '''
CREATE TABLE t(a, b, c, x, y, z);
CREATE TABLE u(a, b, c, x);
CREATE VIEW v AS SELECT 1 AS a, 2 AS b;
CREATE INDEX i ON t(a);
'''

lib = ctypes.CDLL('libsqlite3.so.0')
lib.sqlite3_errmsg.restype = ctypes.c_char_p
empty_db = ctypes.c_void_p()
lib.sqlite3_open(b':memory:', ctypes.byref(empty_db))
full_db = ctypes.c_void_p()
lib.sqlite3_open(b':memory:', ctypes.byref(full_db))
assert lib.sqlite3_exec(full_db, SCHEMA.encode(), None, None, None) == 0

def prepare(db, sql):
    """Prepare every statement of `sql` in turn; stop at the first error."""
    b = sql.encode()
    buf = ctypes.create_string_buffer(b)
    base = ctypes.addressof(buf)
    pos = 0
    while pos < len(b):
        st = ctypes.c_void_p()
        tail = ctypes.c_void_p()
        rc = lib.sqlite3_prepare_v2(db, ctypes.c_void_p(base + pos), len(b) - pos,
                                    ctypes.byref(st), ctypes.byref(tail))
        msg = lib.sqlite3_errmsg(db).decode()
        off = lib.sqlite3_error_offset(db)
        if st:
            lib.sqlite3_finalize(st)
        new = (tail.value or base) - base
        if rc != 0:
            return rc, msg, (off + pos if off >= 0 else -1)
        if new <= pos:
            break
        pos = new
    return 0, '', -1

here = os.path.dirname(os.path.abspath(__file__))
out = []
for line in open(os.path.join(here, 'cases.sql'), encoding='utf-8'):
    line = line.rstrip('\n')
    if not line.strip() or line.startswith('#'):
        continue
    sql = line.replace('\\n', '\n')
    words = sql.lower().split()
    needs_schema = words[:1] == ['alter'] or 'trigger' in words[:3]
    rc, msg, off = prepare(full_db if needs_schema else empty_db, sql)
    if rc != 0 and any(p in msg for p in PARSE_ERRORS):
        out.append(f'{line}\terr\t{msg}\t{off}')
    else:
        out.append(f'{line}\tok\t\t')
open(os.path.join(here, 'expected.tsv'), 'w', encoding='utf-8').write('\n'.join(out) + '\n')
print(len(out), 'cases,', sum('\terr\t' in o for o in out), 'errors')
