//! Window functions vs sqlite3: each case runs one window query over a small table and
//! compares the per-row results (in id order).

use std::cmp::Ordering;

use super::*;
use crate::func::compare::compare;
use crate::func::window::{FrameBound as B, FrameExclude as X, FrameSpec, FrameUnits as U};
use crate::func::{evaluate_partition, Partition, WindowCall};

#[derive(Clone)]
enum Arg {
    X,
    K,
    Lit(Value),
}

struct Row {
    id: i64,
    k: Value,
    x: Value,
}

thread_local! {
    static DATA: std::cell::RefCell<Option<Vec<(i64, Value, Value)>>> = const { std::cell::RefCell::new(None) };
}

fn table() -> Vec<Row> {
    if let Some(d) = DATA.with(|d| d.borrow().clone()) {
        return d.into_iter().map(|(id, k, x)| Row { id, k, x }).collect();
    }
    let data = [
        (1, i(1), i(10)),
        (2, i(1), i(20)),
        (3, i(2), N),
        (4, i(4), r(2.5)),
        (5, N, i(7)),
        (6, i(5), i(-3)),
        (7, i(5), t("9")),
        (8, i(9), i(100)),
    ];
    data.into_iter()
        .map(|(id, k, x)| Row { id, k, x })
        .collect()
}

/// ORDER BY of the window: by k (ASC/DESC), optionally then by id.
#[derive(Clone, Copy)]
struct Order {
    present: bool,
    desc: bool,
    by_id: bool,
}

fn over_sql(o: Order, frame: &str) -> String {
    let mut s = String::new();
    if o.present {
        s.push_str("ORDER BY k");
        if o.desc {
            s.push_str(" DESC");
        }
        if o.by_id {
            s.push_str(", id");
        }
    }
    format!("{s} {frame}")
}

fn run_ours(name: &str, args: &[Arg], o: Order, frame: &FrameSpec) -> Result<Vec<Value>> {
    let mut rows = table();
    let cmp_keys = move |a: &[Value], b: &[Value]| -> Ordering {
        let env = NullEnv;
        let ctx = Context::new(&env);
        for (n, (x, y)) in a.iter().zip(b).enumerate() {
            let mut c = compare(x, y, &ctx);
            if n == 0 && o.desc {
                c = c.reverse();
            }
            if c != Ordering::Equal {
                return c;
            }
        }
        Ordering::Equal
    };
    let key_of = |r: &Row| -> Vec<Value> {
        match (o.present, o.by_id) {
            (false, _) => vec![],
            (true, false) => vec![r.k.clone()],
            (true, true) => vec![r.k.clone(), i(r.id)],
        }
    };
    // SQLite's sorter is stable on insertion (id) order for equal keys.
    rows.sort_by(|a, b| cmp_keys(&key_of(a), &key_of(b)).then(a.id.cmp(&b.id)));
    let argv: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            args.iter()
                .map(|a| match a {
                    Arg::X => r.x.clone(),
                    Arg::K => r.k.clone(),
                    Arg::Lit(v) => v.clone(),
                })
                .collect()
        })
        .collect();
    let keys: Vec<Vec<Value>> = rows.iter().map(key_of).collect();
    let part = Partition {
        args: &argv,
        order_keys: &keys,
        order_cmp: &cmp_keys,
        first_desc: o.desc,
        nulls_high: false,
        frame,
        filter: None,
    };
    let env = NullEnv;
    let mut ctx = Context::new(&env);
    let reg = registry();
    let vals = if let Some(w) = reg.find_window(name, args.len()) {
        evaluate_partition(&mut ctx, WindowCall::Builtin(&w), &part)?
    } else {
        let a = reg.find_aggregate(name, args.len()).expect("function");
        evaluate_partition(&mut ctx, WindowCall::Aggregate(&a), &part)?
    };
    let mut by_id: Vec<(i64, Value)> = rows.iter().map(|r| r.id).zip(vals).collect();
    by_id.sort_by_key(|(id, _)| *id);
    Ok(by_id.into_iter().map(|(_, v)| v).collect())
}

fn window_case(name: &str, args: &[Arg], o: Order, frame_sql: &str, frame: &FrameSpec) -> Case {
    let arg_sql: Vec<String> = args
        .iter()
        .map(|a| match a {
            Arg::X => "x".to_owned(),
            Arg::K => "k".to_owned(),
            Arg::Lit(v) => lit(v),
        })
        .collect();
    let rows: Vec<String> = table()
        .iter()
        .map(|r| format!("({}, {}, {})", r.id, lit(&r.k), lit(&r.x)))
        .collect();
    let sql = format!(
        "SELECT group_concat(q, '|') FROM (SELECT id, quote({name}({}) OVER ({})) AS q \
         FROM (SELECT column1 AS id, column2 AS k, column3 AS x FROM (VALUES {})) ORDER BY id)",
        arg_sql.join(", "),
        over_sql(o, frame_sql),
        rows.join(", ")
    );
    let ours = match run_ours(name, args, o, frame) {
        Ok(vals) => vals.iter().map(quote_value).collect::<Vec<_>>().join("|"),
        Err(e) => format!("error: {}", e.message),
    };
    Case {
        sql,
        ours,
        ours_real: None,
    }
}

