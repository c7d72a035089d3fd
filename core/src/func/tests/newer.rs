//! The scalar functions added after SQLite 3.40 (`func/newer.rs`, `date/timediff.rs`),
//! through the whole engine. The system sqlite3 (3.40.1) has none of them, so the expected
//! values come from SQLite 3.54.1 (apsw's bundled library): `quote()` of each expression,
//! or its error message.

use crate::Connection;

const CASES: &[(&str, &str)] = &[
    ("concat(NULL)", "''"),
    ("concat(NULL, NULL)", "''"),
    (
        "concat(1, 2.5, 'x', x'4142', NULL, -0.0, 1e300, 9223372036854775807, 1e20, 0.1)",
        "'12.5xAB0.01.0e+30092233720368547758071.0e+200.1'",
    ),
    (
        "concat('a', -9223372036854775808, 'b')",
        "'a-9223372036854775808b'",
    ),
    ("typeof(concat(1, 2))", "'text'"),
    (
        "concat()",
        "error: wrong number of arguments to function concat()",
    ),
    (
        "concat_ws(',')",
        "error: wrong number of arguments to function concat_ws()",
    ),
    ("concat_ws(',', 1)", "'1'"),
    ("concat_ws(NULL, 1, 2)", "NULL"),
    ("concat_ws(',', NULL, 1, NULL, 2, NULL)", "'1,2'"),
    ("concat_ws(',', NULL, NULL)", "''"),
    ("concat_ws(1.5, 'a', 'b')", "'a1.5b'"),
    ("concat_ws(x'41', 'a', 2.0)", "'aA2.0'"),
    ("concat_ws('', 'a', 'b')", "'ab'"),
    ("concat_ws(',', '', 'b')", "',b'"),
    ("concat_ws('-', x'4243', 7)", "'BC-7'"),
    ("octet_length(NULL)", "NULL"),
    ("octet_length(1)", "1"),
    ("octet_length(-12)", "3"),
    ("octet_length(1.5)", "3"),
    ("octet_length('héllo')", "6"),
    ("octet_length(x'0102')", "2"),
    ("octet_length('')", "0"),
    ("octet_length(-0.0)", "3"),
    ("octet_length(1e300)", "8"),
    ("octet_length(zeroblob(10))", "10"),
    ("octet_length(9223372036854775807)", "19"),
    (
        "octet_length()",
        "error: wrong number of arguments to function octet_length()",
    ),
    ("unhex('')", "X''"),
    ("unhex(NULL)", "NULL"),
    ("unhex('0a1B')", "X'0A1B'"),
    ("unhex('0a1')", "NULL"),
    ("unhex('zz')", "NULL"),
    ("unhex(12)", "X'12'"),
    ("unhex(1234.5)", "NULL"),
    ("unhex(-1)", "NULL"),
    ("unhex(1.0)", "NULL"),
    ("unhex(x'3132')", "X'12'"),
    ("unhex('ABCDEF')", "X'ABCDEF'"),
    ("unhex('abcdef')", "X'ABCDEF'"),
    ("unhex('12 34', ' ')", "X'1234'"),
    ("unhex('12 34')", "NULL"),
    ("unhex('1-2-3-4', '-')", "NULL"),
    ("unhex('-12--34-', '-')", "X'1234'"),
    ("unhex('1 234', ' ')", "NULL"),
    ("unhex('12 34', NULL)", "NULL"),
    ("unhex(NULL, ' ')", "NULL"),
    ("unhex('12é34', 'é')", "X'1234'"),
    ("unhex('12 34', 1)", "NULL"),
    ("unhex('121334', 1)", "X'121334'"),
    ("unhex('12.34', 1.5)", "X'1234'"),
    ("unhex('12 34', '')", "NULL"),
    ("unhex(' 1234 ', ' ')", "X'1234'"),
    ("unhex('12x34', x'78')", "X'1234'"),
    (
        "unhex()",
        "error: wrong number of arguments to function unhex()",
    ),
    (
        "unhex(1, 2, 3)",
        "error: wrong number of arguments to function unhex()",
    ),
    ("unistr('a\\0041b')", "'aAb'"),
    ("unistr('\\u00e9')", "'é'"),
    ("unistr('\\U0001F600')", "'😀'"),
    ("unistr('\\+01F600')", "'😀'"),
    ("unistr('\\\\x')", "'\\x'"),
    ("unistr('\\\\\\\\')", "'\\\\'"),
    ("unistr(NULL)", "NULL"),
    ("unistr(12)", "'12'"),
    ("unistr(1.5)", "'1.5'"),
    ("unistr(x'41')", "'A'"),
    ("unistr('abc\\')", "error: invalid Unicode escape"),
    ("unistr('\\00')", "error: invalid Unicode escape"),
    ("unistr('\\zzzz')", "error: invalid Unicode escape"),
    ("unistr('\\u00')", "error: invalid Unicode escape"),
    ("unistr('\\U0000004')", "error: invalid Unicode escape"),
    ("unistr('\\u004G')", "error: invalid Unicode escape"),
    ("unistr('\\+00004')", "error: invalid Unicode escape"),
    ("unistr('a\\0000b')", "'a'"),
    ("unistr('x\\0041\\u0042\\+000043\\U00000044y')", "'xABCDy'"),
    (
        "unistr()",
        "error: wrong number of arguments to function unistr()",
    ),
    ("unistr_quote('abc')", "'''abc'''"),
    ("unistr_quote('it''s')", "'''it''''s'''"),
    ("unistr_quote(NULL)", "'NULL'"),
    ("unistr_quote(12)", "'12'"),
    ("unistr_quote(1.5)", "'1.5'"),
    ("unistr_quote(x'41')", "'X''41'''"),
    (
        "unistr_quote('a' || char(10) || 'b')",
        "'unistr(''a\\u000ab'')'",
    ),
    ("unistr_quote('tab' || char(9))", "'unistr(''tab\\u0009'')'"),
    ("unistr_quote('back\\slash')", "'''back\\slash'''"),
    ("unistr_quote('é')", "'''é'''"),
    ("unistr_quote(char(31))", "'unistr(''\\u001f'')'"),
    (
        "unistr_quote('x\\y' || char(1))",
        "'unistr(''x\\\\y\\u0001'')'",
    ),
    ("unistr_quote('\\')", "'''\\'''"),
    (
        "unistr_quote('it''s' || char(10))",
        "'unistr(''it''''s\\u000a'')'",
    ),
    (
        "unistr_quote(char(13) || char(27))",
        "'unistr(''\\u000d\\u001b'')'",
    ),
    ("unistr_quote(-0.0)", "'0.0'"),
    ("unistr_quote(1e300)", "'1.0e+300'"),
    ("unistr_quote(9223372036854775807)", "'9223372036854775807'"),
    ("unistr(unistr_quote('a' || char(10)))", "'unistr(''a\n'')'"),
    ("iif(1, 'a')", "'a'"),
    ("iif(0, 'a')", "NULL"),
    ("if(1, 'a')", "'a'"),
    ("if(0, 'a', 'b')", "'b'"),
    ("iif(0, 'a', 0, 'b', 'c')", "'c'"),
    ("iif(0, 'a', 1, 'b', 'c')", "'b'"),
    ("iif(0, 'a', 0, 'b')", "NULL"),
    ("iif(0, 'a', 1, 'b')", "'b'"),
    ("if(NULL, 1, 2)", "2"),
    ("if('1x', 1, 2)", "1"),
    ("if(0.5, 1, 2)", "1"),
    ("if(x'31', 1, 2)", "1"),
    ("if(0, 1, 0, 2, 0, 3, 0, 4, 5)", "5"),
    (
        "iif()",
        "error: wrong number of arguments to function iif()",
    ),
    (
        "iif(1)",
        "error: wrong number of arguments to function iif()",
    ),
    ("if(1)", "error: wrong number of arguments to function if()"),
    ("if()", "error: wrong number of arguments to function if()"),
    (
        "timediff('2023-02-15', '2023-03-15')",
        "'-0000-01-00 00:00:00.000'",
    ),
    (
        "timediff('2023-03-15', '2023-02-15')",
        "'+0000-01-00 00:00:00.000'",
    ),
    (
        "timediff('2024-03-31', '2024-02-29')",
        "'+0000-01-02 00:00:00.000'",
    ),
    (
        "timediff('2024-02-29', '2024-03-31')",
        "'-0000-01-02 00:00:00.000'",
    ),
    (
        "timediff('2023-01-01 12:00:00.5', '2022-12-31 13:30:15.25')",
        "'+0000-00-00 22:29:45.250'",
    ),
    (
        "timediff('2000-01-01', '2000-01-01')",
        "'+0000-00-00 00:00:00.000'",
    ),
    ("timediff(NULL, '2000-01-01')", "NULL"),
    ("timediff('2000-01-01', NULL)", "NULL"),
    ("timediff('bad', '2000-01-01')", "NULL"),
    ("timediff(2451545.0, 0)", "'+6712-01-08 00:00:00.000'"),
    ("timediff(0, 2451545.0)", "'-6712-01-07 00:00:00.000'"),
    (
        "timediff('2000-01-31', '2000-02-29')",
        "'-0000-00-29 00:00:00.000'",
    ),
    (
        "timediff('2000-03-31', '2000-02-29')",
        "'+0000-01-02 00:00:00.000'",
    ),
    (
        "timediff('2000-01-01 00:00:00', '1999-12-31 23:59:59.999')",
        "'+0000-00-00 00:00:00.001'",
    ),
    (
        "timediff('1999-12-31 23:59:59.999', '2000-01-01 00:00:00')",
        "'-0000-00-00 00:00:00.001'",
    ),
    (
        "timediff('0000-01-01', '9999-12-31 23:59:59')",
        "'-9999-11-30 23:59:59.000'",
    ),
    (
        "timediff('9999-12-31 23:59:59', '0000-01-01')",
        "'+9999-11-30 23:59:59.000'",
    ),
    (
        "timediff('2023-05-31', '2023-04-30')",
        "'+0000-01-01 00:00:00.000'",
    ),
    (
        "timediff('2023-04-30', '2023-05-31')",
        "'-0000-01-01 00:00:00.000'",
    ),
    (
        "timediff('2023-03-31', '2023-02-28')",
        "'+0000-01-03 00:00:00.000'",
    ),
    (
        "timediff('2023-01-31', '2023-02-28')",
        "'-0000-00-28 00:00:00.000'",
    ),
    (
        "timediff('2023-02-28', '2023-01-31')",
        "'+0000-00-28 00:00:00.000'",
    ),
    ("timediff('12:00', '11:00')", "'+0000-00-00 01:00:00.000'"),
    ("timediff(1.5, 1)", "'+0000-00-00 12:00:00.000'"),
    ("timediff('now', 'now')", "'+0000-00-00 00:00:00.000'"),
    (
        "timediff('2000-01-01 00:00:00+05:00', '2000-01-01')",
        "'-0000-00-00 05:00:00.000'",
    ),
    (
        "timediff('2023-05-01 00:00', '2023-03-31 12:00')",
        "'+0000-00-30 12:00:00.000'",
    ),
    (
        "timediff('2023-03-31 12:00', '2023-05-01 00:00')",
        "'-0000-01-00 12:00:00.000'",
    ),
    ("timediff('9999-12-31', -1000000)", "NULL"),
    ("timediff(-1000000, '9999-12-31')", "NULL"),
    (
        "timediff('2023-03-01', '2023-01-31')",
        "'+0000-00-29 00:00:00.000'",
    ),
    (
        "timediff('2023-01-31', '2023-03-01')",
        "'-0000-01-01 00:00:00.000'",
    ),
    (
        "timediff('2023-03-01 00:00:00', '2023-01-31 00:00:01')",
        "'+0000-00-28 23:59:59.000'",
    ),
    ("timediff(1e20, 0)", "NULL"),
    (
        "timediff('2024-02-30', '2024-02-01')",
        "'+0000-01-00 00:00:00.000'",
    ),
    (
        "timediff('2024-03-01', '2024-02-30')",
        "'+0000-00-00 00:00:00.000'",
    ),
    (
        "timediff('2024-01-31', '2024-02-30')",
        "'-0000-01-01 00:00:00.000'",
    ),
    (
        "timediff('-4713-11-24 12:00:00', '9999-12-31 23:59:59.999')",
        "'-14712-01-07 11:59:59.999'",
    ),
    (
        "timediff('2023-03-31', '2023-02-28 12:00')",
        "'+0000-01-02 12:00:00.000'",
    ),
    (
        "timediff('2000-01-01', '2000-01-01', 3)",
        "error: wrong number of arguments to function timediff()",
    ),
    (
        "timediff(1)",
        "error: wrong number of arguments to function timediff()",
    ),
    ("unhex(x'0041')", "X''"),
    ("unhex('41' || char(0) || '42')", "X'41'"),
    ("unhex(x'0041', char(10))", "X''"),
    ("hex(unistr(x'0041'))", "'0041'"),
    ("hex(concat(x'0041', 'b'))", "'004162'"),
    ("octet_length('a' || char(0) || 'b')", "3"),
];

