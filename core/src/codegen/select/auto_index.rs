//! The automatic index of a join loop (optoverview.html, "Automatic indexes"): built once per
//! run from the whole table, then searched once per outer row.
//!
//! ```text
//!       Once -> built
//!       OpenEphemeral ic (key column, covered columns..., rowid)
//!       for each row of the table: MakeRecord, IdxInsert ic
//! built: <other side of the join term> -> key;  SeekGE ic, key -> tail
//! top:  IdxGT ic, key -> tail
//!       (covering: the loop reads its columns from ic; else DeferredSeek the table)
//! ```
//!
//! When the query's columns of the table are known (and it has no generated column), the
//! index holds every one of them and the table is not read again: sqlite3's `AUTOMATIC
//! COVERING INDEX`. Otherwise it holds the key, the columns that order equal keys as in
//! sqlite3 (see [`order_columns`]) and the rowid, and the table is read (`AUTOMATIC INDEX`).

use std::sync::Arc;

use crate::error::Result;
use crate::parser::ast::Expr;
use crate::planner::resolve::{ColSel, Source};
use crate::schema::{Index, IndexColumn, IndexOrigin, IndexedExpr};
use crate::value::compare::{Collation, KeyInfo};
use crate::vdbe::insn::Insn;

use super::super::Compiler;
use super::{other_side, Level};

