//! Differences the `funcs` generator mode found, each pinned against the system sqlite3.

use ferrolite_difftest::assert_script_matches;

/// printf's rounder is `0.5 × 0.1^k` with the double 0.1: `%.1E` of 255 is `2.6E+02`.
#[test]
fn printf_exponent_rounding() {
    assert_script_matches(
        "SELECT printf('%1.1E', 255)
         SELECT printf('%.0e|%.1e|%.2e|%.2e', 2.5, 0.25, 1.125, 2.675)
         SELECT printf('%.1e|%.3E|%.2g', 0.35, 12345, 0.125)",
    );
}

/// A result past the length limit is NULL (not an error); `*` arguments are cut to a C int.
#[test]
fn printf_star_arguments_and_huge_results() {
    assert_script_matches(
        "SELECT typeof(printf('%*d', 1e16, 1)), typeof(printf('%.*x', 1e17, 5))
         SELECT typeof(printf('%*d', 1000000001, 1)), typeof(printf('%*s', 1e17, 'x'))
         SELECT printf('%.*d|', 9223372036854775807, 5), printf('%.*d|', 4294967299, 5)
         SELECT printf('%*d|', -9223372036854775808, 5), printf('%*d|', 2147483648, 5)
         SELECT printf('%.*f|%.*s', 2147483648, 1.5, 2147483648, 'abc')
         SELECT printf('%.*d|', 1e308, 5), printf('%*d|', -1e308, 5), printf('%*d|', -3, 5)
         SELECT typeof(printf('%.*d|', 2147483647, 5)), typeof(printf('%*d|', 2147483653, 5))
         SELECT printf('%n%d', 5), printf('%.17n''%0.*o''%c', 3, 5, 'x')",
    );
}

/// FILTER is checked before the arguments are evaluated (they are not, for failing rows).
#[test]
fn aggregate_filter_skips_argument_evaluation() {
    assert_script_matches(
        "CREATE TABLE f0(id INTEGER PRIMARY KEY, g INT, j TEXT)
         INSERT INTO f0 VALUES(1, 0, '{\"a\":1}'), (2, 0, '[1,2'), (3, 1, '{\"a\":2}')
         SELECT g, json_group_array(j ->> '$.a') FILTER (WHERE 0) FROM f0 GROUP BY g
         SELECT g, sum(j ->> '$.a') FILTER (WHERE json_valid(j)), count(*) FROM f0 GROUP BY g
         SELECT max(j ->> '$.a') FILTER (WHERE id <> 2), count(*) FILTER (WHERE id > 1) FROM f0
         SELECT sum(j ->> '$.a') FILTER (WHERE id < 3) FROM f0",
    );
}

/// Prepare-time checks of scalar calls: FILTER, and likelihood()'s constant.
#[test]
fn scalar_call_checks() {
    assert_script_matches(
        "SELECT abs(1) FILTER (WHERE 1)
         SELECT coalesce(1, 2) FILTER (WHERE 1)
         SELECT max(1, 2) FILTER (WHERE 1)
         SELECT likelihood(1, 1)
         SELECT likelihood(1, 1.5)
         SELECT likelihood(1, NULL)
         SELECT likelihood(1, +0.5)
         SELECT likelihood(1, -0.1)
         SELECT likelihood(1, '0.5')
         SELECT likelihood(1, 1.0), likelihood(2, 0.), likelihood(3, .5), likelihood(4, (0.5))
         SELECT likelihood(1, 5e-1), likelihood(1, 1e0)
         SELECT likelihood(1, 0.5, 3)",
    );
}

/// json_group_object keeps a member whose label is NULL, with no label (malformed JSON).
#[test]
fn json_group_object_null_label() {
    assert_script_matches(
        "SELECT json_group_object(k, v) FROM (SELECT NULL k, 1 v UNION ALL SELECT 'a', 2)
         SELECT json(json_group_object(k, v)) FROM (SELECT NULL k, 1 v UNION ALL SELECT 'a', 2)
         SELECT json_group_object(k, v) -> '$.a' FROM (SELECT NULL k, 1 v UNION ALL SELECT 'a', 2)
         SELECT json_group_object(k, v) FROM (SELECT 1 k, 1 v UNION ALL SELECT x'41', 2)",
    );
}

