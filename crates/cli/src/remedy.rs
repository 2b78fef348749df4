//! The core's remedies ([`shebao_core::Remedy`]) in command-line terms: the flag, environment
//! variable or command that gets the user further. The core's messages say only what is wrong;
//! the window phrases the same remedies in its own terms (ui/i18n, `remedy.*`).

use shebao_core::{Error, Lang, Remedy};

/// The error's message followed, on the same line (stderr carries one line per error), by its
/// remedy in command-line terms: `…；可用 … 恢复` / `…; restore it with …`.
pub fn after_message(message: String, error: &Error, lang: Lang) -> String {
    match error.remedy() {
        Some(remedy) => with_remedy(message, &remedy, lang),
        None => message,
    }
}

/// `message；remedy` / `message; remedy`.
pub fn with_remedy(message: String, remedy: &Remedy, lang: Lang) -> String {
    format!("{message}{}{}", lang.pick("；", "; "), phrase(remedy, lang))
}

/// The remedy as an instruction for the command line.
pub fn phrase(remedy: &Remedy, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let text = match remedy {
        Remedy::GiveDataFile if zh => "用 --db 路径 或环境变量 SHEBAO_DB 指定数据库文件",
        Remedy::GiveDataFile => "name the database file with --db PATH or SHEBAO_DB",
        Remedy::GivePassphrase if zh => "设置环境变量 SHEBAO_PASSPHRASE，或在提示时输入密码",
        Remedy::GivePassphrase => "set SHEBAO_PASSPHRASE or type the passphrase when asked",
        Remedy::EncryptOrDropPassphrase if zh => {
            "可用 `shebao encrypt` 加密，或取消 SHEBAO_PASSPHRASE"
        }
        Remedy::EncryptOrDropPassphrase => {
            "encrypt it with `shebao encrypt`, or unset SHEBAO_PASSPHRASE"
        }
        Remedy::ChangePassphrase if zh => "修改密码请用 `shebao passwd`",
        Remedy::ChangePassphrase => "change its passphrase with `shebao passwd`",
        Remedy::RestoreBackup { file } if zh => {
            return format!("可用 `shebao restore {}` 恢复", file.display())
        }
        Remedy::RestoreBackup { file } => {
            return format!("restore it with `shebao restore {}`", file.display())
        }
        Remedy::UpdateRules if zh => "可运行 `shebao rules update` 重新下载",
        Remedy::UpdateRules => "run `shebao rules update` to fetch them again",
        Remedy::ImportAnyway if zh => "如确认无误，可加 --force 强制导入",
        Remedy::ImportAnyway => "import it anyway with --force if it is right",
        Remedy::ImportPerPerson if zh => {
            "文件里有多人的记录：用 shebao import 文件 --per-person 按人导入（--create-profiles 建立缺少的成员）"
        }
        Remedy::ImportPerPerson => {
            "the file holds several people's records: import it per person with shebao import FILE --per-person (--create-profiles creates the missing profiles)"
        }
        Remedy::CreateProfiles if zh => "加 --create-profiles 为缺少的人建立成员档案",
        Remedy::CreateProfiles => "add --create-profiles to create the missing profiles",
        Remedy::MatchNames if zh => {
            "如确是同一人，加 --match-names 按姓名导入到同名成员；否则先给该成员填写身份证号"
        }
        Remedy::MatchNames => {
            "if it is the same person, add --match-names to import into the profile of that name; otherwise give that profile its ID number first"
        }
        Remedy::SetUpWebDav if zh => {
            "请用 `shebao webdav set --url 地址 --user 用户名` 设置服务器、用户名和密码"
        }
        Remedy::SetUpWebDav => {
            "set the server, user and password with `shebao webdav set --url URL --user NAME`"
        }
        Remedy::GiveWebDavPassword if zh => {
            "请用 --password-env 变量名 指定保存密码的环境变量，或在终端提示时输入"
        }
        Remedy::GiveWebDavPassword => {
            "pass --password-env VAR naming the environment variable that holds it, or type it when asked on a terminal"
        }
        Remedy::GiveBackupPassphrase if zh => {
            "请设置环境变量 SHEBAO_WEBDAV_PASSPHRASE，或在提示时输入"
        }
        Remedy::GiveBackupPassphrase => "set SHEBAO_WEBDAV_PASSPHRASE or type it when asked",
        Remedy::ListWebDavBackups if zh => "可用 `shebao webdav list` 查看服务器上的备份",
        Remedy::ListWebDavBackups => "see the server's backups with `shebao webdav list`",
        Remedy::ListSources if zh => "可用 `shebao source list` 查看",
        Remedy::ListSources => "see `shebao source list`",
        Remedy::AddSource if zh => "可用 `shebao source add-http` 添加",
        Remedy::AddSource => "add one with `shebao source add-http`",
        Remedy::GiveSourceToken if zh => {
            "请用 --token-env 变量名 指定存放令牌的环境变量，或在终端上按提示输入"
        }
        Remedy::GiveSourceToken => {
            "pass --token-env VAR naming the environment variable that holds it, or type it when asked on a terminal"
        }
        Remedy::SyncAnyway if zh => "如确认无误，可加 --force 强制同步",
        Remedy::SyncAnyway => "sync anyway with --force if it is right",
        // On the command line the secret can come from the environment instead.
        Remedy::SourceTokenNeedsKeyring => return phrase(&Remedy::GiveSourceToken, lang),
        Remedy::WebDavPasswordNeedsKeyring => return phrase(&Remedy::GiveWebDavPassword, lang),
        Remedy::WebDavCredentialsApart if zh => {
            "用户名请用 --user 给出，密码用 --password-env 或在提示时输入"
        }
        Remedy::WebDavCredentialsApart => {
            "give the user with --user and the password with --password-env or when asked"
        }
        Remedy::SourceTokenApart if zh => "令牌请用 --token-env 给出，或在提示时输入",
        Remedy::SourceTokenApart => "give the token with --token-env or when asked",
        Remedy::GiveBenefitBase if zh => {
            "可用 `shebao profile set 成员 --benefit-base 元` 保存（或本次 standing --benefit-base 元）"
        }
        Remedy::GiveBenefitBase => {
            "store one with `shebao profile set PROFILE --benefit-base YUAN` (or give standing --benefit-base YUAN)"
        }
        Remedy::GiveFutureIndex if zh => {
            "可用 `shebao profile set 成员 --future-index 指数` 保存（如 0.6、1；或本次 standing --index）"
        }
        Remedy::GiveFutureIndex => {
            "store one with `shebao profile set PROFILE --future-index X` (e.g. 0.6, 1; or give standing --index X)"
        }
        Remedy::GiveAverageIndex if zh => {
            "可用 `shebao profile set 成员 --average-index 指数` 填写个人权益记录单上的平均缴费指数"
        }
        Remedy::GiveAverageIndex => {
            "give the average index from your 个人权益记录单 with `shebao profile set PROFILE --average-index X`"
        }
    };
    text.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_remedy_names_what_to_type_in_both_languages() {
        let restore = Remedy::RestoreBackup {
            file: "/d/backups/auto-1.db".into(),
        };
        assert_eq!(
            with_remedy("坏了".into(), &restore, Lang::Zh),
            "坏了；可用 `shebao restore /d/backups/auto-1.db` 恢复"
        );
        let required = Error::PassphraseRequired {
            path: "/d/shebao.db".into(),
        };
        assert_eq!(
            after_message(required.message(Lang::En), &required, Lang::En),
            "/d/shebao.db is encrypted: a passphrase is needed; set SHEBAO_PASSPHRASE or type the passphrase when asked"
        );
        let error = Error::WebDav(shebao_core::webdav::WebDavError::PasswordNeeded);
        assert_eq!(
            after_message(error.message(Lang::Zh), &error, Lang::Zh),
            "没有提供 WebDAV 密码；请用 --password-env 变量名 指定保存密码的环境变量，或在终端提示时输入"
        );
        assert_eq!(
            after_message("x".into(), &Error::Cancelled, Lang::En),
            "x",
            "no remedy, nothing added"
        );
    }
}
