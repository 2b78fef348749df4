//! The command line contract (docs/cli.md). Keep it stable: scripts and tests rely on it.

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Parser, Subcommand};
use shebao_core::analysis::alerts::AlertCode;
use shebao_core::analysis::standing::Index;
use shebao_core::charts::{ChartFormat, ChartKind, Theme, MAX_SIZE, MIN_SIZE};
use shebao_core::ingest::{ColumnMapping, HeaderGiven};
use shebao_core::model::{
    ContributionStatus, DocumentType, EmploymentCategory, ExportFormat, Freshness, InsuranceKind,
    Money, Sex, YearMonth,
};
use shebao_core::rules::{Age, BasisPoints};
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
    /// Enter one payment by hand (the month a flexible-employment person just paid for
    /// themselves, or a receipt): payer self and status paid unless said otherwise
    Add(AddArgs),
    /// Import a statement (CSV/TSV in UTF-8 or GBK, XLSX/XLS, or the app's JSON); FILE - reads
    /// a pasted table from standard input. Writes the whole file or nothing.
    Import(ImportArgs),
    /// Where a profile stands: years per kind, retirement and the minimum years, the personal
    /// account computed against reported balances, and a pension estimate
    Standing(StandingArgs),
    /// Warnings for a profile (gaps, owed and overdue months, medical lapse, …); `alerts ack`
    /// acknowledges them until their facts change
    Alerts(AlertsArgs),
    /// The first rows of a file with their line numbers and column letters, and a suggested
    /// --mapping, for a file whose header is not recognised. Needs no database.
    Columns(ColumnsArgs),
    /// Column mappings remembered with `import --save-mapping` (or in the window)
    #[command(subcommand)]
    Mapping(MappingCommand),
    /// Where records come from: add a provider served over HTTP, list every source
    #[command(subcommand)]
    Source(SourceCommand),
    /// Bring providers over HTTP up to date (protocol v1, docs/provider-api.md): every one,
    /// or --source S. Each is written whole or not at all.
    Sync(SyncArgs),
    /// Statutory retirement month and age (2025 reform), minimum contribution years and the
    /// elastic retirement window. Needs no database.
    Retirement(RetirementArgs),
    /// The rule tables in use (bundled, or a newer signed set from `rules update`): versions and
    /// sources. Reads no database, only the downloaded tables beside it.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Encrypt the database with a new passphrase ($SHEBAO_PASSPHRASE, else asked twice)
    Encrypt,
    /// Decrypt the database for good (its passphrase: $SHEBAO_PASSPHRASE, else asked)
    Decrypt,
    /// Change the passphrase (current: $SHEBAO_PASSPHRASE, new: $SHEBAO_NEW_PASSPHRASE, else asked)
    Passwd,
    /// Forget the key the desktop app remembered on this computer for the database ("remember
    /// on this computer"): from then on it opens only with the passphrase
    ForgetKey,
    /// Write a verified backup [default: into backups/ beside the database]
    Backup {
        /// Where to write the backup (must not exist yet)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Replace the database with a backup; the current database is backed up first
    Restore {
        /// The backup file to restore
        file: PathBuf,
    },
    /// Check the database's integrity; if damaged, name the newest good backup
    Check,
    /// Backups on a WebDAV server (坚果云, Nextcloud, a NAS), sealed with a backup passphrase
    /// the server never sees (docs/webdav.md)
    #[command(subcommand)]
    Webdav(WebdavCommand),
    /// Export a profile's records: a PDF statement, CSV, XLSX, or the JSON backup
    Export(ExportArgs),
    /// Check that a file is exactly one the app exported and that its records are unchanged
    Verify(VerifyArgs),
    /// Draw a chart of a profile's history: pension-years, balance, calendar or amounts, as
    /// SVG or PNG (by the extension of --out)
    Chart(ChartArgs),
    /// The official-document vault: 参保证明 and 个人权益记录单 (PDF, PNG, JPEG) kept with a
    /// profile in vault/ beside the database
    #[command(subcommand)]
    Vault(VaultCommand),
}

