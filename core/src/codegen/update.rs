//! UPDATE's assignments (including row values, `SET (a,b) = (1,2)` and
//! `SET (a,b) = (SELECT ...)`) and `UPDATE ... FROM` (lang_update.html).
//!
//! UPDATE FROM runs in two passes, as SQLite does:
//!
//! ```text
//!  1. loop over  target JOIN from-clause WHERE ...      (a plain SELECT's loops)
//!       new row = old row of the target with the SET values
//!       E[key of the target row] = new row               (a later match replaces an earlier)
//!  2. for each entry of E: seek the target row, read it, write the new row
//!     (checks, indexes, triggers, RETURNING as for a plain UPDATE)
//! ```
//!
//! E is an ephemeral table keyed by the target's rowid, or for a WITHOUT ROWID target an
//! ephemeral index whose entries start with the primary key. So each target row changes
//! once, with the values of the last join row that matched it (what sqlite3 3.40 does).

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::parser::ast::{self, ExprKind};
use crate::planner::resolve::{ColRef, ColSel};
use crate::schema::Table;
use crate::value::compare::{Collation, KeyInfo};
use crate::vdbe::insn::{Insn, Reg, WriteFlags};

use super::select::Dest;
use super::Compiler;

/// One `SET` clause: its target columns (`None` = the rowid) and value.
pub(crate) struct SetClause<'a> {
    pub columns: Vec<Option<usize>>,
    pub expr: &'a ast::Expr,
}

/// Resolves `SET` targets against `t`: unknown columns, generated columns and value-count
/// mismatches of row values are errors.
pub(crate) fn resolve_sets<'a>(
    t: &Table,
    sets: &'a [ast::Assignment],
) -> Result<Vec<SetClause<'a>>> {
    let mut out = Vec::new();
    for a in sets {
        let mut columns = Vec::new();
        for c in &a.columns {
            match t.column_index(&c.name) {
                Some(i) if t.columns[i].generated.is_some() => {
                    return Err(Error::sql(format!(
                        "cannot UPDATE generated column \"{}\"",
                        t.columns[i].name
                    )))
                }
                Some(i) => columns.push(Some(i)),
                None if t.is_rowid_name(&c.name) => columns.push(None),
                None => return Err(Error::sql(format!("no such column: {}", c.name))),
            }
        }
        if columns.len() > 1 {
            let given = match &a.expr.kind {
                ExprKind::Row(list) => Some(list.len()),
                ExprKind::Subquery(_) => None,
                _ => Some(1),
            };
            if let Some(g) = given.filter(|g| *g != columns.len()) {
                return Err(Error::sql(format!(
                    "{} columns assigned {} values",
                    columns.len(),
                    g
                )));
            }
        }
        out.push(SetClause {
            columns,
            expr: &a.expr,
        });
    }
    Ok(out)
}

/// `UPDATE/DELETE ... [ORDER BY ...] LIMIT n [OFFSET m]` (SQLite built with
/// SQLITE_ENABLE_UPDATE_DELETE_LIMIT, as Debian's is): the WHERE clause becomes
/// `key IN (SELECT key FROM t WHERE ... ORDER BY ... LIMIT ...)`, where the key is the rowid
/// (or a WITHOUT ROWID table's primary key, a row value when it has several columns). `what` names the statement in
/// the error for ORDER BY without LIMIT.
pub(crate) fn limited_where(
    t: &Table,
    alias: Option<&ast::Ident>,
    indexed: Option<&ast::Indexed>,
    where_: Option<&ast::Expr>,
    order_by: &[ast::OrderingTerm],
    limit: Option<&ast::Limit>,
    what: &str,
) -> Result<Option<ast::Expr>> {
    let Some(limit) = limit else {
        if !order_by.is_empty() {
            return Err(Error::sql(format!("ORDER BY without LIMIT on {what}")));
        }
        return Ok(where_.cloned());
    };
    let keys: Vec<String> = if !t.without_rowid {
        vec!["rowid".to_string()]
    } else {
        t.primary_key
            .iter()
            .map(|(c, _)| t.columns[*c].name.clone())
            .collect()
    };
    let span = ast::Span::default();
    let ident = |name: &str| ast::Ident {
        name: name.to_string(),
        quote: ast::Quote::None,
        span,
    };
    let column = |name: &str| ast::Expr {
        kind: ExprKind::Column {
            schema: None,
            table: None,
            column: ident(name),
        },
        span,
    };
    // A multi-column primary key is compared as a row value: `(k1, k2) IN (SELECT k1, k2 ...)`.
    let key_expr = || match keys.as_slice() {
        [one] => column(one),
        many => ast::Expr {
            kind: ExprKind::Row(many.iter().map(|k| column(k)).collect()),
            span,
        },
    };
    let result_columns = keys
        .iter()
        .map(|k| ast::ResultColumn::Expr {
            expr: column(k),
            alias: None,
            span,
        })
        .collect();
    let inner = ast::Select {
        with: None,
        first: ast::SelectCore::Select(Box::new(ast::SelectClause {
            distinct: false,
            columns: result_columns,
            from: Some(ast::FromClause {
                first: ast::TableOrSubquery::Table {
                    name: ast::QualifiedName {
                        schema: None,
                        name: ident(&t.name),
                        span,
                    },
                    alias: alias.cloned(),
                    indexed: indexed.cloned(),
                    span,
                },
                joins: vec![],
                span,
            }),
            where_: where_.cloned(),
            group_by: vec![],
            having: None,
            windows: vec![],
            span,
        })),
        compounds: vec![],
        order_by: order_by.to_vec(),
        limit: Some(limit.clone()),
        span,
    };
    Ok(Some(ast::Expr {
        kind: ExprKind::InSelect {
            expr: Box::new(key_expr()),
            not: false,
            select: Box::new(inner),
        },
        span,
    }))
}

