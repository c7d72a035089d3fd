//! The seeded sample of the `joins` generator mode CI runs (2,000 queries): join kinds,
//! subqueries, compounds, CTEs, VALUES, windows and aggregates must give what the system
//! SQLite gives.

/// Differences the sample still shows. A ratchet: lower it as causes are fixed, never raise
/// it (1 of 2,000 on 2026-11-25). Known cause left: a correlated count() over a compound
/// view, whose text values sqlite3 leaves unconverted in a nested query (seed 3).
const ALLOWED: usize = 1;

#[test]
fn joins_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("joins", 40, 50, 2000, ALLOWED);
}
