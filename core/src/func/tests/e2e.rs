//! End-to-end: SQL using functions through the whole engine (parser, codegen, VM), compared
//! with sqlite3. Ignored by default: it depends on every other layer; run it with
//! `cargo test -p ferrolite --lib func::tests::e2e -- --ignored`.

use super::*;
use crate::Connection;

fn e2e(sql: &str) -> Case {
    through_engine(&format!("SELECT quote(({sql}))"))
}

/// Runs a one-value SELECT through a fresh connection; renders like the differential cases.
pub(super) fn through_engine(select: &str) -> Case {
    let ours = (|| -> crate::error::Result<String> {
        let conn = Connection::open(":memory:")?;
        let rows = conn.query_all(select, &[])?;
        Ok(rows
            .first()
            .and_then(|r| r.first())
            .map(|v| {
                crate::func::convert::text(v)
                    .unwrap_or_default()
                    .into_owned()
            })
            .unwrap_or_default())
    })();
    let ours = match ours {
        Ok(s) => s,
        Err(e) => render(&Err(e)),
    };
    Case {
        sql: select.to_owned(),
        ours,
        ours_real: None,
    }
}

#[test]
#[ignore]
fn functions_through_the_engine() {
    let exprs = [
        "abs(-5)",
        "upper('abc')",
        "printf('%5.2f', 3.14159)",
        "json_array(json('[1]'), 2)",
        "'{\"a\":[1,2]}' -> '$.a'",
        "'{\"a\":[1,2]}' ->> 'a'",
        "'abc' LIKE 'A%'",
        "'abc' GLOB 'a*'",
        "'a%c' LIKE 'a\\%c' ESCAPE '\\'",
        "x'41' LIKE 'A'",
        "date('2024-01-31', '+1 month')",
        "(SELECT sum(x) FROM (SELECT 1 AS x UNION ALL SELECT 2))",
        "(SELECT group_concat(x, '-') FROM (SELECT 1 AS x UNION ALL SELECT 2))",
        "(SELECT avg(x) FROM (SELECT 1 AS x UNION ALL SELECT 2))",
        "coalesce(NULL, 2)",
        "iif(1, 'a', 'b')",
        "nullif(1, 1)",
        "typeof(round(2.5))",
        "substr('hello', 2, 3)",
        "max(1, 2, 3)",
        "min('a', 'B' COLLATE NOCASE)",
        "json_object('a', json_array(1, 2))",
        "length(CAST(1.000000000000005 AS TEXT))",
        "CAST(1.000000000000005 AS TEXT)",
        "abs(-9223372036854775807 - 1)",
        "zeroblob(3)",
        "length(randomblob(0))",
        "julianday('2000-01-01')",
        "(SELECT json_group_array(x) FROM (SELECT 1 AS x UNION ALL SELECT 'a'))",
        "(SELECT max(x) FROM (SELECT 'a' AS x UNION ALL SELECT 'B') )",
        "(SELECT max(x COLLATE NOCASE) FROM (SELECT 'a' AS x UNION ALL SELECT 'B'))",
        "'ABC' LIKE 'abc'",
        "trim('  x  ')",
        "sqlite_version()",
        "(SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2))",
        "total(1)",
        "(SELECT total(x) FROM (SELECT NULL AS x))",
        "(SELECT sum(x) FROM (SELECT NULL AS x))",
        "(SELECT group_concat(x) FROM (SELECT 'a' AS x UNION ALL SELECT NULL UNION ALL SELECT 'b'))",
        "strftime('%Y-%m-%d %H:%M:%S', '2024-02-29 12:34:56')",
        "unixepoch('2024-01-01')",
        "sqrt(2)",
        "pi()",
        "ceil(1.2)",
        "log(100)",
        "json_extract('{\"a\":{\"b\":2}}', '$.a.b')",
        "json_valid('{')",
        "soundex('Robert')",
        "quote(1.5)",
        "quote(x'00ff')",
        "char(72, 105)",
        "unicode('é')",
        "format('%,d', 1234567)",
        "'abc' || 1.5",
        "ltrim('xxabc', 'x')",
        "(SELECT total(x) FROM (SELECT 1 AS x UNION ALL SELECT 2.5))",
        "(SELECT min(x) FROM (SELECT 2 AS x UNION ALL SELECT 1))",
        "'abc' NOT LIKE 'x%'",
        "'Ab' GLOB '[A-Z]b'",
    ];
    check(exprs.iter().map(|e| e2e(e)).collect());
}
