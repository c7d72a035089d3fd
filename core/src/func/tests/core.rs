//! Core scalar functions vs sqlite3.

use super::*;

fn samples() -> Vec<Value> {
    vec![
        N,
        i(0),
        i(1),
        i(-1),
        i(42),
        i(i64::MAX),
        i(i64::MIN),
        r(0.0),
        r(1.5),
        r(-2.5),
        r(1e300),
        r(0.1),
        r(1.0 / 3.0),
        r(-1e-7),
        r(123456789.125),
        r(f64::INFINITY),
        t(""),
        t("abc"),
        t(" 12 "),
        t("-5x"),
        t("héllo wörld"),
        t("1e3"),
        t("  MiXeD  "),
        t("it's"),
        b(&[]),
        b(b"ab"),
        b(&[0, 255, 16]),
    ]
}

#[test]
fn unary_functions_match_sqlite() {
    let mut cases = Vec::new();
    for f in [
        "abs", "hex", "length", "lower", "upper", "ltrim", "rtrim", "trim", "quote", "typeof",
        "unicode", "sign", "round", "likely", "unlikely", "soundex",
    ] {
        for v in samples() {
            cases.push(scalar_case(f, &[v]));
        }
    }
    for v in [
        N,
        i(0),
        i(65),
        i(233),
        i(0x1F600),
        i(-1),
        i(0x110000),
        t("66"),
        r(97.9),
    ] {
        cases.push(scalar_case("char", std::slice::from_ref(&v)));
        cases.push(scalar_case("char", &[i(72), v, i(105)]));
    }
    cases.push(scalar_case("char", &[]));
    for v in [N, i(0), i(3), i(-3), t("2")] {
        cases.push(scalar_case("zeroblob", &[v]));
    }
    cases.push(scalar_case("zeroblob", &[i(i64::MAX)]));
    check(cases);
}

#[test]
fn binary_functions_match_sqlite() {
    let mut cases = Vec::new();
    let small = [
        N,
        i(1),
        r(1.0),
        t("1"),
        t("abc"),
        t("b"),
        b(b"b"),
        r(2.5),
        i(-3),
    ];
    for f in [
        "ifnull", "nullif", "instr", "max", "min", "coalesce", "glob", "like", "ltrim", "rtrim",
        "trim",
    ] {
        for x in &small {
            for y in &small {
                cases.push(scalar_case(f, &[x.clone(), y.clone()]));
            }
        }
    }
    for (h, n) in [
        ("hello", "l"),
        ("hello", ""),
        ("héllo", "llo"),
        ("", ""),
        ("abc", "abcd"),
        ("ééé", "é"),
    ] {
        cases.push(scalar_case("instr", &[t(h), t(n)]));
    }
    cases.push(scalar_case("instr", &[b(&[1, 2, 3]), b(&[2, 3])]));
    cases.push(scalar_case("instr", &[b(&[1, 2, 3]), t("2")]));
    cases.push(scalar_case("instr", &[i(12345), i(34)]));
    for x in [
        r(2.5),
        r(-2.5),
        r(1.005),
        r(0.5),
        r(-0.5),
        r(12345.6789),
        r(1e20),
        r(0.125),
        r(2.675),
        t("3.14159"),
        i(7),
        r(1e-20),
        r(-0.4),
    ] {
        for n in [N, i(0), i(1), i(2), i(3), i(-1), i(40), r(1.7), t("2")] {
            cases.push(scalar_case("round", &[x.clone(), n]));
        }
    }
    for (p, s) in [
        ("a%", "ABC"),
        ("%b%", "abc"),
        ("_", "é"),
        ("%É%", "café"),
        ("a_c", "abc"),
        ("abc", "abcd"),
        ("", ""),
        ("%%%", "x"),
        ("[a]", "a"),
        ("%a", "aaa"),
    ] {
        cases.push(scalar_case("like", &[t(p), t(s)]));
        cases.push(scalar_case("glob", &[t(p), t(s)]));
    }
    for (p, s) in [
        ("*.txt", "a.txt"),
        ("[a-c]*", "beta"),
        ("[^a-c]*", "beta"),
        ("?", "é"),
        ("[]]", "]"),
        ("[a-]", "-"),
        ("[", "["),
        ("a[", "a["),
        ("*[0-9]", "abc7"),
        ("A*", "abc"),
    ] {
        cases.push(scalar_case("glob", &[t(p), t(s)]));
    }
    check(cases);
}

