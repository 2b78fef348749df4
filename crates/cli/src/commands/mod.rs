//! One module per subcommand; each opens the store, calls the core and prints.
//!
//! Ordinary commands get the store opened here, with the passphrase if the database is
//! encrypted. The commands that convert, copy or check the database file itself open it in
//! their own way, through the core.

mod backup;
mod check;
mod demo;
mod encryption;
mod profile;
mod restore;
mod summary;

use crate::args::{Cli, Command, ProfileCommand};
use crate::passphrase;
use serde::Serialize;
use shebao_core::{paths, Result, Store};

pub fn run(cli: Cli) -> Result<()> {
    let path = match &cli.db {
        Some(path) => path.clone(),
        None => paths::default_db_path()?,
    };
    let out = Output {
        json: cli.json,
        lang: cli.lang,
    };
    match cli.command {
        Command::Encrypt => return encryption::encrypt(&path, out),
        Command::Decrypt => return encryption::decrypt(&path, out),
        Command::Passwd => return encryption::passwd(&path, out),
        Command::Restore { file } => return restore::run(&path, &file, out),
        Command::Check => return check::run(&path, out),
        _ => {}
    }
    let passphrase = passphrase::for_open(&path, out.lang)?;
    let mut store = Store::open_with_passphrase(&path, passphrase.as_ref())?;
    match cli.command {
        Command::Demo => demo::run(&mut store, out),
        Command::Profile(ProfileCommand::Add(args)) => profile::add(&mut store, args, out),
        Command::Profile(ProfileCommand::List) => profile::list(&store, out),
        Command::Profile(ProfileCommand::Show { profile }) => profile::show(&store, &profile, out),
        Command::Summary(args) => summary::run(&store, &args.profile, out),
        Command::Backup { out: file } => backup::run(&store, file.as_deref(), out),
        Command::Encrypt
        | Command::Decrypt
        | Command::Passwd
        | Command::Restore { .. }
        | Command::Check => unreachable!("handled above"),
    }
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
