//! Expressions (lang_expr.html): values into registers, and conditions as jumps.
//!
//! Comparison operands get SQLite's comparison affinity (datatype3.html §4.2) and collation
//! (§7.1: an explicit COLLATE on the left, else on the right, else the left column's, else the
//! right column's). After an aggregate loop, expressions are compiled through an [`AggMap`]:
//! aggregate calls and column references read the registers the loop filled.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::parser::ast::{self, BinaryOp, Expr, ExprKind, Literal, UnaryOp};
use crate::planner::resolve::{lookup_in_db, ColRef, ColSel};
use crate::value::affinity::Affinity;
use crate::value::compare::{comparison_affinity, Collation, KeyInfo};
use crate::value::Value;
use crate::vdbe::insn::{CmpFlags, CmpOp, FuncRef, Insn, Reg};

use super::builder::Label;
use super::select::Dest;
use super::{Compiler, FuncKind};

/// Registers holding the results of an aggregate loop, for the expressions evaluated after it.
#[derive(Debug, Default, Clone)]
pub(crate) struct AggMap {
    /// Aggregate call expression (by address) → accumulator register.
    pub calls: HashMap<usize, Reg>,
    /// Column reference → register with its value in the current group.
    pub cols: HashMap<ColRef, Reg>,
}

pub(crate) fn expr_id(e: &Expr) -> usize {
    e as *const Expr as usize
}

/// The constant value of a literal (possibly negated) expression.
pub(crate) fn const_value(e: &Expr) -> Option<Value> {
    match &e.kind {
        ExprKind::Literal(l) => match l {
            Literal::Integer(i) => Some(Value::Integer(*i)),
            Literal::Real(r) => Some(Value::Real(*r)),
            Literal::String(s) => Some(Value::Text(s.clone())),
            Literal::Blob(b) => Some(Value::Blob(b.clone())),
            Literal::Null => Some(Value::Null),
            Literal::Bool(b) => Some(Value::Integer(i64::from(*b))),
            _ => None,
        },
        ExprKind::Unary {
            op: UnaryOp::Neg,
            expr,
        } => match const_value(expr)? {
            Value::Integer(i) => Some(
                i.checked_neg()
                    .map_or(Value::Real(-(i as f64)), Value::Integer),
            ),
            Value::Real(r) => Some(Value::Real(-r)),
            _ => None,
        },
        ExprKind::Unary {
            op: UnaryOp::Pos,
            expr,
        } => const_value(expr),
        _ => None,
    }
}

/// The affinity named by a CAST type (datatype3.html §3.1; empty → BLOB).
pub(crate) fn type_affinity(t: &ast::TypeName) -> Affinity {
    Affinity::from_decltype(Some(&t.name))
}

fn cmp_op(op: BinaryOp) -> Option<CmpOp> {
    Some(match op {
        BinaryOp::Eq | BinaryOp::Is => CmpOp::Eq,
        BinaryOp::Ne | BinaryOp::IsNot => CmpOp::Ne,
        BinaryOp::Lt => CmpOp::Lt,
        BinaryOp::Le => CmpOp::Le,
        BinaryOp::Gt => CmpOp::Gt,
        BinaryOp::Ge => CmpOp::Ge,
        _ => return None,
    })
}

fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
    }
}

fn cmp_jump(op: CmpOp, lhs: Reg, rhs: Reg, target: Label, flags: CmpFlags) -> Insn {
    match op {
        CmpOp::Eq => Insn::Eq {
            lhs,
            rhs,
            target,
            flags,
        },
        CmpOp::Ne => Insn::Ne {
            lhs,
            rhs,
            target,
            flags,
        },
        CmpOp::Lt => Insn::Lt {
            lhs,
            rhs,
            target,
            flags,
        },
        CmpOp::Le => Insn::Le {
            lhs,
            rhs,
            target,
            flags,
        },
        CmpOp::Gt => Insn::Gt {
            lhs,
            rhs,
            target,
            flags,
        },
        CmpOp::Ge => Insn::Ge {
            lhs,
            rhs,
            target,
            flags,
        },
    }
}

fn is_bool_literal(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Literal(Literal::Bool(b)) => Some(*b),
        _ => None,
    }
}

