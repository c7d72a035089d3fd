#!/usr/bin/env python3
"""Generate exprs.tsv: random integer expressions and the value the reference SQLite computes.

Each line is `expr <TAB> value` (`NULL`, an integer or, with EXPR_TEXT=1 which writes
exprs_text.tsv and adds strings, `||`, LIKE and GLOB, a quoted text). Parentheses are dropped at random, so
the texts exercise operator precedence and associativity; the Rust test
`expression_values_match_sqlite` parses each text and evaluates the tree with a small integer
evaluator, which only agrees with SQLite if the tree has SQLite's shape. Deterministic.
"""
import os, random, sqlite3

rng = random.Random(424242)
BIN = ['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '<', '<=', '>', '>=', '=', '==', '!=',
       '<>', 'AND', 'OR', 'IS', 'IS NOT', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM']


TEXT_MODE = os.environ.get('EXPR_TEXT')
if TEXT_MODE:
    BIN += ['||', '||', 'LIKE', 'NOT LIKE', 'GLOB', 'NOT GLOB']


def gen(depth):
    if depth == 0 or rng.random() < 0.25:
        r = rng.random()
        if r < 0.1:
            return 'NULL'
        if TEXT_MODE and r < 0.4:
            return rng.choice(["'a'", "'b'", "'ab'", "'A'", "'1'", "''"])
        return str(rng.randint(0, 9))
    k = rng.random()
    if k < 0.55:
        a, b = gen(depth - 1), gen(depth - 1)
        return wrap(f'{a} {rng.choice(BIN)} {b}')
    if k < 0.65:
        return wrap(f'{rng.choice(["- ", "+ ", "~ ", "NOT "])}{gen(depth - 1)}')
    if k < 0.75:
        nb = rng.choice(['BETWEEN', 'NOT BETWEEN'])
        return wrap(f'{gen(depth - 1)} {nb} {gen(depth - 1)} AND {gen(depth - 1)}')
    if k < 0.85:
        items = ', '.join(gen(depth - 1) for _ in range(rng.randint(1, 3)))
        return wrap(f'{gen(depth - 1)} {rng.choice(["IN", "NOT IN"])} ({items})')
    if k < 0.92:
        return wrap(f'{gen(depth - 1)} {rng.choice(["ISNULL", "NOTNULL", "NOT NULL", "IS NULL", "IS NOT NULL"])}')
    return (f'CASE WHEN {gen(depth - 1)} THEN {gen(depth - 1)} '
            f'ELSE {gen(depth - 1)} END')


def wrap(s):
    return f'({s})' if rng.random() < 0.3 else s


def main():
    db = sqlite3.connect(':memory:')
    rows, seen = [], set()
    while len(rows) < 3000:
        e = gen(rng.randint(2, 5))
        if e in seen:
            continue
        seen.add(e)
        try:
            (v,) = db.execute(f'SELECT {e}').fetchone()
        except (sqlite3.Error, OverflowError):
            continue
        if isinstance(v, float) or (isinstance(v, int) and abs(v) > 2**62):
            continue  # keep to exact small integers
        if isinstance(v, str):
            if '\t' in v or '\n' in v:
                continue
            v = "'" + v + "'"
        rows.append(f'{e}\t{"NULL" if v is None else v}')
    here = os.path.dirname(os.path.abspath(__file__))
    name = 'exprs_text.tsv' if TEXT_MODE else 'exprs.tsv'
    open(os.path.join(here, name), 'w').write('\n'.join(rows) + '\n')
    print(len(rows), 'expressions')


if __name__ == '__main__':
    main()
