//! The seeded sample CI runs: generated queries must give what the system SQLite gives.

/// Differences the CI sample still shows (0 of 3,000 on 2026-11-24; the last one, GROUP BY
/// through an index feeding min() its rows in another order, went with the planner's ORDER BY /
/// GROUP BY through an index). A ratchet: lower it as causes are fixed, never raise it.
const ALLOWED: usize = 0;

#[test]
// The ratchet has reached 0; the comparison stays so that it can be read like the others.
#[allow(clippy::absurd_extreme_comparisons)]
fn seeded_sample_matches_sqlite() {
    let tally = ferrolite_difftest::run_cases(1, 150, 20);
    for m in tally.mismatches.iter().take(15) {
        eprintln!(
            "seed {}: {}\n  ferrolite: {}\n  sqlite:    {}",
            m.seed, m.sql, m.ours, m.theirs
        );
    }
    assert!(tally.queries >= 3000);
    assert!(
        tally.mismatches.len() <= ALLOWED,
        "{} of {} generated statements differ from SQLite",
        tally.mismatches.len(),
        tally.queries
    );
}