#[derive(Debug, Subcommand)]
pub enum WebdavCommand {
    /// Set the server: its folder address, the user, and the password (kept in the OS
    /// keyring; without one, read from --password-env at each use)
    Set(WebdavSetArgs),
    /// Upload a backup archive into shebao-backups/ on the server (backup passphrase:
    /// $SHEBAO_WEBDAV_PASSPHRASE, else asked twice); older ones beyond --keep are removed
    Backup,
    /// The backups on the server, newest first
    List,
    /// Replace the database with a backup from the server, after checking it whole; the
    /// current database is backed up first (backup passphrase: $SHEBAO_WEBDAV_PASSPHRASE,
    /// else asked)
    Restore {
        /// The backup's name, as `webdav list` shows it
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct WebdavSetArgs {
    /// The WebDAV folder (https; http only on localhost), e.g. https://dav.jianguoyun.com/dav/
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// The user name (for 坚果云, the account's e-mail)
    #[arg(long, value_name = "NAME")]
    pub user: String,
    /// The environment variable holding the password (for 坚果云, an app password). It is
    /// stored in the OS keyring when there is one; otherwise read from this variable at each
    /// use. Without it the password is asked for on the terminal (and then needs a keyring)
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// How many backups to keep on the server [default: 10, or as set before]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub keep: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Attach a PDF, PNG or JPEG (at most 50 MB) to a profile; it is copied into the vault
    Add(VaultAddArgs),
    /// A profile's documents, the most recent first
    List(ProfileArg),
    /// Check a document's file and print its path (e.g. xdg-open "$(shebao vault open ID)")
    Open {
        /// The document's id, as `vault list` shows it
        id: i64,
    },
    /// Copy a document out of the vault, checking its SHA-256 on the way
    Export {
        /// The document's id
        id: i64,
        /// The file to write (replaced if it exists)
        #[arg(long, short, value_name = "FILE")]
        out: PathBuf,
    },
    /// Remove a document, and its file unless another profile holds the same file
    Remove {
        /// The document's id
        id: i64,
    },
    /// After how many days a certificate is out of date (alert certificate_stale): show it,
    /// set it with DAYS (for one profile with --profile, else for all), or --clear it
    MaxAge(MaxAgeArgs),
    /// Remove files from the vault folder that no document names (left by deleted profiles)
    Prune,
}

#[derive(Debug, Args)]
pub struct VaultAddArgs {
    /// The PDF, PNG or JPEG file to attach
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Profile name or id
    #[arg(long, short)]
    pub profile: String,
    /// certificate (参保证明), rights_record (个人权益记录单) or other
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_code::<DocumentType>)]
    pub doc_type: DocumentType,
    /// The date the document was issued (e.g. 2026-11-20); a certificate's age counts from it,
    /// else from the day it is attached
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// A note to keep with it
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct MaxAgeArgs {
    /// Days (1-3650); without it, the limit in force is shown
    #[arg(value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub days: Option<u32>,
    /// For this profile only (name or id); without it, the global setting
    #[arg(long, short)]
    pub profile: Option<String>,
    /// Remove the setting (the profile then follows the global one, the global one the default)
    #[arg(long, conflicts_with = "days")]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// pension-years, balance, calendar or amounts
    #[arg(value_parser = parse_chart_kind)]
    pub kind: ChartKind,
    /// Profile name or id
    #[arg(long, short)]
    pub profile: String,
    /// The file to write, .svg or .png (replaced if it exists)
    #[arg(long, short, value_name = "FILE", value_parser = parse_chart_out)]
    pub out: PathBuf,
    /// light or dark
    #[arg(long, default_value = "light", value_parser = parse_theme)]
    pub theme: Theme,
    /// Size in pixels, WIDTHxHEIGHT (360x240 to 4096x4096)
    #[arg(long, value_name = "WxH", default_value = "960x540", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Kinds to show, comma-separated [default: all with records; balance: pension, medical,
    /// housing_fund]
    #[arg(long, value_name = "KIND,…", value_delimiter = ',', value_parser = parse_code::<InsuranceKind>)]
    pub kinds: Vec<InsuranceKind>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("whose").required(true).args(["profile", "all"])))]
