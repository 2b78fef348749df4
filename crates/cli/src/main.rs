//! `shebao`: the command line face of Shebao Ledger's core, for scripts, tests and power users.
//!
//! Exit status: 0 on success, 1 on a user error (bad input, unknown profile, refused database)
//! with a one-line reason on stderr, followed by the way out if the core names one (with `--json`,
//! one line `{"code", "message"}`, plus `"remedy"` when there is one), 2 on a usage error (clap's own). `verify` also exits 1
//! when the file is not an exact export or its records changed.

mod args;
mod commands;
mod passphrase;
mod remedy;
mod table;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse(); // exits 2 on usage errors, 0 for --help/--version
    if let Err(usage) = cli.check() {
        usage.exit(); // 2, like clap's own
    }
    let lang = cli.lang;
    let json = cli.json;
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            let message = match &error {
                shebao_core::Error::ImportRows { file, errors } => {
                    commands::import_error_lines(file, errors, lang).join("\n")
                }
                shebao_core::Error::ImportNoHeader { .. } => {
                    let (zh, en) = commands::NO_HEADER_HINT;
                    format!("{}\n  {}", error.message(lang), lang.pick(zh, en))
                }
                _ => remedy::after_message(error.message(lang), &error, lang),
            };
            if json {
                // A script reads the code (and the remedy's name); the message, with the way
                // out in command-line terms, is for the person (one line of JSON).
                let mut report = serde_json::json!({ "code": error.code(), "message": message });
                if let Some(remedy) = error.remedy() {
                    report["remedy"] = remedy.name().into();
                }
                eprintln!("{report}");
            } else {
                eprintln!("shebao: {message}");
            }
            ExitCode::from(1)
        }
    }
}
