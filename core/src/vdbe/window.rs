//! `WindowEval`: reads sorted rows one partition at a time (memory: one partition), evaluates
//! the window functions over it with [`crate::func::window::evaluate_partition`], and appends
//! each row with its values to a new ephemeral table (rowids 1, 2, ... in input order).
//!
//! An error evaluating a row (an integer overflow in sum(), say) is deferred: the rows before
//! it are written, no later partition is read, and the new cursor raises the error when a
//! `Next` (or `Rewind`) moves past the last good row ([`VCursor::deferred`]). sqlite3 computes
//! the last pass row by row as rows are output, so a LIMIT, or a statement that stops early,
//! never sees an error of a row it does not reach (seed all 55700).
//!
//! Frame offsets (`n PRECEDING/FOLLOWING`) are evaluated by the program before the
//! instruction runs; their registers ([`WindowCall::offsets`]) replace the placeholders of
//! the frame here.

use std::cmp::Ordering;

use crate::connection::ConnState;
use crate::error::{Error, Result};
use crate::func::window::{
    evaluate_partition_until_error, FrameBound, FrameUnits, Partition, WindowCall as FnCall,
};
use crate::func::Context;
use crate::value::compare::{compare_keys, KeyInfo};
use crate::value::record::{decode_record, encode_record};
use crate::value::Value;

use super::cursor::{Source, TreeCursor, VCursor};
use super::exec::Vm;
use super::insn::{CursorId, WindowCall};
use super::memtree::MemTree;

/// The operands of one `WindowEval`.
pub(crate) struct WindowSpec<'a> {
    pub n_partition: usize,
    pub n_order: usize,
    pub partition_info: &'a KeyInfo,
    pub order_info: &'a KeyInfo,
    pub funcs: &'a [WindowCall],
}

impl Vm {
    /// Runs `WindowEval`: cursor `src` (a sorter, or a table read in order) to a new
    /// ephemeral table on cursor `dest`.
    pub(crate) fn window_eval(
        &mut self,
        conn: &ConnState,
        src: CursorId,
        dest: CursorId,
        spec: &WindowSpec<'_>,
    ) -> Result<()> {
        let funcs: Vec<WindowCall> = spec
            .funcs
            .iter()
            .map(|f| {
                let mut f = f.clone();
                if let Some(r) = f.offsets.0 {
                    set_offset(&mut f.frame.start, self.reg(r).clone());
                }
                if let Some(r) = f.offsets.1 {
                    set_offset(&mut f.frame.end, self.reg(r).clone());
                }
                f
            })
            .collect();
        let spec = WindowSpec {
            funcs: &funcs,
            ..*spec
        };
        let mem = MemTree::new();
        let mut out = mem.cursor();
        let mut rowid = 0i64;
        let mut part: Vec<Vec<Value>> = Vec::new();
        let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
        // The first evaluation error, after which rows are skipped.
        let mut deferred: Option<Error> = None;
        let mut flush = |part: &mut Vec<Vec<Value>>| -> Result<()> {
            if deferred.is_some() {
                part.clear();
                return Ok(());
            }
            let (rows, error) = evaluate(conn, &spec, std::mem::take(part));
            for row in rows {
                rowid += 1;
                out.insert(rowid, &encode_record(&row))?;
            }
            deferred = error;
            Ok(())
        };
        let np = spec.n_partition;
        let mut add = |row: Vec<Value>, part: &mut Vec<Vec<Value>>| -> Result<()> {
            let same = part.first().is_none_or(|first| {
                np == 0
                    || compare_keys(
                        &first[..np.min(first.len())],
                        &row[..np.min(row.len())],
                        spec.partition_info,
                        Some(&resolver),
                    ) == Ordering::Equal
            });
            if !same {
                flush(part)?;
            }
            part.push(row);
            Ok(())
        };
        let cur = self.cursor(src)?;
        cur.invalidate();
        match &mut cur.source {
            Source::Sorter(s) => {
                let mut more = s.sort(Some(&resolver));
                while more {
                    if let Some(r) = s.current() {
                        add(decode_record(r)?, &mut part)?;
                    }
                    more = s.next();
                }
            }
            Source::Tree(t) => {
                let mut more = t.first()?;
                while more {
                    add(decode_record(&t.payload()?)?, &mut part)?;
                    more = t.next()?;
                }
            }
            Source::Pseudo(_) => {}
        }
        flush(&mut part)?;
        let mut vc = VCursor::new(Source::Tree(Box::new(mem.cursor())), false, None);
        vc.mem = Some(mem);
        vc.deferred = deferred;
        if dest >= self.cursors.len() {
            self.cursors.resize_with(dest + 1, || None);
        }
        self.cursors[dest] = Some(vc);
        Ok(())
    }
}