impl Compiler<'_> {
    /// Resolves a column reference, or `None` when it names nothing (a double-quoted string).
    pub(crate) fn resolve_column(&self, e: &Expr) -> Result<Option<ColRef>> {
        let ExprKind::Column {
            schema,
            table,
            column,
        } = &e.kind
        else {
            return Ok(None);
        };
        // CHECK constraints and partial-index WHERE clauses ignore a schema name.
        let schema = schema.as_ref().filter(|_| !self.in_check_or_index());
        // `db.t.c`: only a table or view of database `db` (an unknown name matches none).
        let db = schema
            .as_ref()
            .map(|s| self.root_schema.db_index(&s.name).unwrap_or(usize::MAX));
        let found = lookup_in_db(
            &self.scopes,
            db,
            table.as_ref().map(|t| t.name.as_str()),
            &column.name,
        )?;
        if found.is_none() && !(table.is_none() && column.quote == ast::Quote::Double) {
            let full = match (schema, table) {
                (Some(s), Some(t)) => format!("{}.{}.{}", s.name, t.name, column.name),
                (_, Some(t)) => format!("{}.{}", t.name, column.name),
                _ => column.name.clone(),
            };
            // sqlite3_error_offset: the start of the column reference.
            return Err(Error::sql(format!("no such column: {full}")).with_offset(e.span.start));
        }
        if let (Some(cr), Some(_)) = (found, &self.auth) {
            self.auth_read(cr);
        }
        Ok(found)
    }

    /// Reads column `cr` of its source's current row into `target`.
    pub(crate) fn read_column(&mut self, cr: ColRef, target: Reg) {
        self.min_ref_depth = self.min_ref_depth.min(cr.depth);
        if self.auth.is_some() && self.auth_read(cr) {
            self.b.emit(Insn::Null {
                dest: target,
                dest_end: target,
            });
            return;
        }
        if let Some(Some(m)) = self.agg.get(cr.depth) {
            if let Some(&r) = m.cols.get(&cr) {
                self.b.emit(Insn::SCopy {
                    src: r,
                    dest: target,
                });
                return;
            }
        }
        let src = &self.scopes[cr.depth].sources[cr.src];
        if let Some((rowid, base)) = src.regs {
            let alias = src.table.as_ref().and_then(|t| t.rowid_alias);
            let r = match cr.col {
                ColSel::Rowid => rowid,
                ColSel::Column(i) if alias == Some(i) => rowid,
                ColSel::Column(i) => base + i,
            };
            self.b.emit(Insn::SCopy {
                src: r,
                dest: target,
            });
            return;
        }
        if let (Some(t), ColSel::Column(i)) = (&src.table, cr.col) {
            let covered = src
                .cover
                .as_ref()
                .is_some_and(|(_, map)| map.get(i).copied().flatten().is_some());
            if t.columns[i].is_virtual() && !covered {
                self.read_virtual(cr, target);
                return;
            }
        }
        if let Some((ic, map)) = &src.cover {
            let alias = src.table.as_ref().and_then(|t| t.rowid_alias);
            let pos = match cr.col {
                ColSel::Column(i) if alias != Some(i) => map.get(i).copied().flatten(),
                _ => None,
            };
            let cover_is_real = matches!((&src.table, cr.col, pos),
                (Some(t), ColSel::Column(i), Some(_))
                    if t.columns[i].affinity == crate::value::affinity::Affinity::Real);
            // A WITHOUT ROWID table's primary-key index is the table: its records written
            // before an ADD COLUMN lack the column, which reads as its default.
            let default = match (&src.table, cr.col) {
                (Some(t), ColSel::Column(i)) => {
                    super::generated::missing_field_value(&t.columns[i])
                }
                _ => None,
            };
            let insn = match (cr.col, pos) {
                (ColSel::Column(_), Some(p)) => Insn::Column {
                    cursor: *ic,
                    column: p,
                    dest: target,
                    default,
                },
                _ => Insn::IdxRowid {
                    cursor: *ic,
                    dest: target,
                },
            };
            self.b.emit(insn);
            self.real_affinity(cover_is_real, target);
            self.cover_int_real(cr, target);
            return;
        }
        let cursor = src.cursor;
        let src_is_real = matches!((&src.table, cr.col),
            (Some(t), ColSel::Column(i)) if t.rowid_alias != Some(i)
                && t.columns[i].affinity == crate::value::affinity::Affinity::Real);
        let insn = match (&src.table, cr.col) {
            (Some(_), ColSel::Rowid) => Insn::Rowid {
                cursor,
                dest: target,
            },
            (Some(t), ColSel::Column(i)) if t.rowid_alias == Some(i) => Insn::Rowid {
                cursor,
                dest: target,
            },
            (Some(t), ColSel::Column(i)) => Insn::Column {
                cursor,
                column: t.storage_pos(i),
                dest: target,
                default: super::generated::missing_field_value(&t.columns[i]),
            },
            (None, ColSel::Column(i)) => Insn::Column {
                cursor,
                column: i,
                dest: target,
                default: None,
            },
            (None, ColSel::Rowid) => Insn::Null {
                dest: target,
                dest_end: target,
            },
        };
        self.b.emit(insn);
        self.real_affinity(src_is_real, target);
        self.tvf_value_subtype(cursor, cr.col, target);
    }

    /// A REAL column may hold whole numbers stored as integers in the record (SQLite's
    /// compaction): reading it applies REAL affinity, as SQLite's RealAffinity after Column.
    fn real_affinity(&mut self, is_real: bool, target: Reg) {
        if is_real {
            self.b.emit(Insn::RealAffinity { reg: target });
        }
    }

    /// Compiles `e` into a fresh register.
    pub(crate) fn expr_reg(&mut self, e: &Expr) -> Result<Reg> {
        let r = self.b.alloc_reg();
        self.expr(e, r)?;
        Ok(r)
    }

    /// Compiles `e`, leaving its value in `target`.
    pub(crate) fn expr(&mut self, e: &Expr, target: Reg) -> Result<()> {
        match &e.kind {
            ExprKind::Literal(l) => self.literal(l, target),
            ExprKind::Variable { index, name } => {
                self.note_param(*index, name);
                self.b.emit(Insn::Variable {
                    index: *index as usize,
                    dest: target,
                });
                Ok(())
            }
            ExprKind::Column { column, table, .. } => match self.resolve_column(e) {
                Err(err) => {
                    // A result-column alias may be used in WHERE, GROUP BY and HAVING.
                    let alias = if table.is_none() {
                        self.aliases
                            .iter()
                            .rev()
                            .flatten()
                            .find(|(n, _)| n.eq_ignore_ascii_case(&column.name))
                            .map(|(_, x)| x.clone())
                    } else {
                        None
                    };
                    match alias {
                        Some(x) if self.alias_depth < 8 => {
                            self.alias_depth += 1;
                            let r = self.expr(&x, target);
                            self.alias_depth -= 1;
                            r
                        }
                        _ => Err(err),
                    }
                }
                Ok(Some(cr)) => {
                    if table.is_none() {
                        self.read_using_column(cr, target);
                    } else {
                        self.read_column(cr, target);
                    }
                    Ok(())
                }
                Ok(None) => {
                    self.b.emit(Insn::String8 {
                        value: column.name.clone(),
                        dest: target,
                    });
                    Ok(())
                }
            },
            ExprKind::Unary { op, expr } => {
                match op {
                    UnaryOp::Neg => {
                        if let Some(v @ (Value::Integer(_) | Value::Real(_))) = const_value(e) {
                            self.load_value(v, target);
                            return Ok(());
                        }
                        let zero = self.int_reg(0);
                        let r = self.expr_reg(expr)?;
                        self.b.emit(Insn::Subtract {
                            lhs: zero,
                            rhs: r,
                            dest: target,
                        });
                    }
                    UnaryOp::Pos => self.expr(expr, target)?,
                    UnaryOp::Not => {
                        let r = self.expr_reg(expr)?;
                        self.b.emit(Insn::Not {
                            src: r,
                            dest: target,
                        });
                    }
                    UnaryOp::BitNot => {
                        let r = self.expr_reg(expr)?;
                        self.b.emit(Insn::BitNot {
                            src: r,
                            dest: target,
                        });
                    }
                }
                Ok(())
            }
            ExprKind::Binary { left, op, right } => self.binary(left, *op, right, target),
            ExprKind::Like {
                expr,
                op,
                not,
                pattern,
                escape,
            } => {
                let name = match op {
                    ast::LikeOp::Like => "like",
                    ast::LikeOp::Glob => "glob",
                    ast::LikeOp::Regexp => "regexp",
                    ast::LikeOp::Match => "match",
                };
                let n = 2 + usize::from(escape.is_some());
                let args = self.b.alloc_regs(n);
                self.expr(pattern, args)?;
                self.expr(expr, args + 1)?;
                if let Some(esc) = escape {
                    self.expr(esc, args + 2)?;
                }
                self.b.emit(Insn::Function {
                    func: FuncRef {
                        name: name.into(),
                        n_args: n,
                    },
                    args,
                    dest: target,
                    collation: None,
                });
                if *not {
                    self.b.emit(Insn::Not {
                        src: target,
                        dest: target,
                    });
                }
                Ok(())
            }
            ExprKind::IsNull(x) | ExprKind::NotNull(x) => {
                let is_null = matches!(e.kind, ExprKind::IsNull(_));
                let r = self.expr_reg(x)?;
                let done = self.b.label();
                self.b.emit(Insn::Integer {
                    value: 1,
                    dest: target,
                });
                if is_null {
                    self.b.emit(Insn::IsNull {
                        reg: r,
                        target: done,
                    });
                } else {
                    self.b.emit(Insn::NotNull {
                        reg: r,
                        target: done,
                    });
                }
                self.b.emit(Insn::Integer {
                    value: 0,
                    dest: target,
                });
                self.b.bind(done);
                Ok(())
            }
            ExprKind::Between {
                expr,
                not,
                low,
                high,
            } => {
                let x = self.expr_reg(expr)?;
                let lo = self.expr_reg(low)?;
                let hi = self.expr_reg(high)?;
                let f1 = self.cmp_flags(expr, low, false);
                let f2 = self.cmp_flags(expr, high, false);
                let t1 = self.b.alloc_reg();
                self.b.emit(Insn::CmpValue {
                    op: CmpOp::Ge,
                    lhs: x,
                    rhs: lo,
                    dest: t1,
                    flags: f1,
                });
                let t2 = self.b.alloc_reg();
                self.b.emit(Insn::CmpValue {
                    op: CmpOp::Le,
                    lhs: x,
                    rhs: hi,
                    dest: t2,
                    flags: f2,
                });
                self.b.emit(Insn::And {
                    lhs: t1,
                    rhs: t2,
                    dest: target,
                });
                if *not {
                    self.b.emit(Insn::Not {
                        src: target,
                        dest: target,
                    });
                }
                Ok(())
            }
            ExprKind::InList { expr, not, list } => {
                if let ExprKind::Row(_) = expr.kind {
                    return Err(Error::sql("row value misused"));
                }
                self.in_list_value(expr, *not, list, target)
            }
            ExprKind::InSelect { expr, not, select } => {
                self.in_select(expr, select, target)?;
                if *not {
                    self.b.emit(Insn::Not {
                        src: target,
                        dest: target,
                    });
                }
                Ok(())
            }
            ExprKind::InTable {
                expr,
                not,
                table,
                args,
            } => {
                if args.is_some() {
                    return Err(Error::sql(format!("no such table: {}", table.name.name)));
                }
                let sel = table_as_select(table, e.span);
                self.in_select(expr, &sel, target)?;
                if *not {
                    self.b.emit(Insn::Not {
                        src: target,
                        dest: target,
                    });
                }
                Ok(())
            }
            ExprKind::Exists(sel) => self.subquery_value(sel, target, true),
            ExprKind::Subquery(sel) => self.subquery_value(sel, target, false),
            ExprKind::Case {
                operand,
                when_then,
                else_,
            } => self.case(operand.as_deref(), when_then, else_.as_deref(), target),
            ExprKind::Cast { expr, type_name } => {
                self.expr(expr, target)?;
                self.b.emit(Insn::Cast {
                    reg: target,
                    affinity: type_affinity(type_name),
                });
                Ok(())
            }
            ExprKind::Collate { expr, .. } => self.expr(expr, target),
            ExprKind::Function(f) => self.function(e, f, target),
            ExprKind::Raise { .. } => self.raise(e, target),
            ExprKind::Row(_) => Err(Error::sql("row value misused")),
        }
    }

    pub(crate) fn load_value(&mut self, v: Value, target: Reg) {
        let insn = match v {
            Value::Null => Insn::Null {
                dest: target,
                dest_end: target,
            },
            Value::Integer(i) => Insn::Integer {
                value: i,
                dest: target,
            },
            Value::Real(r) => Insn::Real {
                value: r,
                dest: target,
            },
            Value::Text(s) => Insn::String8 {
                value: s,
                dest: target,
            },
            Value::Blob(b) => Insn::Blob {
                value: b,
                dest: target,
            },
        };
        self.b.emit(insn);
    }

    fn literal(&mut self, l: &Literal, target: Reg) -> Result<()> {
        let v = match l {
            Literal::Integer(i) => Value::Integer(*i),
            Literal::Real(r) => Value::Real(*r),
            Literal::String(s) => Value::Text(s.clone()),
            Literal::Blob(b) => Value::Blob(b.clone()),
            Literal::Null => Value::Null,
            Literal::Bool(b) => Value::Integer(i64::from(*b)),
            Literal::CurrentTime | Literal::CurrentDate | Literal::CurrentTimestamp => {
                let name = match l {
                    Literal::CurrentTime => "current_time",
                    Literal::CurrentDate => "current_date",
                    _ => "current_timestamp",
                };
                self.b.emit(Insn::Function {
                    func: FuncRef {
                        name: name.into(),
                        n_args: 0,
                    },
                    args: target,
                    dest: target,
                    collation: None,
                });
                return Ok(());
            }
        };
        self.load_value(v, target);
        Ok(())
    }

    fn binary(&mut self, left: &Expr, op: BinaryOp, right: &Expr, target: Reg) -> Result<()> {
        if matches!(op, BinaryOp::Is | BinaryOp::IsNot) {
            if let Some(b) = is_bool_literal(right) {
                let r = self.expr_reg(left)?;
                let is_not = op == BinaryOp::IsNot;
                self.b.emit(Insn::IsTrue {
                    src: r,
                    dest: target,
                    null_value: !b,
                    invert: b == is_not,
                });
                return Ok(());
            }
        }
        if let Some(cop) = cmp_op(op) {
            if matches!(left.kind, ExprKind::Row(_)) || matches!(right.kind, ExprKind::Row(_)) {
                return self.row_compare(left, cop, right, target);
            }
            let l = self.expr_reg(left)?;
            let r = self.expr_reg(right)?;
            let mut flags =
                self.cmp_flags(left, right, matches!(op, BinaryOp::Is | BinaryOp::IsNot));
            if self.auto_index_probe(left, right, cop, l, r) {
                flags.affinity = None;
            }
            self.b.emit(Insn::CmpValue {
                op: cop,
                lhs: l,
                rhs: r,
                dest: target,
                flags,
            });
            return Ok(());
        }
        if matches!(op, BinaryOp::JsonExtract | BinaryOp::JsonExtractText) {
            let args = self.b.alloc_regs(2);
            self.expr(left, args)?;
            self.expr(right, args + 1)?;
            let name = if op == BinaryOp::JsonExtract {
                "->"
            } else {
                "->>"
            };
            self.b.emit(Insn::Function {
                func: FuncRef {
                    name: name.into(),
                    n_args: 2,
                },
                args,
                dest: target,
                collation: None,
            });
            return Ok(());
        }
        let l = self.expr_reg(left)?;
        let r = self.expr_reg(right)?;
        let (lhs, rhs, dest) = (l, r, target);
        let insn = match op {
            BinaryOp::And => Insn::And { lhs, rhs, dest },
            BinaryOp::Or => Insn::Or { lhs, rhs, dest },
            BinaryOp::BitAnd => Insn::BitAnd { lhs, rhs, dest },
            BinaryOp::BitOr => Insn::BitOr { lhs, rhs, dest },
            BinaryOp::ShiftLeft => Insn::ShiftLeft { lhs, rhs, dest },
            BinaryOp::ShiftRight => Insn::ShiftRight { lhs, rhs, dest },
            BinaryOp::Add => Insn::Add { lhs, rhs, dest },
            BinaryOp::Sub => Insn::Subtract { lhs, rhs, dest },
            BinaryOp::Mul => Insn::Multiply { lhs, rhs, dest },
            BinaryOp::Div => Insn::Divide { lhs, rhs, dest },
            BinaryOp::Mod => Insn::Remainder { lhs, rhs, dest },
            BinaryOp::Concat => Insn::Concat { lhs, rhs, dest },
            _ => return Err(Error::sql("unsupported operator")),
        };
        self.b.emit(insn);
        Ok(())
    }

    /// `(a, b) op (c, d)`: only = and <> (and IS / IS NOT) are supported.
    fn row_compare(&mut self, left: &Expr, op: CmpOp, right: &Expr, target: Reg) -> Result<()> {
        let (ExprKind::Row(ls), ExprKind::Row(rs)) = (&left.kind, &right.kind) else {
            return Err(Error::sql("row value misused"));
        };
        if ls.len() != rs.len() {
            return Err(Error::sql("row value misused"));
        }
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Err(Error::sql("row value misused"));
        }
        self.b.emit(Insn::Integer {
            value: 1,
            dest: target,
        });
        let t = self.b.alloc_reg();
        for (l, r) in ls.iter().zip(rs) {
            let a = self.expr_reg(l)?;
            let b = self.expr_reg(r)?;
            let flags = self.cmp_flags(l, r, false);
            self.b.emit(Insn::CmpValue {
                op: CmpOp::Eq,
                lhs: a,
                rhs: b,
                dest: t,
                flags,
            });
            self.b.emit(Insn::And {
                lhs: target,
                rhs: t,
                dest: target,
            });
        }
        if op == CmpOp::Ne {
            self.b.emit(Insn::Not {
                src: target,
                dest: target,
            });
        }
        Ok(())
    }

    fn case(
        &mut self,
        operand: Option<&Expr>,
        when_then: &[(Expr, Expr)],
        else_: Option<&Expr>,
        target: Reg,
    ) -> Result<()> {
        let done = self.b.label();
        let base = match operand {
            Some(o) => Some(self.expr_reg(o)?),
            None => None,
        };
        for (w, t) in when_then {
            let next = self.b.label();
            match (base, operand) {
                (Some(b), Some(o)) => {
                    let r = self.expr_reg(w)?;
                    let mut flags = self.cmp_flags(o, w, false);
                    flags.jump_if_null = true;
                    self.b.emit(Insn::Ne {
                        lhs: b,
                        rhs: r,
                        target: next,
                        flags,
                    });
                }
                _ => self.jump_if_false(w, next, true)?,
            }
            self.expr(t, target)?;
            self.b.emit(Insn::Goto { target: done });
            self.b.bind(next);
        }
        match else_ {
            Some(e) => self.expr(e, target)?,
            None => {
                self.b.emit(Insn::Null {
                    dest: target,
                    dest_end: target,
                });
            }
        }
        self.b.bind(done);
        Ok(())
    }

    fn function(&mut self, e: &Expr, f: &ast::FunctionCall, target: Reg) -> Result<()> {
        let args: &[Expr] = match &f.args {
            ast::FunctionArgs::Star => &[],
            ast::FunctionArgs::List(a) => a,
        };
        let name = f.name.name.to_ascii_lowercase();
        let kind = self.function_kind(f)?;
        if let Err(e) = check_scalar_call(f, kind, &name, args) {
            // sqlite3 reports the last error its resolver met, and it checks the call before
            // its arguments: an error inside an argument wins.
            let scratch = self.b.alloc_reg();
            for a in args {
                self.expr(a, scratch)?;
            }
            return Err(e);
        }
        if self.auth_function(&name) && kind == FuncKind::Scalar && f.over.is_none() {
            self.b.emit(Insn::Null {
                dest: target,
                dest_end: target,
            });
            return Ok(());
        }
        if kind != FuncKind::Scalar || f.over.is_some() {
            for m in self.agg.iter().rev().flatten() {
                if let Some(&r) = m.calls.get(&expr_id(e)) {
                    self.b.emit(Insn::SCopy {
                        src: r,
                        dest: target,
                    });
                    return Ok(());
                }
            }
            let what = if kind == FuncKind::Window || f.over.is_some() {
                "window"
            } else {
                "aggregate"
            };
            return Err(Error::sql(format!(
                "misuse of {what} function {}()",
                f.name.name
            )));
        }
        if f.distinct {
            return Err(Error::sql(
                "DISTINCT aggregates must have exactly one argument",
            ));
        }
        match name.as_str() {
            "coalesce" | "ifnull" => {
                let done = self.b.label();
                for (i, a) in args.iter().enumerate() {
                    self.expr(a, target)?;
                    if i + 1 < args.len() {
                        self.b.emit(Insn::NotNull {
                            reg: target,
                            target: done,
                        });
                    }
                }
                self.b.bind(done);
                return Ok(());
            }
            "iif" | "if" if args.len() >= 2 => {
                // iif(C1, V1, ..., [ELSE]): CASE WHEN C1 THEN V1 ... [ELSE ...] END.
                let whens: Vec<_> = args
                    .chunks_exact(2)
                    .map(|p| (p[0].clone(), p[1].clone()))
                    .collect();
                let else_ = (args.len() % 2 == 1).then(|| &args[args.len() - 1]);
                return self.case(None, &whens, else_, target);
            }
            "likely" | "unlikely" | "likelihood" if !args.is_empty() => {
                return self.expr(&args[0], target)
            }
            _ => {}
        }
        let base = self.b.alloc_regs(args.len());
        for (i, a) in args.iter().enumerate() {
            self.expr(a, base + i)?;
        }
        let collation = args.iter().find_map(|a| {
            self.explicit_collation(a)
                .or_else(|| self.expr_collation(a))
        });
        self.emit_pure_check(&name, base, args.len());
        self.b.emit(Insn::Function {
            func: FuncRef {
                name,
                n_args: args.len(),
            },
            args: base,
            dest: target,
            collation,
        });
        Ok(())
    }

    /// The kind of a function call, or SQLite's error for an unknown name or arity.
    pub(crate) fn function_kind(&self, f: &ast::FunctionCall) -> Result<FuncKind> {
        let n = match &f.args {
            ast::FunctionArgs::Star => 0,
            ast::FunctionArgs::List(a) => a.len(),
        };
        match self.funcs.lookup(&f.name.name, n) {
            Some(k) => super::select::agg_order::check_order_by(f, k),
            // sqlite3_error_offset: the start of the function's name.
            None if self.funcs.exists(&f.name.name) => Err(Error::sql(format!(
                "wrong number of arguments to function {}()",
                f.name.name
            ))
            .with_offset(f.name.span.start)),
            None => Err(Error::sql(format!("no such function: {}", f.name.name))
                .with_offset(f.name.span.start)),
        }
    }

    /// `expr IN (select)`: builds an ephemeral index of the select's rows (once, when the
    /// select is not correlated) and probes it; NULL when not found and either side has NULL.
    fn in_select(&mut self, x: &Expr, sel: &ast::Select, target: Reg) -> Result<()> {
        if let ExprKind::Row(items) = &x.kind {
            return self.in_select_row(items, sel, target);
        }
        let set = self.b.alloc_cursor();
        let once = self.b.emit(Insn::Noop);
        let after_build = self.b.label();
        let coll = self
            .explicit_collation(x)
            .or_else(|| self.expr_collation(x));
        let mut ki = KeyInfo::ascending(1);
        ki.n_key_fields = 1;
        if let Some(c) = coll.clone() {
            ki.collations[0] = c;
        }
        self.b.emit(Insn::OpenEphemeral {
            cursor: set,
            n_columns: 1,
            key_info: Some(std::sync::Arc::new(ki)),
        });
        let depth = self.scopes.len();
        let saved = self.take_min_depth();
        self.n_subqueries += 1;
        let label = format!("LIST SUBQUERY {}", self.n_subqueries);
        let built_from = self.b.insns.len();
        self.in_rhs_begin();
        let (cols, row) =
            self.plan_nested(label, |c| c.select(sel, &Dest::Set { cursor: set }, 0))?;
        if cols.len() != 1 {
            return Err(Error::sql(format!(
                "sub-select returns {} columns - expected 1",
                cols.len()
            )));
        }
        let rhs_aff = self.in_rhs_affinities(sel, &cols)[0];
        // The set's values take the comparison affinity too (SQLite codes it into the
        // records of the RHS), so `a INT IN (SELECT '2')` finds 2.
        if let Some(a) = super::in_compound::compare_affinity(self.expr_affinity(x), rhs_aff) {
            super::in_affinity::set_record_affinity(&mut self.b.insns[built_from..], set, a);
        }
        let correlated = self.restore_min_depth(saved) < depth;
        if correlated {
            let d = &mut self.query_plan[row].2;
            *d = format!("CORRELATED {d}");
        }
        if !correlated {
            self.b.insns[once] = Insn::Once {
                target: after_build,
            };
        }
        self.b.bind(after_build);
        let rx = self.b.alloc_reg();
        self.expr(x, rx)?;
        let aff = super::in_compound::compare_affinity(self.expr_affinity(x), rhs_aff);
        if let Some(a) = aff {
            self.b.emit(Insn::Affinity {
                start: rx,
                affinities: vec![a],
            });
        }
        // An operand without affinity (a literal, an expression) takes a REAL column's, and
        // is a REAL then, as in SQLite: a large integer finds the REAL value it rounds to
        // (9223372036854775807 IN (SELECT c FROM t) where c REAL holds 9.223372036854776e18).
        if self.expr_affinity(x).is_none() && rhs_aff == Some(Affinity::Real) {
            self.b.emit(Insn::RealAffinity { reg: rx });
        }
        let done = self.b.label();
        let x_null = self.b.label();
        let found = self.b.label();
        self.b.emit(Insn::IsNull {
            reg: rx,
            target: x_null,
        });
        self.b.emit(Insn::Found {
            cursor: set,
            target: found,
            key: rx,
            n_key: 1,
        });
        // Not found: NULL if the set holds a NULL (NULLs sort first), else 0.
        self.b.emit(Insn::Integer {
            value: 0,
            dest: target,
        });
        self.b.emit(Insn::Rewind {
            cursor: set,
            target: done,
        });
        let t = self.b.alloc_reg();
        self.b.emit(Insn::Column {
            cursor: set,
            column: 0,
            dest: t,
            default: None,
        });
        self.b.emit(Insn::NotNull {
            reg: t,
            target: done,
        });
        self.b.emit(Insn::Null {
            dest: target,
            dest_end: target,
        });
        self.b.emit(Insn::Goto { target: done });
        self.b.bind(found);
        self.b.emit(Insn::Integer {
            value: 1,
            dest: target,
        });
        self.b.emit(Insn::Goto { target: done });
        // NULL IN (empty) is 0; NULL IN (non-empty) is NULL.
        self.b.bind(x_null);
        self.b.emit(Insn::Integer {
            value: 0,
            dest: target,
        });
        self.b.emit(Insn::Rewind {
            cursor: set,
            target: done,
        });
        self.b.emit(Insn::Null {
            dest: target,
            dest_end: target,
        });
        self.b.bind(done);
        Ok(())
    }

    /// A scalar subquery (first column of the first row, else NULL) or EXISTS (1/0).
    fn subquery_value(&mut self, sel: &ast::Select, target: Reg, exists: bool) -> Result<()> {
        let reg = self.b.alloc_reg();
        let once = self.b.emit(Insn::Noop);
        let done = self.b.label();
        self.b.emit(if exists {
            Insn::Integer {
                value: 0,
                dest: reg,
            }
        } else {
            Insn::Null {
                dest: reg,
                dest_end: reg,
            }
        });
        let depth = self.scopes.len();
        let saved = self.take_min_depth();
        let dest = if exists {
            Dest::Exists { reg, done }
        } else {
            Dest::Scalar { reg, done }
        };
        self.n_subqueries += 1;
        let label = format!("SCALAR SUBQUERY {}", self.n_subqueries);
        let (cols, row) = self.plan_nested(label, |c| c.select(sel, &dest, 0))?;
        if !exists && cols.len() != 1 {
            return Err(Error::sql(format!(
                "sub-select returns {} columns - expected 1",
                cols.len()
            )));
        }
        let correlated = self.restore_min_depth(saved) < depth;
        if correlated {
            let d = &mut self.query_plan[row].2;
            *d = format!("CORRELATED {d}");
        }
        self.b.bind(done);
        if !correlated {
            let after = self.b.label();
            self.b.insns[once] = Insn::Once { target: after };
            self.b.bind(after);
        }
        self.b.emit(Insn::SCopy {
            src: reg,
            dest: target,
        });
        Ok(())
    }

    /// Comparison flags for `left OP right`.
    pub(crate) fn cmp_flags(&self, left: &Expr, right: &Expr, null_eq: bool) -> CmpFlags {
        CmpFlags {
            affinity: self.binary_compare_affinity(left, right),
            collation: self.binary_collation(left, right),
            null_eq,
            jump_if_null: false,
        }
    }

    /// The comparison of `x IN (.., item, ..)`: as `x = +item` (datatype3.html §4.2), the
    /// items have no affinity and their columns' collations do not count.
    pub(crate) fn in_list_flags(&self, lhs: &Expr, item: &Expr) -> CmpFlags {
        CmpFlags {
            affinity: comparison_affinity(self.expr_affinity(lhs), None),
            collation: self
                .explicit_collation(lhs)
                .or_else(|| self.explicit_collation(item))
                .or_else(|| self.expr_collation(lhs)),
            null_eq: false,
            jump_if_null: false,
        }
    }

    /// The collation of a comparison (datatype3.html §7.1).
    pub(crate) fn binary_collation(&self, left: &Expr, right: &Expr) -> Option<Collation> {
        self.explicit_collation(left)
            .or_else(|| self.explicit_collation(right))
            .or_else(|| self.expr_collation(left))
            .or_else(|| self.expr_collation(right))
    }

    /// A COLLATE operator at the top of `e` (through unary +/- and parentheses).
    pub(crate) fn explicit_collation(&self, e: &Expr) -> Option<Collation> {
        match &e.kind {
            ExprKind::Collate { collation, .. } => Some(Collation::from_name(&collation.name)),
            ExprKind::Unary {
                op: UnaryOp::Pos,
                expr,
            } => self.explicit_collation(expr),
            ExprKind::Binary { left, right, op }
                if !matches!(op, BinaryOp::And | BinaryOp::Or) && cmp_op(*op).is_none() =>
            {
                self.explicit_collation(left)
                    .or_else(|| self.explicit_collation(right))
            }
            _ => None,
        }
    }

    /// The collation a column reference carries: its declared COLLATE, else BINARY — a column
    /// without one still takes precedence over the other operand's (datatype3.html §7.1).
    /// A column under unary `+` or CAST still counts as the column.
    pub(crate) fn expr_collation(&self, e: &Expr) -> Option<Collation> {
        match &e.kind {
            ExprKind::Column { .. } => {
                let cr = self.resolve_column(e).ok()??;
                let src = &self.scopes[cr.depth].sources[cr.src];
                Some(match cr.col {
                    ColSel::Column(i) => src.columns[i]
                        .collation
                        .as_deref()
                        .map(Collation::from_name)
                        .unwrap_or_default(),
                    ColSel::Rowid => Collation::default(),
                })
            }
            ExprKind::Unary {
                op: UnaryOp::Pos,
                expr,
            }
            | ExprKind::Cast { expr, .. } => self.expr_collation(expr),
            _ => None,
        }
    }

    /// The affinity of `e` (datatype3.html §3.2): a column's, a CAST's, else none.
    pub(crate) fn expr_affinity(&self, e: &Expr) -> Option<Affinity> {
        match &e.kind {
            ExprKind::Column { .. } => {
                let cr = self.resolve_column(e).ok()??;
                let src = &self.scopes[cr.depth].sources[cr.src];
                match cr.col {
                    ColSel::Column(i) => src.columns[i].affinity,
                    ColSel::Rowid => Some(Affinity::Integer),
                }
            }
            ExprKind::Cast { type_name, .. } => Some(type_affinity(type_name)),
            ExprKind::Collate { expr, .. } => self.expr_affinity(expr),
            ExprKind::Subquery(s) => self.subquery_affinity(s),
            _ => None,
        }
    }

    /// `x [NOT] BETWEEN lo AND hi` as a condition (jump to `target` when it is `when`): `x`
    /// once, then `x>=lo AND x<=hi` (NOT: `x<lo OR x>hi`) short-circuited, so `hi` is not
    /// evaluated once the first test decides. sqlite3 codes it so in WHERE, ON, HAVING, CASE
    /// WHEN and FILTER (an overflowing `abs()` as `hi` is never reached); as a value all three
    /// are evaluated.
    #[allow(clippy::too_many_arguments)]
    fn between_jump(
        &mut self,
        x: &Expr,
        not: bool,
        low: &Expr,
        high: &Expr,
        target: Label,
        when: bool,
        jump_if_null: bool,
    ) -> Result<()> {
        let xr = self.expr_reg(x)?;
        let (first, second) = if not {
            (CmpOp::Lt, CmpOp::Gt)
        } else {
            (CmpOp::Ge, CmpOp::Le)
        };
        // The two tests are joined by AND (OR for NOT). The first decides alone when it jumps
        // to `target` (OR, looking for true) or past the second (AND looking for true / OR
        // looking for false); otherwise the second decides.
        if not == when {
            self.between_test(xr, x, low, first, target, when, jump_if_null)?;
            self.between_test(xr, x, high, second, target, when, jump_if_null)
        } else {
            let skip = self.b.label();
            self.between_test(xr, x, low, first, skip, !when, !jump_if_null)?;
            self.between_test(xr, x, high, second, target, when, jump_if_null)?;
            self.b.bind(skip);
            Ok(())
        }
    }

    /// One comparison of [`Self::between_jump`]: jumps to `target` when `x op bound` is `when`
    /// (or NULL and `jump_if_null`).
    #[allow(clippy::too_many_arguments)]
    fn between_test(
        &mut self,
        xr: Reg,
        x: &Expr,
        bound: &Expr,
        op: CmpOp,
        target: Label,
        when: bool,
        jump_if_null: bool,
    ) -> Result<()> {
        let r = self.expr_reg(bound)?;
        let mut flags = self.cmp_flags(x, bound, false);
        flags.jump_if_null = jump_if_null;
        let op = if when { op } else { negate(op) };
        self.b.emit(cmp_jump(op, xr, r, target, flags));
        Ok(())
    }

    /// Jumps to `target` when `e` is false, or NULL and `jump_if_null`.
    pub(crate) fn jump_if_false(
        &mut self,
        e: &Expr,
        target: Label,
        jump_if_null: bool,
    ) -> Result<()> {
        match &e.kind {
            ExprKind::Binary {
                left,
                op: BinaryOp::And,
                right,
            } => {
                self.jump_if_false(left, target, jump_if_null)?;
                self.jump_if_false(right, target, jump_if_null)
            }
            ExprKind::Binary {
                left,
                op: BinaryOp::Or,
                right,
            } => {
                let ok = self.b.label();
                self.jump_if_true(left, ok, !jump_if_null)?;
                self.jump_if_false(right, target, jump_if_null)?;
                self.b.bind(ok);
                Ok(())
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                expr,
            } => self.jump_if_true(expr, target, jump_if_null),
            ExprKind::Between {
                expr,
                not,
                low,
                high,
            } => self.between_jump(expr, *not, low, high, target, false, jump_if_null),
            ExprKind::Binary { left, op, right }
                if matches!(
                    op,
                    BinaryOp::Eq
                        | BinaryOp::Ne
                        | BinaryOp::Lt
                        | BinaryOp::Le
                        | BinaryOp::Gt
                        | BinaryOp::Ge
                ) && !matches!(left.kind, ExprKind::Row(_))
                    && !matches!(right.kind, ExprKind::Row(_)) =>
            {
                let cop = cmp_op(*op).unwrap_or(CmpOp::Eq);
                let l = self.expr_reg(left)?;
                let r = self.expr_reg(right)?;
                let mut flags = self.cmp_flags(left, right, false);
                if self.auto_index_probe(left, right, cop, l, r) {
                    flags.affinity = None;
                }
                flags.jump_if_null = jump_if_null;
                self.b.emit(cmp_jump(negate(cop), l, r, target, flags));
                Ok(())
            }
            _ => {
                let r = self.expr_reg(e)?;
                self.b.emit(Insn::IfNot {
                    reg: r,
                    target,
                    jump_if_null,
                });
                Ok(())
            }
        }
    }

    /// Jumps to `target` when `e` is true, or NULL and `jump_if_null`.
    pub(crate) fn jump_if_true(
        &mut self,
        e: &Expr,
        target: Label,
        jump_if_null: bool,
    ) -> Result<()> {
        match &e.kind {
            ExprKind::Binary {
                left,
                op: BinaryOp::Or,
                right,
            } => {
                self.jump_if_true(left, target, jump_if_null)?;
                self.jump_if_true(right, target, jump_if_null)
            }
            ExprKind::Binary {
                left,
                op: BinaryOp::And,
                right,
            } => {
                let no = self.b.label();
                self.jump_if_false(left, no, !jump_if_null)?;
                self.jump_if_true(right, target, jump_if_null)?;
                self.b.bind(no);
                Ok(())
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                expr,
            } => self.jump_if_false(expr, target, jump_if_null),
            ExprKind::Between {
                expr,
                not,
                low,
                high,
            } => self.between_jump(expr, *not, low, high, target, true, jump_if_null),
            ExprKind::Binary { left, op, right }
                if matches!(
                    op,
                    BinaryOp::Eq
                        | BinaryOp::Ne
                        | BinaryOp::Lt
                        | BinaryOp::Le
                        | BinaryOp::Gt
                        | BinaryOp::Ge
                ) && !matches!(left.kind, ExprKind::Row(_))
                    && !matches!(right.kind, ExprKind::Row(_)) =>
            {
                let cop = cmp_op(*op).unwrap_or(CmpOp::Eq);
                let l = self.expr_reg(left)?;
                let r = self.expr_reg(right)?;
                let mut flags = self.cmp_flags(left, right, false);
                if self.auto_index_probe(left, right, cop, l, r) {
                    flags.affinity = None;
                }
                flags.jump_if_null = jump_if_null;
                self.b.emit(cmp_jump(cop, l, r, target, flags));
                Ok(())
            }
            _ => {
                let r = self.expr_reg(e)?;
                self.b.emit(Insn::If {
                    reg: r,
                    target,
                    jump_if_null,
                });
                Ok(())
            }
        }
    }
}

