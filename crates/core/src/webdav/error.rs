//! What can go wrong with a WebDAV backup or restore, each with a stable code and one line in
//! both languages. Every message that ends a backup or restore says what became of the local
//! database (always: unchanged) and of the server (no partial backup kept). Messages never
//! hold the password or the backup passphrase.

use crate::net::UrlProblem;
use crate::Lang;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebDavError {
    #[error("no WebDAV server is set up")]
    NotConfigured,

    #[error("the WebDAV address {url:?} cannot be used: {problem}")]
    BadUrl { url: String, problem: UrlProblem },

    #[error("{name:?} is not an environment variable name (letters, digits and _, not starting with a digit)")]
    BadPasswordEnv { name: String },

    #[error("${name} holds one of the app's own secrets or settings (a passphrase) and is never sent as the WebDAV password; keep the password in a variable of its own")]
    ReservedPasswordEnv { name: String },

    #[error("the WebDAV address moves to another server ({old_host} → {new_host}): type that server's password; the saved one is never sent to another server")]
    PasswordForNewHost { old_host: String, new_host: String },

    #[error("the WebDAV user name must not be empty")]
    EmptyUser,

    #[error("no WebDAV password: {}", no_password_en(env.as_deref()))]
    NoPassword { env: Option<String> },

    #[error("no WebDAV password was given")]
    PasswordNeeded,

    #[error(
        "no OS keyring is available here ({reason}), so the WebDAV password cannot be kept in it"
    )]
    KeyringNeeded { reason: String },

    #[error("the OS keyring failed: {reason}")]
    Keyring { reason: String },

    #[error("a backup passphrase is needed")]
    BackupPassphraseRequired,

    #[error(
        "the WebDAV server refused the user name or password (HTTP {status}). Nothing was changed"
    )]
    Auth { status: u16 },

    #[error("the WebDAV server is out of space (HTTP 507 Insufficient Storage); free some space or raise the quota there. No backup was kept on the server and the local database is unchanged")]
    InsufficientStorage,

    #[error("cannot reach the WebDAV server: {reason}. Nothing was changed")]
    Connect { reason: String },

    #[error("the WebDAV server did not answer in full within {seconds} s. Nothing was changed")]
    Timeout { seconds: u64 },

    #[error("the upload was cut off ({reason}); no backup was kept on the server and the local database is unchanged")]
    UploadInterrupted { reason: String },

    #[error("the download of {name} was cut off ({reason}); the local database is unchanged")]
    DownloadInterrupted { name: String, reason: String },

    #[error("the WebDAV server answered HTTP {status} to {method} {path}{}; nothing was changed", redirect_hint(*status, Lang::En))]
    Status {
        method: String,
        path: String,
        status: u16,
    },

    #[error("the WebDAV server's folder listing could not be read ({reason})")]
    BadListing { reason: String },

    #[error("the WebDAV server's folder listing is larger than {} (the most one may be); nothing was changed", crate::sync::error::size_text(*limit))]
    ListingTooLarge { limit: u64 },

    #[error("no backup named {name:?} on the WebDAV server")]
    UnknownBackup { name: String },

    #[error("the server holds {found} bytes of {name}, but {expected} were sent; that copy was removed and the local database is unchanged")]
    SizeMismatch {
        name: String,
        expected: u64,
        found: u64,
    },

    #[error(
        "{name} is {size} bytes, more than the {limit} a backup may be; it was not downloaded"
    )]
    TooLarge { name: String, size: u64, limit: u64 },

    #[error("wrong backup passphrase for {name}; nothing was restored and the local database is unchanged")]
    WrongBackupPassphrase { name: String },

    #[error("{name} is cut short ({found} of {expected} bytes): an interrupted upload or download; nothing was restored and the local database is unchanged")]
    ArchiveTruncated {
        name: String,
        expected: u64,
        found: u64,
    },

    #[error("{name} is damaged or was changed ({reason}); nothing was restored and the local database is unchanged")]
    ArchiveDamaged { name: String, reason: String },

    #[error("{name} is not a Shebao Ledger backup archive; nothing was restored")]
    NotAnArchive { name: String },

    #[error("{name} was made by a newer version of Shebao Ledger (archive format {found}); update the app. Nothing was restored")]
    NewerArchive { name: String, found: u16 },
}

