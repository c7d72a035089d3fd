//! Collation rules that neither a comparison instruction nor a key carries:
//!
//! - DDL names collations no instruction uses yet: `CREATE TABLE t(a COLLATE x)`,
//!   `PRIMARY KEY(a COLLATE x)`, `ALTER TABLE .. ADD COLUMN b COLLATE x`, and a
//!   `CREATE TABLE .. AS SELECT e COLLATE x`. sqlite3 rejects an unknown one at prepare time
//!   ("no such collation sequence: x"); [`ddl_collations`] lists them for that check
//!   (comparisons, sorts and index keys are checked on the compiled program).
//! - A compound SELECT's column compares with the collation of the left-most member that
//!   has one (`SELECT 'a' UNION SELECT 'A' COLLATE nocase` is one row): see
//!   [`Compiler::merge_compound_collations`].

use std::sync::Arc;

use super::select::ColInfo;
use super::Compiler;
use crate::parser::ast::{self, Expr, ExprKind, Stmt};
use crate::value::compare::{Collation, KeyInfo};
use crate::vdbe::insn::Insn;

/// The collation names a CREATE TABLE / ALTER TABLE ADD COLUMN statement declares, in order.
pub(crate) fn ddl_collations(stmt: &Stmt) -> Vec<String> {
    let mut out = Vec::new();
    match stmt {
        Stmt::CreateTable(ct) => match &ct.body {
            ast::CreateTableBody::Columns {
                columns,
                constraints,
                ..
            } => {
                columns.iter().for_each(|c| column_collations(c, &mut out));
                for tc in constraints {
                    if let ast::TableConstraintKind::PrimaryKey { columns, .. }
                    | ast::TableConstraintKind::Unique { columns, .. } = &tc.kind
                    {
                        out.extend(columns.iter().filter_map(|c| outer_collation(&c.expr)));
                    }
                }
            }
            ast::CreateTableBody::AsSelect(sel) => {
                if let ast::SelectCore::Select(core) = &sel.first {
                    for rc in &core.columns {
                        if let ast::ResultColumn::Expr { expr, .. } = rc {
                            out.extend(outer_collation(expr));
                        }
                    }
                }
            }
        },
        Stmt::AlterTable(at) => {
            if let ast::AlterAction::AddColumn(c) = &at.action {
                column_collations(c, &mut out);
            }
        }
        _ => {}
    }
    out
}

fn column_collations(c: &ast::ColumnDef, out: &mut Vec<String>) {
    for k in &c.constraints {
        if let ast::ColumnConstraintKind::Collate(name) = &k.kind {
            out.push(name.name.clone());
        }
    }
}

/// The name in `e COLLATE name` when `e` is written that way (outermost).
fn outer_collation(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Collate { collation, .. } => Some(collation.name.clone()),
        _ => None,
    }
}

/// Per column, the collation of the left-most of `members` that has one.
pub(crate) fn compound_collations(members: &[Vec<ColInfo>]) -> Vec<Option<String>> {
    let n = members.first().map_or(0, |m| m.len());
    (0..n)
        .map(|i| {
            members
                .iter()
                .find_map(|m| m.get(i).and_then(|c| c.collation.clone()))
        })
        .collect()
}

impl Compiler<'_> {
    /// After a compound SELECT's members are compiled: gives `first` (the result columns)
    /// the merged collations and rewrites every ephemeral index opened since `from` with key
    /// `old` to use them. Returns the updated columns.
    pub(crate) fn merge_compound_collations(
        &mut self,
        mut first: Vec<ColInfo>,
        members: &[Vec<ColInfo>],
        from: usize,
        old: &Arc<KeyInfo>,
    ) -> Vec<ColInfo> {
        let merged = compound_collations(members);
        if merged.iter().zip(&first).all(|(m, c)| *m == c.collation) {
            return first;
        }
        let ki = Arc::new(KeyInfo {
            collations: merged
                .iter()
                .map(|c| c.as_deref().map(Collation::from_name).unwrap_or_default())
                .collect(),
            desc: old.desc.clone(),
            n_key_fields: old.n_key_fields,
        });
        for insn in &mut self.b.insns[from..] {
            if let Insn::OpenEphemeral {
                key_info: Some(k), ..
            } = insn
            {
                if Arc::ptr_eq(k, old) {
                    *k = ki.clone();
                }
            }
        }
        for (c, m) in first.iter_mut().zip(merged) {
            c.collation = m;
        }
        first
    }
}
