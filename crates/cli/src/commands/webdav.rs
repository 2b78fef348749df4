//! `shebao webdav set|backup|list|restore`: backups on a WebDAV server, as docs/cli.md and
//! docs/webdav.md describe. The core does the work; this file asks for what is missing and
//! prints.

use super::Output;
use crate::args::WebdavSetArgs;
use crate::passphrase::{self, BACKUP_PASSPHRASE_ENV, PASSPHRASE_ENV};
use crate::table;
use serde_json::json;
use shebao_core::secrets::process_env;
use shebao_core::secrets::{self, Secret};
use shebao_core::store::{encryption_state, EncryptionState, Passphrase};
use shebao_core::webdav::{self, DavTimeouts, PasswordKept, SetWebDav, WebDavError};
use shebao_core::{Lang, Result, Store};
use std::io::IsTerminal;
use std::path::Path;

pub fn set(store: &Store, args: &WebdavSetArgs, out: Output) -> Result<()> {
    let password = match &args.password_env {
        Some(_) => None,
        None => Some(ask_password(out.lang)?),
    };
    let keyring = secrets::default_store();
    let set = webdav::set(
        store,
        keyring.as_ref(),
        SetWebDav {
            url: &args.url,
            user: &args.user,
            password_env: args.password_env.as_deref(),
            password,
            keep: args.keep,
        },
        &process_env,
    )?;
    if out.json {
        out.print_json(&json!({
            "webdav": set.config,
            "password": set.password,
        }));
        return Ok(());
    }
    let lang = out.lang;
    let config = &set.config;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已设置 WebDAV：{}（用户 {}），备份放在其中的 shebao-backups/，保留最近 {} 份",
                config.url, config.user, config.keep
            ),
            Lang::En => format!(
                "WebDAV set: {} (user {}); backups go to shebao-backups/ there, the newest {} kept",
                config.url, config.user, config.keep
            ),
        }
    );
    let var = config.password_env.as_deref().unwrap_or_default();
    println!(
        "{}",
        match (set.password, lang) {
            (PasswordKept::Keyring, Lang::Zh) => "密码已存入系统钥匙串（不写入数据库）".to_string(),
            (PasswordKept::Keyring, Lang::En) =>
                "the password is in the OS keyring (never in the database)".to_string(),
            (PasswordKept::Environment, Lang::Zh) =>
                format!("每次使用时从环境变量 ${var} 读取密码"),
            (PasswordKept::Environment, Lang::En) =>
                format!("the password is read from ${var} at each use"),
        }
    );
    if let Some(reason) = &set.keyring_unavailable {
        let (open, close) = (lang.pick("（", " ("), lang.pick("）", ")"));
        println!(
            "{open}{}{reason}{close}",
            lang.pick("没有可用的系统钥匙串：", "no OS keyring available: ")
        );
    }
    if set.env_unset {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("注意：${var} 现在未设置，使用前请设置"),
                Lang::En => format!("note: ${var} is not set now; set it before use"),
            }
        );
    }
    Ok(())
}

pub fn backup(store: &Store, out: Output) -> Result<()> {
    let keyring = secrets::default_store();
    let (config, client) = webdav::client_for(
        store,
        keyring.as_ref(),
        &process_env,
        DavTimeouts::default(),
    )?;
    let passphrase = passphrase::webdav_archive(out.lang, true)?;
    let report = webdav::backup(store, &client, config.keep, &passphrase)?;
    if out.json {
        out.print_json(&report);
        return Ok(());
    }
    let lang = out.lang;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已上传并核对备份：{}（{} 字节）→ {}",
                report.name, report.size, report.folder
            ),
            Lang::En => format!(
                "uploaded and checked: {} ({} bytes) → {}",
                report.name, report.size, report.folder
            ),
        }
    );
    println!(
        "{}",
        if report.database_encrypted {
            lang.pick(
                "恢复时需要备份口令，以及备份时数据库的密码",
                "restoring it needs the backup passphrase and the database's passphrase of now",
            )
        } else {
            lang.pick(
                "恢复时需要备份口令；请记好它，服务器上的备份没有它无法打开",
                "restoring it needs the backup passphrase; keep it safe, nothing opens the backup without it",
            )
        }
    );
    if !report.removed.is_empty() {
        println!(
            "{}{}",
            lang.pick("已删除较旧的备份：", "removed older backups: "),
            report.removed.join(", ")
        );
    }
    if let Some(problem) = &report.rotation_error {
        println!(
            "{}{problem}",
            lang.pick(
                "注意：删除较旧的备份失败（新备份已完好保存）：",
                "note: removing older backups failed (the new one is safe): "
            )
        );
    }
    Ok(())
}

