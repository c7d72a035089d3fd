//! The seeded sample of generated-column / STRICT / UPDATE ... FROM cases
//! ([`ferrolite_difftest::run_ddl_cases`]) must give what the system SQLite gives.

/// Differences the sample still shows (0 of 2,028 on 2026-11-25: the last one, a whole-number
/// REAL generated value grouped through an index then ordered, which reads back as an integer
/// in SQLite, is fixed by `codegen/int_real.rs`). A ratchet: lower it as causes are fixed,
/// never raise it.
const ALLOWED: usize = 0;

#[test]
fn seeded_ddl_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("ddl", 100, 20, 2000, ALLOWED);
}
