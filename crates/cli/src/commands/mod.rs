//! One module per subcommand; each calls the core and prints.
//!
//! Three kinds of command: those that only consult the rules never open (or create) a database
//! (they read only the downloaded rule tables beside it, if any); those that convert, copy or check the database file itself open it their own way,
//! through the core; all others get the store opened here, with the passphrase if the database
//! is encrypted.

mod add;
mod alerts;
mod backup;
mod chart;
mod check;
mod columns;
mod demo;
mod encryption;
mod export;
mod import;
mod import_people;
mod mapping;
mod profile;
mod remembered_key;
mod restore;
mod retirement;
mod rules;
mod source;
mod standing;
mod summary;
mod sync;
mod vault;
mod verify;
mod webdav;

use crate::args::{
    AlertsAction, Cli, Command, MappingCommand, ProfileCommand, RulesCommand, SourceCommand,
    VaultCommand, WebdavCommand,
};
use crate::passphrase;
use serde::Serialize;
use shebao_core::rules::{ActiveRules, TrustedKeys};
use shebao_core::{paths, Result, Store};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command; the exit code is success unless a check (verify) failed.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let ok = |done: Result<()>| done.map(|()| ExitCode::SUCCESS);
    let out = Output {
        json: cli.json,
        lang: cli.lang,
    };
    match &cli.command {
        Command::Retirement(args) => return ok(retirement::run(args, &active_rules(&cli), out)),
        Command::Rules(RulesCommand::Show) => return ok(rules::show(&active_rules(&cli), out)),
        Command::Columns(args) => return ok(columns::run(args, out)),
        _ => {}
    }
    let path = db_path(&cli)?;
    match &cli.command {
        Command::Rules(RulesCommand::Update { url }) => {
            return ok(rules::update(&path, url.as_deref(), out))
        }
        Command::Encrypt => return ok(encryption::encrypt(&path, out)),
        Command::Decrypt => return ok(encryption::decrypt(&path, out)),
        Command::Passwd => return ok(encryption::passwd(&path, out)),
        Command::ForgetKey => return ok(remembered_key::forget_key(&path, out)),
        Command::Restore { file } => return ok(restore::run(&path, file, out)),
        Command::Check => return ok(check::run(&path, out)),
        Command::Webdav(WebdavCommand::Restore { name }) => {
            return ok(webdav::restore(&path, name, out))
        }
        _ => {}
    }
    // An import's file is read before the database is opened: a missing file must not create one.
    let import_input = match &cli.command {
        Command::Import(args) => Some(import::read_input(args)?),
        _ => None,
    };
    // So is a document for the vault.
    let document = match &cli.command {
        Command::Vault(VaultCommand::Add(args)) => Some(vault::read(args)?),
        _ => None,
    };
    let passphrase = passphrase::for_open(&path, out.lang)?;
    let mut store = Store::open_with_passphrase(&path, passphrase.as_ref())?;
    let done = match cli.command {
        Command::Demo => demo::run(&mut store, out),
        Command::Profile(ProfileCommand::Add(args)) => profile::add(&mut store, args, out),
        Command::Profile(ProfileCommand::List) => profile::list(&store, out),
        Command::Profile(ProfileCommand::Show { profile }) => profile::show(&store, &profile, out),
        Command::Profile(ProfileCommand::Set(args)) => profile::set(&mut store, args, today(), out),
        Command::Summary(args) => summary::run(&store, &args.profile, out),
        Command::Add(args) => add::run(&mut store, &args, today(), out),
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
        Command::Import(args) => {
            let input = import_input.expect("read before opening the store");
            import::run(&mut store, &args, input, out)
        }
        Command::Mapping(MappingCommand::List) => mapping::list(&store, out),
        Command::Mapping(MappingCommand::Delete { id }) => mapping::delete(&store, id, out),
        Command::Source(SourceCommand::AddHttp(args)) => source::add_http(&mut store, &args, out),
        Command::Source(SourceCommand::List) => source::list(&store, today(), out),
        Command::Sync(args) => return sync::run(&mut store, &args, out),
        Command::Backup { out: file } => backup::run(&store, file.as_deref(), out),
        Command::Export(args) => export::run(&mut store, args, out),
        Command::Verify(args) => return verify::run(&store, &args.file, out),
        Command::Chart(args) => chart::run(&store, &args, today(), out),
        Command::Vault(command) => match command {
            VaultCommand::Add(args) => {
                let file = document.expect("read before opening the store");
                vault::add(&mut store, args, file, today(), out)
            }
            VaultCommand::List(args) => vault::list(&store, &args.profile, out),
            VaultCommand::Open { id } => vault::open(&store, id, out),
            VaultCommand::Export { id, out: file } => vault::export(&store, id, &file, out),
            VaultCommand::Remove { id } => vault::remove(&mut store, id, out),
            VaultCommand::MaxAge(args) => vault::max_age(&store, &args, out),
            VaultCommand::Prune => vault::prune(&store, out),
        },
        Command::Webdav(WebdavCommand::Set(args)) => webdav::set(&store, &args, out),
        Command::Webdav(WebdavCommand::Backup) => webdav::backup(&store, out),
        Command::Webdav(WebdavCommand::List) => webdav::list(&store, out),
        Command::Retirement(_)
        | Command::Rules(_)
        | Command::Columns(_)
        | Command::Encrypt
        | Command::Decrypt
        | Command::Passwd
        | Command::ForgetKey
        | Command::Restore { .. }
        | Command::Check
        | Command::Webdav(WebdavCommand::Restore { .. }) => unreachable!("handled above"),
    };
    ok(done)
}

fn db_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.db {
        Some(path) => Ok(path.clone()),
        None => paths::default_db_path(),
    }
}

/// The rule tables in use for the database (without opening it): a verified download beside
/// it, else the bundled ones. A system without a data directory simply has the bundled ones.
fn active_rules(cli: &Cli) -> ActiveRules {
    match db_path(cli) {
        Ok(path) => ActiveRules::load(&path, &TrustedKeys::project()),
        Err(_) => ActiveRules::bundled(),
    }
}

/// Today in local time: the CLI is where the clock is read; the core is always told the date.
/// `SHEBAO_TODAY=YYYY-MM-DD` (not in `--help`: it is for tests) fixes the date, so a test and
/// the command it runs agree on it even when the run crosses midnight.
fn today() -> chrono::NaiveDate {
    std::env::var(TODAY_ENV)
        .ok()
        .and_then(|day| day.parse().ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// See [`today`].
const TODAY_ENV: &str = "SHEBAO_TODAY";

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
