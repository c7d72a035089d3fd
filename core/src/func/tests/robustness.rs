//! No built-in panics, whatever its arguments: every scalar, aggregate and window function is
//! called with combinations of awkward values.

use super::*;
use crate::func::{evaluate_partition, FrameSpec, FunctionKind, Partition, WindowCall};

fn awkward() -> Vec<Value> {
    vec![
        N,
        i(0),
        i(-1),
        i(i64::MIN),
        i(i64::MAX),
        r(f64::NAN),
        r(f64::INFINITY),
        r(-0.0),
        r(1e308),
        r(5e-324),
        t(""),
        t("%"),
        t("$"),
        t("$.a[#-99999999999999999999]"),
        t("[\"\\ud800\"]"),
        t("9999-99-99 99:99:99"),
        t("\u{0}\u{ffff}é😀"),
        t("%*.*d%!-#,5.3q%"),
        t("{\"a\":[1,{\"b\":null}]}"),
        t("-4713-11-24 12:00:00"),
        b(&[]),
        b(&[0xff, 0xfe, 0]),
    ]
}

#[test]
fn no_builtin_panics() {
    let reg = registry();
    let vals = awkward();
    let env = NullEnv;
    let mut calls = 0;
    for info in reg.list() {
        let arities: Vec<usize> = if info.n_args >= 0 {
            vec![info.n_args as usize]
        } else {
            vec![0, 1, 2, 3]
        };
        for n in arities {
            // Each argument position cycles through the values; a few offsets give variety.
            for shift in 0..vals.len() {
                let args: Vec<Value> = (0..n)
                    .map(|k| vals[(shift + k * 7) % vals.len()].clone())
                    .collect();
                let name = info.name.clone();
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match info
                    .kind
                {
                    FunctionKind::Scalar => {
                        if let Some(f) = reg.find_scalar(&name, n) {
                            let _ = f.call(&mut Context::new(&env), &args);
                        }
                    }
                    _ => {
                        if let Some(f) = reg.find_aggregate(&name, n) {
                            let mut acc = f.start();
                            let mut ctx = Context::new(&env);
                            let _ = acc.step(&mut ctx, &args);
                            let _ = acc.step(&mut ctx, &args);
                            if f.has_inverse {
                                let _ = acc.inverse(&mut ctx, &args);
                            }
                            let _ = acc.value(&mut ctx);
                            let _ = acc.finalize(&mut ctx);
                        }
                        if let Some(w) = reg.find_window(&name, n) {
                            let rows = vec![args.clone(), args.clone(), vals.clone()[..n].to_vec()];
                            let keys = vec![vec![args.first().cloned().unwrap_or(N)]; 3];
                            let cmp = |a: &[Value], b: &[Value]| {
                                crate::func::compare::compare(&a[0], &b[0], &Context::new(&NullEnv))
                            };
                            let frame = FrameSpec::default();
                            let part = Partition {
                                args: &rows,
                                order_keys: &keys,
                                order_cmp: &cmp,
                                first_desc: false,
                                nulls_high: false,
                                frame: &frame,
                                filter: None,
                            };
                            let _ = evaluate_partition(
                                &mut Context::new(&env),
                                WindowCall::Builtin(&w),
                                &part,
                            );
                        }
                    }
                }));
                assert!(outcome.is_ok(), "{name}{args:?} panicked");
                calls += 1;
            }
        }
    }
    assert!(calls > 1000);
}

#[test]
fn frames_with_awkward_offsets_do_not_panic() {
    use crate::func::{FrameBound as B, FrameExclude as X, FrameUnits as U};
    let reg = registry();
    let sum = reg.find_aggregate("sum", 1).unwrap();
    let nth = reg.find_window("nth_value", 2).unwrap();
    let vals = awkward();
    let rows: Vec<Vec<Value>> = vals.iter().map(|v| vec![v.clone(), v.clone()]).collect();
    let keys: Vec<Vec<Value>> = vals.iter().map(|v| vec![v.clone()]).collect();
    let cmp = |a: &[Value], b: &[Value]| {
        crate::func::compare::compare(&a[0], &b[0], &Context::new(&NullEnv))
    };
    for off in &vals {
        for units in [U::Rows, U::Range, U::Groups] {
            for (start, end) in [
                (B::Preceding(off.clone()), B::Following(off.clone())),
                (B::UnboundedPreceding, B::Preceding(off.clone())),
                (B::Following(off.clone()), B::UnboundedFollowing),
                (B::CurrentRow, B::Following(off.clone())),
            ] {
                for exclude in [X::NoOthers, X::Group] {
                    let frame = FrameSpec {
                        units,
                        start: start.clone(),
                        end: end.clone(),
                        exclude,
                    };
                    let part = Partition {
                        args: &rows,
                        order_keys: &keys,
                        order_cmp: &cmp,
                        first_desc: units == U::Range,
                        nulls_high: false,
                        frame: &frame,
                        filter: None,
                    };
                    let env = NullEnv;
                    let _ = evaluate_partition(
                        &mut Context::new(&env),
                        WindowCall::Aggregate(&sum),
                        &part,
                    );
                    let _ = evaluate_partition(
                        &mut Context::new(&env),
                        WindowCall::Builtin(&nth),
                        &part,
                    );
                }
            }
        }
    }
}

/// Every deterministic scalar with random arguments from a pool of awkward values, against
/// sqlite3: a broad net for argument-conversion corner cases.
#[test]
fn every_scalar_with_random_arguments_matches_sqlite() {
    let mut seed: u64 = 0x0f1e_2d3c_4b5a_6970;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let pool = [
        N,
        i(0),
        i(1),
        i(-1),
        i(2),
        i(42),
        i(-9223372036854775807),
        i(i64::MAX),
        r(0.5),
        r(-1.5),
        r(2.75),
        r(1e10),
        r(-3e-5),
        t(""),
        t("abc"),
        t("12"),
        t(" -3.5e1 "),
        t("%a_"),
        t("é"),
        t("[1,{\"a\":2}]"),
        t("$.a"),
        t("2024-02-29 12:00"),
        t("+1 day"),
        b(b""),
        b(b"\x00A"),
    ];
    let skip = [
        "random",
        "randomblob",
        "load_extension",
        "sqlite_compileoption_get",
        "sqlite_compileoption_used",
        "->",
        "->>",
        "current_date",
        "current_time",
        "current_timestamp",
        "changes",
        "total_changes",
        "last_insert_rowid",
        "sqlite_log",
    ];
    let mut cases = Vec::new();
    for info in registry().list() {
        // Functions newer than 3.40.1 have no answer to compare with (tests/newer.rs).
        if info.kind != crate::func::FunctionKind::Scalar
            || skip.contains(&info.name.as_str())
            || super::registry::is_newer(&info.name, info.n_args)
        {
            continue;
        }
        // Functions sqlite3 3.40.1 lacks cannot be compared with it.
        if super::registry::is_newer(&info.name, info.n_args) {
            continue;
        }
        // max(x)/min(x) with one argument are aggregates in SQL.
        let variadic_min = if info.name == "max" || info.name == "min" {
            2
        } else {
            1
        };
        for _ in 0..400 {
            let n = if info.n_args >= 0 {
                info.n_args as usize
            } else {
                variadic_min + next(3) as usize
            };
            let args: Vec<Value> = (0..n)
                .map(|_| pool[next(pool.len() as u64) as usize].clone())
                .collect();
            cases.push(scalar_case(&info.name, &args));
        }
    }
    check(cases);
}