/// json_set/json_replace/json_insert substitute values opaquely and convert them last.
/// The BLOB is `x'0102'`, not valid JSONB: a JSONB blob such as `x'00'` (a null) is JSON to
/// Ferrolite, as to SQLite 3.54.1 (`json_replace('[1]', '$[0]', x'00')` = `[null]`), where
/// 3.40.1 has no JSONB and says "JSON cannot hold BLOB values" (pinned in
/// `core/src/func/tests/jsonb.rs`).
#[test]
fn json_edit_substitutions() {
    assert_script_matches(
        "SELECT json_replace('[1]', '$[5]', x'0102'), json_set('[1]', '$.a', x'0102')
         SELECT json_replace('[1]', '$[0]', x'0102')
         SELECT json_set('[1]', '$[0]', x'0102', '$[0]', 5)
         SELECT json_set('[1]', '$[#]', x'0102', '$[#-1]', 5)
         SELECT json_set('[1]', '$[#]', x'0102', '$[#-1]', 5, '$[#-1]', x'0102')
         SELECT json_replace('{\"a\":1}', '$[0]', x'0102', '$', 'q')
         SELECT typeof(json_set('{}', '$', x'0102')), json_set('{}', '$', 2, '$', x'01') IS NULL
         SELECT json_set('{}', '$', 2, '$.a', 3), typeof(json_set('{}', '$', 2, '$.a', 3))
         SELECT json_set('{}', '$', 2, 'bad', 3)
         SELECT json_replace('[1]', '$', 2, '$.', 3), json_replace('[1]', '$', NULL, '$[', 3)
         SELECT json_set('{}', '$', json('{\"a\":1}'), '$.a', 5)
         SELECT json_set('{}', '$', '{\"a\":1}', '$.a', 5)
         SELECT json_set('{}', '$', 2, '$', json('[1]'), '$[0]', 9)
         SELECT json_set('[1]', '$[0]', json('{\"a\":1}'), '$[0].a', 5)
         SELECT json_set('{}', '$.a', json('{\"b\":1}'), '$.a.b', 2)
         SELECT json_insert('[1]', '$[0]', x'0102'), json_insert('[1]', '$[#]', 'x')
         SELECT json_insert('[1]', 'bad', x'0102')",
    );
}

/// An error inside an argument is reported before the call's own checks (sqlite3 keeps its
/// resolver's last error).
#[test]
fn argument_errors_come_first() {
    assert_script_matches(
        "SELECT abs(x) FILTER (WHERE 1)
         SELECT likelihood(x, 2)
         SELECT likelihood(1, 2)",
    );
}

/// json_tree's first row shows the label it hangs from only for an array or object.
#[test]
fn json_tree_root_key() {
    assert_script_matches(
        "SELECT * FROM json_tree('{\"b\":\"s\"}', '$.b')
         SELECT key FROM json_tree('{\"a\":{\"b\":3}}', '$.a.b')
         SELECT key FROM json_tree('{\"a\":{\"b\":[3]}}', '$.a.b')
         SELECT key FROM json_tree('{\"a\":null}', '$.a')
         SELECT * FROM json_tree('{\"b\":{}}', '$.b')
         SELECT key, fullkey FROM json_tree('[[5],7]', '$[1]')
         SELECT * FROM json_each('{\"b\":\"s\"}', '$.b')",
    );
}

/// json_object reports a bad label before a BLOB value; json_remove parses every path
/// after removing the root.
#[test]
fn json_error_order() {
    assert_script_matches(
        "SELECT json_object('a', x'41', 1, 2)
         SELECT json_object('a', x'41', 'b', 1)
         SELECT json_object(1, x'41')
         SELECT json_object('a', 1, 'b')
         SELECT json_array(x'41', 1)
         SELECT json_remove('[1]', NULL, '$[')
         SELECT json_remove('[1]', '$', '$[')
         SELECT json_remove('[1]', '$', NULL, 'x')
         SELECT json_remove('[1]', '$', '$.'), json_remove(json_array(), '$', '$.')
         SELECT json_remove('[1]', '$.'), json_remove('{}', '$', '$.a')
         SELECT json_remove('[1]', '$[0]', 'x')
         SELECT json_remove('[1,2]', '$[0]', '$'), json_remove('[1,2]', '$[0]')",
    );
}

/// `%f` adds its rounder before scaling, in extended precision (the `!` digits of values
/// whose ulp is near the rounder).
#[test]
fn printf_fixed_rounder_before_scaling() {
    assert_script_matches(
        "SELECT printf('%!.3f|%!.0f|%!f|%.20f', 1e16, -9223372036854775808, 1e17, 0.1)
         SELECT printf('%!.5f|%!.10f|%!,16.*f', 123456789012.345678, 1e15/7, 3, 1e16)
         SELECT printf('%.16f|%.25f|%!.16f|%!.30f|%.19f', 9.995, 1e-5, 1234.5678, 0.3, 1e10/3)
         SELECT printf('%!15.*f', 'x', 9223372036854775807)",
    );
}
