#!/usr/bin/env python3
"""Generate fuzz.tsv: mutations of statements SQLite accepts, classified by the reference SQLite.

Seeds are the accepted texts of cases.sql plus statements sampled from the sqllogictest corpus.
Each seed is cut into rough tokens and mutated once (drop, duplicate, swap neighbours, insert a
keyword or punctuation, truncate). The output has the format of expected.tsv and is checked by
the Rust test `fuzz_table_matches_sqlite`. Deterministic (fixed random seed). For exploratory
runs: FUZZ_SEED, FUZZ_N, FUZZ_ROUNDS (mutations per case, up to) and FUZZ_OUT (then check the
file with `FERROLITE_FUZZ_FILE=<path> cargo test -p ferrolite --lib fuzz_file -- --ignored`).
"""
import os, random, re, glob
from gen import classify

here = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(int(os.environ.get('FUZZ_SEED', '20261124')))
TOKEN = re.compile(r"\s+|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\[[^\]]*\]|[A-Za-z_][A-Za-z_0-9$]*|"
                   r"0x[0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+|\|\||<<|>>|<=|>=|==|!=|<>|->>|->|.")
INSERTS = ['(', ')', ',', ';', '.', '*', '+', '-', '=', 'select', 'from', 'where', 'not', 'null', 'and',
           'on', 'as', 'join', 'left', 'in', 'is', 'between', 'case', 'when', 'end', 'values', 'by',
           'order', 'group', 'limit', 'key', 'primary', 'default', 'collate', 'over', 'filter',
           'window', 'union', 'all', 'distinct', 'exists', 'cast', 'with', 'recursive', 'returning',
           'conflict', 'do', 'update', 'set', 'insert', 'into', 'table', 'create', 'index', 'if',
           'escape', 'like', 'glob', 'raise', 'x', '1', "'s'", '?', ':a', 'unique', 'check',
           'references', 'generated', 'always', 'stored', 'rows', 'range', 'preceding', 'following',
           'unbounded', 'current', 'row', 'exclude', 'partition', 'natural', 'using', 'indexed',
           'then', 'else', 'offset', 'having', 'desc', 'asc', 'nulls', 'first', 'last', 'begin',
           'trigger', 'after', 'before', 'instead', 'of', 'for', 'each', 'view', 'temp', 'virtual']


EXTRA = ['||', '->', '->>', '<<', '>=', '!=', '==', '~', '%', '/', '&', '|', '0x1f', '1e5', '.5',
         "x'00'", '"q"', '[q]', '`q`', '?1', '@v', '$v', 'current_date', 'isnull', 'notnull',
         'intersect', 'except', 'materialized', 'nothing', 'groups', 'ties', 'others', 'no',
         'action', 'cascade', 'restrict', 'deferrable', 'initially', 'deferred', 'immediate',
         'match', 'regexp', 'autoincrement', 'strict', 'without', 'rowid', 'foreign', 'constraint',
         'replace', 'ignore', 'abort', 'fail', 'rollback', 'to', 'savepoint', 'release', 'pragma',
         'attach', 'detach', 'vacuum', 'reindex', 'analyze', 'explain', 'query', 'plan', 'alter',
         'rename', 'add', 'column', 'drop', 'exclusive', 'transaction', 'commit', 'temporary']


def seeds():
    out = []
    for line in open(os.path.join(here, 'cases.sql'), encoding='utf-8'):
        line = line.rstrip('\n')
        if line.strip() and not line.startswith('#'):
            out.append(line.replace('\\n', ' '))
    corpus = sorted(glob.glob('/work/shared/sqllogictest/**/*.test', recursive=True))
    if os.environ.get('FUZZ_NO_CORPUS'):
        corpus = []
    for path in corpus[::6]:
        text = open(path, encoding='utf-8', errors='replace').read().replace('\r\n', '\n')
        recs = [r for r in text.split('\n\n') if r.startswith(('statement ok', 'query'))]
        for r in rng.sample(recs, min(15, len(recs))):
            lines = r.split('\n')[1:]
            sql = ' '.join(l for l in lines if l != '----' and not l.startswith('----'))
            sql = sql.split(' ---- ')[0]
            if len(sql) < 400:
                out.append(sql)
    return out


def mutate(sql):
    toks = TOKEN.findall(sql)
    idx = [i for i, t in enumerate(toks) if not t.isspace()]
    if not idx:
        return None
    op = rng.choice(['drop', 'dup', 'swap', 'insert', 'insert', 'truncate', 'replace'])
    i = rng.choice(idx)
    if op == 'drop':
        toks[i] = ''
    elif op == 'dup':
        toks[i] = toks[i] + ' ' + toks[i]
    elif op == 'swap':
        j = idx[min(idx.index(i) + 1, len(idx) - 1)]
        toks[i], toks[j] = toks[j], toks[i]
    elif op == 'insert':
        toks[i] = rng.choice(INSERTS) + ' ' + toks[i]
    elif op == 'replace':
        toks[i] = rng.choice(INSERTS + EXTRA)
    else:
        toks = toks[:i]
    out = ''.join(toks).strip()
    ok = out and not any(c in out for c in '\t\n\\')
    return out if ok else None


def main():
    base = seeds()
    seen, rows = set(), []
    n = int(os.environ.get('FUZZ_N', '8000'))
    rounds = int(os.environ.get('FUZZ_ROUNDS', '2'))
    while len(rows) < n:
        m = rng.choice(base)
        for _ in range(rng.randint(1, rounds)):
            m = m and mutate(m)
        if m is None or m in seen or m.startswith('#'):
            continue
        seen.add(m)
        kind, msg, off = classify(m)
        rows.append(f'{m}\t{kind}\t{msg}\t{off}')
    out = os.environ.get('FUZZ_OUT', os.path.join(here, 'fuzz.tsv'))
    open(out, 'w', encoding='utf-8').write('\n'.join(rows) + '\n')
    print(len(rows), 'fuzz cases,', sum('\terr\t' in r for r in rows), 'errors')


if __name__ == '__main__':
    main()
