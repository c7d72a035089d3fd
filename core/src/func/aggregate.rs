//! Aggregate functions (lang_aggfunc.html): avg, count, count(*), group_concat, string_agg,
//! max, min, sum, total. Each also supports `inverse` so it can run as a window function over a moving frame.
//!
//! Summation follows SQLite: integers add exactly in an i64 while every input is an integer
//! (or integer-looking text); the first REAL or non-numeric text switches the result to REAL.
//! `sum` reports `integer overflow` when an all-integer sum leaves the i64 range; `total` and
//! `avg` never overflow (they use the floating-point sum).

use std::cmp::Ordering;

use super::builtins::aggregate;
use super::compare::compare;
use super::context::Context;
use super::convert;
use super::registry::{Accumulator, FunctionRegistry};
use crate::error::{Error, Result};
use crate::value::Value;

/// Running sum shared by sum/total/avg.
#[derive(Default)]
struct Sum {
    /// Exact integer sum (i128 so that inverse steps can bring it back into range).
    int_sum: i128,
    real_sum: f64,
    /// Some input was a REAL or non-integer text.
    approx: bool,
    /// Non-NULL inputs.
    count: i64,
    /// The i64 sum overflowed at some step (sticky, as in SQLite).
    overflow: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum SumKind {
    Sum,
    Total,
    Avg,
}

/// The numeric reading of an aggregate input: INTEGER for integers and integer text.
fn numeric_input(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Integer(_) | Value::Real(_) => Some(v.clone()),
        Value::Text(s) => {
            Some(convert::text_to_numeric(s).unwrap_or(Value::Real(convert::real(v))))
        }
        Value::Blob(_) => Some(Value::Real(convert::real(v))),
    }
}

impl Sum {
    fn add(&mut self, v: &Value, sign: i64) {
        let Some(n) = numeric_input(v) else { return };
        self.count += sign;
        match n {
            Value::Integer(i) => {
                // As in SQLite: integers are summed exactly only until a REAL arrives, and an
                // overflow before then is an error even if a REAL comes later.
                if !self.approx {
                    self.int_sum += i128::from(i) * i128::from(sign);
                    if i64::try_from(self.int_sum).is_err() {
                        self.overflow = true;
                    }
                }
                self.real_sum += (i as f64) * sign as f64;
            }
            other => {
                self.approx = true;
                self.real_sum += convert::real(&other) * sign as f64;
            }
        }
    }
}

struct SumAcc {
    kind: SumKind,
    s: Sum,
}

impl Accumulator for SumAcc {
    fn step(&mut self, _: &mut Context<'_>, args: &[Value]) -> Result<()> {
        self.s.add(&args[0], 1);
        Ok(())
    }
    fn inverse(&mut self, _: &mut Context<'_>, args: &[Value]) -> Result<()> {
        self.s.add(&args[0], -1);
        Ok(())
    }
    fn value(&mut self, _: &mut Context<'_>) -> Result<Value> {
        let s = &self.s;
        Ok(match self.kind {
            SumKind::Total => Value::Real(s.real_sum),
            SumKind::Avg if s.count == 0 => Value::Null,
            SumKind::Avg => Value::Real(s.real_sum / s.count as f64),
            SumKind::Sum if s.count == 0 => Value::Null,
            SumKind::Sum if s.overflow => return Err(Error::sql("integer overflow")),
            SumKind::Sum if s.approx => Value::Real(s.real_sum),
            SumKind::Sum => match i64::try_from(s.int_sum) {
                Ok(i) if !s.overflow => Value::Integer(i),
                _ => return Err(Error::sql("integer overflow")),
            },
        })
    }
}

/// count(x) (`star` false) or count(*).
struct Count {
    star: bool,
    n: i64,
}

impl Accumulator for Count {
    fn step(&mut self, _: &mut Context<'_>, args: &[Value]) -> Result<()> {
        if self.star || !args[0].is_null() {
            self.n += 1;
        }
        Ok(())
    }
    fn inverse(&mut self, _: &mut Context<'_>, args: &[Value]) -> Result<()> {
        if self.star || !args[0].is_null() {
            self.n -= 1;
        }
        Ok(())
    }
    fn value(&mut self, _: &mut Context<'_>) -> Result<Value> {
        Ok(Value::Integer(self.n))
    }
}

/// min(x)/max(x): NULLs ignored; keeps the multiset of inputs so `inverse` works. The
/// result carries the subtype its input had (`json_array(max(json(x)))` embeds JSON).
struct Extremum {
    want: Ordering,
    /// Inputs (with their subtypes) in arrival order, kept only for a window (its frame
    /// removes from the front).
    values: std::collections::VecDeque<(Value, u8, bool)>,
    best: Option<(Value, u8, bool)>,
}

