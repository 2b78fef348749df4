//! One module per subcommand; each opens the store, calls the core and prints.

mod demo;
mod import;
mod profile;
mod summary;

use crate::args::{Cli, Command, ProfileCommand};
use serde::Serialize;
use shebao_core::{paths, Result, Store};

pub fn run(cli: Cli) -> Result<()> {
    // The file is read before the database is opened: a missing file must not create one.
    let import_input = match &cli.command {
        Command::Import(args) => Some(import::read_input(&args.file)?),
        _ => None,
    };
    let path = match &cli.db {
        Some(path) => path.clone(),
        None => paths::default_db_path()?,
    };
    let mut store = Store::open(&path)?;
    let out = Output {
        json: cli.json,
        lang: cli.lang,
    };
    match cli.command {
        Command::Demo => demo::run(&mut store, out),
        Command::Profile(ProfileCommand::Add(args)) => profile::add(&mut store, args, out),
        Command::Profile(ProfileCommand::List) => profile::list(&store, out),
        Command::Profile(ProfileCommand::Show { profile }) => profile::show(&store, &profile, out),
        Command::Summary(args) => summary::run(&store, &args.profile, out),
        Command::Import(args) => {
            let input = import_input.expect("read above");
            import::run(&mut store, &args, input, out)
        }
    }
}

pub use import::row_error_lines as import_error_lines;

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