fn frames() -> Vec<(String, FrameSpec)> {
    let f = |units, start, end, exclude| FrameSpec {
        units,
        start,
        end,
        exclude,
    };
    let mut v = vec![("".to_owned(), FrameSpec::default())];
    let bounds = [
        ("UNBOUNDED PRECEDING", B::UnboundedPreceding),
        ("1 PRECEDING", B::Preceding(i(1))),
        ("CURRENT ROW", B::CurrentRow),
        ("2 FOLLOWING", B::Following(i(2))),
        ("UNBOUNDED FOLLOWING", B::UnboundedFollowing),
    ];
    for (un, u) in [
        ("ROWS", U::Rows),
        ("RANGE", U::Range),
        ("GROUPS", U::Groups),
    ] {
        for (si, (ss, sb)) in bounds.iter().enumerate().take(4) {
            // SQLite accepts an end no earlier in kind than the start, never UNBOUNDED
            // PRECEDING.
            for (es, eb) in bounds.iter().skip(si.max(1)) {
                for (xs, x) in [
                    ("", X::NoOthers),
                    (" EXCLUDE CURRENT ROW", X::CurrentRow),
                    (" EXCLUDE GROUP", X::Group),
                    (" EXCLUDE TIES", X::Ties),
                ] {
                    v.push((
                        format!("{un} BETWEEN {ss} AND {es}{xs}"),
                        f(u, sb.clone(), eb.clone(), x),
                    ));
                }
            }
        }
    }
    v.push((
        "RANGE BETWEEN 1.5 PRECEDING AND 0.5 FOLLOWING".into(),
        f(
            U::Range,
            B::Preceding(r(1.5)),
            B::Following(r(0.5)),
            X::NoOthers,
        ),
    ));
    v.push((
        "ROWS BETWEEN 1 FOLLOWING AND 1 PRECEDING".into(),
        f(U::Rows, B::Following(i(1)), B::Preceding(i(1)), X::NoOthers),
    ));
    v.push((
        "ROWS 2 PRECEDING".into(),
        f(U::Rows, B::Preceding(i(2)), B::CurrentRow, X::NoOthers),
    ));
    v
}

const ORD: Order = Order {
    present: true,
    desc: false,
    by_id: true,
};
const ORD_K: Order = Order {
    present: true,
    desc: false,
    by_id: false,
};
const ORD_DESC: Order = Order {
    present: true,
    desc: true,
    by_id: false,
};

#[test]
fn aggregate_windows_match_sqlite() {
    let mut cases = Vec::new();
    for (fs, frame) in frames() {
        let offsets = matches!(frame.start, B::Preceding(_) | B::Following(_))
            || matches!(frame.end, B::Preceding(_) | B::Following(_));
        for o in [ORD, ORD_K, ORD_DESC] {
            if frame.units == U::Range && offsets && o.by_id {
                continue;
            }
            for (name, args) in [
                ("sum", vec![Arg::X]),
                ("count", vec![]),
                ("group_concat", vec![Arg::X]),
                ("max", vec![Arg::X]),
                ("first_value", vec![Arg::X]),
                ("last_value", vec![Arg::X]),
                ("nth_value", vec![Arg::X, Arg::Lit(i(2))]),
            ] {
                cases.push(window_case(name, &args, o, &fs, &frame));
            }
        }
    }
    check(cases);
}

