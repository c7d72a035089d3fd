//! The authorizer's view of a statement (c3ref/set_authorizer.html).
//!
//! SQLite asks the application's authorizer about each action a statement will take while it
//! compiles it. Ferrolite keeps the compiler free of callbacks: when an authorizer is set, the
//! compiler records an [`AuthEvent`] for each action (a SELECT, a column read, a function
//! call, an INSERT into a table, an UPDATE of a column, a CREATE ...), in the order it meets
//! them; `api::prepare` then asks the authorizer about each event, in order:
//!
//! ```text
//!   compile (record events) ──▶ ask about each event ──▶ any DENY? ──▶ SQLITE_AUTH error
//!                                        │
//!                                        ├─ IGNORE on a column read, a function or an
//!                                        │  UPDATE column ──▶ compile again with those
//!                                        │  answers: the read/call gives NULL, the SET
//!                                        │  is dropped (no events recorded this time)
//!                                        └─ IGNORE on the statement's own action (INSERT,
//!                                           CREATE, DROP, PRAGMA, BEGIN ...) ──▶ a no-op
//! ```
//! An event's context is the innermost trigger or view being compiled, as SQLite's fifth
//! argument. Identical events are recorded once.

use std::cell::RefCell;
use std::collections::HashSet;

/// SQLite's authorizer action codes (the complete list, some not yet reported).
#[allow(dead_code)]
pub mod action {
    pub const CREATE_INDEX: i32 = 1;
    pub const CREATE_TABLE: i32 = 2;
    pub const CREATE_TEMP_INDEX: i32 = 3;
    pub const CREATE_TEMP_TABLE: i32 = 4;
    pub const CREATE_TEMP_TRIGGER: i32 = 5;
    pub const CREATE_TEMP_VIEW: i32 = 6;
    pub const CREATE_TRIGGER: i32 = 7;
    pub const CREATE_VIEW: i32 = 8;
    pub const DELETE: i32 = 9;
    pub const DROP_INDEX: i32 = 10;
    pub const DROP_TABLE: i32 = 11;
    pub const DROP_TRIGGER: i32 = 16;
    pub const DROP_VIEW: i32 = 17;
    pub const INSERT: i32 = 18;
    pub const PRAGMA: i32 = 19;
    pub const READ: i32 = 20;
    pub const SELECT: i32 = 21;
    pub const TRANSACTION: i32 = 22;
    pub const UPDATE: i32 = 23;
    pub const ATTACH: i32 = 24;
    pub const DETACH: i32 = 25;
    pub const ALTER_TABLE: i32 = 26;
    pub const REINDEX: i32 = 27;
    pub const ANALYZE: i32 = 28;
    pub const FUNCTION: i32 = 31;
    pub const SAVEPOINT: i32 = 32;
    pub const RECURSIVE: i32 = 33;
}

/// One action the statement takes: `(action, arg1, arg2, database, trigger or view)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthEvent {
    pub action: i32,
    pub arg1: Option<String>,
    pub arg2: Option<String>,
    pub db: Option<String>,
    pub context: Option<String>,
}

impl AuthEvent {
    pub fn new(action: i32, arg1: Option<&str>, arg2: Option<&str>, db: Option<&str>) -> Self {
        AuthEvent {
            action,
            arg1: arg1.map(str::to_owned),
            arg2: arg2.map(str::to_owned),
            db: db.map(str::to_owned),
            context: None,
        }
    }

    /// True for the events whose IGNORE changes the compiled code rather than the whole
    /// statement (column reads, function calls, UPDATE columns).
    pub fn ignorable_in_place(&self) -> bool {
        matches!(
            self.action,
            action::READ | action::FUNCTION | action::UPDATE
        ) || self.context.is_some()
    }

    /// The key an IGNORE answer is remembered by for the second compilation.
    fn key(&self) -> (i32, String, String) {
        let lower = |s: &Option<String>| s.as_deref().unwrap_or("").to_ascii_lowercase();
        (self.action, lower(&self.arg1), lower(&self.arg2))
    }
}

/// What the compiler records or obeys for the authorizer.
#[derive(Debug, Default)]
pub struct AuthState {
    /// Recording: the events met so far (None on the second compilation).
    log: Option<RefCell<Vec<AuthEvent>>>,
    /// Events answered IGNORE (by `(action, arg1, arg2)` lower-cased).
    ignored: HashSet<(i32, String, String)>,
}

impl AuthState {
    /// First compilation: record every event.
    pub fn recording() -> Self {
        AuthState {
            log: Some(RefCell::new(Vec::new())),
            ignored: HashSet::new(),
        }
    }

