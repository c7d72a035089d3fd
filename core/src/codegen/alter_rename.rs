//! The text rewrites of ALTER TABLE RENAME TO / RENAME COLUMN (lang_altertable.html): the
//! stored SQL of `sqlite_schema` rows is edited token by token, so everything else in it
//! (spacing, comments, case) stays as written, as sqlite3 does.
//!
//! A renamed table is written as a double-quoted identifier; a renamed column is quoted
//! only when it needs to be. In views and trigger bodies a column token is renamed only
//! where it refers to the altered table: `NEW.x`/`OLD.x` of a trigger on that table,
//! `t.x` or `alias.x`, and bare `x` in a statement whose tables include it.

/// An identifier token of stored SQL: its byte range and dequoted text.
pub(super) struct IdTok {
    start: usize,
    end: usize,
    text: String,
}

/// The significant tokens of `sql`: identifiers (bare or quoted) as `Some`, anything else as
/// `None` with its text, skipping strings, blobs and comments.
fn tokens(sql: &str) -> Vec<(Option<IdTok>, String)> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if c == b'\'' {
            let s = i;
            i += 1;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            out.push((None, sql.get(s..i.min(b.len())).unwrap_or("").to_string()));
        } else if c == b'"' || c == b'`' || c == b'[' {
            let close = if c == b'[' { b']' } else { c };
            let s = i;
            i += 1;
            let mut text = Vec::new();
            while i < b.len() {
                if b[i] == close {
                    if close != b']' && b.get(i + 1) == Some(&close) {
                        text.push(close);
                        i += 2;
                        continue;
                    }
                    break;
                }
                text.push(b[i]);
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push((
                Some(IdTok {
                    start: s,
                    end: i,
                    text: String::from_utf8_lossy(&text).into_owned(),
                }),
                String::new(),
            ));
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80)
            {
                i += 1;
            }
            let word = &sql[s..i];
            // x'..' blob literals
            if (word == "x" || word == "X") && b.get(i) == Some(&b'\'') {
                continue;
            }
            out.push((
                Some(IdTok {
                    start: s,
                    end: i,
                    text: word.to_string(),
                }),
                String::new(),
            ));
        } else {
            out.push((None, (c as char).to_string()));
            i += 1;
        }
    }
    out
}

pub(super) fn is_kw(t: &(Option<IdTok>, String), kw: &str) -> bool {
    matches!(&t.0, Some(id) if id.text.eq_ignore_ascii_case(kw) && id.end - id.start == kw.len())
}

