//! Window functions (windowfunctions.html), evaluated one partition at a time.
//!
//! The VM sorts each partition by its ORDER BY and hands this module the rows: the function
//! arguments per row, the ORDER BY key per row, a key comparator (collations, ASC/DESC:
//! `Equal` means peers) and the frame. [`evaluate_partition`] returns the function's value
//! for every row, in the same order. Frames follow SQLite:
//!
//! ```text
//! units    ROWS | RANGE | GROUPS           default: RANGE BETWEEN UNBOUNDED PRECEDING
//! bounds   UNBOUNDED PRECEDING | n PRECEDING                 AND CURRENT ROW
//!          | CURRENT ROW | n FOLLOWING | UNBOUNDED FOLLOWING
//! exclude  NO OTHERS | CURRENT ROW | GROUP | TIES
//! ```
//!
//! Built-in ranking functions (`row_number`, `rank`, `dense_rank`, `percent_rank`,
//! `cume_dist`, `ntile`) and `lag`/`lead` ignore the frame; `first_value`, `last_value`,
//! `nth_value` and every aggregate see the frame. Aggregates run incrementally when the
//! frame only grows or when they support `inverse`, otherwise per row.

use std::cmp::Ordering;

use super::context::Context;
use super::convert;
use super::registry::{AggregateFunction, WindowFunction, WindowKind};
use crate::error::{Error, Result};
use crate::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FrameUnits {
    Rows,
    #[default]
    Range,
    Groups,
}

/// A frame boundary; offsets are the evaluated `expr` of `expr PRECEDING/FOLLOWING`.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameBound {
    UnboundedPreceding,
    Preceding(Value),
    CurrentRow,
    Following(Value),
    UnboundedFollowing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FrameExclude {
    /// No EXCLUDE clause.
    #[default]
    NoOthers,
    /// An explicit `EXCLUDE NO OTHERS`: the same frame, but SQLite 3.40 then honours FILTER on
    /// min()/max() (see `aggregate`).
    NoOthersExplicit,
    CurrentRow,
    Group,
    Ties,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FrameSpec {
    pub units: FrameUnits,
    pub start: FrameBound,
    pub end: FrameBound,
    pub exclude: FrameExclude,
}

impl Default for FrameSpec {
    /// `RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`.
    fn default() -> FrameSpec {
        FrameSpec {
            units: FrameUnits::Range,
            start: FrameBound::UnboundedPreceding,
            end: FrameBound::CurrentRow,
            exclude: FrameExclude::NoOthers,
        }
    }
}

impl FrameSpec {
    /// Whether the frame has no exclusion (no EXCLUDE clause, or EXCLUDE NO OTHERS).
    pub fn excludes_nothing(&self) -> bool {
        matches!(
            self.exclude,
            FrameExclude::NoOthers | FrameExclude::NoOthersExplicit
        )
    }

    /// The checks SQLite makes when it compiles a window (codegen may call this):
    /// `unsupported frame specification` and the RANGE offset rule. `n_order_by` is the
    /// number of ORDER BY terms of the window.
    pub fn validate(&self, n_order_by: usize) -> Result<()> {
        use FrameBound::*;
        let bad = matches!(self.start, UnboundedFollowing)
            || matches!(self.end, UnboundedPreceding)
            || (matches!(self.start, CurrentRow) && matches!(self.end, Preceding(_)))
            || (matches!(self.start, Following(_))
                && matches!(self.end, Preceding(_) | CurrentRow));
        if bad {
            return Err(Error::sql("unsupported frame specification"));
        }
        let offsets = matches!(self.start, Preceding(_) | Following(_))
            || matches!(self.end, Preceding(_) | Following(_));
        if self.units == FrameUnits::Range && offsets && n_order_by != 1 {
            return Err(Error::sql(
                "RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression",
            ));
        }
        Ok(())
    }
}

/// Comparator of ORDER BY keys.
pub type KeyCmp<'a> = &'a dyn Fn(&[Value], &[Value]) -> Ordering;

/// One sorted partition and its window definition.
pub struct Partition<'a> {
    /// Function arguments, one vector per row, rows in ORDER BY order.
    pub args: &'a [Vec<Value>],
    /// ORDER BY key per row (empty vectors when the window has no ORDER BY).
    pub order_keys: &'a [Vec<Value>],
    pub order_cmp: KeyCmp<'a>,
    /// Whether the (single) ORDER BY term is DESC; used by RANGE offsets.
    pub first_desc: bool,
    /// Whether NULL keys sort at the high end (`NULLS LAST` on ASC, `NULLS FIRST` on DESC)
    /// instead of SQLite's default low end; used by RANGE offsets.
    pub nulls_high: bool,
    pub frame: &'a FrameSpec,
    /// FILTER (WHERE ...) result per row for aggregates; `None` = every row counts.
    pub filter: Option<&'a [bool]>,
}