/// A 3xx is a redirect, never followed: the password must go only where the user said.
fn redirect_hint(status: u16, lang: Lang) -> &'static str {
    match (status, lang) {
        (301 | 302 | 303 | 307 | 308, Lang::En) => {
            " (a redirect, never followed so the password goes nowhere else; if the server moved, set its new address)"
        }
        (301 | 302 | 303 | 307 | 308, Lang::Zh) => {
            "（这是重定向；为了不把密码发往别处，本应用从不跟随重定向；如服务器已搬迁，请设置新地址）"
        }
        _ => "",
    }
}

fn no_password_en(env: Option<&str>) -> String {
    match env {
        Some(var) => format!("the keyring holds none and ${var} is not set"),
        None => "the keyring holds none".into(),
    }
}

impl WebDavError {
    pub fn code(&self) -> &'static str {
        use WebDavError::*;
        match self {
            NotConfigured => "webdav_not_configured",
            BadUrl { .. } => "webdav_bad_url",
            BadPasswordEnv { .. } => "webdav_bad_password_env",
            EmptyUser => "webdav_empty_user",
            ReservedPasswordEnv { .. } => "webdav_reserved_password_env",
            PasswordForNewHost { .. } => "webdav_password_for_new_host",
            ListingTooLarge { .. } => "webdav_listing_too_large",
            NoPassword { .. } => "webdav_no_password",
            PasswordNeeded => "webdav_password_needed",
            KeyringNeeded { .. } => "webdav_keyring_needed",
            Keyring { .. } => "webdav_keyring",
            BackupPassphraseRequired => "backup_passphrase_required",
            Auth { .. } => "webdav_auth",
            InsufficientStorage => "webdav_insufficient_storage",
            Connect { .. } => "webdav_connect",
            Timeout { .. } => "webdav_timeout",
            UploadInterrupted { .. } => "webdav_upload_interrupted",
            DownloadInterrupted { .. } => "webdav_download_interrupted",
            Status { .. } => "webdav_status",
            BadListing { .. } => "webdav_bad_listing",
            UnknownBackup { .. } => "webdav_unknown_backup",
            SizeMismatch { .. } => "webdav_size_mismatch",
            TooLarge { .. } => "webdav_too_large",
            WrongBackupPassphrase { .. } => "wrong_backup_passphrase",
            ArchiveTruncated { .. } => "archive_truncated",
            ArchiveDamaged { .. } => "archive_damaged",
            NotAnArchive { .. } => "not_an_archive",
            NewerArchive { .. } => "newer_archive",
        }
    }

    /// What the user can do about it, if this error points a way (see [`crate::Remedy`]).
    pub fn remedy(&self) -> Option<crate::Remedy> {
        use crate::Remedy;
        use WebDavError::*;
        match self {
            NotConfigured | NoPassword { .. } | Auth { .. } => Some(Remedy::SetUpWebDav),
            PasswordNeeded => Some(Remedy::GiveWebDavPassword),
            KeyringNeeded { .. } => Some(Remedy::WebDavPasswordNeedsKeyring),
            BackupPassphraseRequired => Some(Remedy::GiveBackupPassphrase),
            UnknownBackup { .. } => Some(Remedy::ListWebDavBackups),
            BadUrl {
                problem: UrlProblem::Credentials,
                ..
            } => Some(Remedy::WebDavCredentialsApart),
            _ => None,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        use WebDavError::*;
        match self {
            NotConfigured => {
                "还没有设置 WebDAV 服务器".into()
            }
            BadUrl { url, problem } => {
                format!("WebDAV 地址 {url:?} 不能使用：{}", problem.label(Lang::Zh))
            }
            BadPasswordEnv { name } => {
                format!("{name:?} 不是环境变量名（只能含字母、数字和 _，且不以数字开头）")
            }
            EmptyUser => "WebDAV 用户名不能为空".into(),
            ReservedPasswordEnv { name } => format!(
                "${name} 存放的是本应用自己的口令或设置，绝不会作为 WebDAV 密码发送；请把密码放在单独的环境变量里"
            ),
            PasswordForNewHost { old_host, new_host } => format!(
                "WebDAV 地址换到了另一台服务器（{old_host} → {new_host}）：请输入那台服务器的密码；已保存的密码绝不会发往别的服务器"
            ),
            ListingTooLarge { limit } => format!(
                "WebDAV 服务器的文件夹列表超过 {}（上限）；没有做任何改动",
                crate::sync::error::size_text(*limit)
            ),
            NoPassword { env: Some(var) } => format!(
                "没有 WebDAV 密码：系统钥匙串里没有，环境变量 ${var} 也未设置"
            ),
            NoPassword { env: None } => {
                "没有 WebDAV 密码：系统钥匙串里没有".into()
            }
            PasswordNeeded => "没有提供 WebDAV 密码".into(),
            KeyringNeeded { reason } => format!(
                "这里没有可用的系统钥匙串，无法在其中保存 WebDAV 密码（详情：{reason}）"
            ),
            Keyring { reason } => format!("系统钥匙串出错（详情：{reason}）"),
            BackupPassphraseRequired => {
                "需要备份口令".into()
            }
            Auth { status } => format!(
                "WebDAV 服务器拒绝了用户名或密码（HTTP {status}）。没有做任何改动"
            ),
            InsufficientStorage => "WebDAV 服务器空间不足（HTTP 507）；请在服务器上腾出空间或提高配额。服务器上没有留下备份，本地数据库没有改动".into(),
            Connect { reason } => format!("无法连接 WebDAV 服务器，没有做任何改动（详情：{reason}）"),
            Timeout { seconds } => {
                format!("WebDAV 服务器在 {seconds} 秒内没有完整响应。没有做任何改动")
            }
            UploadInterrupted { reason } => format!(
                "上传中断；服务器上没有留下备份，本地数据库没有改动（详情：{reason}）"
            ),
            DownloadInterrupted { name, reason } => {
                format!("下载 {name} 时中断；本地数据库没有改动（详情：{reason}）")
            }
            Status {
                method,
                path,
                status,
            } => format!(
                "WebDAV 服务器对 {method} {path} 返回 HTTP {status}{}；没有做任何改动",
                redirect_hint(*status, Lang::Zh)
            ),
            BadListing { reason } => format!("无法读取 WebDAV 服务器的文件夹列表（详情：{reason}）"),
            UnknownBackup { name } => {
                format!("WebDAV 服务器上没有名为 {name:?} 的备份")
            }
            SizeMismatch {
                name,
                expected,
                found,
            } => format!(
                "服务器上的 {name} 只有 {found} 字节，而上传了 {expected} 字节；已删除这个副本，本地数据库没有改动"
            ),
            TooLarge { name, size, limit } => {
                format!("{name} 有 {size} 字节，超过备份的上限 {limit} 字节；没有下载")
            }
            WrongBackupPassphrase { name } => {
                format!("{name} 的备份口令不对；没有恢复任何内容，本地数据库没有改动")
            }
            ArchiveTruncated {
                name,
                expected,
                found,
            } => format!(
                "{name} 不完整（{found} / {expected} 字节），上传或下载曾中断；没有恢复任何内容，本地数据库没有改动"
            ),
            ArchiveDamaged { name, reason } => format!(
                "{name} 已损坏或被改动；没有恢复任何内容，本地数据库没有改动（详情：{reason}）"
            ),
            NotAnArchive { name } => format!("{name} 不是社保账本的备份文件；没有恢复任何内容"),
            NewerArchive { name, found } => format!(
                "{name} 由更新版本的社保账本生成（备份格式 {found}），请升级应用。没有恢复任何内容"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_code_and_a_line_in_each_language() {
        let all = [
            WebDavError::NotConfigured,
            WebDavError::Auth { status: 401 },
            WebDavError::InsufficientStorage,
            WebDavError::NoPassword {
                env: Some("DAV_PW".into()),
            },
            WebDavError::ArchiveTruncated {
                name: "a.sbk".into(),
                expected: 10,
                found: 5,
            },
            WebDavError::WrongBackupPassphrase {
                name: "a.sbk".into(),
            },
            WebDavError::ReservedPasswordEnv {
                name: "SHEBAO_PASSPHRASE".into(),
            },
            WebDavError::PasswordForNewHost {
                old_host: "https://dav.jianguoyun.com".into(),
                new_host: "https://evil.example".into(),
            },
            WebDavError::ListingTooLarge { limit: 4 << 20 },
            WebDavError::Status {
                method: "PROPFIND".into(),
                path: "/dav/".into(),
                status: 302,
            },
        ];
        let mut codes = std::collections::HashSet::new();
        for error in &all {
            assert!(codes.insert(error.code()));
            for lang in [Lang::Zh, Lang::En] {
                let line = error.message(lang);
                assert!(!line.is_empty() && !line.contains('\n'), "{line}");
            }
        }
        assert!(WebDavError::InsufficientStorage
            .message(Lang::En)
            .contains("local database is unchanged"));
        assert!(WebDavError::InsufficientStorage
            .message(Lang::Zh)
            .contains("本地数据库没有改动"));
    }
}