fn splice(sql: &str, edits: &mut [(usize, usize, String)]) -> String {
    edits.sort_by_key(|e| e.0);
    let mut out = String::new();
    let mut at = 0;
    for (s, e, text) in edits.iter() {
        if *s < at {
            continue;
        }
        out.push_str(&sql[at..*s]);
        out.push_str(text);
        at = *e;
    }
    out.push_str(&sql[at..]);
    out
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Renames references to table `old` in `sql` (object names after TABLE/ON/INTO/UPDATE,
/// FROM/JOIN lists, and `old.column` qualifiers).
pub(crate) fn rename_table_in(sql: &str, old: &str, new: &str) -> String {
    let toks = tokens(sql);
    let mut edits = Vec::new();
    let mut in_from = false;
    for (i, t) in toks.iter().enumerate() {
        if is_kw(t, "FROM") || is_kw(t, "JOIN") {
            in_from = true;
        } else if [
            "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "ON", "USING", "SET", "VALUES",
        ]
        .iter()
        .any(|k| is_kw(t, k))
            || t.1 == ")"
            || t.1 == ";"
        {
            in_from = false;
        }
        let Some(id) = &t.0 else { continue };
        if !id.text.eq_ignore_ascii_case(old) {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        let next = toks.get(i + 1);
        let by_prev = prev.is_some_and(|p| {
            [
                "TABLE",
                "ON",
                "INTO",
                "UPDATE",
                "FROM",
                "JOIN",
                "EXISTS",
                "REFERENCES",
            ]
            .iter()
            .any(|k| is_kw(p, k))
                || (in_from && p.1 == ",")
        });
        let by_next = next.is_some_and(|n| n.1 == ".");
        if by_prev || by_next {
            edits.push((id.start, id.end, quoted(new)));
        }
    }
    splice(sql, &mut edits)
}

/// Renames identifier tokens equal to column `old` of `table` in `sql` (the table's or one
/// of its indexes' definition), except object names (after TABLE/INDEX/ON...), function
/// names, and the column lists of REFERENCES to other tables.
pub(crate) fn rename_column_in(sql: &str, table: &str, old: &str, new: &NewCol) -> String {
    let toks = tokens(sql);
    let mut edits = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if is_kw(t, "REFERENCES") && !toks.get(i + 1).is_some_and(|n| eq(word(n), table)) {
            // Skip the parent's name and its column list.
            i += 2;
            if toks.get(i).is_some_and(|n| n.1 == "(") {
                while i < toks.len() && toks[i].1 != ")" {
                    i += 1;
                }
            }
            continue;
        }
        i += 1;
        let Some(id) = &t.0 else { continue };
        if !id.text.eq_ignore_ascii_case(old) {
            continue;
        }
        let prev = (i >= 2).then(|| &toks[i - 2]);
        let next = toks.get(i);
        let object = prev.is_some_and(|p| {
            [
                "TABLE", "INDEX", "TRIGGER", "VIEW", "ON", "INTO", "FROM", "JOIN", "UPDATE",
            ]
            .iter()
            .any(|k| is_kw(p, k))
        });
        let func =
            next.is_some_and(|n| n.1 == "(") && prev.is_some_and(|p| p.1 != "," && p.1 != "(");
        if !object && !func {
            edits.push(renamed(sql, id, new));
        }
    }
    splice(sql, &mut edits)
}

/// A column's new name, and whether the ALTER statement quoted it.
pub(crate) struct NewCol<'a> {
    pub name: &'a str,
    pub quoted: bool,
}

/// The edit writing column name `new` over token `id`: quoted when the token was or the
/// ALTER statement quoted it, else only when it must be (what sqlite3 writes).
fn renamed(sql: &str, id: &IdTok, new: &NewCol) -> (usize, usize, String) {
    let was_quoted = sql[id.start..].starts_with(['"', '`', '[']);
    let text = if was_quoted || new.quoted {
        quoted(new.name)
    } else {
        super::ddl::quote_ident(new.name)
    };
    (id.start, id.end, text)
}

/// Renames column `old` of table `parent` in the `REFERENCES parent(col, ...)` lists of
/// `sql` (another table's definition).
pub(crate) fn rename_fk_column_in(sql: &str, parent: &str, old: &str, new: &NewCol) -> String {
    let toks = tokens(sql);
    let mut edits = Vec::new();
    let mut i = 0;
    while i + 2 < toks.len() {
        let names_parent = toks[i + 1]
            .0
            .as_ref()
            .is_some_and(|id| id.text.eq_ignore_ascii_case(parent));
        if !(is_kw(&toks[i], "REFERENCES") && names_parent && toks[i + 2].1 == "(") {
            i += 1;
            continue;
        }
        i += 3;
        while i < toks.len() && toks[i].1 != ")" {
            if let Some(id) = &toks[i].0 {
                if id.text.eq_ignore_ascii_case(old) {
                    edits.push(renamed(sql, id, new));
                }
            }
            i += 1;
        }
    }
    splice(sql, &mut edits)
}

pub(crate) fn mentions(sql: &str, name: &str) -> bool {
    tokens(sql).iter().any(|t| {
        t.0.as_ref()
            .is_some_and(|id| id.text.eq_ignore_ascii_case(name))
    })
}

pub(super) type Tok = (Option<IdTok>, String);

/// Keywords after which a statement names a table (its FROM list continues after commas).
const TABLE_AFTER: [&str; 4] = ["INTO", "UPDATE", "FROM", "JOIN"];

/// Keywords that end a FROM list (or a table name after INTO/UPDATE).
const FROM_END: [&str; 14] = [
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
    "DEFAULT",
    "RETURNING",
    "UNION",
];

pub(super) fn word(t: &Tok) -> Option<&str> {
    t.0.as_ref().map(|id| id.text.as_str())
}

fn eq(a: Option<&str>, b: &str) -> bool {
    a.is_some_and(|a| a.eq_ignore_ascii_case(b))
}

/// The names statement `toks` calls `table` by: the table's own name when it names it after
/// INTO/UPDATE/FROM/JOIN (or in a FROM list), any alias it gives it, and `excluded` in an
/// INSERT into it.
fn names_for(toks: &[Tok], table: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_from = false;
    for (i, t) in toks.iter().enumerate() {
        if TABLE_AFTER.iter().any(|k| is_kw(t, k)) {
            in_from = is_kw(t, "FROM") || is_kw(t, "JOIN");
        } else if FROM_END.iter().any(|k| is_kw(t, k)) || t.1 == ")" || t.1 == ";" {
            in_from = false;
        }
        let Some(prev) = i.checked_sub(1).map(|p| &toks[p]) else {
            continue;
        };
        let after_kw = TABLE_AFTER.iter().any(|k| is_kw(prev, k)) || (in_from && prev.1 == ",");
        if !after_kw || !eq(word(t), table) {
            continue;
        }
        names.push(table.to_string());
        if is_kw(prev, "INTO") {
            names.push("excluded".to_string());
        }
        // `t AS x` or `t x`.
        let mut j = i + 1;
        if toks.get(j).is_some_and(|n| is_kw(n, "AS")) {
            j += 1;
        }
        if let Some(alias) = toks.get(j).and_then(word) {
            let kw = FROM_END
                .iter()
                .chain(&["LEFT", "INNER", "CROSS", "JOIN", "NATURAL"]);
            if !kw.clone().any(|k| alias.eq_ignore_ascii_case(k)) {
                names.push(alias.to_string());
            }
        }
    }
    names
}

/// Whether table `.0` has a column named `.1` (for binding bare names).
pub(crate) type HasCol<'a> = &'a dyn Fn(&str, &str) -> bool;

/// The edits renaming column `old` of `table` in one statement of a view or trigger body.
/// `row` names NEW and OLD when they stand for `table`'s rows (a trigger on it). A bare
/// name is renamed where it binds to `table` ([`super::alter_scope`]).
#[allow(clippy::too_many_arguments)]
fn rename_in_statement(
    sql: &str,
    toks: &[Tok],
    table: &str,
    old: &str,
    new: &NewCol,
    row: bool,
    has_col: HasCol<'_>,
    edits: &mut Vec<(usize, usize, String)>,
) {
    let names = names_for(toks, table);
    let scopes = super::alter_scope::Scopes::of(toks);
    for (i, t) in toks.iter().enumerate() {
        let Some(id) = &t.0 else { continue };
        if !id.text.eq_ignore_ascii_case(old) {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        let next = toks.get(i + 1);
        let hit = if prev.is_some_and(|p| p.1 == ".") {
            let q = i.checked_sub(2).and_then(|p| word(&toks[p]));
            let is_row = eq(q, "new") || eq(q, "old");
            (row && is_row) || q.is_some_and(|q| names.iter().any(|n| n.eq_ignore_ascii_case(q)))
        } else {
            let object =
                prev.is_some_and(|p| TABLE_AFTER.iter().chain(&["AS"]).any(|k| is_kw(p, k)));
            let func = next.is_some_and(|n| n.1 == "(" || n.1 == ".");
            !object && !func && scopes.binds_to(i, table, old, has_col)
        };
        if hit {
            edits.push(renamed(sql, id, new));
        }
    }
}

/// Renames column `old` of table `table` in the SQL of a view (`trigger_on` is `None`) or of
/// a trigger on table `trigger_on`.
pub(crate) fn rename_column_in_object(
    sql: &str,
    trigger_on: Option<&str>,
    table: &str,
    old: &str,
    new: &NewCol,
    has_col: HasCol<'_>,
) -> String {
    let toks = tokens(sql);
    let mut edits = Vec::new();
    let Some(on) = trigger_on else {
        // CREATE VIEW v[(cols)] AS <select>: the select is one statement.
        if let Some(at) = toks.iter().position(|t| is_kw(t, "AS")) {
            let body = &toks[at + 1..];
            rename_in_statement(sql, body, table, old, new, false, has_col, &mut edits);
        }
        return splice(sql, &mut edits);
    };
    let row = on.eq_ignore_ascii_case(table);
    let begin = toks
        .iter()
        .position(|t| is_kw(t, "BEGIN"))
        .unwrap_or(toks.len());
    // The header: UPDATE OF columns, and NEW/OLD in the WHEN clause.
    let mut in_of = false;
    for (i, t) in toks[..begin].iter().enumerate() {
        if is_kw(t, "OF") {
            in_of = true;
        } else if is_kw(t, "ON") {
            in_of = false;
        }
        let Some(id) = &t.0 else { continue };
        if !row || !id.text.eq_ignore_ascii_case(old) || i == 0 {
            continue;
        }
        let q = i.checked_sub(2).and_then(|p| word(&toks[p]));
        let qualified_row = toks[i - 1].1 == "." && (eq(q, "new") || eq(q, "old"));
        if in_of || qualified_row {
            edits.push(renamed(sql, id, new));
        }
    }
    // Subqueries of the WHEN clause.
    if let Some(w) = toks[..begin].iter().position(|t| is_kw(t, "WHEN")) {
        let when = &toks[w + 1..begin];
        rename_in_statement(sql, when, table, old, new, false, has_col, &mut edits);
    }
    // The body, one statement at a time.
    let mut start = begin + 1;
    for (i, t) in toks.iter().enumerate().skip(begin + 1) {
        if t.1 == ";" || i + 1 == toks.len() {
            if start < i {
                let stmt = &toks[start..i];
                rename_in_statement(sql, stmt, table, old, new, row, has_col, &mut edits);
            }
            start = i + 1;
        }
    }
    splice(sql, &mut edits)
}