/// The table columns a SET list changes (for `UPDATE OF` triggers).
pub(crate) fn changed_columns(sets: &[SetClause<'_>]) -> Vec<usize> {
    sets.iter()
        .flat_map(|s| s.columns.iter().flatten().copied())
        .collect()
}

impl Compiler<'_> {
    /// Computes the SET values in the current scope into the new row (r[rowid], r[cols..]),
    /// which holds the old row's values. Returns whether the rowid may change.
    pub(crate) fn emit_sets(
        &mut self,
        t: &Table,
        sets: &[SetClause<'_>],
        rowid: Reg,
        cols: Reg,
    ) -> Result<bool> {
        // sqlite3 computes the new rowid, and makes it an integer, before the other SET
        // values (ddl seed 50180: `SET (a, b) = (b - a, <integer overflow>)` with `a` the
        // INTEGER PRIMARY KEY and `b - a` a REAL is "datatype mismatch"); a row-value
        // subquery giving it runs first, whole.
        let mut first = None;
        if let Some((k, j)) = rowid_assignment(t, sets) {
            let values = self.set_values(&sets[k])?;
            match values.get(j) {
                Some(SetValue::Expr(e)) => self.expr(e, rowid)?,
                Some(SetValue::Reg(r)) => {
                    self.b.emit(Insn::SCopy {
                        src: *r,
                        dest: rowid,
                    });
                }
                None => {}
            }
            self.rowid_must_be_int(t, rowid, cols);
            first = Some(((k, j), values));
        }
        let assigned = first.is_some();
        let new_rowid = self.emit_set_values(t, sets, cols, first)?;
        Ok(assigned || new_rowid.is_some())
    }

    /// `r[rowid]` made an integer (or "datatype mismatch"), copied to the rowid alias column.
    fn rowid_must_be_int(&mut self, t: &Table, rowid: Reg, cols: Reg) {
        self.b.emit(Insn::MustBeInt {
            reg: rowid,
            target: None,
        });
        if let Some(a) = t.rowid_alias {
            self.b.emit(Insn::SCopy {
                src: rowid,
                dest: cols + a,
            });
        }
    }

    /// The SET values into r[cols..] (columns other than the rowid alias); returns the
    /// register holding the new rowid's value, unconverted, if the rowid is assigned.
    /// `done`: the rowid's assignment (clause, column), already made, and the values of its
    /// clause, to be used instead of evaluating that clause again.
    fn emit_set_values<'e>(
        &mut self,
        t: &Table,
        sets: &[SetClause<'e>],
        cols: Reg,
        mut done: Option<((usize, usize), Vec<SetValue<'e>>)>,
    ) -> Result<Option<Reg>> {
        let mut new_rowid: Option<Reg> = None;
        let last = last_assignments(t, sets);
        let skip = done.as_ref().map(|d| d.0);
        for (k, s) in sets.iter().enumerate() {
            let values = match done.take() {
                Some(((dk, _), values)) if dk == k => values,
                other => {
                    done = other;
                    self.set_values(s)?
                }
            };
            for (j, (col, v)) in s.columns.iter().zip(values).enumerate() {
                if skip == Some((k, j)) {
                    continue;
                }
                if !last.contains(&(k, j)) {
                    // A later assignment to the same column wins; sqlite3 never evaluates
                    // this one (`SET a = abs(-9223372036854775808), a = 1` succeeds), but
                    // resolves it (`SET a = zz, a = 1` is "no such column: zz").
                    if let SetValue::Expr(e) = v {
                        self.compile_unrun(|c| c.expr_reg(e).map(drop))?;
                    }
                    continue;
                }
                match (col, v) {
                    (Some(i), SetValue::Expr(e)) if t.rowid_alias != Some(*i) => {
                        self.expr(e, cols + i)?;
                    }
                    (Some(i), SetValue::Reg(r)) if t.rowid_alias != Some(*i) => {
                        self.b.emit(Insn::SCopy {
                            src: r,
                            dest: cols + i,
                        });
                    }
                    (_, SetValue::Expr(e)) => new_rowid = Some(self.expr_reg(e)?),
                    (_, SetValue::Reg(r)) => new_rowid = Some(r),
                }
            }
        }
        Ok(new_rowid)
    }

    /// The values of one SET clause, one per target column.
    pub(super) fn set_values<'e>(&mut self, s: &SetClause<'e>) -> Result<Vec<SetValue<'e>>> {
        if s.columns.len() == 1 {
            return Ok(vec![SetValue::Expr(s.expr)]);
        }
        match &s.expr.kind {
            ExprKind::Row(list) => Ok(list.iter().map(SetValue::Expr).collect()),
            ExprKind::Subquery(sel) => {
                let regs = self.row_subquery(sel, s.columns.len())?;
                Ok((0..s.columns.len())
                    .map(|k| SetValue::Reg(regs + k))
                    .collect())
            }
            _ => Err(Error::sql(format!(
                "{} columns assigned 1 values",
                s.columns.len()
            ))),
        }
    }

    /// `(SELECT ...)` giving `n` values: the first row's columns (NULLs when no row) in
    /// r[result..result + n], straight from the select's registers (an ephemeral table
    /// would turn an int-real value into an INTEGER before the column's affinity).
    fn row_subquery(&mut self, sel: &ast::Select, n: usize) -> Result<Reg> {
        let regs = self.b.alloc_regs(n);
        self.b.emit(Insn::Null {
            dest: regs,
            dest_end: regs + n - 1,
        });
        let done = self.b.label();
        let dest = Dest::Row {
            reg: regs,
            count: n,
            done,
        };
        let cols = self.select(sel, &dest, 0)?;
        if cols.len() != n {
            return Err(Error::sql(format!(
                "{} columns assigned {} values",
                n,
                cols.len()
            )));
        }
        self.b.bind(done);
        Ok(regs)
    }

    /// `UPDATE t SET ... FROM ... WHERE ...` (see the module header).
    pub(crate) fn update_from(&mut self, u: &ast::Update, t: Arc<Table>) -> Result<()> {
        let Some(from) = &u.from else {
            return Ok(());
        };
        let sets = self.auth_sets(&t, resolve_sets(&t, &u.sets)?);
        let target_name = u
            .alias
            .as_ref()
            .map_or(t.name.as_str(), |a| a.name.as_str());
        for item in std::iter::once(&from.first).chain(from.joins.iter().map(|j| &j.table)) {
            if let ast::TableOrSubquery::Table { name, alias, .. } = item {
                let n = alias.as_ref().unwrap_or(&name.name);
                if n.name.eq_ignore_ascii_case(target_name) {
                    return Err(Error::sql(format!(
                        "target object/alias may not appear in FROM clause: {}",
                        n.name
                    )));
                }
            }
        }
        self.writes = true;
        let n = t.columns.len();
        let npk = if t.without_rowid {
            t.primary_key.len()
        } else {
            0
        };
        // Pass 1: the join, collecting the new rows into E.
        let e = self.b.alloc_cursor();
        self.b.emit(Insn::OpenEphemeral {
            cursor: e,
            n_columns: npk + n + 1,
            key_info: t.without_rowid.then(|| {
                Arc::new(KeyInfo {
                    collations: t
                        .primary_key
                        .iter()
                        .map(|(c, _)| {
                            t.columns[*c]
                                .collation
                                .as_deref()
                                .map(Collation::from_name)
                                .unwrap_or_default()
                        })
                        .collect(),
                    desc: vec![false; npk],
                    n_key_fields: npk,
                })
            }),
        });
        let mut joined = from.clone();
        let first = std::mem::replace(
            &mut joined.first,
            ast::TableOrSubquery::Table {
                name: u.table.clone(),
                alias: u.alias.clone(),
                indexed: u.indexed.clone(),
                span: ast::Span::default(),
            },
        );
        joined.joins.insert(
            0,
            ast::Join {
                op: ast::JoinOp {
                    natural: false,
                    kind: ast::JoinKind::Comma,
                },
                table: first,
                constraint: None,
                span: ast::Span::default(),
            },
        );
        let (scope, plan) = self.scope_for_from(Some(&joined))?;
        self.scopes.push(scope);
        self.agg.push(None);
        let r = (|| {
            if let Some(w) = &u.where_ {
                if let Some(name) = self.last_aggregate([w]) {
                    return Err(Error::sql(format!("misuse of aggregate function {name}()")));
                }
            }
            // The join reads of the target only what the SET values and WHERE use (and its
            // key): pass 2 re-reads the row, so a covering index can drive the loop and the
            // join order follows, as in sqlite3.
            let used = self.used_columns(sets.iter().map(|s| s.expr).chain(u.where_.as_ref()));
            let levels = self.open_loops(&plan, u.where_.as_ref(), used)?;
            let depth = self.scopes.len() - 1;
            // Entry: [primary key (WITHOUT ROWID)] [new columns] [new rowid].
            let entry = self.b.alloc_regs(npk + n + 1);
            let cols = entry + npk;
            let rowid = cols + n;
            let old_rowid = self.b.alloc_reg();
            let at = |col| ColRef { depth, src: 0, col };
            if !t.without_rowid {
                self.read_column(at(ColSel::Rowid), old_rowid);
                self.b.emit(Insn::SCopy {
                    src: old_rowid,
                    dest: rowid,
                });
            } else {
                self.b.emit(Insn::Null {
                    dest: rowid,
                    dest_end: rowid,
                });
            }
            // Only the assigned columns are kept; pass 2 takes the others from the row.
            self.b.emit(Insn::Null {
                dest: cols,
                dest_end: cols + n - 1,
            });
            for (k, (c, _)) in t.primary_key.iter().take(npk).enumerate() {
                self.read_column(at(ColSel::Column(*c)), entry + k);
            }
            // The new rowid is made an integer in pass 2, when its row is written: a row
            // written earlier can fail first (UNIQUE before "datatype mismatch", as sqlite3).
            let new_rowid = self.emit_set_values(&t, &sets, cols, None)?;
            if let Some(r) = new_rowid {
                self.b.emit(Insn::SCopy {
                    src: r,
                    dest: rowid,
                });
            }
            let rowid_changes = new_rowid.is_some();
            let rec = self.b.alloc_reg();
            self.b.emit(Insn::MakeRecord {
                start: entry,
                count: npk + n + 1,
                dest: rec,
                affinities: None,
            });
            if t.without_rowid {
                self.b.emit(Insn::IdxDelete {
                    cursor: e,
                    key: entry,
                    n_key: npk,
                });
                self.b.emit(Insn::IdxInsert {
                    cursor: e,
                    key: rec,
                    append: false,
                });
            } else {
                self.b.emit(Insn::Insert {
                    cursor: e,
                    record: rec,
                    rowid: old_rowid,
                    flags: WriteFlags::default(),
                    table: None,
                });
            }
            self.close_loops(levels);
            Ok(rowid_changes)
        })();
        self.pop_scope();
        let rowid_changes = r?;
        // Pass 2: write each collected row.
        let wc = self.open_write(&t);
        self.prestart_triggers(&t, super::trigger::Event::Update, &changed_columns(&sets));
        self.begin_returning(&u.returning);
        let end = self.b.label();
        let next = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: e,
            target: end,
        });
        let top = self.b.here();
        let old_rowid = self.b.alloc_reg();
        if t.without_rowid {
            self.seek_key_from(e, npk, wc.table, next);
            self.b.emit(Insn::Null {
                dest: old_rowid,
                dest_end: old_rowid,
            });
        } else {
            self.b.emit(Insn::Rowid {
                cursor: e,
                dest: old_rowid,
            });
            self.b.emit(Insn::NotExists {
                cursor: wc.table,
                target: next,
                rowid: old_rowid,
            });
        }
        let old = self.b.alloc_regs(n);
        self.read_row(&t, wc.table, old_rowid, old)?;
        let rowid = self.b.alloc_reg();
        let cols = self.b.alloc_regs(n);
        self.b.emit(Insn::Copy {
            src: old,
            dest: cols,
            count: n,
        });
        let mut assigned = changed_columns(&sets);
        assigned.retain(|c| t.rowid_alias != Some(*c));
        assigned.sort_unstable();
        assigned.dedup();
        for i in assigned.into_iter().chain(std::iter::once(n)) {
            self.b.emit(Insn::Column {
                cursor: e,
                column: npk + i,
                dest: if i == n { rowid } else { cols + i },
                default: None,
            });
        }
        if rowid_changes {
            self.rowid_must_be_int(&t, rowid, cols);
        }
        let changed = changed_columns(&sets);
        self.write_updated_row(
            &t,
            &wc,
            (old_rowid, old),
            (rowid, cols),
            rowid_changes,
            u.or_conflict,
            &changed,
            next,
        )?;
        self.b.bind(next);
        self.b.emit(Insn::Next {
            cursor: e,
            target: top,
        });
        self.b.bind(end);
        Ok(())
    }
}

