//! The seeded sample of the `writes` mode ([`ferrolite_difftest::gen_writes`]): DML, UPSERT,
//! RETURNING, triggers, FKs, transactions and ALTER TABLE must give what the system SQLite
//! gives.

use ferrolite_difftest::modes;

/// Differences the sample still shows (66 of 2,211 on 2026-11-24, after INSTEAD OF triggers). A ratchet: lower it as causes are fixed, never
/// raise it. What remains is listed in the report of the writes part: LIMIT on UPDATE/DELETE of WITHOUT ROWID tables with a composite key,
/// trigger-text checks of RENAME/DROP COLUMN, constraint check order.
const ALLOWED: usize = 66;

#[test]
fn seeded_writes_sample_matches_sqlite() {
    let mode = modes::find("writes").expect("the writes mode");
    let tally = ferrolite_difftest::run_mode(mode, 1, 40, 50);
    for m in tally.mismatches.iter().take(15) {
        eprintln!(
            "seed {}: {}\n  ferrolite: {}\n  sqlite:    {}",
            m.seed, m.sql, m.ours, m.theirs
        );
    }
    eprintln!("{} of {} differ", tally.mismatches.len(), tally.queries);
    assert!(tally.queries >= 2000);
    assert!(
        tally.mismatches.len() <= ALLOWED,
        "{} of {} generated statements differ from SQLite",
        tally.mismatches.len(),
        tally.queries
    );
}
