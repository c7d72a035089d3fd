//! The seeded sample of generated-column / STRICT / UPDATE ... FROM cases
//! ([`ferrolite_difftest::run_ddl_cases`]) must give what the system SQLite gives.

/// Differences the sample still shows (2 of 2,028 on 2026-11-24, none in the features it
/// targets: SQLite keeps a whole-number REAL generated value as an integer when it goes
/// through a sorter). A ratchet: lower it as causes are fixed, never raise it.
const ALLOWED: usize = 2;

#[test]
fn seeded_ddl_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("ddl", 100, 20, 2000, ALLOWED);
}