#[test]
fn ternary_functions_match_sqlite() {
    let mut cases = Vec::new();
    for y in -7..=7 {
        cases.push(scalar_case("substr", &[t("héllo"), i(y)]));
        cases.push(scalar_case("substr", &[b(&[1, 2, 3, 4, 5]), i(y)]));
        for z in -7..=7 {
            cases.push(scalar_case("substr", &[t("héllo"), i(y), i(z)]));
        }
    }
    for (y, z) in [
        (N, i(1)),
        (i(1), N),
        (t("2"), r(2.9)),
        (i(i64::MIN), i(i64::MAX)),
        (i(i64::MAX), i(1)),
        (i(2), i(i64::MIN)),
    ] {
        cases.push(scalar_case("substr", &[t("hello"), y.clone(), z.clone()]));
        cases.push(scalar_case("substring", &[i(12345), y, z]));
    }
    for (s, p, rep) in [
        (t("hello world"), t("o"), t("0")),
        (t("aaa"), t("a"), t("bb")),
        (t("abc"), t(""), t("x")),
        (i(123), t(""), t("x")),
        (i(1231), i(1), i(9)),
        (t("abc"), N, t("x")),
        (N, t("a"), t("x")),
        (t("abc"), t("b"), N),
        (t("ééé"), t("é"), t("e")),
        (r(1.5), t("."), t(",")),
    ] {
        cases.push(scalar_case("replace", &[s, p, rep]));
    }
    for c in [N, i(0), i(1), t("0"), t("1x"), r(0.1), t("abc"), b(b"1")] {
        cases.push(scalar_case("iif", &[c, t("yes"), t("no")]));
    }
    for (p, s, e) in [
        ("a\\%", "a%", "\\"),
        ("a\\%", "ab", "\\"),
        ("a%%", "a%", "%"),
        ("x_y", "x_y", "_"),
        ("a", "a", "ab"),
        ("a", "a", ""),
        ("ab\\", "ab", "\\"),
    ] {
        cases.push(scalar_case("like", &[t(p), t(s), t(e)]));
    }
    cases.push(scalar_case("like", &[t("a"), t("a"), N]));
    for args in [
        vec![i(1), i(2), i(3)],
        vec![t("a"), i(2), r(3.5)],
        vec![i(1), N, i(3)],
        vec![b(b"a"), t("z"), i(9)],
        vec![r(1.0), i(1)],
        vec![i(1), r(1.0)],
    ] {
        cases.push(scalar_case("max", &args));
        cases.push(scalar_case("min", &args));
        cases.push(scalar_case("coalesce", &args));
    }
    for args in [vec![i(1)], vec![], vec![N, N, N, i(4)]] {
        cases.push(scalar_case("coalesce", &args));
    }
    // iif with 2 arguments is an error in 3.40.1 but valid in newer SQLite (tests/newer.rs).
    cases.push(scalar_case("likelihood", &[i(5), r(0.5)]));
    cases.push(scalar_case("nosuchfunc", &[i(5)]));
    check(cases);
}

#[test]
fn connection_and_version_functions() {
    let cases = vec![
        scalar_case("sqlite_version", &[]),
        scalar_case("sqlite_source_id", &[]),
        scalar_case("typeof", &[Value::Integer(1)]),
        scalar_case("changes", &[]),
        scalar_case("total_changes", &[]),
        scalar_case("last_insert_rowid", &[]),
    ];
    check(cases);
    let v = call("random", &[]).unwrap();
    assert!(matches!(v, Value::Integer(_)));
    assert_eq!(
        call("randomblob", &[i(16)]).map(|v| match v {
            Value::Blob(b) => b.len(),
            _ => 0,
        }),
        Ok(16)
    );
    assert_eq!(
        call("randomblob", &[i(-5)]).map(|v| match v {
            Value::Blob(b) => b.len(),
            _ => 0,
        }),
        Ok(1)
    );
}

/// Text → REAL conversion (here through `abs('<text>')`) reproduces SQLite's own parse,
/// including its 1-ulp departures from correct rounding.
#[test]
fn text_to_real_matches_sqlite_bit_for_bit() {
    let mut seed: u64 = 0x0123_4567_89ab_cdef;
    let mut cases = Vec::new();
    for k in 0..600 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let nd = 14 + (seed % 7) as usize;
        let digits: String = (0..nd)
            .map(|j| (b'0' + ((seed >> (j * 3)) % 10) as u8) as char)
            .collect();
        let digits = format!("{}{}", 1 + seed % 9, &digits[1..]);
        let p = 1 + (seed >> 40) as usize % (nd - 1);
        let e = if k % 2 == 0 {
            (seed >> 50) as i64 % 61 - 30
        } else {
            (seed >> 45) as i64 % 601 - 300
        };
        let text = format!("{}.{}e{}", &digits[..p], &digits[p..], e);
        cases.push(scalar_case("abs", &[t(&text)]));
    }
    for text in [
        "3.008471950704213e-6",
        "0.1",
        "1e-400",
        "1e400",
        "4.9e-324",
        " 12.5e1x",
        "-0.0",
        "1.7976931348623158e308",
    ] {
        cases.push(scalar_case("abs", &[t(text)]));
    }
    check(cases);
}

