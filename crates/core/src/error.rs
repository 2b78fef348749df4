//! Errors are types. Each has a stable `code` for the UI and scripts, and a one-line message
//! in the user's language that names what was wrong and where. Messages never contain an ID
//! number: a log or a screenshot of an error must not leak one.

use crate::ingest::{MappingProblem, PersonMismatch, RowError};
use crate::model::{IdNumberError, Money, YearMonth};
use crate::reason::Reason;
use crate::rules::{Age, RulesError};
use crate::sync::SyncError;
use crate::webdav::WebDavError;
use crate::{Lang, Remedy};
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid resident ID number: {reason}")]
    InvalidIdNumber { reason: IdNumberError },

    #[error("invalid {field}: {value:?}")]
    InvalidField { field: &'static str, value: String },

    #[error("the given {field} does not match the ID number")]
    ContradictsIdNumber { field: &'static str },

    #[error(
        "no region is called {input:?}; type its name or its 6-digit code, such as 杭州 or 330100"
    )]
    UnknownRegion { input: String },

    #[error("{input:?} is more than one region: {}; type one of these codes, or add the province or city to the name", candidates.join(", "))]
    AmbiguousRegion {
        input: String,
        candidates: Vec<String>,
    },

    #[error("the period starts ({from}) after it ends ({to})")]
    InvalidPeriod { from: YearMonth, to: YearMonth },

    #[error("no profile named or numbered {query:?}")]
    UnknownProfile { query: String },

    #[error("a profile named {name:?} already exists")]
    DuplicateProfile { name: String },

    #[error("the profile {owner:?} already has this ID number")]
    DuplicateIdNumber { owner: String },

    #[error("{} is not a Shebao Ledger database (not an SQLite file); it was left untouched", path.display())]
    NotADatabase { path: PathBuf },

    #[error(
        "{} was written by a newer version of Shebao Ledger (schema {found}, this version knows up to {supported}); update the app. The file was left untouched",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("cannot use the data directory {}: {source}", path.display())]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "this system reports no data directory, so there is no default place for the database"
    )]
    NoDataDir,

    #[error("cannot read or write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{} already holds {}; a batch export never replaces files: choose an empty or new folder. Nothing was written", dir.display(), file.display())]
    BatchFolderTaken { dir: PathBuf, file: PathBuf },

    #[error("exporting {profile:?}: {source}; the files this batch had written were removed")]
    BatchProfileFailed { profile: String, source: Box<Error> },

    #[error("{} line {line} is not a batch manifest line: {reason}", path.display())]
    ManifestInvalid {
        path: PathBuf,
        line: u64,
        reason: String,
    },

    #[error("the document font cannot draw {chars:?}; change the name or text that contains it and export again")]
    GlyphsMissing { chars: String },

    #[error("{}: not a chart format this app writes; name the file .svg or .png", path.display())]
    UnsupportedChartFormat { path: PathBuf },

    #[error("could not make the {format} file: {reason}")]
    ExportFailed {
        format: &'static str,
        reason: String,
    },

    #[error("{} is encrypted: a passphrase is needed", path.display())]
    PassphraseRequired { path: PathBuf },

    #[error("wrong passphrase for {}; nothing was read or changed", path.display())]
    WrongPassphrase { path: PathBuf },

    #[error("a passphrase must not be empty")]
    EmptyPassphrase,

    #[error("the two passphrases typed differ; nothing was changed")]
    PassphraseMismatch,

    #[error("{} is not encrypted, but a passphrase was given", path.display())]
    NotEncrypted { path: PathBuf },

    #[error("{} is already encrypted", path.display())]
    AlreadyEncrypted { path: PathBuf },

    #[error("the key file {} beside the database is unreadable or damaged ({reason}); the database was left untouched", path.display())]
    KeyFile { path: PathBuf, reason: String },

    #[error("the key remembered on this computer no longer fits {} (its passphrase was changed, or it was decrypted or replaced); it was not used and nothing was changed. Open it with the passphrase", path.display())]
    RememberedKeyStale { path: PathBuf },

    #[error("the key remembered on this computer for {} cannot be used ({reason}); nothing was read or changed. Open it with the passphrase", path.display())]
    RememberedKeyInvalid { path: PathBuf, reason: Reason },

    #[error("{} is not encrypted: there is no key to remember on this computer", path.display())]
    RememberNotEncrypted { path: PathBuf },

    #[error("no OS keyring is available ({reason}); a database key is remembered only there, so none can be remembered or forgotten now")]
    KeyringUnavailable { reason: String },

    #[error("the OS keyring failed: {reason}")]
    KeyringFailed { reason: String },

    #[error("{} is in use by another program (the desktop app?); close it and try again. Nothing was changed", path.display())]
    InUse { path: PathBuf },

    #[error("the new copy {} failed its check ({reason}); it was removed and the original is unchanged", path.display())]
    VerificationFailed { path: PathBuf, reason: Reason },

    #[error("{} is not a Shebao Ledger backup ({reason}); nothing was changed", path.display())]
    NotABackup { path: PathBuf, reason: Reason },

    #[error("{} is damaged ({problem}); it was not changed. {}", path.display(), way_back_en(backup.as_deref()))]
    Corrupt {
        path: PathBuf,
        problem: String,
        backup: Option<PathBuf>,
    },

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    /// A scenario's retirement age outside the elastic retirement window.
    #[error(
        "retiring at {} is outside the elastic retirement window ({earliest} to {latest})",
        age.label(Lang::En)
    )]
    OutsideElasticWindow {
        age: Age,
        earliest: YearMonth,
        latest: YearMonth,
    },

    /// Acknowledging an alert that is not raised now.
    #[error("no current alert {what} for this profile")]
    NoSuchAlert { what: String },

    /// A question the rule tables cannot answer for this input, or a table that failed to load.
    #[error(transparent)]
    Rules(#[from] RulesError),

    /// A provider source or one of its syncs failed.
    #[error(transparent)]
    Sync(#[from] SyncError),

    /// A WebDAV backup, listing or restore failed.
    #[error(transparent)]
    WebDav(#[from] WebDavError),
    #[error("{file} is not a table we can read: neither an Excel workbook nor text in UTF-8, UTF-16 or GBK/GB18030")]
    ImportNotText { file: String },

    #[error("{file} could not be read as a table: {reason}")]
    ImportWorkbook { file: String, reason: String },

    #[error("{file}: no header row found (expected a month column such as 费款所属期 or 缴费年月, with 险种 and amount columns, or a column per kind such as 养老保险(个人))")]
    ImportNoHeader { file: String },

    #[error("{file}: not valid JSON at line {line}, column {column}: {reason}")]
    ImportJson {
        file: String,
        line: usize,
        column: usize,
        reason: String,
    },

    #[error("{file} is JSON but not a Shebao Ledger export (format {found:?}, expected \"shebao-ledger\")")]
    ImportJsonFormat { file: String, found: Option<String> },

    #[error("{file} was exported by a newer version of Shebao Ledger (format version {found}, this version reads up to {supported}); update the app")]
    ImportJsonVersion {
        file: String,
        found: u32,
        supported: u32,
    },

    #[error("{}", import_rows_en(file, errors))]
    ImportRows { file: String, errors: Vec<RowError> },

    #[error("{file}: the column mapping cannot be used: {}", problem.message(Lang::En))]
    ImportMapping {
        file: String,
        problem: MappingProblem,
    },

    /// A date outside the supported years (1900–2200) where the analysis needs its month:
    /// an old database may hold one that no import lets in any more.
    #[error(
        "{field}: the date {value} is outside the supported years {}–{}",
        crate::model::MIN_YEAR,
        crate::model::MAX_YEAR
    )]
    DateOutOfRange { field: String, value: String },

    /// A workbook whose declared or real size is beyond what the import reads: a damaged or
    /// hostile file, refused before the spreadsheet reader sees it.
    #[error("{file} was not read: {}", limit.message(Lang::En))]
    WorkbookTooLarge {
        file: String,
        limit: crate::ingest::precheck::WorkbookLimit,
    },

    /// An import of a file with nothing in it: a wrong pick, not an empty statement.
    #[error("{file} is empty (0 bytes); nothing was imported")]
    ImportFileEmpty { file: String },

    /// An import of a file beyond what [`crate::ingest::file_size`] allows for its kind.
    #[error("{file} is {}, more than the {} a {} may be; nothing was imported", sizes(*size, *limit, "bytes").0, sizes(*size, *limit, "bytes").1, if *workbook { "workbook" } else { "text file" })]
    ImportFileTooLarge {
        file: String,
        size: u64,
        limit: u64,
        /// Whether the workbook limit applied (else the text one).
        workbook: bool,
    },

    /// A hand-entered month after next month: a typo, not a payment made ahead.
    #[error("{month} is in the future: a payment can be entered up to next month ({latest}); nothing was written")]
    FutureMonth { month: YearMonth, latest: YearMonth },

    /// A hand-entered amount below zero.
    #[error("the {} must not be negative ({}); nothing was written", amount_en(field), amount.to_plain())]
    NegativeAmount { field: &'static str, amount: Money },

    /// The user stopped a long write; nothing of it was kept.
    #[error("cancelled; nothing was written")]
    Cancelled,

    #[error("{file} is not this profile's statement: {}; nothing was imported", mismatch.message(Lang::En))]
    PersonMismatch {
        file: String,
        mismatch: PersonMismatch,
    },

    /// A per-person import of a file without a person column (身份证号, 姓名).
    #[error("{file} has no person column (ID number or name), so it cannot be split per person; nothing was imported")]
    ImportNoPersonColumn { file: String },

    /// A per-person import with someone who is neither matched nor decided: a new person
    /// (create the profile), or a name a profile has (say whether it is that profile).
    #[error("{}; nothing was imported", if *asks_name { format!("{file}: {person} has the name of a profile but no ID number to prove it is the same person") } else { format!("{file}: {person} has no profile yet") })]
    ImportPersonUndecided {
        file: String,
        person: String,
        asks_name: bool,
    },

    #[error("{}: no such file; nothing was attached", path.display())]
    DocumentNotFound { path: PathBuf },

    #[error("{} is empty (0 bytes); nothing was attached", path.display())]
    DocumentEmpty { path: PathBuf },

    #[error("{} is {}, more than the {} a document may be; nothing was attached", path.display(), sizes(*size, *limit, "bytes").0, sizes(*size, *limit, "bytes").1)]
    DocumentTooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error("{} is not a PDF, PNG or JPEG file (it starts neither with %PDF- nor with an image signature); nothing was attached", path.display())]
    DocumentUnsupported { path: PathBuf },

    #[error("this file is already in the profile's vault as document {id}; nothing was attached")]
    DocumentDuplicate { id: i64 },

    #[error("no document {id} in the vault")]
    UnknownDocument { id: i64 },

    #[error("the file of document {id} is missing from the vault ({}): removed outside the app, or the database was restored from an older backup; attach the document again", path.display())]
    DocumentMissing { id: i64, path: PathBuf },

    #[error("the file of document {id} ({}) no longer matches its SHA-256: it was changed or damaged outside the app; nothing was copied", path.display())]
    DocumentDamaged { id: i64, path: PathBuf },
}

