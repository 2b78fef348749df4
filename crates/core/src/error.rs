//! Errors are types. Each has a stable `code` for the UI and scripts, and a one-line message
//! in the user's language that names what was wrong and where. Messages never contain an ID
//! number: a log or a screenshot of an error must not leak one.

use crate::model::{IdNumberError, YearMonth};
use crate::Lang;
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

    #[error("this system reports no data directory; pass --db PATH or set SHEBAO_DB")]
    NoDataDir,

    #[error("cannot read or write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("the document font cannot draw {chars:?}; change the name or text that contains it and export again")]
    GlyphsMissing { chars: String },

    #[error("could not make the {format} file: {reason}")]
    ExportFailed {
        format: &'static str,
        reason: String,
    },

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl Error {
    /// A stable machine-readable code, sent to the UI as `{code, message}`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidIdNumber { .. } => "invalid_id_number",
            Error::InvalidField { .. } => "invalid_field",
            Error::ContradictsIdNumber { .. } => "contradicts_id_number",
            Error::InvalidPeriod { .. } => "invalid_period",
            Error::UnknownProfile { .. } => "unknown_profile",
            Error::DuplicateProfile { .. } => "duplicate_profile",
            Error::DuplicateIdNumber { .. } => "duplicate_id_number",
            Error::NotADatabase { .. } => "not_a_database",
            Error::NewerSchema { .. } => "newer_schema",
            Error::DataDir { .. } => "data_dir",
            Error::NoDataDir => "no_data_dir",
            Error::Io { .. } => "io",
            Error::GlyphsMissing { .. } => "glyphs_missing",
            Error::ExportFailed { .. } => "export_failed",
            Error::Database(_) => "database",
        }
    }

    /// The one-line message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
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
                format!("无法使用数据目录 {}：{source}", path.display())
            }
            Error::NoDataDir => "系统没有提供数据目录，请用 --db 路径 或环境变量 SHEBAO_DB 指定".into(),
            Error::Io { path, source } => format!("无法读写 {}：{source}", path.display()),
            Error::GlyphsMissing { chars } => {
                format!("文档字体无法显示 {chars:?}，请修改包含它的名称或文字后重新导出")
            }
            Error::ExportFailed { format, reason } => {
                format!("无法生成 {} 文件：{reason}", format.to_uppercase())
            }
            Error::Database(e) => format!("数据库错误：{e}"),
        }
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
        assert_eq!(failed.message(Lang::Zh), "无法生成 XLSX 文件：disk full");
        assert_eq!(
            failed.message(Lang::En),
            "could not make the xlsx file: disk full"
        );
    }
}
