//! The seeded sample of the `writes` mode ([`ferrolite_difftest::gen_writes`]): DML, UPSERT,
//! RETURNING, triggers, FKs, transactions and ALTER TABLE must give what the system SQLite
//! gives.

/// Differences the sample still shows (39 of 2,211 on 2026-11-25, after the counts part:
/// change counters, trigger-visible rows, sqlite_sequence). A ratchet: lower it as causes are
/// fixed, never raise it. What remains is listed in the report of the writes part: LIMIT on
/// UPDATE/DELETE of WITHOUT ROWID tables with a composite key, trigger-text checks of
/// RENAME/DROP COLUMN, constraint check order.
const ALLOWED: usize = 39;

#[test]
fn seeded_writes_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("writes", 40, 50, 2000, ALLOWED);
}
