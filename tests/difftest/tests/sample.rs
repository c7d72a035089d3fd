//! The seeded sample CI runs: generated queries must give what the system SQLite gives.

/// Differences the CI sample still shows (1 of 3,000 on 2026-11-24: GROUP BY through an
/// index, which SQLite's planner uses and ours does not, feeds rows to min() in another order,
/// so a tie between 0 and 0.0 resolves differently). A ratchet: lower it as causes are fixed,
/// never raise it.
const ALLOWED: usize = 1;

#[test]
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
