//! `shebao`: the command line face of Shebao Ledger's core, for scripts, tests and power users.
//!
//! Exit status: 0 on success, 1 on a user error (bad input, unknown profile, refused database)
//! with a one-line reason on stderr, 2 on a usage error (clap's own). `verify` also exits 1
//! when the file is not an exact export or its records changed.

mod args;
mod commands;
mod passphrase;
mod table;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse(); // exits 2 on usage errors, 0 for --help/--version
    if let Err(usage) = cli.check() {
        usage.exit(); // 2, like clap's own
    }
    let lang = cli.lang;
    match commands::run(cli) {
        Ok(code) => code,
        Err(shebao_core::Error::ImportRows { file, errors }) => {
            let lines = commands::import_error_lines(&file, &errors, lang);
            eprintln!("shebao: {}", lines.join("\n"));
            ExitCode::from(1)
        }
        Err(error @ shebao_core::Error::ImportNoHeader { .. }) => {
            let (zh, en) = commands::NO_HEADER_HINT;
            eprintln!("shebao: {}\n  {}", error.message(lang), lang.pick(zh, en));
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("shebao: {}", error.message(lang));
            ExitCode::from(1)
        }
    }
}