pub struct ExportArgs {
    /// pdf (statement), csv, xlsx or json (full backup, re-importable)
    #[arg(value_parser = parse_code::<ExportFormat>)]
    pub format: ExportFormat,
    /// Profile name or id
    #[arg(long, short)]
    pub profile: Option<String>,
    /// Every profile: one file each into the folder --out, plus manifest.csv (profile, file,
    /// sha256, months, profile_id); the folder must not hold a manifest or a file of the same
    /// name already
    #[arg(long)]
    pub all: bool,
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
    /// PDF: add the pension estimate (with the figures stored by `profile set`) as an appendix
    #[arg(long)]
    pub with_estimate: bool,
    /// The file to write (replaced if it exists); with --all, the folder (made if missing)
    #[arg(long, short, value_name = "FILE|DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The exported file to check; or a batch's manifest.csv, or its folder, to check every
    /// file it lists
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

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Profile name or id
    #[arg(long, short)]
    pub profile: String,
    /// The month paid for (up to next month), e.g. 2026-11
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub month: YearMonth,
    /// pension, medical, unemployment, work_injury, maternity or housing_fund (or 养老, 医疗,
    /// 失业, 工伤, 生育, 公积金 …)
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: InsuranceKind,
    /// Who paid: self (个人 / 灵活就业) or the employer's name
    #[arg(long, value_name = "NAME|self", default_value = "self")]
    pub payer: String,
    /// 缴费基数 in yuan
    #[arg(long, value_name = "YUAN", value_parser = parse_amount, allow_hyphen_values = true)]
    pub base: Option<Money>,
    /// 个人缴费 in yuan (what the person paid)
    #[arg(long, value_name = "YUAN", value_parser = parse_amount, allow_hyphen_values = true)]
    pub personal: Money,
    /// 单位缴费 in yuan [default: 0]
    #[arg(long, value_name = "YUAN", value_parser = parse_amount, allow_hyphen_values = true)]
    pub employer: Option<Money>,
    /// 划入个人账户: the part credited to the personal account, in yuan, if the receipt says
    #[arg(long = "to-account", value_name = "YUAN", value_parser = parse_amount, allow_hyphen_values = true)]
    pub to_account: Option<Money>,
    /// paid, owed, back_paid, transferred_in or transfer_pending
    #[arg(long, value_name = "STATUS", default_value = "paid", value_parser = parse_code::<ContributionStatus>)]
    pub status: ContributionStatus,
    /// The pooling region: a 6-digit code (GB/T 2260) or a name, e.g. 330100, 杭州, hangzhou
    /// [default: the profile's region]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import, or - for standard input (a table copied from a web page)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Profile name or id (not with --per-person, where each row names its person)
    #[arg(
        long,
        short,
        required_unless_present = "per_person",
        conflicts_with = "per_person"
    )]
    pub profile: Option<String>,
    /// Read and check everything and report what would change; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import even though the file names another person or ID number than the profile's
    #[arg(long)]
    pub force: bool,
    /// A file of many people (a 身份证号 / 姓名 column): one import per person, matched to
    /// profiles by ID number, all written or none
    #[arg(long, conflicts_with_all = ["force", "mapping", "mapping_file", "save_mapping"])]
    pub per_person: bool,
    /// With --per-person: create a profile for each person no profile has
    #[arg(long, requires = "per_person")]
    pub create_profiles: bool,
    /// With --per-person: a person named but without an ID number goes to the profile of
    /// that name
    #[arg(long, requires = "per_person")]
    pub match_names: bool,
    /// Which column holds what, for a header that is not recognised: e.g.
    /// month=A,kind=B,personal=D,header=3 (kind=housing_fund for a table of one kind,
    /// header=none for a table without a header row). See `shebao columns FILE`.
    #[arg(long, value_name = "SPEC", conflicts_with = "mapping_file", value_parser = parse_mapping)]
    pub mapping: Option<MappingSpec>,
    /// The same as a JSON file: {"header_line": 3, "columns": {"month": "A", …}}
    #[arg(long, value_name = "FILE")]
    pub mapping_file: Option<PathBuf>,
    /// Remember the mapping for the next file from the same source (same header words, or
    /// for a table without a header row the same file-name pattern)
    #[arg(long)]
    pub save_mapping: bool,
}

#[derive(Debug, Args)]
pub struct ColumnsArgs {
    /// The file to look at, or - for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// How many rows to show
    #[arg(long, default_value_t = 12)]
    pub rows: usize,
}