/// A size and the limit it exceeds, for messages: `51.3 MB` and `50 MB`; in bytes when the two
/// would read the same in megabytes (`52428801 bytes` and `52428800 bytes`).
fn sizes(size: u64, limit: u64, bytes_word: &str) -> (String, String) {
    let megabytes = |bytes: u64| {
        let text = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
        format!("{} MB", text.strip_suffix(".0").unwrap_or(&text))
    };
    if megabytes(size) == megabytes(limit) {
        (
            format!("{size} {bytes_word}"),
            format!("{limit} {bytes_word}"),
        )
    } else {
        (megabytes(size), megabytes(limit))
    }
}

fn import_rows_en(file: &str, errors: &[RowError]) -> String {
    let first = errors
        .first()
        .map(|e| e.describe(Lang::En))
        .unwrap_or_default();
    format!(
        "{file}: {} problem(s) in rows, nothing was imported; first: {first}",
        errors.len()
    )
}

impl Error {
    /// A stable machine-readable code, sent to the UI as `{code, message}`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidIdNumber { .. } => "invalid_id_number",
            Error::InvalidField { .. } => "invalid_field",
            Error::ContradictsIdNumber { .. } => "contradicts_id_number",
            Error::UnknownRegion { .. } => "unknown_region",
            Error::AmbiguousRegion { .. } => "ambiguous_region",
            Error::InvalidPeriod { .. } => "invalid_period",
            Error::UnknownProfile { .. } => "unknown_profile",
            Error::DuplicateProfile { .. } => "duplicate_profile",
            Error::DuplicateIdNumber { .. } => "duplicate_id_number",
            Error::NotADatabase { .. } => "not_a_database",
            Error::NewerSchema { .. } => "newer_schema",
            Error::DataDir { .. } => "data_dir",
            Error::NoDataDir => "no_data_dir",
            Error::Io { .. } => "io",
            Error::BatchFolderTaken { .. } => "batch_folder_taken",
            // The cause is what the user must fix; the message says whose export it was.
            Error::BatchProfileFailed { source, .. } => source.code(),
            Error::ManifestInvalid { .. } => "manifest_invalid",
            Error::GlyphsMissing { .. } => "glyphs_missing",
            Error::ExportFailed { .. } => "export_failed",
            Error::UnsupportedChartFormat { .. } => "unsupported_chart_format",
            Error::PassphraseRequired { .. } => "passphrase_required",
            Error::WrongPassphrase { .. } => "wrong_passphrase",
            Error::EmptyPassphrase => "empty_passphrase",
            Error::PassphraseMismatch => "passphrase_mismatch",
            Error::NotEncrypted { .. } => "not_encrypted",
            Error::AlreadyEncrypted { .. } => "already_encrypted",
            Error::KeyFile { .. } => "key_file",
            Error::RememberedKeyStale { .. } => "remembered_key_stale",
            Error::RememberedKeyInvalid { .. } => "remembered_key_invalid",
            Error::RememberNotEncrypted { .. } => "remember_not_encrypted",
            Error::KeyringUnavailable { .. } => "keyring_unavailable",
            Error::KeyringFailed { .. } => "keyring_failed",
            Error::InUse { .. } => "database_in_use",
            Error::VerificationFailed { .. } => "verification_failed",
            Error::NotABackup { .. } => "not_a_backup",
            Error::Corrupt { .. } => "corrupt",
            Error::Database(_) => "database",
            Error::OutsideElasticWindow { .. } => "outside_elastic_window",
            Error::NoSuchAlert { .. } => "no_such_alert",
            Error::Rules(e) => e.code(),
            Error::Sync(e) => e.code(),
            Error::WebDav(e) => e.code(),
            Error::ImportNotText { .. } => "import_not_text",
            Error::ImportWorkbook { .. } => "import_unreadable",
            Error::ImportNoHeader { .. } => "import_no_header",
            Error::ImportJson { .. } => "import_bad_json",
            Error::ImportJsonFormat { .. } => "import_not_ledger_json",
            Error::ImportJsonVersion { .. } => "import_newer_json",
            Error::ImportRows { .. } => "import_row_errors",
            Error::PersonMismatch { .. } => "person_mismatch",
            Error::ImportNoPersonColumn { .. } => "import_no_person_column",
            Error::ImportPersonUndecided { .. } => "import_person_undecided",
            Error::ImportMapping { .. } => "import_bad_mapping",
            Error::Cancelled => "cancelled",
            Error::DocumentNotFound { .. } => "document_not_found",
            Error::DocumentEmpty { .. } => "document_empty",
            Error::DocumentTooLarge { .. } => "document_too_large",
            Error::DocumentUnsupported { .. } => "document_unsupported",
            Error::DocumentDuplicate { .. } => "document_duplicate",
            Error::UnknownDocument { .. } => "unknown_document",
            Error::DocumentMissing { .. } => "document_missing",
            Error::DocumentDamaged { .. } => "document_damaged",
            Error::FutureMonth { .. } => "future_month",
            Error::DateOutOfRange { .. } => "date_out_of_range",
            Error::WorkbookTooLarge { .. } => "workbook_too_large",
            Error::ImportFileEmpty { .. } => "import_empty_file",
            Error::ImportFileTooLarge { .. } => "import_file_too_large",
            Error::NegativeAmount { .. } => "negative_amount",
        }
    }

    /// What the user can do about it, if the error itself points a way; each face phrases it
    /// in its own terms (the message never does: see [`Remedy`]).
    pub fn remedy(&self) -> Option<Remedy> {
        match self {
            Error::NoDataDir => Some(Remedy::GiveDataFile),
            Error::PassphraseRequired { .. } => Some(Remedy::GivePassphrase),
            Error::NotEncrypted { .. } => Some(Remedy::EncryptOrDropPassphrase),
            Error::AlreadyEncrypted { .. } => Some(Remedy::ChangePassphrase),
            Error::Corrupt {
                backup: Some(file), ..
            } => Some(Remedy::RestoreBackup { file: file.clone() }),
            Error::PersonMismatch { mismatch, .. } if mismatch.several_people => {
                Some(Remedy::ImportPerPerson)
            }
            Error::PersonMismatch { .. } => Some(Remedy::ImportAnyway),
            Error::ImportPersonUndecided {
                asks_name: false, ..
            } => Some(Remedy::CreateProfiles),
            Error::ImportPersonUndecided { .. } => Some(Remedy::MatchNames),
            Error::BatchProfileFailed { source, .. } => source.remedy(),
            Error::WebDav(e) => e.remedy(),
            Error::Sync(e) => e.remedy(),
            _ => None,
        }
    }

    /// The one-line message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        if let Error::Rules(e) = self {
            return e.message(lang);
        }
        if let Error::Sync(e) = self {
            return e.message(lang);
        }
        if let Error::WebDav(e) = self {
            return e.message(lang);
        }
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Error::InvalidIdNumber { reason } => format!("身份证号码无效：{}", id_reason_zh(reason)),
            Error::InvalidField { field, value } => {
                format!("{}无效：{value:?}", field_zh(field))
            }
            Error::ContradictsIdNumber { field } => {
                format!("填写的{}与身份证号码不符", field_zh(field))
            }
            Error::UnknownRegion { input } => {
                format!("找不到名为 {input:?} 的地区；请输入地区名称或 6 位代码，如 杭州 或 330100")
            }
            Error::AmbiguousRegion { input, candidates } => format!(
                "{input:?} 对应多个地区：{}；请输入其中一个代码，或在名称前加上省、市",
                candidates.join("、")
            ),
            Error::InvalidPeriod { from, to } => {
                format!("起始月份 {from} 晚于结束月份 {to}")
            }
            Error::UnknownProfile { query } => format!("找不到名称或编号为 {query:?} 的成员"),
            Error::DuplicateProfile { name } => format!("已有名为 {name:?} 的成员"),
            Error::DuplicateIdNumber { owner } => format!("成员 {owner:?} 已使用这个身份证号码"),
            Error::NotADatabase { path } => {
                format!("{} 不是社保账本数据库（不是 SQLite 文件），文件未做任何改动", path.display())
            }
            Error::NewerSchema { path, found, supported } => format!(
                "{} 由更新版本的社保账本写入（数据结构版本 {found}，本版本最高支持 {supported}），请升级应用；文件未做任何改动",
                path.display()
            ),
            Error::DataDir { path, source } => {
                format!("无法使用数据目录 {}（详情：{source}）", path.display())
            }
            Error::NoDataDir => "系统没有提供数据目录，因此没有存放数据库的默认位置".into(),
            Error::Io { path, source } => format!("无法读写 {}（详情：{source}）", path.display()),
            Error::BatchFolderTaken { dir, file } => format!(
                "{} 中已有 {}；批量导出从不覆盖文件：请选择一个空的或新的文件夹。没有写入任何文件",
                dir.display(),
                file.display()
            ),
            Error::BatchProfileFailed { profile, source } => format!(
                "导出 {profile} 时出错：{}；本次批量导出已写出的文件已删除",
                source.message(Lang::Zh)
            ),
            Error::ManifestInvalid { path, line, reason } => format!(
                "{} 第 {line} 行不是批量导出清单的有效行：{}",
                path.display(),
                manifest_reason_zh(reason)
            ),
            Error::GlyphsMissing { chars } => {
                format!("文档字体无法显示 {chars:?}，请修改包含它的名称或文字后重新导出")
            }
            Error::UnsupportedChartFormat { path } => format!(
                "{}：不是本应用能写的图表格式，请用 .svg 或 .png 作为文件扩展名",
                path.display()
            ),
            Error::ExportFailed { format, reason } => {
                format!("无法生成 {} 文件（详情：{reason}）", format.to_uppercase())
            }
            Error::PassphraseRequired { path } => format!(
                "{} 已加密，需要密码",
                path.display()
            ),
            Error::WrongPassphrase { path } => {
                format!("{} 的密码不对；没有读取或改动任何内容", path.display())
            }
            Error::EmptyPassphrase => "密码不能为空".into(),
            Error::PassphraseMismatch => "两次输入的密码不一致；没有做任何改动".into(),
            Error::NotEncrypted { path } => format!(
                "{} 没有加密，却提供了密码",
                path.display()
            ),
            Error::AlreadyEncrypted { path } => {
                format!("{} 已经加密", path.display())
            }
            Error::KeyFile { path, reason } => format!(
                "数据库旁的密钥参数文件 {} 无法读取或已损坏；数据库未做任何改动（详情：{reason}）",
                path.display()
            ),
            Error::RememberedKeyStale { path } => format!(
                "本机记住的密钥已不适用于 {}（密码已更改，或数据库已解密或被替换）；没有使用它，也没有做任何改动。请用密码打开",
                path.display()
            ),
            Error::RememberedKeyInvalid { path, reason } => format!(
                "本机为 {} 记住的密钥无法使用{}，没有读取或改动任何内容。请用密码打开",
                path.display(),
                reason.in_brackets(Lang::Zh)
            ),
            Error::RememberNotEncrypted { path } => {
                format!("{} 没有加密：没有可在本机记住的密钥", path.display())
            }
            Error::KeyringUnavailable { reason } => {
                format!("系统钥匙串不可用；数据库密钥只记在系统钥匙串里，因此现在无法记住或删除（详情：{reason}）")
            }
            Error::KeyringFailed { reason } => format!("系统钥匙串出错（详情：{reason}）"),
            Error::InUse { path } => format!(
                "{} 正被其他程序（桌面应用？）使用；请关闭后重试。没有做任何改动",
                path.display()
            ),
            Error::VerificationFailed { path, reason } => format!(
                "新副本 {} 未通过检查{}；已删除该副本，原文件没有改动",
                path.display(),
                reason.in_brackets(Lang::Zh)
            ),
            Error::NotABackup { path, reason } => format!(
                "{} 不是社保账本的备份{}，没有做任何改动",
                path.display(),
                reason.in_brackets(Lang::Zh)
            ),
            Error::Corrupt { path, problem, backup } => format!(
                "{} 已损坏（详情：{problem}）；文件未做改动。{}",
                path.display(),
                way_back_zh(backup.as_deref())
            ),
            Error::Database(e) => format!("数据库出错（详情：{e}）"),
            Error::OutsideElasticWindow {
                age,
                earliest,
                latest,
            } => format!(
                "{} 退休不在弹性退休范围内（{earliest} 至 {latest}）",
                age.label(Lang::Zh)
            ),
            Error::NoSuchAlert { what } => format!("这个成员当前没有提醒 {what}"),
            Error::Rules(_) | Error::Sync(_) | Error::WebDav(_) => unreachable!("answered above"),
            Error::ImportNotText { file } => format!(
                "{file} 不是可读取的表格：既不是 Excel 工作簿，也不是 UTF-8、UTF-16 或 GBK/GB18030 文本"
            ),
            Error::ImportWorkbook { file, reason } => format!("无法读取表格 {file}（详情：{reason}）"),
            Error::ImportNoHeader { file } => format!(
                "{file}：找不到表头行（需要月份列，如 费款所属期、缴费年月，以及 险种 和金额列；或每个险种一列，如 养老保险(个人)）"
            ),
            Error::ImportJson { file, line, column, reason } => {
                format!("{file}：第 {line} 行第 {column} 列不是有效的 JSON（详情：{reason}）")
            }
            Error::ImportJsonFormat { file, found } => format!(
                "{file} 是 JSON，但不是社保账本导出的文件（format 为 {found:?}，应为 \"shebao-ledger\"）"
            ),
            Error::ImportJsonVersion { file, found, supported } => format!(
                "{file} 由更新版本的社保账本导出（格式版本 {found}，本版本最高支持 {supported}），请升级应用"
            ),
            Error::ImportRows { file, errors } => {
                let first = errors.first().map(|e| e.describe(Lang::Zh)).unwrap_or_default();
                format!("{file}：有 {} 处问题，未导入任何数据；第一处：{first}", errors.len())
            }
            Error::ImportMapping { file, problem } => {
                format!("{file}：无法按所选的列读取：{}", problem.message(Lang::Zh))
            }
            Error::Cancelled => "已取消，没有写入任何数据".into(),
            Error::DateOutOfRange { field, value } => format!(
                "{field}：日期 {value} 超出支持的年份范围（{}–{} 年）",
                crate::model::MIN_YEAR,
                crate::model::MAX_YEAR
            ),
            Error::WorkbookTooLarge { file, limit } => {
                format!("没有读取 {file}：{}", limit.message(Lang::Zh))
            }
            Error::ImportFileEmpty { file } => {
                format!("{file} 是空文件（0 字节）；没有导入任何数据")
            }
            Error::ImportFileTooLarge {
                file,
                size,
                limit,
                workbook,
            } => {
                let what = if *workbook {
                    "工作簿"
                } else {
                    "文本文件"
                };
                let (size, limit) = sizes(*size, *limit, "字节");
                format!("{file} 有 {size}，超过{what}的上限 {limit}；没有导入任何数据")
            }
            Error::FutureMonth { month, latest } => format!(
                "{month} 是将来的月份：最多只能录入到下个月（{latest}）；没有写入任何数据"
            ),
            Error::NegativeAmount { field, amount } => format!(
                "{}不能是负数（{}）；没有写入任何数据",
                field_zh(field),
                amount.to_plain()
            ),
            Error::PersonMismatch { file, mismatch } => format!(
                "{file} 不是这位成员的记录：{}；未导入任何数据",
                mismatch.message(Lang::Zh)
            ),
            Error::ImportNoPersonColumn { file } => format!(
                "{file} 没有姓名或身份证号列，无法按人拆分；未导入任何数据"
            ),
            Error::ImportPersonUndecided {
                file,
                person,
                asks_name: false,
            } => format!("{file}：{person} 还没有成员档案；未导入任何数据"),
            Error::ImportPersonUndecided { file, person, .. } => format!(
                "{file}：{person} 与已有成员同名，但没有身份证号可确认是同一人；未导入任何数据"
            ),
            Error::DocumentNotFound { path } => {
                format!("找不到文件 {}；没有添加任何文档", path.display())
            }
            Error::DocumentEmpty { path } => {
                format!("{} 是空文件（0 字节）；没有添加任何文档", path.display())
            }
            Error::DocumentTooLarge { path, size, limit } => {
                let (size, limit) = sizes(*size, *limit, "字节");
                format!(
                    "{} 有 {size}，超过文档的上限 {limit}；没有添加任何文档",
                    path.display()
                )
            }
            Error::DocumentUnsupported { path } => format!(
                "{} 不是 PDF、PNG 或 JPEG 文件（开头既不是 %PDF- 也不是图片标记）；没有添加任何文档",
                path.display()
            ),
            Error::DocumentDuplicate { id } => {
                format!("这个文件已在该成员的文档库中（文档 {id}）；没有重复添加")
            }
            Error::UnknownDocument { id } => format!("文档库中没有文档 {id}"),
            Error::DocumentMissing { id, path } => format!(
                "文档 {id} 的文件已不在文档库中（{}）：可能在应用之外被删除，或数据库恢复自较早的备份；请重新添加该文档",
                path.display()
            ),
            Error::DocumentDamaged { id, path } => format!(
                "文档 {id} 的文件（{}）与其 SHA-256 不符：已在应用之外被修改或损坏；没有复制任何内容",
                path.display()
            ),
        }
    }
}