/// Random LIKE/GLOB patterns and strings over a small alphabet (with wildcards, classes,
/// escapes and non-ASCII), plus random substr/instr/trim/replace arguments.
#[test]
fn random_text_functions_match_sqlite() {
    let mut seed: u64 = 0x7777_1234_abcd_0001;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let alpha = [
        "a", "b", "A", "B", "é", "É", "%", "_", "*", "?", "[", "]", "^", "-", "\\", " ", "x",
    ];
    let word = |max: u64, next: &mut dyn FnMut(u64) -> u64| -> String {
        (0..next(max))
            .map(|_| alpha[next(alpha.len() as u64) as usize])
            .collect()
    };
    let mut cases = Vec::new();
    for _ in 0..1500 {
        let p = word(6, &mut next);
        let s = word(7, &mut next);
        cases.push(scalar_case("like", &[t(&p), t(&s)]));
        cases.push(scalar_case("glob", &[t(&p), t(&s)]));
        if next(3) == 0 {
            cases.push(scalar_case("like", &[t(&p), t(&s), t("\\")]));
        }
    }
    for _ in 0..800 {
        let s = word(8, &mut next);
        let n = word(3, &mut next);
        cases.push(scalar_case("instr", &[t(&s), t(&n)]));
        cases.push(scalar_case("replace", &[t(&s), t(&n), t("Z")]));
        cases.push(scalar_case("trim", &[t(&s), t(&n)]));
        cases.push(scalar_case("ltrim", &[t(&s), t(&n)]));
        cases.push(scalar_case("rtrim", &[t(&s), t(&n)]));
        let y = next(21) as i64 - 10;
        let z = next(21) as i64 - 10;
        cases.push(scalar_case("substr", &[t(&s), i(y), i(z)]));
        cases.push(scalar_case("substr", &[b(s.as_bytes()), i(y), i(z)]));
        cases.push(scalar_case("upper", &[t(&s)]));
        cases.push(scalar_case("length", &[t(&s)]));
    }
    check(cases);
}

/// round() of random reals at every precision (it goes through SQLite's printf and atof).
#[test]
fn random_round_matches_sqlite() {
    let mut seed: u64 = 0xabcd_ef01_2345_6789;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut cases = Vec::new();
    for _ in 0..2000 {
        let mant = next(10_000_000) as f64 + 0.5 * next(2) as f64;
        let v = mant / 10f64.powi(next(12) as i32) * if next(2) == 0 { 1.0 } else { -1.0 };
        cases.push(scalar_case("round", &[r(v), i(next(20) as i64)]));
    }
    check(cases);
}

/// Functions that read their text as C strings stop at an embedded NUL, as in SQLite.
#[test]
fn embedded_nul_matches_sqlite() {
    let nul = |a: &[i64]| E::C("char", a.iter().map(|&x| E::L(i(x))).collect());
    let s = |x: &str| E::L(t(x));
    let cases = vec![
        E::C("like", vec![s("a"), nul(&[97, 0, 98])]).case(),
        E::C("like", vec![nul(&[97, 0, 98]), s("a")]).case(),
        E::C("glob", vec![s("a*"), nul(&[97, 0, 98])]).case(),
        E::C("length", vec![nul(&[97, 0, 98])]).case(),
        E::C("hex", vec![nul(&[97, 0, 98])]).case(),
        E::C("upper", vec![nul(&[97, 0, 98])]).case(),
        E::C("instr", vec![nul(&[97, 0, 98]), s("b")]).case(),
        E::C("replace", vec![nul(&[97, 0, 98]), s("b"), s("c")]).case(),
        E::C("substr", vec![nul(&[97, 0, 98]), E::L(i(3))]).case(),
        E::C("soundex", vec![nul(&[0, 65])]).case(),
        E::C(
            "date",
            vec![E::C(
                "printf",
                vec![s("%s%c%s"), s("2024-01-01"), E::L(i(0)), s("x")],
            )],
        )
        .case(),
        E::C(
            "printf",
            vec![nul(&[37, 100, 0, 37, 100]), E::L(i(1)), E::L(i(2))],
        )
        .case(),
        E::C("unicode", vec![nul(&[0, 65])]).case(),
        E::C("trim", vec![nul(&[32, 0, 32])]).case(),
    ];
    check(cases);
}
