//! One module per subcommand; each calls the core and prints. Commands about a person's
//! records open the store; commands that only consult the bundled rules never open (or create)
//! a database, so they work anywhere, even with no data directory.

mod columns;
mod demo;
mod import;
mod mapping;
mod profile;
mod retirement;
mod rules;
mod summary;

use crate::args::{Cli, Command, MappingCommand, ProfileCommand, RulesCommand};
use serde::Serialize;
use shebao_core::{paths, Result, Store};
use std::path::PathBuf;

pub fn run(cli: Cli) -> Result<()> {
    let out = Output {
        json: cli.json,
        lang: cli.lang,
    };
    match cli.command {
        Command::Retirement(args) => retirement::run(&args, out),
        Command::Rules(RulesCommand::Show) => rules::show(out),
        Command::Columns(args) => columns::run(&args, out),
        command => run_with_store(cli.db, command, out),
    }
}

fn run_with_store(db: Option<PathBuf>, command: Command, out: Output) -> Result<()> {
    // An import's file is read before the database is opened: a missing file must not create one.
    let import_input = match &command {
        Command::Import(args) => Some(import::read_input(args)?),
        _ => None,
    };
    let path = match db {
        Some(path) => path,
        None => paths::default_db_path()?,
    };
    let mut store = Store::open(&path)?;
    match command {
        Command::Demo => demo::run(&mut store, out),
        Command::Profile(ProfileCommand::Add(args)) => profile::add(&mut store, args, out),
        Command::Profile(ProfileCommand::List) => profile::list(&store, out),
        Command::Profile(ProfileCommand::Show { profile }) => profile::show(&store, &profile, out),
        Command::Summary(args) => summary::run(&store, &args.profile, out),
        Command::Import(args) => {
            let input = import_input.expect("read before opening the store");
            import::run(&mut store, &args, input, out)
        }
        Command::Mapping(MappingCommand::List) => mapping::list(&store, out),
        Command::Mapping(MappingCommand::Delete { id }) => mapping::delete(&store, id, out),
        Command::Retirement(_) | Command::Rules(_) | Command::Columns(_) => {
            unreachable!("run without a store")
        }
    }
}

pub use import::row_error_lines as import_error_lines;
pub use import::NO_HEADER_HINT;

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