#[test]
fn ranking_windows_match_sqlite() {
    let mut cases = Vec::new();
    let none = Order {
        present: false,
        desc: false,
        by_id: false,
    };
    let d = FrameSpec::default();
    for o in [ORD, ORD_K, ORD_DESC, none] {
        for (name, args) in [
            ("row_number", vec![]),
            ("rank", vec![]),
            ("dense_rank", vec![]),
            ("percent_rank", vec![]),
            ("cume_dist", vec![]),
            ("ntile", vec![Arg::Lit(i(3))]),
            ("ntile", vec![Arg::Lit(i(1))]),
            ("ntile", vec![Arg::Lit(i(100))]),
            ("ntile", vec![Arg::Lit(r(1.5))]),
            ("ntile", vec![Arg::Lit(t("2"))]),
            ("ntile", vec![Arg::Lit(i(0))]),
            ("ntile", vec![Arg::Lit(N)]),
            ("lag", vec![Arg::X]),
            ("lag", vec![Arg::X, Arg::Lit(i(2))]),
            ("lag", vec![Arg::X, Arg::Lit(i(2)), Arg::Lit(t("d"))]),
            ("lag", vec![Arg::X, Arg::Lit(i(-1))]),
            ("lag", vec![Arg::X, Arg::Lit(r(1.5))]),
            ("lag", vec![Arg::X, Arg::Lit(N)]),
            ("lag", vec![Arg::K, Arg::Lit(t("1"))]),
            ("lead", vec![Arg::X]),
            ("lead", vec![Arg::X, Arg::Lit(i(3)), Arg::K]),
            ("lead", vec![Arg::X, Arg::Lit(i(0))]),
            ("nth_value", vec![Arg::X, Arg::Lit(i(0))]),
            ("nth_value", vec![Arg::X, Arg::Lit(r(1.0))]),
            ("nth_value", vec![Arg::X, Arg::Lit(t("3"))]),
            ("nth_value", vec![Arg::X, Arg::Lit(N)]),
            ("avg", vec![Arg::X]),
            ("total", vec![Arg::K]),
            ("min", vec![Arg::X]),
            ("group_concat", vec![Arg::X, Arg::Lit(t("-"))]),
        ] {
            cases.push(window_case(name, &args, o, "", &d));
        }
    }
    for (fs, frame) in [
        (
            "ROWS BETWEEN -1 PRECEDING AND CURRENT ROW",
            FrameSpec {
                units: U::Rows,
                start: B::Preceding(i(-1)),
                end: B::CurrentRow,
                exclude: X::NoOthers,
            },
        ),
        (
            "ROWS BETWEEN 1.5 PRECEDING AND CURRENT ROW",
            FrameSpec {
                units: U::Rows,
                start: B::Preceding(r(1.5)),
                end: B::CurrentRow,
                exclude: X::NoOthers,
            },
        ),
        (
            "RANGE BETWEEN 'a' PRECEDING AND CURRENT ROW",
            FrameSpec {
                units: U::Range,
                start: B::Preceding(t("a")),
                end: B::CurrentRow,
                exclude: X::NoOthers,
            },
        ),
        (
            "RANGE BETWEEN CURRENT ROW AND -1 FOLLOWING",
            FrameSpec {
                units: U::Range,
                start: B::CurrentRow,
                end: B::Following(i(-1)),
                exclude: X::NoOthers,
            },
        ),
    ] {
        cases.push(window_case("sum", &[Arg::X], ORD_K, fs, &frame));
    }
    check(cases);
}

/// Random partitions (ties, NULL keys, mixed types) under random frames and functions.
#[test]
fn random_windows_match_sqlite() {
    let mut seed: u64 = 0x3141_5926_5358_9793;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut cases = Vec::new();
    for _ in 0..2000 {
        let n = 1 + next(9) as i64;
        let data: Vec<(i64, Value, Value)> = (1..=n)
            .map(|id| {
                let k = match next(8) {
                    0 => N,
                    1 => r(next(5) as f64 + 0.5),
                    _ => i(next(6) as i64),
                };
                let x = match next(7) {
                    0 => N,
                    1 => t(["a", "b", "10"][next(3) as usize]),
                    2 => r(next(100) as f64 / 4.0),
                    _ => i(next(50) as i64 - 10),
                };
                (id, k, x)
            })
            .collect();
        DATA.with(|d| *d.borrow_mut() = Some(data));
        let units = [
            ("ROWS", U::Rows),
            ("RANGE", U::Range),
            ("GROUPS", U::Groups),
        ][next(3) as usize];
        let off = |k: u64, half: bool| if half { r(k as f64 + 0.5) } else { i(k as i64) };
        let starts = [
            ("UNBOUNDED PRECEDING".to_owned(), B::UnboundedPreceding),
            ("CURRENT ROW".to_owned(), B::CurrentRow),
        ];
        let k1 = next(3);
        let h1 = next(4) == 0;
        let o1 = if units.1 == U::Range {
            off(k1, h1)
        } else {
            i(k1 as i64)
        };
        let k2 = next(3);
        let h2 = next(4) == 0;
        let o2 = if units.1 == U::Range {
            off(k2, h2)
        } else {
            i(k2 as i64)
        };
        let (ss, sb) = match next(3) {
            0 => starts[0].clone(),
            1 => starts[1].clone(),
            _ => (format!("{} PRECEDING", lit(&o1)), B::Preceding(o1.clone())),
        };
        let (es, eb) = match next(3) {
            0 => ("UNBOUNDED FOLLOWING".to_owned(), B::UnboundedFollowing),
            1 => ("CURRENT ROW".to_owned(), B::CurrentRow),
            _ => (format!("{} FOLLOWING", lit(&o2)), B::Following(o2.clone())),
        };
        let (xs, x) = [
            ("", X::NoOthers),
            (" EXCLUDE CURRENT ROW", X::CurrentRow),
            (" EXCLUDE GROUP", X::Group),
            (" EXCLUDE TIES", X::Ties),
        ][next(4) as usize];
        let frame = FrameSpec {
            units: units.1,
            start: sb,
            end: eb,
            exclude: x,
        };
        let frame_sql = format!("{} BETWEEN {ss} AND {es}{xs}", units.0);
        let o = [ORD, ORD_K, ORD_DESC][next(3) as usize];
        if units.1 == U::Range
            && o.by_id
            && (frame_sql.contains(" PRECEDING") && !frame_sql.contains("UNBOUNDED PRECEDING")
                || frame_sql.contains(" FOLLOWING") && !frame_sql.contains("UNBOUNDED FOLLOWING"))
        {
            continue;
        }
        let (name, args) = [
            ("sum", vec![Arg::X]),
            ("count", vec![Arg::X]),
            ("avg", vec![Arg::X]),
            ("group_concat", vec![Arg::X]),
            ("min", vec![Arg::X]),
            ("total", vec![Arg::K]),
            ("first_value", vec![Arg::X]),
            ("last_value", vec![Arg::X]),
            ("nth_value", vec![Arg::X, Arg::Lit(i(2))]),
            ("rank", vec![]),
            ("cume_dist", vec![]),
            ("ntile", vec![Arg::Lit(i(3))]),
            ("lag", vec![Arg::X, Arg::Lit(i(1)), Arg::K]),
            ("group_concat", vec![Arg::X, Arg::K]),
            ("json_group_array", vec![Arg::X]),
            ("json_group_object", vec![Arg::Lit(t("k")), Arg::X]),
            ("max", vec![Arg::K]),
        ][next(17) as usize]
            .clone();
        cases.push(window_case(name, &args, o, &frame_sql, &frame));
    }
    DATA.with(|d| *d.borrow_mut() = None);
    check(cases);
}

