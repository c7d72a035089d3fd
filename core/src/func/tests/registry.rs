//! The registry: lookup rules and `PRAGMA function_list` vs sqlite3.

use super::*;
use crate::func::{flags, AggregateFunction, FunctionKind, ScalarFunction};

#[test]
fn lookup_rules() {
    let r = registry();
    assert!(r.find_scalar("SUBSTR", 2).is_some());
    assert!(r.find_scalar("substr", 4).is_none());
    assert!(r.exists("SubStr"));
    assert!(!r.exists("nosuch"));
    assert!(r.find_scalar("coalesce", 1).is_none());
    assert!(r.find_scalar("coalesce", 5).is_some());
    assert!(r.find_aggregate("max", 1).is_some());
    assert!(r.find_scalar("max", 1).is_none());
    assert!(r.find_scalar("max", 3).is_some());
    assert!(r.find_aggregate("count", 0).is_some());
    assert!(r.find_window("row_number", 0).is_some());
    assert!(r.find_window("lag", 3).is_some());
    assert!(r.find_window("lag", 4).is_none());
}

#[test]
fn user_functions_override_and_exact_arity_wins() {
    let mut r = FunctionRegistry::with_builtins();
    r.register_scalar(ScalarFunction::new(
        "upper",
        1,
        flags::DETERMINISTIC,
        |_, a| {
            Ok(Value::Text(format!(
                "<{}>",
                crate::func::convert::text(&a[0]).unwrap_or_default()
            )))
        },
    ));
    r.register_scalar(ScalarFunction::new("f", -1, 0, |_, _| Ok(i(-1))));
    r.register_scalar(ScalarFunction::new("F", 2, 0, |_, _| Ok(i(2))));
    let env = NullEnv;
    let call = |r: &FunctionRegistry, name: &str, args: &[Value]| {
        r.find_scalar(name, args.len())
            .unwrap()
            .call(&mut Context::new(&env), args)
            .unwrap()
    };
    assert_eq!(call(&r, "UPPER", &[t("a")]), t("<a>"));
    assert_eq!(call(&r, "f", &[i(1), i(2)]), i(2));
    assert_eq!(call(&r, "f", &[i(1)]), i(-1));
    assert_eq!(call(&r, "f", &[]), i(-1));
    assert!(r.remove("f", 2));
    assert_eq!(call(&r, "f", &[i(1), i(2)]), i(-1));

    struct Product(i64);
    impl crate::func::Accumulator for Product {
        fn step(&mut self, _: &mut Context<'_>, a: &[Value]) -> crate::error::Result<()> {
            self.0 *= crate::func::convert::int(&a[0]);
            Ok(())
        }
        fn value(&mut self, _: &mut Context<'_>) -> crate::error::Result<Value> {
            Ok(Value::Integer(self.0))
        }
    }
    r.register_aggregate(AggregateFunction::new("product", 1, 0, false, || {
        Box::new(Product(1))
    }));
    let f = r.find_aggregate("product", 1).unwrap();
    let mut acc = f.start();
    for v in [2, 3, 7] {
        acc.step(&mut Context::new(&env), &[i(v)]).unwrap();
    }
    assert_eq!(acc.finalize(&mut Context::new(&env)).unwrap(), i(42));
    let info = r.list().into_iter().find(|f| f.name == "product").unwrap();
    assert_eq!(info.kind, FunctionKind::Aggregate);
    assert!(!info.builtin);
}

/// Built-ins that SQLite added after 3.40.1 (the system `sqlite3`, which has none of them):
/// they follow a newer SQLite (3.54.1) and are left out of the comparison below. An entry
/// is a name (every arity) or `name|narg` (a new arity of an old function).
const NEWER_THAN_3_40: &[&str] = &[
    "concat",
    "concat_ws",
    "if",
    "json_array_insert",
    "json_error_position",
    "json_pretty",
    "json_valid|2",
    "jsonb",
    "jsonb_array",
    "jsonb_array_insert",
    "jsonb_extract",
    "jsonb_group_array",
    "jsonb_group_object",
    "jsonb_insert",
    "jsonb_object",
    "jsonb_patch",
    "jsonb_remove",
    "jsonb_replace",
    "jsonb_set",
    "octet_length",
    "string_agg",
    "timediff",
    "unhex",
    "unistr",
    "unistr_quote",
];

pub(super) fn is_newer(name: &str, n_args: i32) -> bool {
    NEWER_THAN_3_40.contains(&name)
        || NEWER_THAN_3_40.contains(&format!("{name}|{n_args}").as_str())
}

/// Every built-in SQLite lists (name, type, narg, flags) is ours, with the same flags.
#[test]
fn function_list_matches_sqlite() {
    let Some(out) = std::process::Command::new("sqlite3")
        .args([":memory:", "PRAGMA function_list"])
        .output()
        .ok()
    else {
        eprintln!("sqlite3 not installed: skipping");
        return;
    };
    let theirs: std::collections::BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.split('|').nth(1) == Some("1"))
        .map(|l| {
            let f: Vec<&str> = l.split('|').collect();
            format!("{}|{}|{}|{}", f[0], f[2], f[4], f[5])
        })
        .collect();
    let ours: std::collections::BTreeSet<String> = registry()
        .list()
        .into_iter()
        .filter(|f| f.builtin && !is_newer(&f.name, f.n_args))
        .map(|f| format!("{}|{}|{}|{}", f.name, f.kind.code(), f.n_args, f.flags))
        .collect();
    let newer: Vec<_> = theirs
        .iter()
        .filter(|l| {
            let f: Vec<&str> = l.split('|').collect();
            is_newer(f[0], f[2].parse().unwrap_or(-99))
        })
        .collect();
    assert!(newer.is_empty(), "sqlite3 has them: {newer:?}");
    let missing: Vec<_> = theirs.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&theirs).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing (sqlite3 has): {missing:?}\nextra (only ours): {extra:?}"
    );
}

#[test]
fn registry_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<FunctionRegistry>();
    assert_send_sync::<crate::func::ScalarFunction>();
    assert_send_sync::<crate::func::AggregateFunction>();
    fn assert_send<T: Send>() {}
    assert_send::<Box<dyn crate::func::Accumulator>>();
}
