//! Table-valued functions in FROM: `json_each(x)`, `json_tree(x, '$.a')`,
//! `pragma_table_info('t')` (lang_select.html, vtab.html "table-valued functions").
//!
//! Design: a function source is an ephemeral table that is refilled each time its loop is
//! entered.
//!
//! ```text
//!   OpenEphemeral c                      (at FROM time: the source exists, empty)
//!   ... outer loops ...
//!   <args> → r[a..a+n]                   (at the top of the function's own loop, so the
//!   TableFunction c, name, r[a], n         arguments may read earlier sources' columns)
//!   Rewind c → done                      (the ordinary scan of an ephemeral source)
//! ```
//!
//! `TableFunction` computes every row (see `vdbe/tvf.rs`) and replaces the cursor's table,
//! so a correlated call (`FROM t, json_each(t.doc)`) sees fresh rows per outer row and a
//! LEFT JOIN gets its NULL row from the normal outer-join code. The hidden columns (the
//! arguments, e.g. `json`/`root`) are real columns of the table, readable by name but left
//! out of `*`. A missing argument may come from an equality on its hidden column instead
//! (`FROM json_each WHERE json = t.doc`), as with sqlite3's virtual-table constraints, when
//! its value reads only sources looped outside the function's loop; the term still filters
//! the rows afterwards (it holds for every row the call yields). The planner
//! ([`crate::planner::tvf`]) orders the loops so that the arguments are usable: `FROM
//! json_each j, t WHERE j.json = t.doc` loops over `t` outside `j`.

use super::Compiler;
use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr, ExprKind};
use crate::planner::resolve::{ColRef, ColSel, Source, SrcColumn};
use crate::planner::tvf::TvfShape;
use crate::vdbe::insn::{CursorId, Insn, Reg};

/// A function source waiting for its loop: what to evaluate and call there.
#[derive(Debug, Clone)]
pub(crate) struct TvfFill {
    pub cursor: CursorId,
    /// Lower-case function name.
    pub name: String,
    pub args: Vec<Expr>,
}