/// `x IN table` is `x IN (SELECT * FROM table)`.
fn table_as_select(table: &ast::QualifiedName, span: ast::Span) -> ast::Select {
    ast::Select {
        with: None,
        first: ast::SelectCore::Select(Box::new(ast::SelectClause {
            distinct: false,
            columns: vec![ast::ResultColumn::Star { span }],
            from: Some(ast::FromClause {
                first: ast::TableOrSubquery::Table {
                    name: table.clone(),
                    alias: None,
                    indexed: None,
                    span,
                },
                joins: vec![],
                span,
            }),
            where_: None,
            group_by: vec![],
            having: None,
            windows: vec![],
            span,
        })),
        compounds: vec![],
        order_by: vec![],
        limit: None,
        span,
    }
}

/// SQLite's prepare-time checks of a scalar call: no FILTER clause, and likelihood()'s
/// second argument a REAL literal within [0.0, 1.0] (an integer literal, NULL or a signed
/// number is rejected, as in sqlite3).
fn check_scalar_call(
    f: &ast::FunctionCall,
    kind: FuncKind,
    name: &str,
    args: &[Expr],
) -> Result<()> {
    if kind != FuncKind::Scalar || f.over.is_some() {
        return Ok(());
    }
    let at = f.name.span.start;
    if f.filter.is_some() {
        return Err(Error::sql(format!(
            "FILTER may not be used with non-aggregate {}()",
            f.name.name
        ))
        .with_offset(at));
    }
    if name == "likelihood" && args.len() == 2 {
        let ok = matches!(
            &args[1].kind,
            ExprKind::Literal(ast::Literal::Real(p)) if (0.0..=1.0).contains(p)
        );
        if !ok {
            return Err(Error::sql(
                "second argument to likelihood() must be a constant between 0.0 and 1.0",
            )
            .with_offset(at));
        }
    }
    Ok(())
}