fn quote_of(conn: &Connection, expr: &str) -> String {
    match conn.query_all(&format!("SELECT quote({expr})"), &[]) {
        Ok(rows) => rows
            .first()
            .and_then(|r| r.first())
            .and_then(crate::func::convert::text)
            .unwrap_or_default()
            .into_owned(),
        Err(e) => format!("error: {}", e.message),
    }
}

#[test]
fn newer_functions_match_sqlite_3_54() {
    let conn = Connection::open(":memory:").unwrap();
    let bad: Vec<String> = CASES
        .iter()
        .filter_map(|(expr, want)| {
            let got = quote_of(&conn, expr);
            (got != *want).then(|| format!("{expr}: got {got:?}, 3.54.1 gives {want:?}"))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// `iif`/`if` with several condition/value pairs compile inline (CASE), over table rows.
#[test]
fn if_chains_over_rows() {
    let conn = Connection::open(":memory:").unwrap();
    conn.execute_batch("CREATE TABLE t(a); INSERT INTO t VALUES(0),(1),(2),(NULL);")
        .unwrap();
    let rows = conn
        .query_all(
            "SELECT quote(iif(a>1,'x',a>0,'y','z')), quote(if(a, 'T')), \
             quote(iif(a=0, 'zero', a=1, 'one')) FROM t",
            &[],
        )
        .unwrap();
    let got: Vec<String> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| {
                    crate::func::convert::text(v)
                        .unwrap_or_default()
                        .into_owned()
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    // 3.54.1's answer.
    assert_eq!(
        got,
        [
            "'z'|NULL|'zero'",
            "'y'|'T'|'one'",
            "'x'|'T'|NULL",
            "'z'|NULL|NULL"
        ]
    );
}

/// timediff() reading the clock is refused in schema expressions at run time, like date().
#[test]
fn timediff_now_in_generated_column() {
    let conn = Connection::open(":memory:").unwrap();
    conn.execute_batch(
        "CREATE TABLE d(a, b AS (timediff(a, 'now'))); \
         CREATE TABLE c(a CHECK (timediff(a, '2000-01-01') > '+0001'));",
    )
    .unwrap();
    let err = conn
        .execute("INSERT INTO d(a) VALUES('2000-01-01')", &[])
        .unwrap_err();
    // 3.54.1's message.
    assert_eq!(
        err.message,
        "non-deterministic use of timediff() in a generated column"
    );
    conn.execute("INSERT INTO c VALUES('2002-01-01')", &[])
        .unwrap();
    let err = conn
        .execute("INSERT INTO c VALUES('2000-06-01')", &[])
        .unwrap_err();
    assert_eq!(
        err.message,
        "CHECK constraint failed: timediff(a, '2000-01-01') > '+0001'"
    );
}