/// The English name of an amount field, for messages.
fn amount_en(field: &str) -> &'static str {
    match field {
        "base" => "contribution base",
        "personal" => "personal contribution",
        "employer" => "employer contribution",
        "to_account" => "amount credited to the personal account",
        _ => "amount",
    }
}

/// The way back from a damaged database, named in the error so the user need not look for it.
fn way_back_en(backup: Option<&std::path::Path>) -> String {
    match backup {
        Some(file) => format!("The newest good backup is {}", file.display()),
        None => "No good backup was found in the backups folder beside it".into(),
    }
}

fn way_back_zh(backup: Option<&std::path::Path>) -> String {
    match backup {
        Some(file) => format!("最新的完好备份是 {}", file.display()),
        None => "旁边的 backups 文件夹里没有找到完好的备份".into(),
    }
}

/// The reasons `export::read_manifest` gives, in Chinese.
fn manifest_reason_zh(reason: &str) -> String {
    match reason {
        "the first line is not profile,file,sha256,months,profile_id" => {
            "第一行不是 profile,file,sha256,months,profile_id".into()
        }
        "it should have 5 fields" => "应有 5 个字段".into(),
        "the file must be a plain name inside the folder" => {
            "file 必须是该文件夹中的文件名，不能是路径".into()
        }
        "sha256 must be 64 hexadecimal digits" => "sha256 必须是 64 位十六进制数字".into(),
        "months must be a whole number" => "months 必须是整数".into(),
        "profile_id must be a whole number" => "profile_id 必须是整数".into(),
        other => format!("格式有误（{other}）"),
    }
}

