//! The command line contract (docs/cli.md). Keep it stable: scripts and tests rely on it.

use clap::{Args, Parser, Subcommand};
use shebao_core::model::{EmploymentCategory, ExportFormat, InsuranceKind, Sex, YearMonth};
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
    /// Export a profile's records: a PDF statement, CSV, XLSX, or the JSON backup
    Export(ExportArgs),
    /// Check that a file is exactly one the app exported and that its records are unchanged
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// pdf (statement), csv, xlsx or json (full backup, re-importable)
    #[arg(value_parser = parse_code::<ExportFormat>)]
    pub format: ExportFormat,
    /// Profile name or id
    #[arg(long, short)]
    pub profile: String,
    /// First month to include [default: the first record]
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub from: Option<YearMonth>,
    /// Last month to include [default: the last record]
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub to: Option<YearMonth>,
    /// Kinds to include, comma-separated [default: all]: pension, medical, unemployment,
    /// work_injury, maternity, housing_fund
    #[arg(long, value_name = "KIND,…", value_delimiter = ',', value_parser = parse_code::<InsuranceKind>)]
    pub kinds: Vec<InsuranceKind>,
    /// Print the whole ID number (PDF, XLSX) instead of 5101**********1239
    #[arg(long)]
    pub show_id: bool,
    /// The file to write (replaced if it exists)
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The exported file to check
    pub file: PathBuf,
}

impl Cli {
    /// Checks between flags that clap cannot express; a failure is a usage error (exit 2).
    pub fn check(&self) -> Result<(), clap::Error> {
        if let Command::Export(ExportArgs {
            from: Some(from),
            to: Some(to),
            ..
        }) = &self.command
        {
            if from > to {
                return Err(<Cli as clap::CommandFactory>::command().error(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!("--from {from} is after --to {to}"),
                ));
            }
        }
        Ok(())
    }
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
