//! Which table a bare column name in a view or trigger statement refers to, for RENAME
//! COLUMN (`alter_rename`): sqlite3 renames a bare `x` only where name resolution binds it
//! to the renamed table's column.
//!
//! The statement's tokens are split into scopes: each parenthesised SELECT (subquery, CTE
//! body) opens a child scope, each arm of a compound SELECT a sibling one, and the DO UPDATE
//! of an upsert a child scope reading the INSERT's table. A scope's sources are the tables
//! named after FROM/JOIN (and commas of a FROM list), UPDATE, and DELETE FROM. A bare name
//! binds in the innermost scope where one of the sources has that column, else further out.
//! Column lists (INSERT's, ON CONFLICT's) belong to the INSERT's table; USING lists are
//! never renamed (sqlite3 then fails with `cannot join using column x - column not present
//! in both tables`).

use super::alter_rename::{is_kw, word, Tok};

/// What a token inside a parenthesised column list belongs to.
#[derive(Clone)]
enum ListOf {
    Table(String),
    Using,
}

/// The scopes of one statement's tokens.
pub(super) struct Scopes {
    /// Scope of each token.
    of: Vec<usize>,
    /// Each scope's enclosing scope.
    parent: Vec<Option<usize>>,
    /// Each scope's source tables (by name).
    sources: Vec<Vec<String>>,
    /// The column list a token is in, if any.
    list: Vec<Option<ListOf>>,
}

const SUBQUERY_START: [&str; 3] = ["SELECT", "VALUES", "WITH"];
const COMPOUND: [&str; 3] = ["UNION", "INTERSECT", "EXCEPT"];
const FROM_END: [&str; 12] = [
    "WHERE",
    "GROUP",
    "ORDER",
    "LIMIT",
    "HAVING",
    "ON",
    "USING",
    "SET",
    "VALUES",
    "SELECT",
    "WINDOW",
    "RETURNING",
];

/// The table name at token `i` (or after a `schema.` qualifier there).
fn table_at(toks: &[Tok], i: usize) -> Option<String> {
    let name = word(toks.get(i)?)?;
    if toks.get(i + 1).is_some_and(|n| n.1 == ".") {
        return toks.get(i + 2).and_then(word).map(str::to_string);
    }
    Some(name.to_string())
}

impl Scopes {
    /// Splits `toks` (one statement) into scopes.
    pub(super) fn of(toks: &[Tok]) -> Scopes {
        let mut s = Scopes {
            of: Vec::with_capacity(toks.len()),
            parent: vec![None],
            sources: vec![Vec::new()],
            list: Vec::with_capacity(toks.len()),
        };
        let mut cur = 0;
        let mut depth = 0usize;
        // (paren depth that opened it, scope to return to) for each open subquery.
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut list: Option<(usize, ListOf)> = None;
        let mut in_from = false;
        let mut insert_target: Option<String> = None;
        for (i, t) in toks.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| &toks[p]);
            if t.1 == "(" {
                depth += 1;
                let next = toks.get(i + 1);
                if next.is_some_and(|n| SUBQUERY_START.iter().any(|k| is_kw(n, k))) {
                    open.push((depth, cur));
                    cur = s.new_scope(Some(cur));
                    in_from = false;
                } else if prev.is_some_and(|p| is_kw(p, "USING")) {
                    list = Some((depth, ListOf::Using));
                } else if let Some(tgt) = &insert_target {
                    let after_target =
                        prev.is_some_and(|p| eq_word(p, tgt) || is_kw(p, "CONFLICT"));
                    if after_target {
                        list = Some((depth, ListOf::Table(tgt.clone())));
                    }
                }
                s.push(cur, &list);
                continue;
            }
            if t.1 == ")" {
                s.push(cur, &list);
                if list.as_ref().is_some_and(|(d, _)| *d == depth) {
                    list = None;
                }
                if open.last().is_some_and(|(d, _)| *d == depth) {
                    if let Some((_, back)) = open.pop() {
                        cur = back;
                    }
                    in_from = false;
                }
                depth = depth.saturating_sub(1);
                continue;
            }
            if COMPOUND.iter().any(|k| is_kw(t, k)) {
                let p = s.parent[cur];
                cur = s.new_scope(p);
                in_from = false;
            } else if is_kw(t, "DO") && insert_target.is_some() {
                cur = s.new_scope(Some(cur));
                if let Some(tgt) = &insert_target {
                    s.sources[cur].push(tgt.clone());
                }
            } else if is_kw(t, "FROM") || is_kw(t, "JOIN") {
                in_from = true;
            } else if FROM_END.iter().any(|k| is_kw(t, k)) || t.1 == ";" {
                in_from = false;
            }
            s.push(cur, &list);
            let Some(p) = prev else { continue };
            let source = is_kw(p, "FROM")
                || is_kw(p, "JOIN")
                || is_kw(p, "UPDATE")
                || (in_from && p.1 == ",");
            if source && word(t).is_some() && toks.get(i + 1).is_none_or(|n| n.1 != "(") {
                if let Some(name) = table_at(toks, i) {
                    s.sources[cur].push(name);
                }
            } else if is_kw(p, "INTO") {
                insert_target = table_at(toks, i);
            }
        }
        s
    }

    fn new_scope(&mut self, parent: Option<usize>) -> usize {
        self.parent.push(parent);
        self.sources.push(Vec::new());
        self.parent.len() - 1
    }

    fn push(&mut self, scope: usize, list: &Option<(usize, ListOf)>) {
        self.of.push(scope);
        self.list.push(list.as_ref().map(|(_, l)| l.clone()));
    }

    /// Whether the bare name `col` at token `i` refers to column `col` of `table`:
    /// `has_col(t, c)` tells whether table `t` has a column `c`.
    pub(super) fn binds_to(
        &self,
        i: usize,
        table: &str,
        col: &str,
        has_col: &dyn Fn(&str, &str) -> bool,
    ) -> bool {
        match self.list.get(i).cloned().flatten() {
            Some(ListOf::Table(t)) => return t.eq_ignore_ascii_case(table),
            Some(ListOf::Using) => return false,
            None => {}
        }
        let mut scope = self.of.get(i).copied();
        while let Some(sc) = scope {
            let hits: Vec<&String> = self.sources[sc]
                .iter()
                .filter(|src| has_col(src, col))
                .collect();
            if !hits.is_empty() {
                return hits.iter().any(|h| h.eq_ignore_ascii_case(table));
            }
            scope = self.parent[sc];
        }
        false
    }
}

fn eq_word(t: &Tok, w: &str) -> bool {
    word(t).is_some_and(|x| x.eq_ignore_ascii_case(w))
}
