//! Recursive CTEs that stream their rows to the outer query through a coroutine.
//!
//! SQLite runs `WITH RECURSIVE c AS (anchor UNION [ALL] step)` as a queue; each row taken
//! from the queue is handed to the consumer before it is fed to the recursive step
//! (lang_with.html). When the CTE is the only FROM term of a SELECT, the consumer's loop is
//! the outermost one and reads each row exactly once, so the CTE runs as a coroutine:
//!
//! ```text
//!     InitCoroutine co, after, body     -- r[co] = body
//! body:                                 -- the queue loop of `recursive_cte`
//!     ...   Yield co                    -- one row in registers: back to the consumer
//!     EndCoroutine co                   -- queue empty (or the CTE's own LIMIT reached)
//! after:
//!     ...
//! top:                                  -- the consumer's loop over the CTE
//!     Yield co, tail                    -- next row, or to tail once the coroutine ended
//!     ... body of the outer query ...
//!     Goto top
//! tail:
//! ```
//!
//! The consumer's LIMIT, a WHERE that stops matching rows before the LIMIT is reached, an
//! aggregate over a bounded CTE... all stop pulling rows, so an endless CTE stops too. Every
//! other reference (a join term, a second reference) materializes the CTE into an ephemeral
//! table as before (`recursive_cte` with no coroutine), as SQLite does (`MATERIALIZE c`).

use crate::error::{Error, Result};
use crate::planner::resolve::Source;
use crate::vdbe::insn::{CursorId, Insn, Reg};

use super::{Compiler, CteDef};

impl Compiler<'_> {
    /// The source of a recursive CTE read by a coroutine (see the module header): emits the
    /// coroutine and registers it for the loop that scans `Source::cursor`.
    pub(crate) fn streamed_cte_source(
        &mut self,
        def: &CteDef,
        alias: Option<String>,
    ) -> Result<Source> {
        let names: Vec<String> = def.cte.columns.iter().map(|c| c.name.clone()).collect();
        let co = self.b.alloc_reg();
        let after = self.b.label();
        let body = self.b.label();
        self.b.emit(Insn::InitCoroutine {
            reg: co,
            target: after,
            start: body,
        });
        self.b.bind(body);
        let (cursor, cols, row) = self.recursive_cte(def, Some(co))?;
        self.b.emit(Insn::EndCoroutine { reg: co });
        self.b.bind(after);
        if !names.is_empty() && names.len() != cols.len() {
            return Err(Error::sql(format!(
                "table {} has {} values for {} columns",
                def.cte.name.name,
                cols.len(),
                names.len()
            )));
        }
        let mut src = Self::ephemeral_source(
            alias.unwrap_or_else(|| def.cte.name.name.clone()),
            cursor,
            &cols,
            &names,
        );
        // An ephemeral source has no rowid, so the rowid register is never read.
        src.regs = Some((row, row));
        self.coroutines.push((cursor, co));
        Ok(src)
    }

    /// Before the loops over the innermost scope open: a streamed source that is not the
    /// outermost scan (in `streamable`) would be read more than once, so its coroutine is
    /// run to the end into its ephemeral table, which the loop then scans as usual.
    pub(crate) fn settle_coroutines(&mut self, streamable: &[usize]) {
        let Some(scope) = self.scopes.last() else {
            return;
        };
        let settle: Vec<(usize, CursorId, Reg, Reg, usize)> = scope
            .sources
            .iter()
            .enumerate()
            .filter(|(i, _)| !streamable.contains(i))
            .filter_map(|(i, s)| {
                let co = self.coroutine_of(s.cursor)?;
                let (_, row) = s.regs?;
                Some((i, s.cursor, co, row, s.columns.len()))
            })
            .collect();
        for (i, cursor, co, row, n) in settle {
            self.b.emit(Insn::OpenEphemeral {
                cursor,
                n_columns: n,
                key_info: None,
            });
            let done = self.b.label();
            let top = self.b.here();
            self.b.emit(Insn::Yield {
                reg: co,
                target: done,
            });
            self.output(&super::select::Dest::Table { cursor }, row, n);
            self.b.emit(Insn::Goto { target: top });
            self.b.bind(done);
            self.coroutines.retain(|(c, _)| *c != cursor);
            if let Some(s) = self.scopes.last_mut() {
                s.sources[i].regs = None;
            }
        }
    }

    /// The coroutine register feeding the source read through `cursor`, if it streams.
    pub(crate) fn coroutine_of(&self, cursor: CursorId) -> Option<Reg> {
        self.coroutines
            .iter()
            .find(|(c, _)| *c == cursor)
            .map(|(_, r)| *r)
    }

    /// Loop head over a streamed source: the next row, or `tail` once the coroutine ended.
    pub(crate) fn coroutine_loop_head(&mut self, co: Reg, tail: super::builder::Label) {
        self.b.emit(Insn::Yield {
            reg: co,
            target: tail,
        });
    }
}
