//! `WindowEval`: splits sorted rows into partitions and evaluates window functions over each
//! with [`crate::func::window::evaluate_partition`].

use std::cmp::Ordering;

use crate::connection::ConnState;
use crate::error::{Error, Result};
use crate::func::window::{evaluate_partition, Partition, WindowCall as FnCall};
use crate::func::Context;
use crate::value::compare::{compare_keys, KeyInfo};
use crate::value::Value;

use super::insn::WindowCall;

/// The operands of one `WindowEval`.
pub(crate) struct WindowSpec<'a> {
    pub n_partition: usize,
    pub n_order: usize,
    pub partition_info: &'a KeyInfo,
    pub order_info: &'a KeyInfo,
    pub funcs: &'a [WindowCall],
}

/// Returns each row extended by one value per window function.
pub(crate) fn evaluate(
    conn: &ConnState,
    spec: &WindowSpec<'_>,
    rows: Vec<Vec<Value>>,
) -> Result<Vec<Vec<Value>>> {
    let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
    let part_key =
        |r: &[Value]| -> Vec<Value> { r.iter().take(spec.n_partition).cloned().collect() };
    let mut out: Vec<Vec<Value>> = Vec::with_capacity(rows.len());
    let mut start = 0;
    while start < rows.len() {
        let key = part_key(&rows[start]);
        let mut end = start + 1;
        while end < rows.len()
            && compare_keys(
                &part_key(&rows[end]),
                &key,
                spec.partition_info,
                Some(&resolver),
            ) == Ordering::Equal
        {
            end += 1;
        }
        let part = &rows[start..end];
        let mut results: Vec<Vec<Value>> = Vec::with_capacity(spec.funcs.len());
        for f in spec.funcs {
            results.push(eval_one(conn, spec, f, part)?);
        }
        for (i, r) in part.iter().enumerate() {
            let mut row = r.clone();
            row.extend(
                results
                    .iter()
                    .map(|v| v.get(i).cloned().unwrap_or(Value::Null)),
            );
            out.push(row);
        }
        start = end;
    }
    Ok(out)
}

fn eval_one(
    conn: &ConnState,
    spec: &WindowSpec<'_>,
    f: &WindowCall,
    part: &[Vec<Value>],
) -> Result<Vec<Value>> {
    let field = |r: &Vec<Value>, i: usize| r.get(i).cloned().unwrap_or(Value::Null);
    let args: Vec<Vec<Value>> = part
        .iter()
        .map(|r| f.args.iter().map(|&i| field(r, i)).collect())
        .collect();
    let keys: Vec<Vec<Value>> = part
        .iter()
        .map(|r| {
            (spec.n_partition..spec.n_partition + spec.n_order)
                .map(|i| field(r, i))
                .collect()
        })
        .collect();
    let filter: Option<Vec<bool>> = f.filter.map(|fi| {
        part.iter()
            .map(|r| crate::value::convert::truth(&field(r, fi)).unwrap_or(false))
            .collect()
    });
    let resolver = |name: &str, a: &str, b: &str| conn.collate(name, a, b);
    let order_cmp = |a: &[Value], b: &[Value]| compare_keys(a, b, spec.order_info, Some(&resolver));
    let p = Partition {
        args: &args,
        order_keys: &keys,
        order_cmp: &order_cmp,
        first_desc: spec.order_info.is_desc(0),
        frame: &f.frame,
        filter: filter.as_deref(),
    };
    let env = super::exec_func::env_of(conn);
    let mut ctx = Context::new(&env);
    let n = f.func.n_args;
    if let Some(w) = conn.funcs.find_window(&f.func.name, n) {
        evaluate_partition(&mut ctx, FnCall::Builtin(&w), &p)
    } else if let Some(a) = conn.funcs.find_aggregate(&f.func.name, n) {
        evaluate_partition(&mut ctx, FnCall::Aggregate(&a), &p)
    } else {
        Err(Error::sql(format!("no such function: {}", f.func.name)))
    }
}
