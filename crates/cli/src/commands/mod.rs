//! One module per subcommand; each opens the store, calls the core and prints.

mod demo;
mod export;
mod profile;
mod summary;
mod verify;

use crate::args::{Cli, Command, ProfileCommand};
use serde::Serialize;
use shebao_core::{paths, Result, Store};
use std::process::ExitCode;

/// Runs the command; the exit code is success unless a check (verify) failed.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let path = match &cli.db {
        Some(path) => path.clone(),
        None => paths::default_db_path()?,
    };
    let mut store = Store::open(&path)?;
    let out = Output {
        json: cli.json,
        lang: cli.lang,
    };
    let done = match cli.command {
        Command::Demo => demo::run(&mut store, out),
        Command::Profile(ProfileCommand::Add(args)) => profile::add(&mut store, args, out),
        Command::Profile(ProfileCommand::List) => profile::list(&store, out),
        Command::Profile(ProfileCommand::Show { profile }) => profile::show(&store, &profile, out),
        Command::Summary(args) => summary::run(&store, &args.profile, out),
        Command::Export(args) => export::run(&mut store, args, out),
        Command::Verify(args) => return verify::run(&store, &args.file, out),
    };
    done.map(|()| ExitCode::SUCCESS)
}

/// How results are printed: JSON for scripts, text in the user's language for people.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub lang: shebao_core::Lang,
}

impl Output {
    pub fn print_json(&self, value: &impl Serialize) {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("serialisable")
        );
    }
}

/// The `{id, name}` pair scripts use to refer to a profile.
#[derive(Debug, Serialize)]
pub struct ProfileRef<'a> {
    pub id: i64,
    pub name: &'a str,
}

impl<'a> From<&'a shebao_core::model::Profile> for ProfileRef<'a> {
    fn from(profile: &'a shebao_core::model::Profile) -> Self {
        ProfileRef {
            id: profile.id,
            name: &profile.name,
        }
    }
}
