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
