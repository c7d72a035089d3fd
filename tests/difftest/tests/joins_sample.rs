//! The seeded sample of the `joins` generator mode CI runs (2,000 queries): join kinds,
//! subqueries, compounds, CTEs, VALUES, windows and aggregates must give what the system
//! SQLite gives.

/// Differences the sample still shows. A ratchet: lower it as causes are fixed, never raise
/// it (0 of 2,000 on 2026-11-25: the correlated count() over a compound view of seed 3 is
/// fixed by `codegen/auto_probe.rs`).
const ALLOWED: usize = 0;

#[test]
fn joins_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("joins", 40, 50, 2000, ALLOWED);
}
