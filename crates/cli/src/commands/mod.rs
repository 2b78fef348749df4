//! One module per subcommand; each calls the core and prints. Commands about a person's
//! records open the store; commands that only consult the bundled rules never open (or create)
//! a database, so they work anywhere, even with no data directory.

mod alerts;
mod demo;
mod profile;
mod retirement;
mod rules;
mod standing;
mod summary;

use crate::args::{AlertsAction, Cli, Command, ProfileCommand, RulesCommand};
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
        command => run_with_store(cli.db, command, out),
    }
}

fn run_with_store(db: Option<PathBuf>, command: Command, out: Output) -> Result<()> {
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
        Command::Profile(ProfileCommand::Set(args)) => profile::set(&mut store, args, out),
        Command::Summary(args) => summary::run(&store, &args.profile, out),
        Command::Standing(args) => standing::run(&store, &args, today(), out),
        Command::Alerts(args) => match args.action {
            Some(AlertsAction::Ack(ack)) => alerts::ack(&mut store, &ack, today(), out),
            None => {
                let profile = args
                    .profile
                    .expect("clap requires --profile without a subcommand");
                alerts::list(&store, &profile, today(), out)
            }
        },
        Command::Retirement(_) | Command::Rules(_) => unreachable!("run without a store"),
    }
}

/// Today in local time: the CLI is where the clock is read; the core is always told the date.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
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
