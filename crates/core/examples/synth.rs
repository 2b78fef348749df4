//! Writes a synthetic portal CSV (crates/core/src/synthetic.rs) for trying the importer on
//! large or varied files:
//!
//! ```text
//! cargo run --release -p shebao-core --example synth -- --rows 100000 --out big.csv
//! cargo run --release -p shebao-core --example synth -- --people 1 --untagged --seed 4 --out one.csv
//! ```
//!
//! `--people N` generates N whole histories (default: enough for `--rows`); `--rows N` stops
//! after N rows; `--untagged` writes payers as they are (self-payment as 灵活就业人员), right for
//! one person's file but not for many people imported into one profile.

use shebao_core::synthetic::{write_portal_csv, SynthConfig, Synthetic};
use std::io::BufWriter;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(message) => {
            eprintln!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("synth: {message}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<String, String> {
    let (mut seed, mut people, mut rows, mut out, mut tagged) = (1u64, None, None, None, true);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |text: String| {
            text.replace('_', "")
                .parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {text:?}"))
        };
        match flag.as_str() {
            "--seed" => seed = number(value()?)?,
            "--people" => people = Some(number(value()?)? as usize),
            "--rows" => rows = Some(number(value()?)? as usize),
            "--out" => out = Some(value()?),
            "--untagged" => tagged = false,
            other => return Err(format!("unknown argument {other:?}; see the file's header")),
        }
    }
    let out = out.ok_or("--out FILE is required")?;
    let people = match (people, rows) {
        (Some(p), _) => p,
        (None, Some(r)) => Synthetic::people_for_rows(r, 20),
        (None, None) => 10,
    };
    let config = SynthConfig {
        payer_tag: tagged,
        ..SynthConfig::new(seed, people)
    };
    let file = std::fs::File::create(&out).map_err(|e| format!("{out}: {e}"))?;
    let all = Synthetic::rows(config);
    let written = match rows {
        Some(r) => write_portal_csv(all.take(r), BufWriter::new(file)),
        None => write_portal_csv(all, BufWriter::new(file)),
    }
    .map_err(|e| format!("{out}: {e}"))?;
    Ok(format!(
        "wrote {written} rows of {people} people to {out} (seed {seed})"
    ))
}