/// Which function is being evaluated over the window.
#[derive(Clone, Copy)]
pub enum WindowCall<'a> {
    Builtin(&'a WindowFunction),
    Aggregate(&'a AggregateFunction),
}

/// Evaluates `call` for every row of the partition.
pub fn evaluate_partition(
    ctx: &mut Context<'_>,
    call: WindowCall<'_>,
    part: &Partition<'_>,
) -> Result<Vec<Value>> {
    let (values, error) = evaluate_partition_until_error(ctx, call, part);
    match error {
        Some(e) => Err(e),
        None => Ok(values),
    }
}

/// Evaluates `call` for the rows of the partition in order, stopping at the first error:
/// returns the values of the rows before the failing one, and the error. An aggregate's
/// value for a row needs only the rows up to its frame's end, so (as in sqlite3, which
/// computes the last window pass row by row as rows are output) an error stepping a later
/// row leaves the earlier rows' values good. Other failures give no values.
pub fn evaluate_partition_until_error(
    ctx: &mut Context<'_>,
    call: WindowCall<'_>,
    part: &Partition<'_>,
) -> (Vec<Value>, Option<Error>) {
    ctx.windowed = true;
    if part.args.is_empty() {
        return (Vec::new(), None);
    }
    let all = |r: Result<Vec<Value>>| match r {
        Ok(v) => (v, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    if let Err(e) = part
        .frame
        .validate(part.order_keys.first().map_or(0, Vec::len))
    {
        return (Vec::new(), Some(e));
    }
    let groups = peer_groups(part);
    match call {
        WindowCall::Builtin(f) => all(builtin(f.kind, part, &groups)),
        WindowCall::Aggregate(f) => match frames(part, &groups) {
            Ok(frames) => {
                let mut out = Vec::with_capacity(part.args.len());
                let error = aggregate(ctx, f, part, &groups, &frames, &mut out).err();
                (out, error)
            }
            Err(e) => (Vec::new(), Some(e)),
        },
    }
}

/// Peer group index of each row, and the row range of each group.
struct Groups {
    of_row: Vec<usize>,
    bounds: Vec<(usize, usize)>,
}

fn peer_groups(part: &Partition<'_>) -> Groups {
    let n = part.args.len();
    let mut of_row = Vec::with_capacity(n);
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        let new_group =
            i == 0 || (part.order_cmp)(key(part, i - 1), key(part, i)) != Ordering::Equal;
        if new_group {
            bounds.push((i, i + 1));
        } else if let Some(last) = bounds.last_mut() {
            last.1 = i + 1;
        }
        of_row.push(bounds.len() - 1);
    }
    Groups { of_row, bounds }
}

fn key<'p>(part: &'p Partition<'_>, i: usize) -> &'p [Value] {
    part.order_keys.get(i).map_or(&[], |k| k.as_slice())
}

/// Non-negative integer offset for ROWS/GROUPS.
fn int_offset(v: &Value, start: bool) -> Result<usize> {
    let which = if start { "starting" } else { "ending" };
    let err = || {
        Error::sql(format!(
            "frame {which} offset must be a non-negative integer"
        ))
    };
    match v {
        Value::Integer(i) if *i >= 0 => Ok(usize::try_from(*i).unwrap_or(usize::MAX)),
        Value::Real(r) if *r >= 0.0 && r.fract() == 0.0 => Ok(*r as usize),
        Value::Text(s) => match convert::text_to_numeric(s) {
            Some(v @ (Value::Integer(_) | Value::Real(_))) => int_offset(&v, start),
            _ => Err(err()),
        },
        _ => Err(err()),
    }
}

/// Non-negative numeric offset for RANGE.
fn num_offset(v: &Value, start: bool) -> Result<f64> {
    let which = if start { "starting" } else { "ending" };
    let n = match v {
        Value::Integer(_) | Value::Real(_) => Some(convert::real(v)),
        Value::Text(s) => convert::text_to_numeric(s).map(|v| convert::real(&v)),
        _ => None,
    };
    match n {
        Some(x) if x >= 0.0 => Ok(x),
        _ => Err(Error::sql(format!(
            "frame {which} offset must be a non-negative number"
        ))),
    }
}

/// The frame of every row as a half-open row range (before exclusions).
fn frames(part: &Partition<'_>, g: &Groups) -> Result<Vec<(usize, usize)>> {
    let n = part.args.len();
    let f = part.frame;
    // Validate offsets once.
    let start_off = bound_offset(part, &f.start, true)?;
    let end_off = bound_offset(part, &f.end, false)?;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let s = bound_index(part, g, i, &f.start, start_off, true);
        let e = bound_index(part, g, i, &f.end, end_off, false);
        out.push(if s < e { (s, e) } else { (s, s) });
    }
    Ok(out)
}

#[derive(Clone, Copy)]
enum Off {
    None,
    Int(usize),
    Num(f64),
}

fn bound_offset(part: &Partition<'_>, b: &FrameBound, start: bool) -> Result<Off> {
    match b {
        FrameBound::Preceding(v) | FrameBound::Following(v) => match part.frame.units {
            FrameUnits::Range => num_offset(v, start).map(Off::Num),
            _ => int_offset(v, start).map(Off::Int),
        },
        _ => Ok(Off::None),
    }
}

/// Row index where the frame starts (`start`) or ends (exclusive) for row `i`.
fn bound_index(
    part: &Partition<'_>,
    g: &Groups,
    i: usize,
    b: &FrameBound,
    off: Off,
    start: bool,
) -> usize {
    let n = part.args.len();
    let grp = g.of_row[i];
    match (b, part.frame.units) {
        (FrameBound::UnboundedPreceding, _) => 0,
        (FrameBound::UnboundedFollowing, _) => n,
        (FrameBound::CurrentRow, FrameUnits::Rows) => {
            if start {
                i
            } else {
                i + 1
            }
        }
        (FrameBound::CurrentRow, _) => {
            if start {
                g.bounds[grp].0
            } else {
                g.bounds[grp].1
            }
        }
        (FrameBound::Preceding(_) | FrameBound::Following(_), FrameUnits::Rows) => {
            let k = match off {
                Off::Int(k) => k,
                _ => 0,
            };
            let pos = if matches!(b, FrameBound::Preceding(_)) {
                i as i128 - k as i128
            } else {
                i as i128 + k as i128
            };
            let pos = if start { pos } else { pos + 1 };
            pos.clamp(0, n as i128) as usize
        }
        (FrameBound::Preceding(_) | FrameBound::Following(_), FrameUnits::Groups) => {
            let k = match off {
                Off::Int(k) => k as i128,
                _ => 0,
            };
            let target = if matches!(b, FrameBound::Preceding(_)) {
                grp as i128 - k
            } else {
                grp as i128 + k
            };
            let last = g.bounds.len() as i128 - 1;
            if target < 0 {
                0
            } else if target > last {
                n
            } else if start {
                g.bounds[target as usize].0
            } else {
                g.bounds[target as usize].1
            }
        }
        (FrameBound::Preceding(_) | FrameBound::Following(_), FrameUnits::Range) => {
            let k = match off {
                Off::Num(x) => x,
                _ => 0.0,
            };
            range_bound(part, g, i, matches!(b, FrameBound::Preceding(_)), k, start)
        }
    }
}

/// RANGE `k PRECEDING/FOLLOWING` for row `i`: compares the numeric ORDER BY key.
fn range_bound(
    part: &Partition<'_>,
    g: &Groups,
    i: usize,
    preceding: bool,
    k: f64,
    start: bool,
) -> usize {
    let n = part.args.len();
    let cur = key(part, i).first().cloned().unwrap_or(Value::Null);
    let (Value::Integer(_) | Value::Real(_)) = cur else {
        // NULL (or non-numeric) keys: the frame bound is the row's peer group.
        let (s, e) = g.bounds[g.of_row[i]];
        return if start { s } else { e };
    };
    let x = convert::real(&cur);
    // Other rows' keys: NULL sorts below every number, text and blobs above.
    let numeric = |v: &Value| -> Option<f64> {
        Some(match v {
            Value::Integer(_) | Value::Real(_) => convert::real(v),
            Value::Null if part.nulls_high => f64::INFINITY,
            Value::Null => f64::NEG_INFINITY,
            _ => f64::INFINITY,
        })
    };
    // In sort order, "preceding" values are smaller for ASC, larger for DESC.
    let toward_smaller = preceding != part.first_desc;
    let limit = if toward_smaller { x - k } else { x + k };
    // Rows are sorted; find the first (start) or one-past-last (end) row whose key is
    // inside the limit, scanning in sort order.
    let inside = |j: usize| -> Option<bool> {
        let y = numeric(key(part, j).first().unwrap_or(&Value::Null))?;
        Some(if part.first_desc {
            if start {
                y <= limit
            } else {
                y >= limit
            }
        } else if start {
            y >= limit
        } else {
            y <= limit
        })
    };
    // Keys are sorted, so `inside` is monotonic over the rows (false then true for a start,
    // true then false for an end): binary search, O(log n) per row.
    if start {
        partition_point(n, |j| inside(j) != Some(true))
    } else {
        partition_point(n, |j| inside(j) == Some(true))
    }
}

/// The first index in `0..n` where `pred` is false (`pred` true then false over the range).
fn partition_point(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Whether row `j` is excluded from row `i`'s frame.
fn excluded(part: &Partition<'_>, g: &Groups, i: usize, j: usize) -> bool {
    match part.frame.exclude {
        FrameExclude::NoOthers | FrameExclude::NoOthersExplicit => false,
        FrameExclude::CurrentRow => i == j,
        FrameExclude::Group => g.of_row[i] == g.of_row[j],
        FrameExclude::Ties => i != j && g.of_row[i] == g.of_row[j],
    }
}

fn counts(part: &Partition<'_>, j: usize) -> bool {
    part.filter
        .is_none_or(|f| f.get(j).copied().unwrap_or(true))
}

fn aggregate(
    ctx: &mut Context<'_>,
    f: &AggregateFunction,
    part: &Partition<'_>,
    g: &Groups,
    frames: &[(usize, usize)],
    out: &mut Vec<Value>,
) -> Result<()> {
    let growing = frames.iter().all(|&(s, _)| s == 0);
    // SQLite 3.40 quirk: built-in min()/max() over a frame whose start moves ignore FILTER,
    // unless the window has an EXCLUDE clause (even EXCLUDE NO OTHERS).
    let ignore_filter = f.builtin
        && (f.name == "min" || f.name == "max")
        && part.frame.start != FrameBound::UnboundedPreceding
        && part.frame.exclude == FrameExclude::NoOthers;
    let unfiltered;
    let part = if ignore_filter {
        unfiltered = Partition {
            filter: None,
            ..*part
        };
        &unfiltered
    } else {
        part
    };
    // An explicit EXCLUDE clause (even EXCLUDE NO OTHERS) makes SQLite recompute each
    // row's frame from scratch, which shows in rounding.
    // Accumulators keep their inputs for inverse() only over frames whose start may move:
    // decided by the frame's type, as sqlite3 does, not by whether this partition's frames
    // happen to all start at its first row (RANGE CURRENT ROW over one peer group).
    ctx.windowed = !growing || part.frame.start != FrameBound::UnboundedPreceding;
    if part.frame.exclude == FrameExclude::NoOthers && (growing || f.has_inverse) {
        // SQLite adds new rows before removing old ones for RANGE frames whose bounds are
        // both PRECEDING or both FOLLOWING, and removes first otherwise (found by comparing
        // rounding with sqlite3 3.40.1).
        // Frames ending UNBOUNDED FOLLOWING step the whole partition first.
        let (start, end) = (&part.frame.start, &part.frame.end);
        let both_following = matches!(
            (start, end),
            (FrameBound::Following(_), FrameBound::Following(_))
        );
        let step_first = part.frame.end == FrameBound::UnboundedFollowing
            || (part.frame.units == FrameUnits::Range
                && (both_following
                    || matches!(
                        (start, end),
                        (FrameBound::Preceding(_), FrameBound::Preceding(_))
                    )));
        // Sliding: frames' starts and ends never move backwards.
        let mut acc = f.start();
        let (mut lo, mut hi) = (0usize, 0usize);
        if both_following && !step_first {
            preroll(ctx, acc.as_mut(), part, frames, &mut lo, &mut hi)?;
        }
        for &(s, e) in frames {
            // The order of step() and inverse() follows SQLite: it decides floating-point
            // rounding (total()) and state such as sum()'s "saw a real" flag.
            if step_first {
                // Rows the frame jumped over are added, then removed with the others.
                step_rows(ctx, acc.as_mut(), part, &mut hi, e)?;
                remove_rows(ctx, acc.as_mut(), part, &mut lo, s.min(hi))?;
            } else {
                remove_rows(ctx, acc.as_mut(), part, &mut lo, s.min(hi))?;
                // Rows the frame jumped over are never added.
                hi = hi.max(s);
                lo = lo.max(s);
                step_rows(ctx, acc.as_mut(), part, &mut hi, e)?;
            }
            if lo < s {
                // Rows past the last one stepped, never in any frame.
                lo = s;
                hi = hi.max(s);
            }
            out.push(acc.value(ctx)?);
        }
        return Ok(());
    }
    ctx.windowed = false;
    for (i, &(s, e)) in frames.iter().enumerate() {
        let mut acc = f.start();
        for j in s..e {
            if !excluded(part, g, i, j) && counts(part, j) {
                acc.step(ctx, &part.args[j])?;
            }
        }
        out.push(acc.finalize(ctx)?);
    }
    Ok(())
}

/// ROWS/GROUPS frames `n FOLLOWING AND m FOLLOWING`: SQLite slides a frame as wide as the
/// first one from the partition's first row up to it (remove one row, then add one), so the
/// rows before the first frame are added and removed. It shows in sum()'s type (REAL once a
/// REAL row went through) and in total()'s rounding; sqlite3 3.40.1 and 3.54.1 agree.
fn preroll(
    ctx: &mut Context<'_>,
    acc: &mut dyn super::registry::Accumulator,
    part: &Partition<'_>,
    frames: &[(usize, usize)],
    lo: &mut usize,
    hi: &mut usize,
) -> Result<()> {
    let Some(&(s0, e0)) = frames.first() else {
        return Ok(());
    };
    let width = e0.saturating_sub(s0).max(1);
    while *hi < e0.saturating_sub(1) {
        remove_rows(ctx, acc, part, lo, (*hi + 1).saturating_sub(width))?;
        step_rows(ctx, acc, part, hi, *hi + 1)?;
    }
    Ok(())
}

/// Calls `step` for rows `*hi..upto` (those that count) and advances `*hi`.
fn step_rows(
    ctx: &mut Context<'_>,
    acc: &mut dyn super::registry::Accumulator,
    part: &Partition<'_>,
    hi: &mut usize,
    upto: usize,
) -> Result<()> {
    while *hi < upto {
        if counts(part, *hi) {
            acc.step(ctx, &part.args[*hi])?;
        }
        *hi += 1;
    }
    Ok(())
}

/// Calls `inverse` for rows `*lo..upto` (those that count) and advances `*lo`.
fn remove_rows(
    ctx: &mut Context<'_>,
    acc: &mut dyn super::registry::Accumulator,
    part: &Partition<'_>,
    lo: &mut usize,
    upto: usize,
) -> Result<()> {
    while *lo < upto {
        if counts(part, *lo) {
            acc.inverse(ctx, &part.args[*lo])?;
        }
        *lo += 1;
    }
    Ok(())
}

fn arg(part: &Partition<'_>, row: usize, k: usize) -> Value {
    part.args[row].get(k).cloned().unwrap_or(Value::Null)
}

fn builtin(kind: WindowKind, part: &Partition<'_>, g: &Groups) -> Result<Vec<Value>> {
    let n = part.args.len();
    let rows = 0..n;
    Ok(match kind {
        WindowKind::RowNumber => rows.map(|i| Value::Integer(i as i64 + 1)).collect(),
        WindowKind::Rank => rows
            .map(|i| Value::Integer(g.bounds[g.of_row[i]].0 as i64 + 1))
            .collect(),
        WindowKind::DenseRank => rows
            .map(|i| Value::Integer(g.of_row[i] as i64 + 1))
            .collect(),
        WindowKind::PercentRank => rows
            .map(|i| {
                let rank = g.bounds[g.of_row[i]].0 as f64;
                Value::Real(if n > 1 { rank / (n - 1) as f64 } else { 0.0 })
            })
            .collect(),
        WindowKind::CumeDist => rows
            .map(|i| Value::Real(g.bounds[g.of_row[i]].1 as f64 / n as f64))
            .collect(),
        WindowKind::Ntile => ntile(part)?,
        WindowKind::Lag | WindowKind::Lead => lag_lead(part, kind == WindowKind::Lag),
        WindowKind::FirstValue | WindowKind::LastValue | WindowKind::NthValue => {
            let frames = frames(part, g)?;
            let mut out = Vec::with_capacity(n);
            for (i, &(s, e)) in frames.iter().enumerate() {
                // Without EXCLUDE the frame is s..e itself: O(1) per row.
                let plain = part.frame.excludes_nothing();
                let mut members = (s..e).filter(|&j| plain || !excluded(part, g, i, j));
                let pick = match kind {
                    WindowKind::FirstValue => members.next(),
                    WindowKind::LastValue if plain => (s < e).then(|| e - 1),
                    WindowKind::LastValue => members.next_back(),
                    _ => {
                        let k = nth_arg(&arg(part, i, 1))?;
                        if plain {
                            s.checked_add(k - 1).filter(|&j| j < e)
                        } else {
                            members.nth(k - 1)
                        }
                    }
                };
                out.push(pick.map_or(Value::Null, |j| arg(part, j, 0)));
            }
            out
        }
    })
}

fn nth_arg(v: &Value) -> Result<usize> {
    let err = || Error::sql("second argument to nth_value must be a positive integer");
    let x = match v {
        Value::Integer(_) | Value::Real(_) => convert::real(v),
        Value::Text(s) => convert::text_to_numeric(s).map_or(0.0, |v| convert::real(&v)),
        _ => return Err(err()),
    };
    if x >= 1.0 && x.fract() == 0.0 {
        Ok(x as usize)
    } else {
        Err(err())
    }
}

fn ntile(part: &Partition<'_>) -> Result<Vec<Value>> {
    let n = part.args.len();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let v = arg(part, i, 0);
        let buckets = match &v {
            Value::Null => 0,
            other => convert::int(other),
        };
        if buckets <= 0 {
            return Err(Error::sql("argument of ntile must be a positive integer"));
        }
        let b = buckets as usize;
        let size = n / b;
        let extra = n % b;
        // The first `extra` buckets hold size+1 rows.
        let big = extra * (size + 1);
        let tile = if i < big {
            i / (size + 1)
        } else {
            extra + (i - big) / size.max(1)
        };
        out.push(Value::Integer(tile as i64 + 1));
    }
    Ok(out)
}

fn lag_lead(part: &Partition<'_>, lag: bool) -> Vec<Value> {
    let n = part.args.len() as i128;
    (0..part.args.len())
        .map(|i| {
            let off = part.args[i].get(1).cloned().unwrap_or(Value::Integer(1));
            let default = arg(part, i, 2);
            // sqlite3 3.40: a non-integral real offset (or text that reads as one) gives NULL,
            // a NULL offset the default; anything else converts like CAST(x AS INTEGER)
            // ('2x' is 2, 'x' and blobs are 0).
            let k = match &off {
                Value::Null => None,
                Value::Integer(k) => Some(i128::from(*k)),
                Value::Real(r) if r.fract() != 0.0 => return Value::Null,
                Value::Text(s) => match convert::text_to_numeric(s) {
                    Some(Value::Real(r)) if r.fract() != 0.0 => return Value::Null,
                    _ => Some(i128::from(convert::int(&off))),
                },
                other => Some(i128::from(convert::int(other))),
            };
            let Some(k) = k else { return default };
            let j = if lag { i as i128 - k } else { i as i128 + k };
            if (0..n).contains(&j) {
                arg(part, j as usize, 0)
            } else {
                default
            }
        })
        .collect()
}
