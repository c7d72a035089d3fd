//! `difftest [--seed S] [--cases N] [--queries Q] [--show K]`: runs N generated cases of Q
//! queries each on Ferrolite and on the system SQLite and reports the differences.

fn main() {
    let mut seed = 1u64;
    let mut cases = 100u64;
    let mut queries = 20usize;
    let mut show = 20usize;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
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
            _ => {
                eprintln!("usage: difftest [--seed S] [--cases N] [--queries Q] [--show K] | --dump SEED");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let tally = ferrolite_difftest::run_cases(seed, cases, queries);
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
