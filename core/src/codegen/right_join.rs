//! The second pass of a RIGHT or FULL JOIN (lang_select.html "Special handling of ... RIGHT
//! and FULL OUTER JOIN").
//!
//! `L RIGHT JOIN R ON e ...` loops in FROM order. The first pass records in an ephemeral
//! index the rowid of each R row that matched (after the ON terms of R and of the inner joins
//! before it). The second pass emits each R row that matched nothing, with every source of L
//! on its NULL row:
//!
//! - R last in the FROM: one scan of R, skipping matched rowids (`select.rs`,
//!   `right_pass_open`; `RightPass::Last`).
//! - R followed by more joins (`RightPass::General`, here): the loops are opened again over
//!   the whole FROM, with each L source swapped for an empty ephemeral table read as an outer
//!   source (so it yields exactly its NULL row), without the ON terms of L and R, and with R
//!   skipping its matched rowids; the sources after R join as in the first pass. The scope
//!   is restored when the pass closes.
//!
//! A WHERE term filters joined rows, after R recorded its matches: it may drive a lookup
//! only into R or a source after it, never into one before it (an index seek on
//! `L.b IS NULL` would hide the L rows R matches, and R's rows would come out again in the
//! second pass): [`where_access_after_right`].

use super::select::{FromPlan, Level};
use super::Compiler;
use crate::error::Result;
use crate::parser::ast::Expr;
use crate::planner::resolve::{ColRef, ColSel, Source};
use crate::vdbe::insn::{CursorId, Insn, Reg};

type CoalesceMap = std::collections::HashMap<(CursorId, usize), Vec<(CursorId, usize)>>;

/// An open second pass, for `right_pass_close`.
pub(crate) enum RightPass {
    /// The scan of the last source: (next, done, top) labels / address.
    Last(super::builder::Label, super::builder::Label, usize),
    /// Loops over the whole FROM, and the sources and USING map to restore.
    General(Vec<Level>, Vec<Source>, CoalesceMap),
}

impl Compiler<'_> {
    /// r[dest] = the rowid of source `r` of the innermost scope (an ephemeral source: its
    /// record number), as the first pass records it and the second one looks it up.
    pub(crate) fn right_rowid(&mut self, r: usize, dest: Reg) {
        let depth = self.scopes.len() - 1;
        let s = &self.scopes[depth].sources[r];
        if s.table.is_none() && s.regs.is_none() {
            let cursor = s.cursor;
            self.b.emit(Insn::Rowid { cursor, dest });
        } else {
            self.read_column(
                ColRef {
                    depth,
                    src: r,
                    col: ColSel::Rowid,
                },
                dest,
            );
        }
    }

    /// Opens the general second pass (see the module header) of `plan`'s RIGHT/FULL JOIN.
    pub(crate) fn right_pass_general(
        &mut self,
        plan: &FromPlan,
        k: usize,
        where_: Option<&Expr>,
    ) -> Result<RightPass> {
        let Some(&(r, m)) = plan.rights.get(k) else {
            return Ok(RightPass::General(
                Vec::new(),
                Vec::new(),
                Default::default(),
            ));
        };
        let depth = self.scopes.len() - 1;
        let saved = self.scopes[depth].sources.clone();
        let saved_coalesce = self.using_coalesce.clone();
        let name = saved[r]
            .table
            .as_ref()
            .map_or(saved[r].name.clone(), |t| t.name.clone());
        self.plan(0, format!("RIGHT-JOIN {name}"));
        for (i, left) in saved.iter().enumerate().take(r) {
            let empty = self.b.alloc_cursor();
            let n = left.columns.len() + 1;
            self.b.emit(Insn::OpenEphemeral {
                cursor: empty,
                n_columns: n,
                key_info: None,
            });
            let s = &mut self.scopes[depth].sources[i];
            let old = std::mem::replace(&mut s.cursor, empty);
            // USING columns coalesced through this source now read it by the new cursor.
            let moved: Vec<_> = self
                .using_coalesce
                .keys()
                .filter(|k| k.0 == old)
                .copied()
                .collect();
            for k in moved {
                if let Some(v) = self.using_coalesce.remove(&k) {
                    self.using_coalesce.insert((empty, k.1), v);
                }
            }
            s.outer = true;
            s.cover = None;
            s.regs = None;
            s.indexed = Some(None);
        }
        self.scopes[depth].sources[r].outer = false;
        // The loops are planned afresh: no covering index of the first pass carries over.
        for s in &mut self.scopes[depth].sources {
            s.cover = None;
        }
        let second = FromPlan {
            terms: plan
                .terms
                .iter()
                .filter(|(_, o)| !o.is_some_and(|i| i <= r))
                .cloned()
                .collect(),
            reorder: false,
            after: vec![0; plan.after.len()],
            // The later RIGHT/FULL JOINs record what this pass's rows match.
            right: plan
                .rights
                .last()
                .copied()
                .filter(|_| k + 1 < plan.rights.len()),
            skip_matched: Some((r, m)),
            rights: plan.rights[k + 1..].to_vec(),
        };
        let levels = self.open_loops(&second, where_, None)?;
        Ok(RightPass::General(levels, saved, saved_coalesce))
    }

    /// Closes a pass opened by [`Self::right_pass_general`] and restores the scope.
    pub(crate) fn right_pass_general_close(&mut self, p: RightPass) {
        if let RightPass::General(levels, saved, coalesce) = p {
            self.close_loops(levels);
            self.using_coalesce = coalesce;
            if let Some(scope) = self.scopes.last_mut() {
                scope.sources = saved;
            }
        }
    }
}

/// Keeps a WHERE term (`info`) of a FROM clause whose last RIGHT/FULL-joined source is `r`
/// from driving a lookup into any source before `r` (see the module header), or into `r` by a
/// value read from a source before it: `L.a IS R.b` would then hide the R rows its ON matches
/// for L rows the WHERE rejects, and those R rows would come out again in the second pass,
/// where `NULL IS R.b` may hold (sqlite3 scans R in the first pass too). It is then evaluated
/// as a filter where all it reads is available.
pub(crate) fn where_access_after_right(info: &mut crate::planner::plan::TermInfo, r: usize) {
    let before = (1u64 << r.min(63)) - 1;
    let usable = |src: usize, other_mask: u64| src > r || (src == r && other_mask & before == 0);
    info.eqs.retain(|e| usable(e.src, e.other_mask));
    info.ranges.retain(|x| usable(x.src, x.other_mask));
    if info.in_col.is_some_and(|(s, _, m)| !usable(s, m)) {
        info.in_col = None;
    }
    if info.mask & before != 0 {
        info.or_leaves.clear();
    }
}