pub fn list(store: &Store, out: Output) -> Result<()> {
    let keyring = secrets::default_store();
    let (_, client) = webdav::client_for(
        store,
        keyring.as_ref(),
        &process_env,
        DavTimeouts::default(),
    )?;
    let backups = webdav::list(&client)?;
    if out.json {
        out.print_json(&json!({ "folder": client.folder().as_str(), "backups": backups }));
        return Ok(());
    }
    let lang = out.lang;
    if backups.is_empty() {
        println!(
            "{} {}",
            lang.pick("服务器上还没有备份：", "no backups on the server yet:"),
            client.folder()
        );
        return Ok(());
    }
    let header = [
        lang.pick("名称", "name"),
        lang.pick("时间", "taken"),
        lang.pick("大小（字节）", "size (bytes)"),
    ];
    let rows: Vec<Vec<String>> = backups
        .iter()
        .map(|b| {
            vec![
                b.name.clone(),
                b.taken_at
                    .with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                b.size.map_or_else(|| "?".into(), |s| s.to_string()),
            ]
        })
        .collect();
    println!("{}", table::render(&header, &rows));
    Ok(())
}

/// Opens the database only to read the server's settings, closes it, downloads and opens
/// the archive, and then restores through the core (which checks the copy and keeps the
/// current database as a backup first).
pub fn restore(db: &Path, name: &str, out: Output) -> Result<()> {
    let current = match encryption_state(db)? {
        EncryptionState::Encrypted => Some(passphrase::existing(db, PASSPHRASE_ENV, out.lang)?),
        EncryptionState::New => return Err(WebDavError::NotConfigured.into()),
        EncryptionState::Plain => None,
    };
    let client = {
        let store = Store::open_with_passphrase(db, current.as_ref())?;
        let keyring = secrets::default_store();
        webdav::client_for(
            &store,
            keyring.as_ref(),
            &process_env,
            DavTimeouts::default(),
        )?
        .1
    };
    let bytes = webdav::download(&client, name)?;
    let archive_passphrase = passphrase::webdav_archive(out.lang, false)?;
    let contents = webdav::open_archive(name, &bytes, &archive_passphrase)?;
    // The database inside is usually encrypted with the current passphrase; one backed up
    // before a `passwd` needs the old one, in SHEBAO_BACKUP_PASSPHRASE.
    let own;
    let inner: Option<&Passphrase> = if contents.key_file.is_none() {
        None
    } else if std::env::var_os(BACKUP_PASSPHRASE_ENV).is_some() || current.is_none() {
        let var = if std::env::var_os(BACKUP_PASSPHRASE_ENV).is_some() {
            BACKUP_PASSPHRASE_ENV
        } else {
            PASSPHRASE_ENV
        };
        own = passphrase::existing(Path::new(name), var, out.lang)?;
        Some(&own)
    } else {
        current.as_ref()
    };
    let report = webdav::restore_contents(db, name, &contents, current.as_ref(), inner)?;
    if out.json {
        out.print_json(&report);
        return Ok(());
    }
    let lang = out.lang;
    println!(
        "{} {} → {}",
        lang.pick("已从 WebDAV 恢复：", "restored from WebDAV:"),
        report.name,
        report.path.display()
    );
    if let Some(saved) = &report.previous_saved_as {
        println!(
            "{} {}",
            lang.pick(
                "恢复前的数据库已备份为",
                "the database as it was is saved as"
            ),
            saved.display()
        );
    }
    Ok(())
}

/// The password typed on the terminal, without echo.
fn ask_password(lang: Lang) -> Result<Secret> {
    if !std::io::stdin().is_terminal() {
        return Err(WebDavError::PasswordNeeded.into());
    }
    let typed = rpassword::prompt_password(lang.pick("WebDAV 密码：", "WebDAV password: "))
        .map_err(|_| WebDavError::PasswordNeeded)?;
    let password = Secret::new(typed);
    if password.expose().is_empty() {
        return Err(WebDavError::PasswordNeeded.into());
    }
    Ok(password)
}
