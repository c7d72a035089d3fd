//! Compiles the C shim that holds the
//! variadic entry points (`sqlite3_mprintf`, `sqlite3_config`, ...), which stable Rust cannot
//! define, together with the printf formatter and the `sqlite3_str` builder they share.

fn main() {
    println!("cargo:rerun-if-changed=csrc");
    cc::Build::new()
        .file("csrc/printf.c")
        .file("csrc/variadic.c")
        .file("csrc/api_routines.c")
        .include("csrc")
        .warnings(true)
        .flag_if_supported("-Wno-unused-parameter")
        .compile("ferrolite_cshim");
}
