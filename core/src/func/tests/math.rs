//! Math functions vs sqlite3.

use super::*;

#[test]
fn math_functions_match_sqlite() {
    let vals = [
        N,
        i(0),
        i(1),
        i(-1),
        i(2),
        i(10),
        i(100),
        i(1024),
        i(-8),
        r(0.5),
        r(-0.5),
        r(1.5),
        r(-1.5),
        r(2.5),
        r(0.001),
        r(1e300),
        r(-1e300),
        r(f64::INFINITY),
        t("16"),
        t(" 2.5 "),
        t("abc"),
        t("16x"),
        b(b"1"),
        i(i64::MAX),
        i(i64::MIN),
        r(0.75),
        r(3.0),
        r(1e-10),
    ];
    let mut cases = Vec::new();
    for f in [
        "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "degrees", "exp", "ln",
        "log10", "log2", "radians", "sin", "sinh", "sqrt", "tan", "tanh", "ceil", "ceiling",
        "floor", "trunc", "log",
    ] {
        for v in &vals {
            cases.push(scalar_case(f, std::slice::from_ref(v)));
        }
    }
    let pairs = [
        N,
        i(0),
        i(1),
        i(2),
        i(-8),
        r(0.5),
        r(-2.5),
        r(3.0),
        t("8"),
        t("x"),
        r(1e300),
        i(7),
    ];
    for f in ["atan2", "mod", "pow", "power", "log"] {
        for x in &pairs {
            for y in &pairs {
                cases.push(scalar_case(f, &[x.clone(), y.clone()]));
            }
        }
    }
    cases.push(scalar_case("pi", &[]));
    cases.push(scalar_case("pow", &[i(-8), r(1.0 / 3.0)]));
    check(cases);
}

/// Random arguments (numbers, numeric text, junk) through every math function.
#[test]
fn random_math_matches_sqlite() {
    let mut seed: u64 = 0x1357_9bdf_2468_ace0;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let val = |next: &mut dyn FnMut(u64) -> u64| -> Value {
        match next(6) {
            0 => i(next(2001) as i64 - 1000),
            1 => r((next(200_001) as f64 - 100_000.0) / 997.0),
            2 => r(10f64.powi(next(40) as i32 - 20)),
            3 => t(&format!("{}", (next(2001) as f64 - 1000.0) / 8.0)),
            4 => t(["1e3", " 2 ", "-0", "abc", "", "0x10"][next(6) as usize]),
            _ => N,
        }
    };
    let unary = [
        "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "degrees", "exp",
        "floor", "ln", "log", "log10", "log2", "radians", "sin", "sinh", "sqrt", "tan", "tanh",
        "trunc", "abs", "round", "sign",
    ];
    let binary = ["atan2", "log", "mod", "pow", "round"];
    let mut cases = Vec::new();
    for _ in 0..1500 {
        if next(3) == 0 {
            let f = binary[next(binary.len() as u64) as usize];
            let (a, b) = (val(&mut next), val(&mut next));
            cases.push(scalar_case(f, &[a, b]));
        } else {
            let f = unary[next(unary.len() as u64) as usize];
            let a = val(&mut next);
            cases.push(scalar_case(f, &[a]));
        }
    }
    check(cases);
}
