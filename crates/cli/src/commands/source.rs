//! `shebao source add-http` and `shebao source list`: providers over HTTP and every other
//! source, as docs/cli.md describes.

use super::Output;
use crate::args::AddHttpArgs;
use crate::table;
use serde_json::json;
use shebao_core::secrets::{self, Secret};
use shebao_core::sync::{self, AddHttpSource, SyncError, TokenKept};
use shebao_core::{Lang, Result, Store};
use std::io::IsTerminal;

pub fn add_http(store: &mut Store, args: &AddHttpArgs, out: Output) -> Result<()> {
    let profile = store.find_profile(&args.profile)?;
    let token = match &args.token_env {
        Some(_) => None,
        None => Some(ask_token(&args.name, out.lang)?),
    };
    let keyring = secrets::default_store();
    let added = sync::add_http_source(
        store,
        keyring.as_ref(),
        AddHttpSource {
            name: &args.name,
            profile: &profile,
            base_url: &args.base_url,
            freshness: args.freshness,
            token_env: args.token_env.as_deref(),
            token,
        },
        &secrets::process_env,
    )?;
    if out.json {
        out.print_json(&json!({
            "source": {
                "id": added.source.source.id,
                "name": added.source.source.name,
                "base_url": added.source.base_url(),
                "profile": {"id": profile.id, "name": profile.name},
                "freshness": added.source.source.freshness,
                "token": added.token,
                "token_env": added.source.token_env,
            },
            "created": added.created,
        }));
        return Ok(());
    }
    let lang = out.lang;
    let verb = match (added.created, lang) {
        (true, Lang::Zh) => "已添加在线数据源",
        (false, Lang::Zh) => "已更新在线数据源",
        (true, Lang::En) => "added the provider",
        (false, Lang::En) => "updated the provider",
    };
    let (open, close) = (lang.pick("（", " ("), lang.pick("）", ")"));
    println!(
        "{verb} {} → {}{open}{}{close}",
        added.source.source.name,
        profile.name,
        added.source.base_url()
    );
    let var = added.source.token_env.as_deref().unwrap_or_default();
    let where_kept = match (added.token, lang) {
        (TokenKept::Keyring, Lang::Zh) => "令牌已存入系统钥匙串（不写入数据库）".to_string(),
        (TokenKept::Keyring, Lang::En) => {
            "the token is in the OS keyring (never in the database)".to_string()
        }
        (TokenKept::Environment, Lang::Zh) => {
            format!("每次同步时从环境变量 ${var} 读取令牌")
        }
        (TokenKept::Environment, Lang::En) => {
            format!("the token is read from ${var} at each sync")
        }
    };
    println!("{where_kept}");
    if let Some(reason) = &added.keyring_unavailable {
        println!(
            "{open}{}{reason}{close}",
            lang.pick("没有可用的系统钥匙串：", "no OS keyring available: ")
        );
    }
    if added.env_unset {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("注意：${var} 现在未设置，同步前请设置"),
                Lang::En => format!("note: ${var} is not set now; set it before syncing"),
            }
        );
    }
    Ok(())
}

/// The token typed on the terminal, without echo.
fn ask_token(source: &str, lang: Lang) -> Result<Secret> {
    let needed = || SyncError::TokenNeeded {
        source_name: source.to_string(),
    };
    if !std::io::stdin().is_terminal() {
        return Err(needed().into());
    }
    let typed = rpassword::prompt_password(lang.pick("令牌：", "Token: ")).map_err(|_| needed())?;
    let token = Secret::new(typed.trim());
    if token.is_empty() {
        return Err(needed().into());
    }
    Ok(token)
}

pub fn list(store: &Store, today: chrono::NaiveDate, out: Output) -> Result<()> {
    let statuses = sync::source_statuses(store, today)?;
    if out.json {
        out.print_json(&json!({ "sources": statuses }));
        return Ok(());
    }
    let lang = out.lang;
    if statuses.is_empty() {
        println!(
            "{}",
            lang.pick(
                "还没有数据源。导入文件（shebao import）或添加在线数据源（shebao source add-http）后会列在这里。",
                "No sources yet. Importing a file (shebao import) or adding a provider (shebao source add-http) adds one."
            )
        );
        return Ok(());
    }
    let header = [
        lang.pick("编号", "id"),
        lang.pick("类型", "kind"),
        lang.pick("名称", "name"),
        lang.pick("成员", "profile"),
        lang.pick("时效", "freshness"),
        lang.pick("上次同步", "last sync"),
        lang.pick("上次运行", "last run"),
    ];
    let rows: Vec<Vec<String>> = statuses
        .iter()
        .map(|s| {
            let last_sync = match s.source.last_sync {
                Some(at) => {
                    let when = at
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string();
                    if s.stale {
                        format!("{when} {}", lang.pick("（已过期）", "(stale)"))
                    } else {
                        when
                    }
                }
                None if s.stale => lang.pick("从未（已过期）", "never (stale)").into(),
                None => "-".into(),
            };
            let last_run = match &s.last_run {
                Some(run) => match &run.error_code {
                    None => lang.pick("成功", "ok").to_string(),
                    Some(code) => format!("{} {code}", run.outcome),
                },
                None => "-".into(),
            };
            vec![
                s.source.id.to_string(),
                s.source.kind.to_string(),
                s.source.name.clone(),
                s.http
                    .as_ref()
                    .map_or("-".into(), |h| h.profile_name.clone()),
                s.source.freshness.to_string(),
                last_sync,
                last_run,
            ]
        })
        .collect();
    println!("{}", table::render(&header, &rows));
    Ok(())
}