#[derive(Debug, Subcommand)]
pub enum MappingCommand {
    /// The remembered column mappings
    List,
    /// Forget a remembered column mapping
    Delete {
        /// Its id, as `shebao mapping list` shows it
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a provider that serves a profile's records over HTTP (or update one of that
    /// name: its URL, freshness and token)
    AddHttp(AddHttpArgs),
    /// Every source (imported files, providers, manual entry): freshness, last sync, last run
    List,
}

#[derive(Debug, Args)]
pub struct AddHttpArgs {
    /// The source's name, used with `sync --source`
    #[arg(long)]
    pub name: String,
    /// Profile name or id whose records the provider serves
    #[arg(long, short)]
    pub profile: String,
    /// The provider's address, the part before /v1/ (https; http only on localhost)
    #[arg(long, value_name = "URL")]
    pub base_url: String,
    /// The environment variable holding the token. It is stored in the OS keyring when there
    /// is one; otherwise it is read from this variable at each sync. Without it the token is
    /// asked for on the terminal (and then needs a keyring)
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
    /// How fresh the provider's data can be: realtime, daily or weekly (for staleness warnings)
    #[arg(long, default_value = "daily", value_parser = parse_code::<Freshness>)]
    pub freshness: Freshness,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this source [default: every provider over HTTP]
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Write even though the provider names another person or ID number than the profile's
    #[arg(long)]
    pub force: bool,
    /// Ask for the whole history, not only from the last month held (to pick up a late
    /// correction or back payment of an old month)
    #[arg(long)]
    pub full: bool,
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
    /// Which tables are in use (bundled or updated), their versions and sources (--json: the
    /// tables themselves)
    Show,
    /// Fetch a newer signed set of rule tables and use it once its signature, hashes, tables and
    /// version check out; anything less leaves the tables in use unchanged
    Update {
        /// The release's manifest.json [default: $SHEBAO_RULES_URL, else the project's address]
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
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
    /// Set the facts the rules need on an existing profile
    Set(SetProfile),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("fact").required(true).multiple(true)))]
pub struct SetProfile {
    /// Profile name or id
    pub profile: String,
    /// Retirement age before the reform: 60 for men; for women 50 (工人) or 55 (干部/管理)
    #[arg(long, value_name = "50|55|60", group = "fact")]
    pub original_age: Option<u32>,
    /// Day of the month a flexible-employment payment is due (1-31)
    #[arg(long, value_name = "N", group = "fact")]
    pub deadline_day: Option<u32>,
    /// For the estimate: the region's 养老金计发基数, in yuan a month
    #[arg(long, value_name = "YUAN", group = "fact", value_parser = parse_money)]
    pub benefit_base: Option<Money>,
    #[arg(long, group = "fact", conflicts_with = "benefit_base")]
    pub clear_benefit_base: bool,
    /// For the estimate: your average contribution index so far (平均缴费指数, as on the
    /// 个人权益记录单), e.g. 0.85
    #[arg(long, value_name = "X", group = "fact", value_parser = parse_index)]
    pub average_index: Option<Index>,
    #[arg(long, group = "fact", conflicts_with = "average_index")]
    pub clear_average_index: bool,
    /// For the estimate: the index you expect to pay at from now (0.6 to 3)
    #[arg(long, value_name = "X", group = "fact", value_parser = parse_index)]
    pub future_index: Option<Index>,
    #[arg(long, group = "fact", conflicts_with = "future_index")]
    pub clear_future_index: bool,
    /// For the estimate: the month you mean to retire, within your elastic window
    #[arg(long, value_name = "YYYY-MM", group = "fact", value_parser = parse_month)]
    pub retire_month: Option<YearMonth>,
    #[arg(long, group = "fact", conflicts_with = "retire_month")]
    pub clear_retire_month: bool,
    /// For the transitional pension: 视同缴费年限 in months (before personal accounts began)
    #[arg(long, value_name = "N", group = "fact", value_parser = clap::value_parser!(u32).range(1..=720))]
    pub deemed_months: Option<u32>,
    #[arg(long, group = "fact", conflicts_with = "deemed_months")]
    pub clear_deemed_months: bool,
    /// For the transitional pension: the province's 过渡系数, e.g. 1.2%
    #[arg(long, value_name = "PERCENT", group = "fact", value_parser = parse_percent)]
    pub transitional_coefficient: Option<BasisPoints>,
    #[arg(long, group = "fact", conflicts_with = "transitional_coefficient")]
    pub clear_transitional_coefficient: bool,
}

