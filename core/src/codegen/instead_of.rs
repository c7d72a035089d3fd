//! INSTEAD OF triggers on views (lang_createtrigger.html, "INSTEAD OF triggers"). DML on a
//! view with a matching INSTEAD OF trigger does not write: the affected view rows (for DELETE
//! and UPDATE: `SELECT *, <SET values> FROM view WHERE ...`; for INSERT: the source rows) are
//! first materialised in an ephemeral table, then for each row OLD/NEW registers are filled
//! and the triggers' bodies run. RAISE(IGNORE) skips the rest of that row (including its
//! RETURNING row). As in sqlite3, the rows do not count in `changes()`.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast::{self, TriggerEvent, TriggerTime};
use crate::schema::Table;
use crate::vdbe::insn::{CursorId, Insn, Reg};

use super::select::Dest;
use super::trigger::Event;
use super::Compiler;

impl Compiler<'_> {
    /// When `name` is a view with an INSTEAD OF trigger for `event`: a table standing for the
    /// view's columns (root page 0). `None` otherwise (the caller keeps its usual error).
    /// For UPDATE, `set` names the assigned columns: an `UPDATE OF` trigger counts only when
    /// one of its columns is assigned (else sqlite3 reports the view as not modifiable).
    fn instead_of_target(
        &self,
        name: &ast::QualifiedName,
        event: Event,
        set: &[&str],
    ) -> Result<Option<Arc<Table>>> {
        if self.lookup_table(name).is_some() {
            return Ok(None);
        }
        let Some(view) = self.lookup_view(name) else {
            return Ok(None);
        };
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let qualified = match &name.schema {
            Some(s) => format!("{}.{}", q(&s.name), q(&name.name.name)),
            None => q(&name.name.name),
        };
        let sql = format!("SELECT * FROM {qualified}");
        let Some((ast::Stmt::Select(sel), _)) = crate::parser::parse_one(&sql)? else {
            return Ok(None);
        };
        let mut c = Compiler::new(&sql, self.schema, self.funcs);
        c.b.emit(Insn::Init { target: 0 });
        let infos = c.select(&sel, &Dest::Output, 0)?;
        let cols: Vec<String> = infos.iter().map(|c| q(&c.name)).collect();
        let ddl = format!("CREATE TABLE {}({})", q(&view.name), cols.join(","));
        let Some((ast::Stmt::CreateTable(ct), _)) = crate::parser::parse_one(&ddl)? else {
            return Ok(None);
        };
        let mut t = Table::from_create(&ct, &ddl, 0)?;
        t.db = view.db;
        // The view's declared column types give NEW its affinities in an UPDATE; its
        // columns' collations are OLD's and NEW's (sqlite3: with `a TEXT COLLATE NOCASE`
        // under the view, `NEW.a IS NOT OLD.a` is false for 'a' and 'A').
        for (c, info) in t.columns.iter_mut().zip(&infos) {
            c.affinity = crate::value::affinity::Affinity::from_decltype(info.decltype.as_deref());
            c.collation.clone_from(&info.collation);
        }
        let any = self.triggers_of(&t).iter().any(|tr| {
            tr.def.time == TriggerTime::InsteadOf
                && matches!(
                    (&tr.def.event, event),
                    (TriggerEvent::Insert, Event::Insert) | (TriggerEvent::Delete, Event::Delete)
                )
                || match (&tr.def.event, event) {
                    (TriggerEvent::Update(cols), Event::Update) => {
                        cols.is_empty()
                            || cols
                                .iter()
                                .any(|c| set.iter().any(|s| s.eq_ignore_ascii_case(&c.name)))
                    }
                    _ => false,
                }
        });
        Ok(any.then(|| Arc::new(t)))
    }

    /// DELETE on a view: `Ok(false)` when `d` does not target a view with such a trigger.
    pub(crate) fn instead_of_delete(&mut self, d: &ast::Delete) -> Result<bool> {
        let Some(t) = self.instead_of_target(&d.table, Event::Delete, &[])? else {
            return Ok(false);
        };
        let n = t.columns.len();
        let rows = self.view_rows(
            &t,
            &d.table,
            d.alias.as_ref(),
            d.where_.as_ref(),
            StmtParts::of_delete(d),
            Vec::new(),
        )?;
        self.begin_returning(&d.returning);
        self.for_each_row(&t, rows, n, |c, cols| {
            let rid = c.null_reg();
            c.fire_instead(&t, Event::Delete, Some((rid, cols)), None, &[])
                .map(|skip| (skip, cols))
        })?;
        Ok(true)
    }

    /// UPDATE on a view (without FROM).
    pub(crate) fn instead_of_update(&mut self, u: &ast::Update) -> Result<bool> {
        let set: Vec<&str> = u
            .sets
            .iter()
            .flat_map(|a| a.columns.iter().map(|c| c.name.as_str()))
            .collect();
        let Some(t) = self.instead_of_target(&u.table, Event::Update, &set)? else {
            return Ok(false);
        };
        let n = t.columns.len();
        let sets = super::update::resolve_sets(&t, &u.sets)?;
        let mut extra = Vec::new();
        let mut targets = Vec::new();
        for s in &sets {
            let values = match (&s.expr.kind, s.columns.len()) {
                (_, 1) => vec![s.expr.clone()],
                (ast::ExprKind::Row(list), _) => list.clone(),
                _ => {
                    return Err(Error::sql(
                        "row-value SET from a subquery on a view is not supported",
                    ))
                }
            };
            for (col, e) in s.columns.iter().zip(values) {
                let Some(col) = col else {
                    return Err(Error::sql("no such column: rowid"));
                };
                extra.push(e);
                targets.push(*col);
            }
        }
        let rows = self.view_rows(
            &t,
            &u.table,
            u.alias.as_ref(),
            u.where_.as_ref(),
            StmtParts::of_update(u),
            extra,
        )?;
        self.begin_returning(&u.returning);
        self.for_each_row(&t, rows, n + targets.len(), |c, old| {
            let new = c.b.alloc_regs(n);
            c.b.emit(Insn::Copy {
                src: old,
                dest: new,
                count: n,
            });
            for (k, &col) in targets.iter().enumerate() {
                c.b.emit(Insn::Copy {
                    src: old + n + k,
                    dest: new + col,
                    count: 1,
                });
            }
            // sqlite3 applies the view columns' affinities to NEW in an UPDATE (not INSERT).
            c.b.emit(Insn::Affinity {
                start: new,
                affinities: t.columns.iter().map(|col| col.affinity).collect(),
            });
            let rid = c.null_reg();
            c.fire_instead(
                &t,
                Event::Update,
                Some((rid, old)),
                Some((rid, new)),
                &targets,
            )
            .map(|skip| (skip, new))
        })?;
        Ok(true)
    }

    /// INSERT on a view: NEW is each source row, columns not named being NULL.
    pub(crate) fn instead_of_insert(&mut self, ins: &ast::Insert) -> Result<bool> {
        let Some(t) = self.instead_of_target(&ins.table, Event::Insert, &[])? else {
            return Ok(false);
        };
        if !ins.upsert.is_empty() {
            return Err(Error::sql("cannot UPSERT a view"));
        }
        let n = t.columns.len();
        let targets: Vec<usize> = if ins.columns.is_empty() {
            (0..n).collect()
        } else {
            let mut v = Vec::new();
            for c in &ins.columns {
                match t.column_index(&c.name) {
                    Some(i) => v.push(i),
                    None => {
                        return Err(Error::sql(format!(
                            "table {} has no column named {}",
                            t.name, c.name
                        )))
                    }
                }
            }
            v
        };
        let buf = self.b.alloc_cursor();
        self.b.emit(Insn::OpenEphemeral {
            cursor: buf,
            n_columns: 0,
            key_info: None,
        });
        let width = match &ins.source {
            ast::InsertSource::DefaultValues => {
                let r = self.b.alloc_regs(1);
                self.b.emit(Insn::Null {
                    dest: r,
                    dest_end: r,
                });
                self.output(&Dest::Table { cursor: buf }, r, 1);
                0
            }
            ast::InsertSource::Select(s) => {
                let mut s = (**s).clone();
                if s.with.is_none() {
                    s.with = ins.with.clone();
                }
                let w = self.select(&s, &Dest::Table { cursor: buf }, 0)?.len();
                if w != targets.len() {
                    return Err(Error::sql(if ins.columns.is_empty() {
                        format!(
                            "table {} has {} columns but {} values were supplied",
                            t.name, n, w
                        )
                    } else {
                        format!("{} values for {} columns", w, targets.len())
                    }));
                }
                w
            }
        };
        self.begin_returning(&ins.returning);
        self.for_each_row(&t, buf, width, |c, src| {
            let new = c.b.alloc_regs(n);
            c.b.emit(Insn::Null {
                dest: new,
                dest_end: new + n - 1,
            });
            for (k, &col) in targets.iter().enumerate().take(width) {
                c.b.emit(Insn::Copy {
                    src: src + k,
                    dest: new + col,
                    count: 1,
                });
            }
            let rid = c.null_reg();
            c.fire_instead(&t, Event::Insert, None, Some((rid, new)), &[])
                .map(|skip| (skip, new))
        })?;
        Ok(true)
    }

    fn null_reg(&mut self) -> Reg {
        let r = self.b.alloc_reg();
        self.b.emit(Insn::Null {
            dest: r,
            dest_end: r,
        });
        r
    }

    /// Materialises `SELECT *, extra... FROM view [AS alias] WHERE where_` into a new
    /// ephemeral table, returning its cursor.
    fn view_rows(
        &mut self,
        _t: &Arc<Table>,
        name: &ast::QualifiedName,
        alias: Option<&ast::Ident>,
        where_: Option<&ast::Expr>,
        stmt: StmtParts,
        extra: Vec<ast::Expr>,
    ) -> Result<CursorId> {
        let span = stmt.span;
        // sqlite3 3.40.1 resolves neither the alias nor the view's name when DML on a view
        // has an alias: a name no SQL can spell stands in.
        let alias = alias.map(|a| ast::Ident {
            name: "\u{1}instead_of".to_string(),
            ..a.clone()
        });
        // `view.*` (not `*`: an UPDATE's FROM tables must not add columns).
        let star = alias.clone().unwrap_or_else(|| name.name.clone());
        let mut columns = vec![ast::ResultColumn::TableStar { table: star, span }];
        columns.extend(extra.into_iter().map(|e| ast::ResultColumn::Expr {
            span: e.span,
            expr: e,
            alias: None,
        }));
        let core = ast::SelectClause {
            distinct: false,
            columns,
            from: Some(ast::FromClause {
                first: ast::TableOrSubquery::Table {
                    name: name.clone(),
                    alias,
                    indexed: None,
                    span,
                },
                joins: stmt
                    .from
                    .map(|f| {
                        let first = ast::Join {
                            op: ast::JoinOp {
                                natural: false,
                                kind: ast::JoinKind::Comma,
                            },
                            table: f.first.clone(),
                            constraint: None,
                            span: f.span,
                        };
                        std::iter::once(first)
                            .chain(f.joins.iter().cloned())
                            .collect()
                    })
                    .unwrap_or_default(),
                span,
            }),
            where_: where_.cloned(),
            group_by: Vec::new(),
            having: None,
            windows: Vec::new(),
            span,
        };
        let select = ast::Select {
            with: stmt.with.cloned(),
            first: ast::SelectCore::Select(Box::new(core)),
            compounds: Vec::new(),
            order_by: stmt.order_by.to_vec(),
            limit: stmt.limit.cloned(),
            span,
        };
        let buf = self.b.alloc_cursor();
        self.b.emit(Insn::OpenEphemeral {
            cursor: buf,
            n_columns: 0,
            key_info: None,
        });
        self.select(&select, &Dest::Table { cursor: buf }, 0)?;
        Ok(buf)
    }

    /// Loops over the `width`-column rows of ephemeral `buf`; `body` fires the triggers for
    /// one row (its columns in registers) and returns the row's skip label and the registers
    /// of the row RETURNING sees.
    fn for_each_row(
        &mut self,
        t: &Arc<Table>,
        buf: CursorId,
        width: usize,
        body: impl FnOnce(&mut Self, Reg) -> Result<(super::builder::Label, Reg)>,
    ) -> Result<()> {
        self.writes = true;
        let done = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: buf,
            target: done,
        });
        let top = self.b.here();
        let regs = self.b.alloc_regs(width.max(1));
        for i in 0..width {
            self.b.emit(Insn::Column {
                cursor: buf,
                column: i,
                dest: regs + i,
                default: None,
            });
        }
        let (skip, row) = body(self, regs)?;
        if self.returning.is_some() {
            let rid = self.null_reg();
            self.returning_row(t, buf, rid, row)?;
        }
        self.b.bind(skip);
        self.b.emit(Insn::Next {
            cursor: buf,
            target: top,
        });
        self.b.bind(done);
        Ok(())
    }

    /// Runs the INSTEAD OF triggers of view-table `t` for `event`; returns the label that
    /// RAISE(IGNORE) jumps to (bound by the caller after the row's RETURNING).
    fn fire_instead(
        &mut self,
        t: &Arc<Table>,
        event: Event,
        old: Option<(Reg, Reg)>,
        new: Option<(Reg, Reg)>,
        changed: &[usize],
    ) -> Result<super::builder::Label> {
        let skip = self.b.label();
        let instead = |time| time == TriggerTime::InsteadOf;
        self.fire_when(t, event, instead, old, new, changed, skip)?;
        Ok(skip)
    }
}

/// The parts of DELETE/UPDATE the view's row SELECT takes over.
struct StmtParts<'a> {
    /// UPDATE ... FROM: joined after the view (one firing per joined row, as sqlite3 does).
    from: Option<&'a ast::FromClause>,
    span: ast::Span,
    with: Option<&'a ast::With>,
    order_by: &'a [ast::OrderingTerm],
    limit: Option<&'a ast::Limit>,
}

impl<'a> StmtParts<'a> {
    fn of_delete(d: &'a ast::Delete) -> Self {
        StmtParts {
            from: None,
            span: d.span,
            with: d.with.as_ref(),
            order_by: &d.order_by,
            limit: d.limit.as_ref(),
        }
    }

    fn of_update(u: &'a ast::Update) -> Self {
        StmtParts {
            from: u.from.as_ref(),
            span: u.span,
            with: u.with.as_ref(),
            order_by: &u.order_by,
            limit: u.limit.as_ref(),
        }
    }
}