fn set_offset(b: &mut FrameBound, v: Value) {
    if let FrameBound::Preceding(x) | FrameBound::Following(x) = b {
        *x = v;
    }
}

/// Returns each row of one partition extended by one value per window function, up to the
/// first row some function failed on, and that failure.
pub(crate) fn evaluate(
    conn: &ConnState,
    spec: &WindowSpec<'_>,
    part: Vec<Vec<Value>>,
) -> (Vec<Vec<Value>>, Option<Error>) {
    let mut results: Vec<Vec<Value>> = Vec::with_capacity(spec.funcs.len());
    let mut good = part.len();
    let mut first_error: Option<Error> = None;
    for f in spec.funcs {
        let (values, error) = eval_one(conn, spec, f, &part);
        if let Some(e) = error {
            if values.len() < good || first_error.is_none() {
                good = good.min(values.len());
                first_error = Some(e);
            }
        }
        results.push(values);
    }
    let mut out = Vec::with_capacity(good);
    for (i, mut row) in part.into_iter().take(good).enumerate() {
        row.extend(
            results
                .iter()
                .map(|v| v.get(i).cloned().unwrap_or(Value::Null)),
        );
        out.push(row);
    }
    (out, first_error)
}

fn eval_one(
    conn: &ConnState,
    spec: &WindowSpec<'_>,
    f: &WindowCall,
    part: &[Vec<Value>],
) -> (Vec<Value>, Option<Error>) {
    let field = |r: &Vec<Value>, i: usize| r.get(i).cloned().unwrap_or(Value::Null);
    let args: Vec<Vec<Value>> = part
        .iter()
        .map(|r| f.args.iter().map(|&i| field(r, i)).collect())
        .collect();
    // A RANGE frame with offsets has one ORDER BY term (checked when compiled); two key
    // fields then mean an `IS NULL` flag (NULLS FIRST/LAST) before the term: the frame reads
    // the term alone, with NULLs at the high end.
    let offsets = |b: &FrameBound| matches!(b, FrameBound::Preceding(_) | FrameBound::Following(_));
    let flagged = f.frame.units == FrameUnits::Range
        && (offsets(&f.frame.start) || offsets(&f.frame.end))
        && spec.n_order == 2;
    let first_key = spec.n_partition + usize::from(flagged);
    let keys: Vec<Vec<Value>> = part
        .iter()
        .map(|r| {
            (first_key..spec.n_partition + spec.n_order)
                .map(|i| field(r, i))
                .collect()
        })
        .collect();
    let term_info;
    let order_info = if flagged {
        term_info = KeyInfo {
            collations: spec
                .order_info
                .collations
                .get(1)
                .cloned()
                .into_iter()
                .collect(),
            desc: vec![spec.order_info.is_desc(1)],
            n_key_fields: 1,
        };
        &term_info
    } else {
        spec.order_info
    };
    let filter: Option<Vec<bool>> = f.filter.map(|fi| {
        part.iter()
            .map(|r| crate::value::convert::truth(&field(r, fi)).unwrap_or(false))
            .collect()
    });
    let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
    let order_cmp = |a: &[Value], b: &[Value]| compare_keys(a, b, order_info, Some(&resolver));
    let p = Partition {
        args: &args,
        order_keys: &keys,
        order_cmp: &order_cmp,
        first_desc: order_info.is_desc(0),
        nulls_high: flagged,
        frame: &f.frame,
        filter: filter.as_deref(),
    };
    let env = super::exec_func::env_of(conn);
    let mut ctx = Context::new(&env);
    let n = f.func.n_args;
    if let Some(w) = conn.funcs.find_window(&f.func.name, n) {
        evaluate_partition_until_error(&mut ctx, FnCall::Builtin(&w), &p)
    } else if let Some(a) = conn.funcs.find_aggregate(&f.func.name, n) {
        evaluate_partition_until_error(&mut ctx, FnCall::Aggregate(&a), &p)
    } else {
        let e = Error::sql(format!("no such function: {}", f.func.name));
        (Vec::new(), Some(e))
    }
}