/// The columns besides the key an automatic index on `column` holds to cover `used`; None
/// when it cannot cover (unknown columns, or a table with generated columns). The planner's
/// wording follows the same rule (`SourceInfo::auto_covers`).
pub(crate) fn covered_columns(
    src: &Source,
    column: usize,
    used: Option<&[ColSel]>,
) -> Option<Vec<usize>> {
    let t = src.table.as_ref()?;
    if t.columns.iter().any(|c| c.generated.is_some()) {
        return None;
    }
    let mut out = Vec::new();
    for c in used? {
        match *c {
            ColSel::Rowid => {}
            ColSel::Column(i) if i == column || t.rowid_alias == Some(i) => {}
            ColSel::Column(i) => {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
    }
    // sqlite3 holds them in the table's column order, which orders equal keys.
    out.sort_unstable();
    Some(out)
}

/// The columns after the key of an automatic index that cannot cover (a table with
/// generated columns): sqlite3's index covers anyway, and its columns order the entries of
/// equal keys (ddl seed 3664: the group of `GROUP BY t0.c1` meets 3.0 before 3). They are
/// the query's columns in table order, or every column when the query reads a generated one.
/// Our index holds them for that order only; the rows are still read from the table.
fn order_columns(src: &Source, column: usize, used: Option<&[ColSel]>) -> Vec<usize> {
    let (Some(t), Some(used)) = (src.table.as_ref(), used) else {
        return Vec::new();
    };
    let reads_generated = used
        .iter()
        .any(|c| matches!(*c, ColSel::Column(i) if t.columns.get(i).is_some_and(|col| col.generated.is_some())));
    (0..t.columns.len())
        .filter(|&i| i != column && t.rowid_alias != Some(i))
        .filter(|&i| reads_generated || used.contains(&ColSel::Column(i)))
        .collect()
}

impl Compiler<'_> {
    /// Opens the loop of level `lv` over source `src` (number `src_no` of the scope) through
    /// an automatic index on `column`, searched with the other side of term `term`
    /// (`auto` = (column, term, other_is_right)); `used` = the query's columns of it.
    pub(super) fn open_auto_index(
        &mut self,
        src: &Source,
        lv: &mut Level,
        src_no: usize,
        terms: &[(Expr, Option<usize>)],
        auto: (usize, usize, bool),
        used: Option<&[ColSel]>,
    ) -> Result<()> {
        let (column, term, other_is_right) = auto;
        let cover = covered_columns(src, column, used);
        let extra = match &cover {
            Some(c) => c.clone(),
            None => order_columns(src, column, used),
        };
        let held: Vec<usize> = std::iter::once(column).chain(extra).collect();
        let n = held.len() + 1;
        let ic = self.b.alloc_cursor();
        let coll_of = |c: usize| {
            src.columns[c]
                .collation
                .as_deref()
                .map(Collation::from_name)
                .unwrap_or_default()
        };
        let mut collations: Vec<Collation> = held.iter().map(|&c| coll_of(c)).collect();
        collations.push(Collation::Binary);
        let ki = Arc::new(KeyInfo {
            collations,
            desc: vec![false; n],
            n_key_fields: n,
        });
        let built = self.b.label();
        self.b.emit(Insn::Once { target: built });
        self.b.emit(Insn::OpenEphemeral {
            cursor: ic,
            n_columns: n,
            key_info: Some(ki),
        });
        let filled = self.b.label();
        self.b.emit(Insn::Rewind {
            cursor: src.cursor,
            target: filled,
        });
        let fill_top = self.b.here();
        let regs = self.b.alloc_regs(n);
        for (k, &c) in held.iter().enumerate() {
            self.table_column(src, src_no, c, regs + k);
        }
        self.b.emit(Insn::Rowid {
            cursor: src.cursor,
            dest: regs + held.len(),
        });
        let rec = self.b.alloc_reg();
        self.b.emit(Insn::MakeRecord {
            start: regs,
            count: n,
            dest: rec,
            affinities: None,
        });
        self.b.emit(Insn::IdxInsert {
            cursor: ic,
            key: rec,
            append: false,
        });
        self.b.emit(Insn::Next {
            cursor: src.cursor,
            target: fill_top,
        });
        self.b.bind(filled);
        self.b.bind(built);
        let other = other_side(&terms[term].0, other_is_right);
        let key = self.b.alloc_reg();
        self.expr(other, key)?;
        let ca = crate::codegen::in_compound::compare_affinity(
            src.columns[column].affinity,
            self.expr_affinity(other),
        );
        if let Some(a) = ca {
            self.b.emit(Insn::Affinity {
                start: key,
                affinities: vec![a],
            });
        }
        self.b.emit(Insn::SeekGE {
            cursor: ic,
            target: lv.tail,
            key,
            n_key: 1,
        });
        self.b.bind(lv.top);
        self.b.emit(Insn::IdxGT {
            cursor: ic,
            target: lv.tail,
            key,
            n_key: 1,
        });
        if cover.is_some() {
            let index = Index {
                name: String::new(),
                table: src.name.clone(),
                root_page: 0,
                columns: held
                    .iter()
                    .map(|&c| IndexColumn {
                        expr: IndexedExpr::Column(c),
                        collation: coll_of(c),
                        desc: false,
                    })
                    .collect(),
                unique: false,
                on_conflict: None,
                origin: IndexOrigin::Create,
                partial: None,
                sql: None,
                db: 0,
                seq: 0,
            };
            self.set_cover(src_no, ic, &index);
        } else {
            self.b.emit(Insn::DeferredSeek {
                index_cursor: ic,
                table_cursor: src.cursor,
            });
        }
        lv.index_cursor = Some(ic);
        Ok(())
    }

    /// Reads column `c` of table source `src` (number `src_no` of the innermost scope, at its
    /// cursor's current row) into `dest`; a VIRTUAL column's expression is computed.
    fn table_column(
        &mut self,
        src: &Source,
        src_no: usize,
        c: usize,
        dest: crate::vdbe::insn::Reg,
    ) {
        if src
            .table
            .as_ref()
            .is_some_and(|t| t.columns.get(c).is_some_and(|col| col.is_virtual()))
        {
            let cr = crate::planner::resolve::ColRef {
                depth: self.scopes.len() - 1,
                src: src_no,
                col: ColSel::Column(c),
            };
            self.read_virtual(cr, dest);
            return;
        }
        let tname = src
            .table
            .as_ref()
            .map(|t| (t.rowid_alias, t.storage_pos(c)));
        let (alias, pos) = tname.unwrap_or((None, c));
        if alias == Some(c) {
            self.b.emit(Insn::Rowid {
                cursor: src.cursor,
                dest,
            });
        } else {
            self.b.emit(Insn::Column {
                cursor: src.cursor,
                column: pos,
                dest,
                default: src
                    .table
                    .as_ref()
                    .and_then(|t| t.columns[c].default.as_ref())
                    .and_then(super::super::expr::const_value),
            });
        }
    }
}
