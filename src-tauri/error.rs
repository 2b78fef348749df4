//! Errors as the UI receives them: `{code, message, details}`, the message in the user's
//! language. Never a bare string: the UI decides how to show each code.
//!
//! Two sources, one shape: the core's errors (`shebao_core::Error::code()`, with the remedy, if
//! any, as `details.remedy` for the window to phrase in its own terms), and the shell's own,
//! [`ShellError`] — the one list of codes the shell makes up, each with its message in both
//! languages. docs/architecture.md ("Errors") lists them too.

use serde::Serialize;
use shebao_core::Lang;
use std::fmt::Display;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

/// The shell's own errors. `code()` is what the UI matches on (snake_case, stable); the message
/// names what failed in the user's language. A system error's own text (English, from the OS or
/// a library) only ever follows as a detail, never stands alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellError {
    /// `invalid_argument`: a command got a value it cannot use (a bug of the window, or a stale
    /// id); `details` names the field and the value.
    InvalidArgument { field: String, value: String },
    /// `locked`: the data is encrypted and locked; every command but unlock waits for it.
    Locked,
    /// `lock_not_encrypted`: "lock" on data without a passphrase (the core's `not_encrypted` is
    /// another thing: a passphrase given for a plain database).
    LockNotEncrypted,
    /// `no_database`: no database is open (the app started on an error screen).
    NoDatabase,
    /// `internal`: a background task of the shell stopped before it answered (a bug).
    TaskFailed { detail: String },
    /// `internal`: a chart could not be turned into the window's JSON (a bug).
    ChartUnsendable { detail: String },
    /// `open_failed`: the system could not open or show a file.
    OpenFailed { path: PathBuf, detail: String },
    /// `export_folder_unwritable`: the export folder cannot be created or written.
    ExportFolderUnwritable { path: PathBuf, detail: String },
    /// `export_folder_unwritable`: the folder picked in the dialog is not a local folder.
    ExportFolderNotLocal,
    /// `export_folder_unwritable`: the system names neither a documents nor a home folder.
    NoDocumentsFolder,
    /// `import_nothing_loaded`: a preview or commit came before a file was loaded.
    ImportNothingLoaded,
}

