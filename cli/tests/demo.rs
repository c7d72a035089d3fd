//! `ferrolite --demo FILE` builds a database that the real `sqlite3` reads as intact.

use std::process::Command;

#[test]
fn demo_database_is_valid_sqlite() {
    let dir = std::env::temp_dir().join(format!("ferrolite-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("demo.db");
    let db = db.to_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ferrolite"))
        .args(["--demo", db, "select count(*) from book_list"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "7\n");
    assert!(out.status.success());
    if let Ok(r) = Command::new("sqlite3")
        .args([db, "pragma integrity_check; select count(*) from author join book on author.id = book.author_id"])
        .output()
    {
        assert_eq!(String::from_utf8_lossy(&r.stdout), "ok\n7\n");
    }
    // A second run keeps the existing file.
    let out = Command::new(env!("CARGO_BIN_EXE_ferrolite"))
        .args(["--demo", db, "select count(*) from author"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "4\n");
    let _ = std::fs::remove_dir_all(&dir);
}