impl Extremum {
    /// Whether `v` replaces the current extremum. Over a window frame whose start moves
    /// (`ctx.windowed`), the last of equal extremes wins (`0` vs `0.0`: sqlite3 3.40.1);
    /// otherwise the first.
    fn better(&self, v: &Value, ctx: &Context<'_>) -> bool {
        match &self.best {
            None => true,
            Some((b, _, _)) => {
                let o = compare(v, b, ctx);
                o == self.want || (ctx.windowed && o == Ordering::Equal)
            }
        }
    }
}

impl Accumulator for Extremum {
    fn step(&mut self, ctx: &mut Context<'_>, args: &[Value]) -> Result<()> {
        let v = &args[0];
        if v.is_null() {
            // Before the first non-NULL input every row loads the bare columns.
            ctx.skip_bare_columns = Some(self.best.is_some());
            return Ok(());
        }
        let better = self.better(v, ctx);
        ctx.skip_bare_columns = Some(!better);
        let subtype = ctx.arg_subtype(0);
        let int_real = ctx.arg_int_real(0);
        if better {
            self.best = Some((v.clone(), subtype, int_real));
        }
        if ctx.windowed {
            self.values.push_back((v.clone(), subtype, int_real));
        }
        Ok(())
    }
    fn inverse(&mut self, ctx: &mut Context<'_>, args: &[Value]) -> Result<()> {
        if args[0].is_null() {
            return Ok(());
        }
        if let Some(pos) = self.values.iter().position(|(v, _, _)| v == &args[0]) {
            self.values.remove(pos);
        }
        self.best = None;
        let values = std::mem::take(&mut self.values);
        for (v, s, f) in &values {
            if self.better(v, ctx) {
                self.best = Some((v.clone(), *s, *f));
            }
        }
        self.values = values;
        Ok(())
    }
    fn value(&mut self, ctx: &mut Context<'_>) -> Result<Value> {
        match &self.best {
            Some((v, subtype, int_real)) => {
                ctx.result_subtype = *subtype;
                ctx.result_int_real = *int_real;
                Ok(v.clone())
            }
            None => Ok(Value::Null),
        }
    }
}

/// group_concat(x [, sep]).
#[derive(Default)]
struct GroupConcat {
    /// (separator that precedes this piece, piece), in arrival order.
    pieces: std::collections::VecDeque<(String, String)>,
}

impl Accumulator for GroupConcat {
    fn step(&mut self, ctx: &mut Context<'_>, args: &[Value]) -> Result<()> {
        let Some(t) = convert::text(&args[0]) else {
            return Ok(());
        };
        let sep = match args.get(1) {
            None => ",".to_owned(),
            Some(s) => convert::text(s).map(|s| s.into_owned()).unwrap_or_default(),
        };
        let total: usize = self.pieces.iter().map(|(s, p)| s.len() + p.len()).sum();
        super::scalar::check_len(ctx, total + sep.len() + t.len())?;
        self.pieces.push_back((sep, t.into_owned()));
        Ok(())
    }
    fn inverse(&mut self, _: &mut Context<'_>, args: &[Value]) -> Result<()> {
        if !args[0].is_null() {
            self.pieces.pop_front();
        }
        Ok(())
    }
    fn value(&mut self, _: &mut Context<'_>) -> Result<Value> {
        if self.pieces.is_empty() {
            return Ok(Value::Null);
        }
        let mut out = String::new();
        for (i, (sep, p)) in self.pieces.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(p);
        }
        Ok(Value::Text(out))
    }
}

pub(crate) fn register(r: &mut FunctionRegistry) {
    for (name, kind) in [
        ("sum", SumKind::Sum),
        ("total", SumKind::Total),
        ("avg", SumKind::Avg),
    ] {
        aggregate(r, name, 1, true, move || {
            Box::new(SumAcc {
                kind,
                s: Sum::default(),
            })
        });
    }
    aggregate(r, "count", 0, true, || Box::new(Count { star: true, n: 0 }));
    aggregate(r, "count", 1, true, || {
        Box::new(Count { star: false, n: 0 })
    });
    for (name, want) in [("max", Ordering::Greater), ("min", Ordering::Less)] {
        aggregate(r, name, 1, true, move || {
            Box::new(Extremum {
                want,
                values: Default::default(),
                best: None,
            })
        });
    }
    aggregate(r, "group_concat", 1, true, || Box::<GroupConcat>::default());
    aggregate(r, "group_concat", 2, true, || Box::<GroupConcat>::default());
    // SQLite 3.44+ (3.40.1 has none; follows 3.54.1): group_concat with exactly two arguments.
    aggregate(r, "string_agg", 2, true, || Box::<GroupConcat>::default());
}