/// FILTER (WHERE ...) on aggregate windows: rows failing the filter are not stepped.
#[test]
fn filtered_windows_match_sqlite() {
    let reg = registry();
    let mut cases = Vec::new();
    for (fs, frame) in frames() {
        for name in ["sum", "count", "group_concat", "max", "min", "avg"] {
            let mut rows = table();
            rows.sort_by(|a, b| compare(&a.k, &b.k, &Context::new(&NullEnv)).then(a.id.cmp(&b.id)));
            let args: Vec<Vec<Value>> = rows.iter().map(|r| vec![r.x.clone()]).collect();
            let keys: Vec<Vec<Value>> = rows.iter().map(|r| vec![r.k.clone(), i(r.id)]).collect();
            let mask: Vec<bool> = rows.iter().map(|r| r.id % 2 == 0).collect();
            let cmp = |a: &[Value], b: &[Value]| {
                let ctx = Context::new(&NullEnv);
                compare(&a[0], &b[0], &ctx).then_with(|| compare(&a[1], &b[1], &ctx))
            };
            if frame.validate(2).is_err() {
                continue;
            }
            let part = Partition {
                args: &args,
                order_keys: &keys,
                order_cmp: &cmp,
                first_desc: false,
                nulls_high: false,
                frame: &frame,
                filter: Some(&mask),
            };
            let f = reg.find_aggregate(name, 1).unwrap();
            let ours = evaluate_partition(
                &mut Context::new(&NullEnv),
                WindowCall::Aggregate(&f),
                &part,
            );
            let ours = match ours {
                Ok(vals) => {
                    let mut by_id: Vec<(i64, Value)> =
                        rows.iter().map(|r| r.id).zip(vals).collect();
                    by_id.sort_by_key(|(id, _)| *id);
                    by_id
                        .iter()
                        .map(|(_, v)| quote_value(v))
                        .collect::<Vec<_>>()
                        .join("|")
                }
                Err(e) => format!("error: {}", e.message),
            };
            let data: Vec<String> = table()
                .iter()
                .map(|r| format!("({}, {}, {})", r.id, lit(&r.k), lit(&r.x)))
                .collect();
            let sql = format!(
                "SELECT group_concat(q, '|') FROM (SELECT id, quote({name}(x) FILTER (WHERE id % 2 = 0) \
                 OVER (ORDER BY k, id {fs})) AS q FROM (SELECT column1 AS id, column2 AS k, column3 AS x \
                 FROM (VALUES {})) ORDER BY id)",
                data.join(", ")
            );
            cases.push(Case {
                sql,
                ours,
                ours_real: None,
            });
        }
    }
    check(cases);
}
