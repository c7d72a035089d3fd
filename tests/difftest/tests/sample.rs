//! The seeded sample CI runs: generated queries must give what the system SQLite gives.

/// Differences allowed in the CI sample: none. (Raise the sample, never this number.)
const ALLOWED: usize = 0;

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