impl ShellError {
    /// The stable code the window matches on.
    pub fn code(&self) -> &'static str {
        match self {
            ShellError::InvalidArgument { .. } => "invalid_argument",
            ShellError::Locked => "locked",
            ShellError::LockNotEncrypted => "lock_not_encrypted",
            ShellError::NoDatabase => "no_database",
            ShellError::TaskFailed { .. } | ShellError::ChartUnsendable { .. } => "internal",
            ShellError::OpenFailed { .. } => "open_failed",
            ShellError::ExportFolderUnwritable { .. }
            | ShellError::ExportFolderNotLocal
            | ShellError::NoDocumentsFolder => "export_folder_unwritable",
            ShellError::ImportNothingLoaded => "import_nothing_loaded",
        }
    }

    /// The one-line message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            ShellError::InvalidArgument { value, .. } if zh => format!("参数无效：{value:?}"),
            ShellError::InvalidArgument { value, .. } => format!("invalid argument: {value:?}"),
            ShellError::Locked => lang
                .pick(
                    "数据已锁定，请先输入密码解锁",
                    "the data is locked: unlock it with its passphrase first",
                )
                .into(),
            ShellError::LockNotEncrypted => lang
                .pick(
                    "数据没有加密，无法锁定：请先在 设置 → 安全 中设置密码",
                    "the data is not encrypted, so it cannot be locked: set a passphrase in Settings → Security first",
                )
                .into(),
            ShellError::NoDatabase => lang
                .pick(
                    "没有打开任何数据文件，因此没有可列出的备份",
                    "no data file is open, so there are no backups to list",
                )
                .into(),
            ShellError::TaskFailed { detail } => with_detail(
                lang,
                "后台任务意外中止，操作没有完成；请重试，如果再次出现请报告这个问题",
                "a background task stopped unexpectedly and the action did not finish; try again, and report it if it happens again",
                detail,
            ),
            ShellError::ChartUnsendable { detail } => with_detail(
                lang,
                "图表生成了，但无法交给窗口显示；请报告这个问题",
                "the chart was drawn but could not be handed to the window; please report it",
                detail,
            ),
            ShellError::OpenFailed { path, detail } => {
                let (lead_zh, lead_en) = (
                    format!("系统无法打开 {}", path.display()),
                    format!("the system could not open {}", path.display()),
                );
                with_detail(lang, &lead_zh, &lead_en, detail)
            }
            ShellError::ExportFolderUnwritable { path, detail } => {
                let (lead_zh, lead_en) = (
                    format!(
                        "无法创建或写入导出文件夹 {}；请在导出页选择另一个文件夹",
                        path.display()
                    ),
                    format!(
                        "the export folder {} cannot be created or written; choose another folder on the Export page",
                        path.display()
                    ),
                );
                with_detail(lang, &lead_zh, &lead_en, detail)
            }
            ShellError::ExportFolderNotLocal => lang
                .pick(
                    "所选的不是本机上的文件夹，请选择本机上的文件夹",
                    "the chosen place is not a folder on this computer; choose a local folder",
                )
                .into(),
            ShellError::NoDocumentsFolder => lang
                .pick(
                    "系统没有提供文稿文件夹或主文件夹，无法确定导出到哪里；请在导出页选择一个文件夹",
                    "the system names neither a documents nor a home folder to export to; choose a folder on the Export page",
                )
                .into(),
            ShellError::ImportNothingLoaded => lang
                .pick("请先选择要导入的文件", "choose a file to import first")
                .into(),
        }
    }

    /// What the window may need beyond the message.
    fn details(&self) -> Option<serde_json::Value> {
        match self {
            ShellError::InvalidArgument { field, value } => {
                Some(serde_json::json!({ "field": field, "value": value }))
            }
            _ => None,
        }
    }

    /// The error as the window receives it, in `lang`.
    pub fn in_lang(&self, lang: Lang) -> CommandError {
        CommandError {
            code: self.code().into(),
            message: self.message(lang),
            details: self.details(),
        }
    }
}

/// `lead（详情：detail）` / `lead (detail: detail)`: a system's own text only as a detail.
fn with_detail(lang: Lang, zh: &str, en: &str, detail: &dyn Display) -> String {
    match lang {
        Lang::Zh => format!("{zh}（详情：{detail}）"),
        Lang::En => format!("{en} (detail: {detail})"),
    }
}

impl CommandError {
    /// A core error: its code and message, and its remedy (if any) as `details.remedy`, which
    /// the window phrases in its own terms (never the CLI's).
    pub fn from_core(error: &shebao_core::Error, lang: Lang) -> CommandError {
        CommandError {
            code: error.code().into(),
            message: error.message(lang),
            details: error
                .remedy()
                .and_then(|remedy| serde_json::to_value(remedy).ok()),
        }
    }