#[derive(Debug, Args)]
pub struct StandingArgs {
    /// Profile name or id
    #[arg(long, short)]
    pub profile: String,
    /// Scenario: future months' base as a multiple of the local average wage (0.6, 1, 60%);
    /// default: keep the last base paid
    #[arg(long, value_name = "X", value_parser = parse_index)]
    pub index: Option<Index>,
    /// Scenario: retire (and stop paying) at this age, e.g. 63 or 62y8m; default: the
    /// statutory age. Must lie within the elastic retirement window
    #[arg(long, value_name = "AGE", value_parser = parse_age)]
    pub until_age: Option<Age>,
    /// 养老金计发基数 in yuan a month, where the rule tables have none for the region
    #[arg(long, value_name = "YUAN", value_parser = parse_money)]
    pub benefit_base: Option<Money>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AlertsArgs {
    #[command(subcommand)]
    pub action: Option<AlertsAction>,
    /// Profile name or id
    #[arg(long, short, required = true)]
    pub profile: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AlertsAction {
    /// Acknowledge current alerts: by --code (and --kind), or one by --fingerprint. They stay
    /// acknowledged until their facts change
    Ack(AckArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true)))]
pub struct AckArgs {
    /// Profile name or id
    #[arg(long, short)]
    pub profile: String,
    /// Every current alert with this code (gap, owed, due_soon, overdue, …)
    #[arg(long, group = "which", value_parser = parse_code::<AlertCode>)]
    pub code: Option<AlertCode>,
    /// With --code: only alerts about this insurance kind
    #[arg(long, requires = "code", conflicts_with = "fingerprint", value_parser = parse_code::<InsuranceKind>)]
    pub kind: Option<InsuranceKind>,
    /// The one current alert with this fingerprint (16 hex digits, from `alerts --json`)
    #[arg(long, group = "which", value_name = "HEX", value_parser = parse_fingerprint)]
    pub fingerprint: Option<String>,
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
    /// Where insured: a 6-digit region code (GB/T 2260) or a name, e.g. 330100, 杭州, 浙江省杭州市,
    /// hangzhou, hz
    #[arg(long, value_name = "REGION")]
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

/// `--mapping` as given: the mapping, and whether the header line was said or is to be guessed.
#[derive(Debug, Clone)]
pub struct MappingSpec {
    pub mapping: ColumnMapping,
    pub header: HeaderGiven,
}

/// A malformed `--mapping` is a usage error (exit 2), like any malformed flag value.
fn parse_mapping(text: &str) -> Result<MappingSpec, String> {
    let (mapping, header) =
        ColumnMapping::parse_spec(text).map_err(|problem| problem.message(Lang::En))?;
    Ok(MappingSpec { mapping, header })
}

fn parse_chart_kind(text: &str) -> Result<ChartKind, String> {
    text.parse()
}

/// A file name whose extension is not a chart format is a usage error (exit 2).
fn parse_chart_out(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    ChartFormat::from_path(&path).map_err(|e| e.message(Lang::En))?;
    Ok(path)
}

fn parse_theme(text: &str) -> Result<Theme, String> {
    text.parse()
}

/// `960x540` (also `960×540`, `960X540`).
fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let error = || {
        format!(
            "not a size: {text:?} (expected WIDTHxHEIGHT between {}x{} and {MAX_SIZE}x{MAX_SIZE}, e.g. 960x540)",
            MIN_SIZE.0, MIN_SIZE.1
        )
    };
    let (w, h) = text.trim().split_once(['x', 'X', '×']).ok_or_else(error)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| error())?,
        h.trim().parse().map_err(|_| error())?,
    );
    if !(MIN_SIZE.0..=MAX_SIZE).contains(&w) || !(MIN_SIZE.1..=MAX_SIZE).contains(&h) {
        return Err(error());
    }
    Ok((w, h))
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    text.parse()
}

fn parse_month(text: &str) -> Result<YearMonth, String> {
    text.parse()
        .map_err(|e: shebao_core::model::YearMonthError| e.to_string())
}

/// A day: 2026-11-20, 2026/11/20, 20261120 or 2026年11月20日.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%Y.%m.%d"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(t, format).ok())
        .ok_or_else(|| format!("not a date: {text:?} (expected e.g. 2026-11-20)"))
}