    /// Second compilation: obey the IGNORE answers given to `events`.
    pub fn obeying<'e>(events: impl IntoIterator<Item = &'e AuthEvent>) -> Self {
        AuthState {
            log: None,
            ignored: events.into_iter().map(AuthEvent::key).collect(),
        }
    }

    /// Records `event` (once).
    pub fn note(&self, event: AuthEvent) {
        if let Some(log) = &self.log {
            let mut log = log.borrow_mut();
            if !log.contains(&event) {
                log.push(event);
            }
        }
    }

    /// Whether `(action, arg1, arg2)` was answered IGNORE.
    pub fn is_ignored(&self, action: i32, arg1: &str, arg2: &str) -> bool {
        !self.ignored.is_empty()
            && self.ignored.contains(&(
                action,
                arg1.to_ascii_lowercase(),
                arg2.to_ascii_lowercase(),
            ))
    }

    /// The recorded events.
    pub fn take_events(&self) -> Vec<AuthEvent> {
        self.log.as_ref().map(|l| l.take()).unwrap_or_default()
    }
}

impl super::Compiler<'_> {
    /// Records `action` for the authorizer, with the innermost trigger or view as context.
    pub(crate) fn auth_note(
        &self,
        action: i32,
        arg1: Option<&str>,
        arg2: Option<&str>,
        db: Option<&str>,
    ) {
        if let Some(a) = &self.auth {
            let mut ev = AuthEvent::new(action, arg1, arg2, db);
            ev.context = self
                .auth_context
                .last()
                .or(self.trigger_stack.last())
                .cloned();
            a.note(ev);
        }
    }

    /// The table and column names SQLite reports for a read of `cr` (the rowid reads as its
    /// INTEGER PRIMARY KEY column, else "ROWID"); `None` for a subquery, view or CTE source.
    fn auth_read_names(
        &self,
        cr: crate::planner::resolve::ColRef,
    ) -> Option<(String, String, String)> {
        use crate::planner::resolve::ColSel;
        let src = self.scopes.get(cr.depth)?.sources.get(cr.src)?;
        let t = src.table.as_ref()?;
        let col = match cr.col {
            ColSel::Column(i) => t.columns.get(i)?.name.clone(),
            ColSel::Rowid => match t.rowid_alias {
                Some(i) => t.columns.get(i)?.name.clone(),
                None => "ROWID".to_owned(),
            },
        };
        Some((t.name.clone(), col, self.schema.db_name(t.db).to_owned()))
    }

    /// Records a read of `cr`; true when the authorizer answered IGNORE (the read gives NULL).
    pub(crate) fn auth_read(&self, cr: crate::planner::resolve::ColRef) -> bool {
        let Some(a) = &self.auth else {
            return false;
        };
        let Some((table, col, db)) = self.auth_read_names(cr) else {
            return false;
        };
        self.auth_note(action::READ, Some(&table), Some(&col), Some(&db));
        a.is_ignored(action::READ, &table, &col)
    }

    /// True when some read of `table` was answered IGNORE: its loops must not use an index
    /// (the column's value is NULL to the statement, not what the index holds).
    pub(crate) fn auth_ignores_reads_of(&self, table: &str) -> bool {
        self.auth.as_ref().is_some_and(|a| {
            let t = table.to_ascii_lowercase();
            a.ignored
                .iter()
                .any(|(act, a1, _)| *act == action::READ && *a1 == t)
        })
    }

    /// Records a call of function `name`; true when answered IGNORE (the call gives NULL).
    pub(crate) fn auth_function(&self, name: &str) -> bool {
        let Some(a) = &self.auth else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        self.auth_note(action::FUNCTION, None, Some(&name), None);
        a.is_ignored(action::FUNCTION, "", &name)
    }

    /// Records an UPDATE event per SET column and drops the single-column SETs answered
    /// IGNORE (the column keeps its value).
    pub(crate) fn auth_sets<'s>(
        &self,
        t: &crate::schema::Table,
        sets: Vec<super::update::SetClause<'s>>,
    ) -> Vec<super::update::SetClause<'s>> {
        if self.auth.is_none() {
            return sets;
        }
        let name_of = |c: &Option<usize>| match c {
            Some(i) => t.columns[*i].name.clone(),
            None => "ROWID".to_owned(),
        };
        sets.into_iter()
            .filter(|s| {
                let ignored: Vec<bool> = s
                    .columns
                    .iter()
                    .map(|c| self.auth_update(t, &name_of(c)))
                    .collect();
                !(ignored.len() == 1 && ignored[0])
            })
            .collect()
    }

    /// Records an UPDATE of `t.column`; true when answered IGNORE.
    pub(crate) fn auth_update(&self, t: &crate::schema::Table, column: &str) -> bool {
        let Some(a) = &self.auth else {
            return false;
        };
        let db = self.schema.db_name(t.db);
        self.auth_note(action::UPDATE, Some(&t.name), Some(column), Some(db));
        a.is_ignored(action::UPDATE, &t.name, column)
    }
}