    pub fn invalid_argument(field: &str, value: &str, lang: Lang) -> CommandError {
        ShellError::InvalidArgument {
            field: field.into(),
            value: value.into(),
        }
        .in_lang(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn core_errors_become_code_and_localised_message() {
        let error = shebao_core::Error::UnknownProfile {
            query: "王五".into(),
        };
        let zh = serde_json::to_value(CommandError::from_core(&error, Lang::Zh)).unwrap();
        assert_eq!(
            zh,
            json!({
                "code": "unknown_profile",
                "message": "找不到名称或编号为 \"王五\" 的成员"
            })
        );
        let en = CommandError::from_core(&error, Lang::En);
        assert_eq!(en.message, "no profile named or numbered \"王五\"");
    }

    #[test]
    fn invalid_arguments_name_the_field() {
        let error = CommandError::invalid_argument("lang", "fr", Lang::En);
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            json!({
                "code": "invalid_argument",
                "message": "invalid argument: \"fr\"",
                "details": {"field": "lang", "value": "fr"}
            })
        );
    }

    #[test]
    fn shell_errors_serialise_as_code_and_message_in_both_languages() {
        let error = ShellError::LockNotEncrypted;
        assert_eq!(
            serde_json::to_value(error.in_lang(Lang::Zh)).unwrap(),
            json!({
                "code": "lock_not_encrypted",
                "message": "数据没有加密，无法锁定：请先在 设置 → 安全 中设置密码"
            })
        );
        assert_eq!(
            serde_json::to_value(ShellError::NoDatabase.in_lang(Lang::En)).unwrap(),
            json!({
                "code": "no_database",
                "message": "no data file is open, so there are no backups to list"
            })
        );
    }

    #[test]
    fn a_system_error_text_is_only_ever_a_detail_after_a_sentence_in_the_users_language() {
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied).to_string();
        let error = ShellError::ExportFolderUnwritable {
            path: PathBuf::from("/home/a/社保账本导出"),
            detail: io.clone(),
        };
        assert_eq!(error.code(), "export_folder_unwritable");
        assert_eq!(
            error.message(Lang::Zh),
            format!("无法创建或写入导出文件夹 /home/a/社保账本导出；请在导出页选择另一个文件夹（详情：{io}）")
        );
        assert_eq!(
            error.message(Lang::En),
            format!("the export folder /home/a/社保账本导出 cannot be created or written; choose another folder on the Export page (detail: {io})")
        );
        let task = ShellError::TaskFailed {
            detail: "task 7 panicked".into(),
        };
        assert_eq!(task.code(), "internal");
        assert!(task
            .message(Lang::Zh)
            .starts_with("后台任务意外中止，操作没有完成"));
        assert!(task
            .message(Lang::Zh)
            .ends_with("（详情：task 7 panicked）"));
    }

    /// The window phrases remedies by name (`remedy.<name>` in ui/i18n): each name there must
    /// be one the core sends, or its text would never show.
    #[test]
    fn every_remedy_the_window_phrases_is_one_the_core_names() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/i18n/zh.js");
        let dictionary = std::fs::read_to_string(path).unwrap();
        let names: Vec<&str> = dictionary
            .lines()
            .filter_map(|line| line.trim().strip_prefix("\"remedy."))
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(names.len() >= 10, "the scan found the keys: {names:?}");
        for name in names {
            let remedy: Result<shebao_core::Remedy, _> =
                serde_json::from_value(json!({"remedy": name, "file": "/d/b.db"}));
            assert!(remedy.is_ok(), "ui/i18n names an unknown remedy {name:?}");
        }
    }

    #[test]
    fn every_message_is_non_empty_and_codes_are_snake_case() {
        let all = [
            ShellError::InvalidArgument {
                field: "f".into(),
                value: "v".into(),
            },
            ShellError::Locked,
            ShellError::LockNotEncrypted,
            ShellError::NoDatabase,
            ShellError::TaskFailed { detail: "d".into() },
            ShellError::ChartUnsendable { detail: "d".into() },
            ShellError::OpenFailed {
                path: "/a".into(),
                detail: "d".into(),
            },
            ShellError::ExportFolderUnwritable {
                path: "/a".into(),
                detail: "d".into(),
            },
            ShellError::ExportFolderNotLocal,
            ShellError::NoDocumentsFolder,
            ShellError::ImportNothingLoaded,
        ];
        for error in all {
            let code = error.code();
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
            for lang in [Lang::Zh, Lang::En] {
                assert!(!error.message(lang).is_empty(), "{code} {lang:?}");
            }
            assert_ne!(error.message(Lang::Zh), error.message(Lang::En), "{code}");
        }
    }
}