impl Compiler<'_> {
    /// Opens the FROM item `name(args) [AS alias]` as an (empty) ephemeral source and
    /// records the call for [`Self::tvf_fill`]. Errors: "no such table: name" for an
    /// unknown function, "too many arguments on name() - max N".
    pub(crate) fn tvf_source(
        &mut self,
        name: &ast::QualifiedName,
        args: &[Expr],
        alias: Option<String>,
    ) -> Result<Source> {
        let written = &name.name.name;
        let lower = written.to_ascii_lowercase();
        let Some(def) = crate::vdbe::tvf::lookup(&lower) else {
            return Err(Error::sql(format!("no such table: {written}")));
        };
        if args.len() > def.max_args() {
            return Err(Error::sql(format!(
                "too many arguments on {written}() - max {}",
                def.max_args()
            )));
        }
        let cursor = self.b.alloc_cursor();
        self.b.emit(Insn::OpenEphemeral {
            cursor,
            n_columns: def.columns.len(),
            key_info: None,
        });
        self.tvf_fills.push(TvfFill {
            cursor,
            name: lower,
            args: args.to_vec(),
        });
        let first_hidden = def.columns.len() - def.n_hidden;
        let columns = def
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| SrcColumn {
                name: (*c).to_owned(),
                affinity: None,
                collation: None,
                decltype: None,
                origin: None,
                using_dup: false,
                hidden: i >= first_hidden,
            })
            .collect();
        Ok(Source {
            name: alias.unwrap_or_else(|| written.clone()),
            table: None,
            columns,
            cursor,
            outer: false,
            regs: None,
            cover: None,
            indexed: None,
            // Eponymous virtual tables live in main (`main.j.key FROM json_each(..) AS j`).
            db: Some(0),
        })
    }

    /// EXPLAIN QUERY PLAN's note after `SCAN name` when source `src` of the innermost scope
    /// is a function: `VIRTUAL TABLE INDEX n:` with sqlite3's index numbers (json_each:
    /// 0, 1 or 3 for no argument, json, json and root; pragmas: 0).
    pub(crate) fn tvf_plan_note(
        &self,
        src: usize,
        placed: u64,
        terms: &[(Expr, Option<usize>)],
    ) -> Option<String> {
        let (fill, args) = self.tvf_call(src, placed, terms)?;
        let index = match (fill.name.starts_with("json_"), args.len()) {
            (false, _) | (true, 0) => 0,
            (true, 1) => 1,
            (true, _) => 3,
        };
        Some(format!(" VIRTUAL TABLE INDEX {index}:"))
    }

    /// After column `col` of source `cursor` was read into `target`: json_each/json_tree's
    /// `value` (column 1) keeps the JSON subtype of an array or object, as in sqlite3
    /// (`json_group_array(value)` embeds them as JSON).
    pub(crate) fn tvf_value_subtype(&mut self, cursor: CursorId, col: ColSel, target: Reg) {
        let is_json = self
            .tvf_fills
            .iter()
            .any(|f| f.cursor == cursor && f.name.starts_with("json_"));
        if !is_json || col != ColSel::Column(1) {
            return;
        }
        let type_reg = self.b.alloc_reg();
        self.b.emit(Insn::Column {
            cursor,
            column: 2,
            dest: type_reg,
            default: None,
        });
        self.b.emit(Insn::JsonValueSubtype {
            reg: target,
            type_reg,
        });
    }

    /// At the top of the loop over source `src` of the innermost scope, inside the loops over
    /// the sources in `placed`: when it is a function, evaluates its arguments and emits the
    /// `TableFunction` that refills it. No-op for other sources.
    pub(crate) fn tvf_fill(
        &mut self,
        src: usize,
        placed: u64,
        terms: &[(Expr, Option<usize>)],
    ) -> Result<()> {
        let Some((fill, args)) = self.tvf_call(src, placed, terms) else {
            return Ok(());
        };
        let base = self.b.alloc_regs(args.len().max(1));
        for (i, a) in args.iter().enumerate() {
            self.expr(a, base + i)?;
        }
        self.b.emit(Insn::TableFunction {
            cursor: fill.cursor,
            name: fill.name,
            args: base,
            n_args: args.len(),
        });
        Ok(())
    }

    /// The call behind source `src` and its arguments: those written (up to the first one
    /// reading a source outside `placed`; the rest are then dropped), then, for each further
    /// hidden column in order, the right side of a `hidden = expr` term whose `expr` reads
    /// only sources in `placed` (`FROM json_each WHERE json = '[1]'`).
    fn tvf_call(
        &self,
        src: usize,
        placed: u64,
        terms: &[(Expr, Option<usize>)],
    ) -> Option<(TvfFill, Vec<Expr>)> {
        let cursor = self.scopes.last()?.sources.get(src)?.cursor;
        let fill = self.tvf_fills.iter().find(|f| f.cursor == cursor)?.clone();
        let def = crate::vdbe::tvf::lookup(&fill.name)?;
        let first_hidden = def.columns.len() - def.n_hidden;
        // Written arguments are usable up to the first one that reads a source looped
        // inside this one (sqlite3 then calls the function without it and the rest).
        let depth = self.scopes.len().checked_sub(1)?;
        let usable = fill
            .args
            .iter()
            .take_while(|a| self.scope_mask(a, depth).is_none_or(|m| m & !placed == 0))
            .count();
        let mut args = fill.args[..usable].to_vec();
        if usable < fill.args.len() {
            return Some((fill, args));
        }
        while args.len() < def.n_hidden {
            match self.hidden_constraint(src, first_hidden + args.len(), placed, terms) {
                Some(e) => args.push(e),
                None => break,
            }
        }
        Some((fill, args))
    }

    /// The `expr` of a term `col = expr` (either way round) on column `col` of source `src`,
    /// where `expr` reads no source of this scope outside `placed`.
    fn hidden_constraint(
        &self,
        src: usize,
        col: usize,
        placed: u64,
        terms: &[(Expr, Option<usize>)],
    ) -> Option<Expr> {
        let depth = self.scopes.len().checked_sub(1)?;
        let me = ColRef {
            depth,
            src,
            col: ColSel::Column(col),
        };
        for (t, on) in terms {
            if on.is_some_and(|o| o != src) {
                continue;
            }
            let ExprKind::Binary {
                left,
                op: ast::BinaryOp::Eq,
                right,
            } = &t.kind
            else {
                continue;
            };
            for (a, b) in [(left, right), (right, left)] {
                if self.resolve_column(a).ok().flatten() == Some(me)
                    && self.scope_mask(b, depth).is_some_and(|m| m & !placed == 0)
                {
                    return Some((**b).clone());
                }
            }
        }
        None
    }

    /// The sources of scope `depth` that `e` reads (bit i = source i), or None when it
    /// reads a column it cannot resolve.
    fn scope_mask(&self, e: &Expr, depth: usize) -> Option<u64> {
        let mut mask = Some(0u64);
        super::select::walk_pub(e, &mut |x| {
            if let ExprKind::Column { .. } = &x.kind {
                mask = match (mask, self.resolve_column(x)) {
                    (Some(m), Ok(Some(r))) if r.depth == depth => Some(m | 1u64 << r.src.min(63)),
                    (Some(m), Ok(_)) => Some(m),
                    _ => None,
                };
            }
            mask.is_some()
        });
        mask
    }

    /// The planner's view of the function source on `cursor` (None for other sources): its
    /// hidden columns, the sources its written arguments read, what it needs to yield rows.
    pub(crate) fn tvf_shape(&self, cursor: CursorId) -> Option<TvfShape> {
        let fill = self.tvf_fills.iter().find(|f| f.cursor == cursor)?;
        let def = crate::vdbe::tvf::lookup(&fill.name)?;
        let first_hidden = def.columns.len() - def.n_hidden;
        let json = fill.name.starts_with("json_");
        let needs_arg = json || def.columns.get(first_hidden) == Some(&"arg");
        let depth = self.scopes.len().checked_sub(1)?;
        // An argument that cannot be resolved here (it reads a subquery's own tables, say)
        // is taken as reading no source of this scope.
        let written = fill
            .args
            .iter()
            .map(|a| self.scope_mask(a, depth).unwrap_or(0))
            .collect();
        Some(TvfShape {
            first_hidden,
            n_hidden: def.n_hidden,
            required: usize::from(needs_arg),
            written,
            json,
        })
    }
}
