#!/usr/bin/env python3
"""Regenerate expected.tsv from cases.sql using the reference SQLite (libsqlite3.so.0, 3.40.1).

cases.sql: one SQL text per line; `\\n` stands for a newline; lines starting with `#` are comments.
expected.tsv: sql <TAB> kind <TAB> message <TAB> offset, where kind is `ok` when SQLite's parser
accepted the text (prepare succeeded, or failed with the semantic error given), `err` when
it failed with a parse-time error whose message and byte offset the Rust test checks, and `sem`
when a semantic error raised mid-parse leaves the outcome unknown (not checked).
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
    'parser stack overflow', 'Expression tree is too large', 'too many terms in compound',
    'too many arguments on function', 'too many columns on', 'too many terms in',
    'too many columns in set list',
    'generated columns cannot be part of', 'cannot use DEFAULT on a generated column',
)

# Semantic errors SQLite raises while finishing (or starting) a CREATE TABLE: they replace or
# hide a parse-time error (e.g. an unknown table option), so the outcome is not checkable.
EARLY_SEMANTIC = ('must have at least one non-generated column', 'missing datatype for',
                  'temporary table name must be unqualified', 'unknown datatype for')

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
    """Prepare every statement of `sql` in turn; stop at the first error.

    Returns (rc, message, offset, clean): `clean` is False when a semantic error stopped
    SQLite before the end of its statement (it raises some, e.g. for AUTOINCREMENT, while
    parsing), so a later syntax error may have gone unseen. A semantic error found after the
    whole statement was parsed (tail just past a `;` or at the end) lets the next one be tried.
    """
    b = sql.encode()
    buf = ctypes.create_string_buffer(b)
    base = ctypes.addressof(buf)
    pos = 0
    first = None
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
            err = (rc, msg, (off + pos if off >= 0 else -1))
            if any(p in msg for p in PARSE_ERRORS):
                return err + (True,)
            whole = new >= len(b) or b[:new].rstrip().endswith(b';')
            if not whole:
                return first or err + (False,)
            first = first or err + (True,)
        if new <= pos:
            break
        pos = new
    return first or (0, '', -1, True)

def classify(sql):
    """(kind, message, offset) for one SQL text, as described at the top of this file."""
    words = sql.lower().split()
    needs_schema = words[:1] == ['alter'] or 'trigger' in words[:3]
    rc, msg, off, clean = prepare(full_db if needs_schema else empty_db, sql)
    if rc != 0 and any(p in msg for p in PARSE_ERRORS):
        return 'err', msg, off
    # ALTER TABLE and CREATE TRIGGER look their table up before parsing the rest.
    early = needs_schema and rc != 0
    if not clean or early or any(m in msg for m in EARLY_SEMANTIC):
        return 'sem', msg, off
    if rc != 0:
        return 'ok', msg, off  # parsed; failed later (the message is informational)
    return 'ok', '', ''


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    for line in open(os.path.join(here, 'cases.sql'), encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        kind, msg, off = classify(line.replace('\\n', '\n'))
        out.append(f'{line}\t{kind}\t{msg}\t{off}')
    open(os.path.join(here, 'expected.tsv'), 'w', encoding='utf-8').write('\n'.join(out) + '\n')
    print(len(out), 'cases,', sum('\terr\t' in o for o in out), 'errors')
    write_complete(here)


def write_complete(here):
    """complete.tsv: sql <TAB> sqlite3_complete(sql), over the case texts with endings added."""
    texts = []
    for line in open(os.path.join(here, 'cases.sql'), encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        for end in ('', ';', ' ;  -- c', '; /* x', ';\\n', '; end;', ' end;'):
            texts.append(line + end)
    texts += ['create trigger t after insert on x begin select 1; end;',
              'create temp trigger t after insert on x begin select 1; end ;',
              'explain create trigger t after insert on x begin select 1; end;',
              'create trigger t after insert on x begin select 1; end; select 2',
              'create trigger t after insert on x begin select \'end;\'; end;',
              'create trigger t after insert on x begin select 1 end; end;',
              'create table trigger(x);', 'create view v as select 1 as end;',
              ';', ';;', ' ', '', '-- x', '/* x */;', "'';", '"a;', '[a;', '`a;', "x'00';",
              'select 1;\\n', 'select 1 /* ; */', 'select 1 -- ;']
    rows = []
    for t in texts:
        r = lib.sqlite3_complete(t.replace('\\n', '\n').encode())
        rows.append(f'{t}\t{r}')
    open(os.path.join(here, 'complete.tsv'), 'w', encoding='utf-8').write('\n'.join(rows) + '\n')
    print(len(rows), 'sqlite3_complete cases')


if __name__ == '__main__':
    main()