fn parse_code<T>(text: &str) -> Result<T, String>
where
    T: std::str::FromStr<Err = shebao_core::model::UnknownCode>,
{
    text.parse()
        .map_err(|e: shebao_core::model::UnknownCode| e.to_string())
}

fn parse_fingerprint(text: &str) -> Result<String, String> {
    let fp = text.trim().to_ascii_lowercase();
    if shebao_core::store::is_fingerprint(&fp) {
        Ok(fp)
    } else {
        Err(format!(
            "not a fingerprint: {text:?} (16 hex digits, as `alerts --json` prints)"
        ))
    }
}

fn parse_index(text: &str) -> Result<Index, String> {
    text.parse()
}

/// `1.2%` or `1.2` (percent either way), at most two decimals, up to 10%.
fn parse_percent(text: &str) -> Result<BasisPoints, String> {
    BasisPoints::parse_percent(text, 10).ok_or_else(|| {
        format!("not a percentage: {text:?} (expected e.g. 1.2% or 1.4, at most 10%)")
    })
}

/// An amount as written; a negative one gets through to the core, which refuses it with a
/// message naming the field (exit 1), as a form would.
fn parse_amount(text: &str) -> Result<Money, String> {
    text.parse()
        .map_err(|e: shebao_core::model::MoneyError| e.to_string())
}

/// A kind by code or by the names statements use (养老, 公积金 …).
fn parse_kind(text: &str) -> Result<InsuranceKind, String> {
    shebao_core::ingest::parse_kind(text).map_err(|_| {
        format!(
            "unknown insurance kind {text:?} (expected one of: {})",
            InsuranceKind::ALL
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn parse_money(text: &str) -> Result<Money, String> {
    let money: Money = text
        .parse()
        .map_err(|e: shebao_core::model::MoneyError| e.to_string())?;
    if money <= Money::ZERO {
        return Err(format!("not a positive amount: {text:?}"));
    }
    Ok(money)
}

/// `63`, `62y8m`, `62岁8个月`, `62岁`.
fn parse_age(text: &str) -> Result<Age, String> {
    let error = || format!("not an age: {text:?} (expected e.g. 63 or 62y8m)");
    let t = text.trim();
    let (years, rest) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    let years: u32 = years.parse().map_err(|_| error())?;
    let rest = rest
        .strip_prefix('y')
        .or_else(|| rest.strip_prefix('岁'))
        .unwrap_or(rest);
    let months = if rest.is_empty() {
        0
    } else {
        let digits = rest
            .strip_suffix("个月")
            .or_else(|| rest.strip_suffix('m'))
            .ok_or_else(error)?;
        digits.parse().map_err(|_| error())?
    };
    if months > 11 || !(30..=80).contains(&years) {
        return Err(error());
    }
    Ok(Age { years, months })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_sizes_and_files_parse_or_say_what_is_expected() {
        assert_eq!(parse_size("960x540"), Ok((960, 540)));
        assert_eq!(parse_size(" 1200 × 800 "), Ok((1200, 800)));
        for bad in ["960", "x540", "10x10", "960x99999", "axb"] {
            assert!(
                parse_size(bad).unwrap_err().contains("WIDTHxHEIGHT"),
                "{bad}"
            );
        }
        assert!(parse_chart_out("a/b.PNG").is_ok());
        assert!(parse_chart_out("chart.jpg")
            .unwrap_err()
            .contains(".svg or .png"));
        assert!(parse_chart_out("chart").is_err());
    }

    #[test]
    fn ages_parse_in_the_usual_spellings() {
        let age = |y, m| {
            Ok(Age {
                years: y,
                months: m,
            })
        };
        assert_eq!(parse_age("63"), age(63, 0));
        assert_eq!(parse_age("62y8m"), age(62, 8));
        assert_eq!(parse_age("62岁8个月"), age(62, 8));
        assert_eq!(parse_age("55岁"), age(55, 0));
        for bad in ["", "x", "62y12m", "62y8", "200", "62.5"] {
            assert!(parse_age(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_parse_in_the_usual_spellings() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        for text in [
            "2026-03-05",
            "2026-3-5",
            "2026/3/5",
            "20260305",
            "2026年3月5日",
            " 2026.03.05 ",
        ] {
            assert_eq!(parse_date(text), Ok(day), "{text}");
        }
        for bad in ["", "2026-02-30", "2026-03", "05/03/2026", "昨天"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
