//! `difftest [--mode M] [--seed S] [--cases N] [--queries Q] [--show K] [--print]`: runs N
//! generated cases of Q queries each on Ferrolite and on the system SQLite and reports the
//! differences. `--mode` picks a generator mode (`select`, the default; `ddl`; the others in
//! `modes.rs`; `all` rotates through them by seed). `--ddl` is `--mode ddl`. `--print`
//! prints case S's statements (as a script for the sqlite3 shell) instead.

use ferrolite_difftest::modes;

fn usage() -> ! {
    eprintln!(
        "usage: difftest [--mode M] [--seed S] [--cases N] [--queries Q] [--show K] [--ddl] [--print] | --dump SEED"
    );
    std::process::exit(2);
}

fn main() {
    let mut seed = 1u64;
    let mut cases = 100u64;
    let mut queries = 20usize;
    let mut show = 20usize;
    let mut mode_name = "select".to_string();
    let mut print = false;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--ddl" => {
                mode_name = "ddl".into();
                i += 1;
                continue;
            }
            "--print" => {
                print = true;
                i += 1;
                continue;
            }
            "--mode" => {
                mode_name = args.get(i + 1).cloned().unwrap_or_else(|| usage());
                i += 2;
                continue;
            }
            _ => {}
        }
        let v = args.get(i + 1).and_then(|s| s.parse::<u64>().ok());
        match (args[i].as_str(), v) {
            ("--seed", Some(v)) => seed = v,
            ("--cases", Some(v)) => cases = v,
            ("--queries", Some(v)) => queries = v as usize,
            ("--show", Some(v)) => show = v as usize,
            ("--dump", Some(v)) => {
                // The setup SQL of one seed, to replay a difference in the two shells.
                let case = ferrolite_difftest::gen::Gen::new(v).case(0);
                for sql in case.setup {
                    println!("{sql};");
                }
                return;
            }
            _ => usage(),
        }
        i += 2;
    }
    let mode = match modes::find(&mode_name) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("difftest: {e}");
            std::process::exit(2);
        }
    };
    if print {
        let case = modes::case_for(mode, seed, queries);
        for s in case.setup.iter().chain(case.queries.iter().map(|q| &q.sql)) {
            println!("{s};");
        }
        return;
    }
    let tally = ferrolite_difftest::run_mode(mode, seed, cases, queries);
    for m in tally.mismatches.iter().take(show) {
        println!(
            "seed {}: {}\n  ferrolite: {}\n  sqlite:    {}",
            m.seed, m.sql, m.ours, m.theirs
        );
    }
    println!(
        "difftest: {} queries, {} differences",
        tally.queries,
        tally.mismatches.len()
    );
}
