//! The seeded sample of generated-column / STRICT / UPDATE ... FROM cases
//! ([`ferrolite_difftest::run_ddl_cases`]) must give what the system SQLite gives.

/// Differences the sample still shows (1 of 2,028 on 2026-11-25, none in the features it
/// targets: a whole-number REAL generated value grouped by, then ordered, reads back as an
/// integer in SQLite, `SELECT g0 ... GROUP BY g0 ORDER BY 1 DESC`). A ratchet: lower it as
/// causes are fixed, never raise it.
const ALLOWED: usize = 1;

#[test]
fn seeded_ddl_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("ddl", 100, 20, 2000, ALLOWED);
}
