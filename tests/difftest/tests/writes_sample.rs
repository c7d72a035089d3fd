//! The seeded sample of the `writes` mode ([`ferrolite_difftest::gen_writes`]): DML, UPSERT,
//! RETURNING, triggers, FKs, transactions and ALTER TABLE must give what the system SQLite
//! gives.

/// Differences the sample still shows (0 of 2,211 on 2026-11-25, after the ALTER TABLE,
/// WITHOUT ROWID LIMIT, check-order and change-counter fixes). A ratchet: it stays at 0.
const ALLOWED: usize = 0;

#[test]
fn seeded_writes_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("writes", 40, 50, 2000, ALLOWED);
}