fn field_zh(field: &str) -> &'static str {
    match field {
        "name" => "名称",
        "region" => "地区代码",
        "sex" => "性别",
        "born" => "出生年月",
        "month" => "月份",
        "amount" => "金额",
        "language" => "语言",
        "original_age" => "原法定退休年龄",
        "deadline_day" => "缴费截止日",
        "fingerprint" => "提醒指纹",
        "chart_size" => "图表尺寸",
        "max_age_days" => "证明有效天数",
        "document_date" => "文档日期",
        "note" => "备注",
        "kind" => "险种",
        "payer" => "缴费单位",
        "base" => "缴费基数",
        "personal" => "个人缴费",
        "employer" => "单位缴费",
        "to_account" => "划入个人账户金额",
        _ => "字段",
    }
}

fn id_reason_zh(reason: &IdNumberError) -> String {
    match reason {
        IdNumberError::Length(n) => format!("共 {n} 位，应为 18 位"),
        IdNumberError::Characters => "只能是数字，最后一位可以是 X".into(),
        IdNumberError::BirthDate => "其中的出生日期不存在".into(),
        IdNumberError::CheckDigit { expected, found } => {
            format!("校验位应为 {expected}，而不是 {found}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_exist_in_both_languages_and_never_carry_the_number() {
        let err = Error::InvalidIdNumber {
            reason: IdNumberError::CheckDigit {
                expected: 'X',
                found: '1',
            },
        };
        assert_eq!(err.code(), "invalid_id_number");
        assert_eq!(
            err.message(Lang::Zh),
            "身份证号码无效：校验位应为 X，而不是 1"
        );
        assert_eq!(
            err.message(Lang::En),
            "invalid resident ID number: its check character should be X, not 1"
        );
    }

    #[test]
    fn export_errors_have_stable_codes_and_both_languages() {
        let period = Error::InvalidPeriod {
            from: "2024-05".parse().unwrap(),
            to: "2024-01".parse().unwrap(),
        };
        assert_eq!(period.code(), "invalid_period");
        assert_eq!(
            period.message(Lang::Zh),
            "起始月份 2024-05 晚于结束月份 2024-01"
        );
        assert_eq!(
            period.message(Lang::En),
            "the period starts (2024-05) after it ends (2024-01)"
        );
        let glyphs = Error::GlyphsMissing {
            chars: "🙂".into()
        };
        assert_eq!(glyphs.code(), "glyphs_missing");
        assert!(glyphs
            .message(Lang::Zh)
            .starts_with("文档字体无法显示 \"🙂\""));
        assert!(glyphs.message(Lang::En).contains("cannot draw \"🙂\""));
        let failed = Error::ExportFailed {
            format: "xlsx",
            reason: "disk full".into(),
        };
        assert_eq!(failed.code(), "export_failed");
        assert_eq!(
            failed.message(Lang::Zh),
            "无法生成 XLSX 文件（详情：disk full）"
        );
        assert_eq!(
            failed.message(Lang::En),
            "could not make the xlsx file: disk full"
        );
    }

    #[test]
    fn trust_errors_have_stable_codes_and_say_what_happened_in_both_languages() {
        let path = PathBuf::from("/data/shebao.db");
        let wrong = Error::WrongPassphrase { path: path.clone() };
        assert_eq!(wrong.code(), "wrong_passphrase");
        assert!(wrong.message(Lang::Zh).contains("密码不对"));
        assert!(wrong
            .message(Lang::En)
            .contains("nothing was read or changed"));

        let required = Error::PassphraseRequired { path: path.clone() };
        assert_eq!(required.code(), "passphrase_required");
        assert_eq!(required.remedy(), Some(Remedy::GivePassphrase));

        let backup = PathBuf::from("/data/backups/auto-20261129-033000-123.db");
        let corrupt = Error::Corrupt {
            path: path.clone(),
            problem: "page 7: btreeInitPage() returns error code 11".into(),
            backup: Some(backup.clone()),
        };
        assert_eq!(corrupt.code(), "corrupt");
        for lang in [Lang::Zh, Lang::En] {
            let message = corrupt.message(lang);
            assert!(message.contains(&backup.display().to_string()), "{message}");
            assert_eq!(message.lines().count(), 1);
        }
        assert_eq!(
            corrupt.remedy(),
            Some(Remedy::RestoreBackup {
                file: backup.clone()
            })
        );
        let lost = Error::Corrupt {
            path,
            problem: "x".into(),
            backup: None,
        };
        assert!(lost.message(Lang::En).contains("No good backup"));
        assert!(lost.message(Lang::Zh).contains("没有找到完好的备份"));
        assert_eq!(lost.remedy(), None, "no backup, nothing to restore");
    }

    /// The core says what is wrong; the way out is data each face phrases (never a flag, an
    /// environment variable or a command inside a message the window would show).
    #[test]
    fn remedies_are_data_and_messages_name_no_command_line() {
        let path = PathBuf::from("/data/shebao.db");
        let cases: Vec<(Error, Option<Remedy>)> = vec![
            (Error::NoDataDir, Some(Remedy::GiveDataFile)),
            (
                Error::PassphraseRequired { path: path.clone() },
                Some(Remedy::GivePassphrase),
            ),
            (
                Error::NotEncrypted { path: path.clone() },
                Some(Remedy::EncryptOrDropPassphrase),
            ),
            (
                Error::AlreadyEncrypted { path: path.clone() },
                Some(Remedy::ChangePassphrase),
            ),
            (
                Error::PersonMismatch {
                    file: "a.csv".into(),
                    mismatch: PersonMismatch {
                        line: 2,
                        field: "name",
                        found: "李四".into(),
                        expected: "张三".into(),
                        several_people: false,
                    },
                },
                Some(Remedy::ImportAnyway),
            ),
            (
                Error::WebDav(WebDavError::NotConfigured),
                Some(Remedy::SetUpWebDav),
            ),
            (
                Error::WebDav(WebDavError::Auth { status: 401 }),
                Some(Remedy::SetUpWebDav),
            ),
            (
                Error::WebDav(WebDavError::PasswordNeeded),
                Some(Remedy::GiveWebDavPassword),
            ),
            (
                Error::WebDav(WebDavError::BackupPassphraseRequired),
                Some(Remedy::GiveBackupPassphrase),
            ),
            (
                Error::WebDav(WebDavError::UnknownBackup { name: "x".into() }),
                Some(Remedy::ListWebDavBackups),
            ),
            (
                Error::Sync(SyncError::UnknownSource { name: "hr".into() }),
                Some(Remedy::ListSources),
            ),
            (
                Error::Sync(SyncError::NoHttpSources),
                Some(Remedy::AddSource),
            ),
            (
                Error::Sync(SyncError::TokenNeeded {
                    source_name: "hr".into(),
                }),
                Some(Remedy::GiveSourceToken),
            ),
            (Error::WrongPassphrase { path }, None),
            (Error::Cancelled, None),
        ];
        for (error, remedy) in cases {
            assert_eq!(error.remedy(), remedy, "{}", error.code());
            for lang in [Lang::Zh, Lang::En] {
                let message = error.message(lang);
                for command_line in ["SHEBAO_", "shebao ", "--", "`"] {
                    assert!(
                        !message.contains(command_line),
                        "{} ({lang:?}) names {command_line:?}: {message}",
                        error.code()
                    );
                }
            }
        }
    }
}