/// The events of a statement's own action, asked about before those its compilation records
/// (SQLite reports an INSERT before the SELECT feeding it, a CREATE before its columns).
pub fn statement_events(
    stmt: &crate::parser::ast::Stmt,
    schema: &crate::schema::Schema,
) -> Vec<AuthEvent> {
    use crate::parser::ast::{DropKind, Stmt};
    let db = |q: &crate::parser::ast::QualifiedName| {
        q.schema
            .as_ref()
            .map_or("main".to_owned(), |s| s.name.clone())
    };
    // CREATE TEMP ... reports database "temp".
    let db_t = |q: &crate::parser::ast::QualifiedName, temp: bool| {
        if temp {
            "temp".to_owned()
        } else {
            db(q)
        }
    };
    let ev = |action, a1: Option<&str>, a2: Option<&str>, d: Option<&str>| {
        AuthEvent::new(action, a1, a2, d)
    };
    let table_of_index = |name: &str| schema.index(name).map(|i| i.table.clone());
    let one = match stmt {
        Stmt::Explain { stmt, .. } => return statement_events(stmt, schema),
        Stmt::Insert(i) => ev(
            action::INSERT,
            Some(&i.table.name.name),
            None,
            Some(&db(&i.table)),
        ),
        Stmt::Delete(d) => ev(
            action::DELETE,
            Some(&d.table.name.name),
            None,
            Some(&db(&d.table)),
        ),
        Stmt::CreateTable(ct) => {
            let a = if ct.temp {
                action::CREATE_TEMP_TABLE
            } else {
                action::CREATE_TABLE
            };
            ev(
                a,
                Some(&ct.name.name.name),
                None,
                Some(&db_t(&ct.name, ct.temp)),
            )
        }
        Stmt::CreateIndex(ci) => ev(
            action::CREATE_INDEX,
            Some(&ci.name.name.name),
            Some(&ci.table.name),
            Some(&db(&ci.name)),
        ),
        Stmt::CreateView(cv) => {
            let a = if cv.temp {
                action::CREATE_TEMP_VIEW
            } else {
                action::CREATE_VIEW
            };
            ev(
                a,
                Some(&cv.name.name.name),
                None,
                Some(&db_t(&cv.name, cv.temp)),
            )
        }
        Stmt::CreateTrigger(ct) => {
            let a = if ct.temp {
                action::CREATE_TEMP_TRIGGER
            } else {
                action::CREATE_TRIGGER
            };
            ev(
                a,
                Some(&ct.name.name.name),
                Some(&ct.table.name.name),
                Some(&db_t(&ct.name, ct.temp)),
            )
        }
        Stmt::Drop(d) => {
            let name = d.name.name.name.as_str();
            let (a, a2) = match d.kind {
                DropKind::Table => (action::DROP_TABLE, None),
                DropKind::View => (action::DROP_VIEW, None),
                DropKind::Index => (action::DROP_INDEX, table_of_index(name)),
                DropKind::Trigger => (
                    action::DROP_TRIGGER,
                    schema
                        .triggers
                        .get(&name.to_ascii_lowercase())
                        .map(|t| t.table.clone()),
                ),
            };
            ev(a, Some(name), a2.as_deref(), Some(&db(&d.name)))
        }
        Stmt::AlterTable(a) => ev(
            action::ALTER_TABLE,
            Some(&db(&a.name)),
            Some(&a.name.name.name),
            None,
        ),
        Stmt::Attach { file, .. } => ev(action::ATTACH, literal_text(file).as_deref(), None, None),
        Stmt::Detach(name) => ev(action::DETACH, literal_text(name).as_deref(), None, None),
        Stmt::Pragma(p) => ev(
            action::PRAGMA,
            Some(&p.name.name.name),
            p.value.as_ref().map(|v| v.text.as_str()),
            p.name.schema.as_ref().map(|s| s.name.as_str()),
        ),
        Stmt::Begin(_) => ev(action::TRANSACTION, Some("BEGIN"), None, None),
        Stmt::Commit => ev(action::TRANSACTION, Some("COMMIT"), None, None),
        Stmt::Rollback { savepoint: None } => ev(action::TRANSACTION, Some("ROLLBACK"), None, None),
        Stmt::Rollback { savepoint: Some(n) } => {
            ev(action::SAVEPOINT, Some("ROLLBACK"), Some(&n.name), None)
        }
        Stmt::Savepoint(n) => ev(action::SAVEPOINT, Some("BEGIN"), Some(&n.name), None),
        Stmt::Release(n) => ev(action::SAVEPOINT, Some("RELEASE"), Some(&n.name), None),
        Stmt::Reindex(Some(q)) => ev(action::REINDEX, Some(&q.name.name), None, Some(&db(q))),
        Stmt::Analyze(Some(q)) => ev(action::ANALYZE, Some(&q.name.name), None, Some(&db(q))),
        _ => return Vec::new(),
    };
    vec![one]
}

/// The text of a string literal or bare name (ATTACH's file, DETACH's schema).
fn literal_text(e: &crate::parser::ast::Expr) -> Option<String> {
    use crate::parser::ast::{ExprKind, Literal};
    match &e.kind {
        ExprKind::Literal(Literal::String(s)) => Some(s.clone()),
        ExprKind::Column {
            column,
            table: None,
            ..
        } => Some(column.name.clone()),
        _ => None,
    }
}
