//! sqllogictest runner: `slt PATH...` runs .test files and prints `N passed, N failed`.

fn main() {
    eprintln!("slt runner: not built yet");
    std::process::exit(1);
}
