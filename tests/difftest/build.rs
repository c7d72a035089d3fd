//! Links the system libsqlite3 (the reference implementation) for the differential tests.
fn main() {
    println!("cargo:rustc-link-lib=dylib=sqlite3");
}