/// The (clause, position) of the last assignment to each target of `sets` (the rowid and
/// its alias are one target).
fn last_assignments(t: &Table, sets: &[SetClause<'_>]) -> Vec<(usize, usize)> {
    let target = |c: &Option<usize>| match c {
        Some(i) if t.rowid_alias != Some(*i) => *i,
        _ => usize::MAX,
    };
    let mut out: Vec<(usize, (usize, usize))> = Vec::new();
    for (k, s) in sets.iter().enumerate() {
        for (j, c) in s.columns.iter().enumerate() {
            let tg = target(c);
            out.retain(|(x, _)| *x != tg);
            out.push((tg, (k, j)));
        }
    }
    out.into_iter().map(|(_, at)| at).collect()
}

/// The assignment that sets the rowid (the last one): (clause, column).
fn rowid_assignment(t: &Table, sets: &[SetClause<'_>]) -> Option<(usize, usize)> {
    let is_rowid = |c: &Option<usize>| c.is_none_or(|i| t.rowid_alias == Some(i));
    last_assignments(t, sets)
        .into_iter()
        .find(|&(k, j)| is_rowid(&sets[k].columns[j]))
}

/// A value of a SET clause: an expression to compile, or a register already holding it.
pub(super) enum SetValue<'e> {
    Expr(&'e ast::Expr),
    Reg(Reg),
}

#[cfg(test)]
mod tests {
    //! Expected results are sqlite3 3.40.1's.

    use super::super::tests::q;
    use crate::Connection;

    #[test]
    fn update_from_uses_the_last_matching_row_once() {
        let c = Connection::open(":memory:").unwrap();
        c.execute_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v);
             INSERT INTO t VALUES(1,0),(2,0),(3,0);
             CREATE TABLE s(id, w);
             INSERT INTO s VALUES(1,10),(1,11),(2,20),(1,12);",
        )
        .unwrap();
        assert_eq!(
            q(
                &c,
                "UPDATE t SET v = v + s.w FROM s WHERE s.id = t.id RETURNING id, v"
            ),
            "1|12\n2|20"
        );
        assert_eq!(q(&c, "SELECT * FROM t"), "1|12\n2|20\n3|0");
        assert_eq!(
            q(&c, "UPDATE t SET v = 1 FROM t"),
            "Error: target object/alias may not appear in FROM clause: t"
        );
    }

    #[test]
    fn row_value_assignments() {
        let c = Connection::open(":memory:").unwrap();
        c.execute_batch("CREATE TABLE r(a, b, c); INSERT INTO r VALUES(1, 2, 3);")
            .unwrap();
        assert_eq!(
            q(&c, "UPDATE r SET (a, b) = (1, 2, 3)"),
            "Error: 2 columns assigned 3 values"
        );
        assert_eq!(
            q(&c, "UPDATE r SET (a, b) = (SELECT 1)"),
            "Error: 2 columns assigned 1 values"
        );
        c.execute_batch("UPDATE r SET (a, b) = (SELECT 7, 8), c = (a)")
            .unwrap();
        assert_eq!(q(&c, "SELECT * FROM r"), "7|8|1");
        c.execute_batch("UPDATE r SET (a, b) = (SELECT 1, 2 WHERE 0)")
            .unwrap();
        assert_eq!(q(&c, "SELECT * FROM r"), "||1");
    }
}
