//! The seeded sample CI runs: generated queries must give what the system SQLite gives.

/// Differences the CI sample still shows (22 of 3,000 on 2026-11-24: CAST to NUMERIC of
/// reals, GROUP BY keys of REAL columns, parenthesized joins, integer-overflow detection in
/// sum()). A ratchet: lower it as causes are fixed, never raise it.
const ALLOWED: usize = 22;

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
