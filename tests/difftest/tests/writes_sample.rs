//! The seeded sample of the `writes` mode ([`ferrolite_difftest::gen_writes`]): DML, UPSERT,
//! RETURNING, triggers, FKs, transactions and ALTER TABLE must give what the system SQLite
//! gives.

/// Differences the sample still shows (53 of 2,211 on 2026-11-25, after WITHOUT ROWID LIMIT,
/// index pragmas and constraint check order). A ratchet: lower it as causes are fixed, never
/// raise it. What remains is listed in the report of the writes part: changes() /
/// last_insert_rowid() accounting, trigger-text checks of RENAME/DROP COLUMN, partial writes
/// kept by statements without a statement journal.
const ALLOWED: usize = 53;

#[test]
fn seeded_writes_sample_matches_sqlite() {
    ferrolite_difftest::assert_sample("writes", 40, 50, 2000, ALLOWED);
}
