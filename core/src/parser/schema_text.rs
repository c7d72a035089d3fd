//! The text SQLite stores in `sqlite_schema.sql` for a CREATE statement.
//!
//! SQLite does not store the statement as written: it writes a normalised prefix
//! (`CREATE TABLE `, `CREATE UNIQUE INDEX `, ...) followed by the original text from the
//! object's name (so `TEMP`, `IF NOT EXISTS` and a schema qualifier disappear) to an end that
//! depends on the kind of object. Observed with the reference sqlite3:
//!
//! | statement | stored text ends |
//! |---|---|
//! | CREATE TABLE without options | at its closing `)` |
//! | CREATE TABLE ... WITHOUT ROWID / STRICT | where the next token (`;`) starts, or at the end of the input: trailing comments and whitespace kept |
//! | CREATE INDEX | likewise at the next token, untrimmed |
//! | CREATE VIEW | at the next token, with trailing whitespace trimmed (comments kept) |
//! | CREATE TRIGGER | at its `END` |
//! | CREATE VIRTUAL TABLE | at the `)` of its arguments (or the module name) |
//!
//! `CREATE TABLE ... AS SELECT` is stored as a generated column list, which only the schema
//! layer can build; [`schema_sql`] returns `None` for it.

use super::ast::{CreateTableBody, QualifiedName, Span, Stmt};
use super::lexer::Lexer;

/// The `sqlite_schema.sql` text for a CREATE TABLE (with columns), INDEX, VIEW, TRIGGER or
/// VIRTUAL TABLE statement parsed from `sql`; `None` for any other statement and for
/// `CREATE TABLE ... AS SELECT`.
pub fn schema_sql(stmt: &Stmt, sql: &str) -> Option<String> {
    let next_token = |span: Span| Lexer::new(sql, span.end).next_token().span.start;
    let (prefix, name, end): (&str, &QualifiedName, usize) = match stmt {
        Stmt::CreateTable(t) => match &t.body {
            CreateTableBody::AsSelect(_) => return None,
            CreateTableBody::Columns { options, .. } => {
                let end = if options.strict || options.without_rowid {
                    next_token(t.span)
                } else {
                    t.span.end
                };
                ("CREATE TABLE ", &t.name, end)
            }
        },
        Stmt::CreateIndex(i) => {
            let prefix = if i.unique {
                "CREATE UNIQUE INDEX "
            } else {
                "CREATE INDEX "
            };
            (prefix, &i.name, next_token(i.span))
        }
        Stmt::CreateView(v) => {
            let end = next_token(v.span);
            let text = sql.get(v.name.name.span.start..end)?;
            let trimmed = text.trim_end_matches([' ', '\t', '\n', '\r', '\x0c']);
            return Some(format!("CREATE VIEW {trimmed}"));
        }
        Stmt::CreateTrigger(t) => ("CREATE TRIGGER ", &t.name, t.span.end),
        Stmt::CreateVirtualTable(v) => ("CREATE VIRTUAL TABLE ", &v.name, v.span.end),
        _ => return None,
    };
    let text = sql.get(name.name.span.start..end)?;
    Some(format!("{prefix}{text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs of (statement, what sqlite3 stores in sqlite_schema.sql), observed with the
    /// reference sqlite3 (executing each statement, then `SELECT sql FROM sqlite_master`).
    #[test]
    fn stored_text_matches_sqlite() {
        let cases = [
            ("create table s(a)\t;", "CREATE TABLE s(a)"),
            ("create table \"q\" ( a )  /* c8 */ ;", "CREATE TABLE \"q\" ( a )"),
            (
                "create table t(a primary key) without rowid /* c1 */ ;",
                "CREATE TABLE t(a primary key) without rowid /* c1 */ ",
            ),
            (
                "create table t(a primary key) without rowid -- x\n",
                "CREATE TABLE t(a primary key) without rowid -- x\n",
            ),
            (
                "create table t(a int) strict /* x */\n\n",
                "CREATE TABLE t(a int) strict /* x */\n\n",
            ),
            (
                "create table t(a primary key) without rowid",
                "CREATE TABLE t(a primary key) without rowid",
            ),
            (
                "create index i on t(a) where a > 0 /* c2 */ ;",
                "CREATE INDEX i on t(a) where a > 0 /* c2 */ ",
            ),
            ("create index i on t(a)\n", "CREATE INDEX i on t(a)\n"),
            (
                "create view v as select 1 /* c4 */ ;",
                "CREATE VIEW v as select 1 /* c4 */",
            ),
            (
                "create view w as select 1 /* c5 */\n ;",
                "CREATE VIEW w as select 1 /* c5 */",
            ),
            (
                "create view v(x) as select 1 -- c\n",
                "CREATE VIEW v(x) as select 1 -- c",
            ),
            (
                "create trigger tr after insert on t begin select 1; end /* c6 */ ;",
                "CREATE TRIGGER tr after insert on t begin select 1; end",
            ),
            (
                "create virtual table vt using fts5(a) /* c9 */ ;",
                "CREATE VIRTUAL TABLE vt using fts5(a)",
            ),
            ("create table main.x(a)", "CREATE TABLE x(a)"),
            ("create table \"main\".\"x\"(a)", "CREATE TABLE \"x\"(a)"),
            ("create temp table if not exists y(a)", "CREATE TABLE y(a)"),
            (
                "create unique index if not exists main.i on t(a)",
                "CREATE UNIQUE INDEX i on t(a)",
            ),
            (
                "create temp view if not exists v as select 1",
                "CREATE VIEW v as select 1",
            ),
            (
                "CREATE   TEMPORARY   TRIGGER  IF NOT EXISTS tr after insert on t begin select 1; end",
                "CREATE TRIGGER tr after insert on t begin select 1; end",
            ),
            ("create table [x](a)", "CREATE TABLE [x](a)"),
        ];
        for (sql, want) in cases {
            let stmts = crate::parser::parse(sql).unwrap();
            assert_eq!(schema_sql(&stmts[0], sql).as_deref(), Some(want), "{sql:?}");
        }
        let s = "create table u as select 1 as x";
        assert_eq!(schema_sql(&crate::parser::parse(s).unwrap()[0], s), None);
    }
}
