//! The command line contract (docs/cli.md). Keep it stable: scripts and tests rely on it.

use clap::{Args, Parser, Subcommand};
use shebao_core::model::{EmploymentCategory, Sex, YearMonth};
use shebao_core::Lang;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "shebao",
    version,
    about = "社保账本 · Shebao Ledger — personal social-insurance records, offline"
)]
pub struct Cli {
    /// Database file [default: $SHEBAO_DB, else the OS data directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Language of messages and reports: zh (简体中文) or en
    #[arg(long, global = true, env = "SHEBAO_LANG", default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the demo profile with a realistic, fictional history
    Demo,
    /// Add, list and show family members' profiles
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Months paid, first and last month, and gaps per insurance kind
    Summary(ProfileArg),
    /// Statutory retirement month and age (2025 reform), minimum contribution years and the
    /// elastic retirement window. Needs no database.
    Retirement(RetirementArgs),
    /// The bundled rule tables: versions and sources. Needs no database.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Debug, Args)]
pub struct RetirementArgs {
    /// Birth month, e.g. 1972-12
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub born: YearMonth,
    /// male or female
    #[arg(long, value_parser = parse_code::<Sex>)]
    pub sex: Sex,
    /// Retirement age before the reform: 60 for men; for women 50 (工人 posts, the default)
    /// or 55 (干部/管理 posts)
    #[arg(long, value_name = "50|55|60")]
    pub original_age: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Versions and sources of the loaded tables (--json: the tables themselves)
    Show,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Add a profile
    Add(AddProfile),
    /// List profiles
    List,
    /// Show one profile (the ID number masked)
    Show {
        /// Profile name or id
        profile: String,
    },
}

#[derive(Debug, Args)]
pub struct AddProfile {
    #[arg(long)]
    pub name: String,
    /// 18-digit resident ID number; sex and birth month are taken from it
    #[arg(long, value_name = "ID")]
    pub id_number: Option<String>,
    #[arg(long, value_parser = parse_code::<Sex>)]
    pub sex: Option<Sex>,
    /// Birth month, e.g. 1988-03
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub born: Option<YearMonth>,
    /// Region code (GB/T 2260, 6 digits) where insured, e.g. 330100
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// employee, flexible or other
    #[arg(long, value_parser = parse_code::<EmploymentCategory>)]
    pub employment: Option<EmploymentCategory>,
    /// Retirement age before the reform: 60 for men; for women 50 (工人 posts, the default
    /// when not given) or 55 (干部/管理 posts)
    #[arg(long, value_name = "50|55|60")]
    pub original_age: Option<u32>,
    /// Day of the month a flexible-employment payment is due (1-31; a shorter month's last
    /// day when it has fewer days)
    #[arg(long, value_name = "N")]
    pub deadline_day: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ProfileArg {
    /// Profile name or id
    #[arg(long, short)]
    pub profile: String,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    text.parse()
}

fn parse_month(text: &str) -> Result<YearMonth, String> {
    text.parse()
        .map_err(|e: shebao_core::model::YearMonthError| e.to_string())
}

fn parse_code<T>(text: &str) -> Result<T, String>
where
    T: std::str::FromStr<Err = shebao_core::model::UnknownCode>,
{
    text.parse()
        .map_err(|e: shebao_core::model::UnknownCode| e.to_string())
}
