//! The seeded sample of the `writes` mode ([`ferrolite_difftest::gen_writes`]): DML, UPSERT,
//! RETURNING, triggers, FKs, transactions and ALTER TABLE must give what the system SQLite
//! gives.

/// Differences the sample still shows (0 of 2,211 on 2026-11-25, after WITHOUT ROWID UPDATE
/// OR FAIL/IGNORE kept the failed or skipped row and its count right). A ratchet: never raise
/// it. The wider writes run (seeds 1000-2999) still shows the order in which an UPDATE visits
/// WITHOUT ROWID rows (sqlite3 may scan a smaller covering index), changes()/total_changes()
/// accounting and constraint check order.
const ALLOWED: usize = 0;

#[test]
fn seeded_writes_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("writes", 40, 50, 2000, ALLOWED);
}
