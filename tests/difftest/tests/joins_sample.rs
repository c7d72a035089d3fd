//! The seeded sample of the `joins` generator mode CI runs (2,000 queries): join kinds,
//! subqueries, compounds, CTEs, VALUES, windows and aggregates must give what the system
//! SQLite gives.

/// Differences the sample still shows. A ratchet: lower it as causes are fixed, never raise
/// it (3 of 2,000 on 2026-11-24). Known causes left: a correlated count() over a view with a
/// NOT IN beside it (seed 3), `*` with a USING column of a LEFT JOIN after a FULL JOIN
/// (SQLite: "ambiguous column name", seed 23), a CTE over a view joined to itself (seed 31).
const ALLOWED: usize = 3;

#[test]
fn joins_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("joins", 40, 50, 2000, ALLOWED);
}
