//! `shebao vault add|list|open|export|remove|max-age|prune`: official documents kept with a
//! profile. The JSON shapes are in docs/cli.md.

use super::{Output, ProfileRef};
use crate::args::{MaxAgeArgs, VaultAddArgs};
use crate::table;
use serde::Serialize;
use serde_json::json;
use shebao_core::model::{DocumentId, VaultDocument};
use shebao_core::vault::{
    self, CertificateMaxAge, DocumentFile, ListedDocument, MaxAgeSetBy, NewDocument,
};
use shebao_core::{Lang, Result, Store};

/// Reads and checks the file before the database is opened: a missing or unsuitable file must
/// not create a database.
pub fn read(args: &VaultAddArgs) -> Result<DocumentFile> {
    vault::read_document(&args.file)
}

pub fn add(
    store: &mut Store,
    args: VaultAddArgs,
    file: DocumentFile,
    today: chrono::NaiveDate,
    out: Output,
) -> Result<()> {
    let profile = store.find_profile(&args.profile)?;
    let document = vault::attach(
        store,
        profile.id,
        &file,
        &NewDocument {
            doc_type: args.doc_type,
            document_date: args.date,
            note: args.note,
        },
        today,
    )?;
    let path = vault::document_path(store, &document);
    if out.json {
        out.print_json(&ListedDocument {
            document,
            file: path,
            present: true,
        });
        return Ok(());
    }
    let lang = out.lang;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已添加文档 {}（{}，{}，{}）→ {}",
                document.id,
                document.doc_type.label(lang),
                document.media_type.as_str().to_uppercase(),
                size_text(document.size),
                profile.name
            ),
            Lang::En => format!(
                "attached document {} ({}, {}, {}) → {}",
                document.id,
                document.doc_type.label(lang),
                document.media_type.as_str().to_uppercase(),
                size_text(document.size),
                profile.name
            ),
        }
    );
    println!("SHA-256 {}", document.sha256);
    println!("{}{}", lang.pick("保存在：", "kept at: "), path.display());
    if store.is_encrypted() {
        println!(
            "{}",
            lang.pick(
                "注意：数据库已加密，但文档库中的文件按原样保存，没有加密（见 docs/vault.md）",
                "note: the database is encrypted, but the vault keeps files as they are, unencrypted (see docs/vault.md)"
            )
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct ListJson<'a> {
    profile: ProfileRef<'a>,
    certificate_max_age: CertificateMaxAge,
    documents: Vec<ListedDocument>,
}

pub fn list(store: &Store, profile: &str, out: Output) -> Result<()> {
    let profile = store.find_profile(profile)?;
    let documents = vault::list(store, profile.id)?;
    let max_age = vault::certificate_max_age(store, profile.id)?;
    if out.json {
        out.print_json(&ListJson {
            profile: ProfileRef::from(&profile),
            certificate_max_age: max_age,
            documents,
        });
        return Ok(());
    }
    let lang = out.lang;
    if documents.is_empty() {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "{} 的文档库是空的。添加：shebao vault add 文件 --profile {} --type certificate",
                    profile.name, profile.id
                ),
                Lang::En => format!(
                    "{}'s vault is empty. Attach a document: shebao vault add FILE --profile {} --type certificate",
                    profile.name, profile.id
                ),
            }
        );
        return Ok(());
    }
    let header = [
        lang.pick("编号", "id"),
        lang.pick("类型", "type"),
        lang.pick("文件日期", "dated"),
        lang.pick("添加于", "attached"),
        lang.pick("大小", "size"),
        lang.pick("原文件名", "file name"),
        lang.pick("备注", "note"),
    ];
    let rows: Vec<Vec<String>> = documents
        .iter()
        .map(|listed| {
            let d = &listed.document;
            let mut name = d.original_name.clone();
            if !listed.present {
                name.push_str(lang.pick("（文件缺失！）", " (file missing!)"));
            }
            vec![
                d.id.to_string(),
                d.doc_type.label(lang).to_string(),
                d.document_date
                    .map_or_else(|| "-".to_string(), |date| date.to_string()),
                d.attached_at.format("%Y-%m-%d").to_string(),
                size_text(d.size),
                name,
                d.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    println!("{}", table::render(&header, &rows));
    println!("{}", max_age_text(None, max_age, lang));
    Ok(())
}

pub fn open(store: &Store, id: DocumentId, out: Output) -> Result<()> {
    let path = vault::open(store, id)?;
    if out.json {
        out.print_json(&json!({ "id": id, "path": path }));
    } else {
        // The path alone, so that scripts can hand it to a viewer.
        println!("{}", path.display());
    }
    Ok(())
}

pub fn export(store: &Store, id: DocumentId, file: &std::path::Path, out: Output) -> Result<()> {
    let exported = vault::export(store, id, file)?;
    if out.json {
        out.print_json(&exported);
    } else {
        println!(
            "{}{}",
            out.lang
                .pick("已导出，SHA-256 校验一致：", "exported, SHA-256 checked: "),
            exported.path.display()
        );
    }
    Ok(())
}

pub fn remove(store: &mut Store, id: DocumentId, out: Output) -> Result<()> {
    let removed = vault::remove(store, id)?;
    if out.json {
        out.print_json(&json!({ "removed": id, "file_removed": removed.file_removed }));
        return Ok(());
    }
    let lang = out.lang;
    let VaultDocument {
        doc_type,
        original_name,
        ..
    } = &removed.document;
    let kept = if removed.file_removed {
        ""
    } else {
        lang.pick(
            "；文件仍被其他成员的文档使用，已保留",
            "; the file stays: another profile holds it too",
        )
    };
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已删除文档 {id}（{}，{original_name}）{kept}",
                doc_type.label(lang)
            ),
            Lang::En => format!(
                "removed document {id} ({}, {original_name}){kept}",
                doc_type.label(lang)
            ),
        }
    );
    Ok(())
}

pub fn max_age(store: &Store, args: &MaxAgeArgs, out: Output) -> Result<()> {
    let profile = args
        .profile
        .as_deref()
        .map(|p| store.find_profile(p))
        .transpose()?;
    let id = profile.as_ref().map(|p| p.id);
    if args.days.is_some() || args.clear {
        store.set_certificate_max_age(id, args.days)?;
    }
    let in_force = match id {
        Some(id) => vault::certificate_max_age(store, id)?,
        None => match store.certificate_max_age_setting(None)? {
            Some(days) => CertificateMaxAge {
                days,
                set_by: MaxAgeSetBy::Global,
            },
            None => CertificateMaxAge::default(),
        },
    };
    if out.json {
        out.print_json(&json!({
            "profile": profile.as_ref().map(ProfileRef::from),
            "days": in_force.days,
            "set_by": in_force.set_by,
        }));
    } else {
        println!(
            "{}",
            max_age_text(
                profile.as_ref().map(|p| p.name.as_str()),
                in_force,
                out.lang
            )
        );
    }
    Ok(())
}

pub fn prune(store: &Store, out: Output) -> Result<()> {
    let report = vault::prune(store)?;
    if out.json {
        out.print_json(&report);
        return Ok(());
    }
    let (trashed, removed) = (report.trashed.len(), report.removed.len());
    println!(
        "{}",
        match out.lang {
            Lang::Zh => format!(
                "已将 {trashed} 个没有文档引用的文件移入回收站，删除了 {removed} 个超过 {} 天的文件",
                vault::TRASH_GRACE.as_secs() / 86_400
            ),
            Lang::En => format!(
                "moved {trashed} file(s) no document names to the trash; deleted {removed} older than {} days",
                vault::TRASH_GRACE.as_secs() / 86_400
            ),
        }
    );
    for path in &report.unreadable {
        println!(
            "{}{}",
            out.lang.pick(
                "无法读取，回收站暂不清空：",
                "cannot be read, so the trash is kept: "
            ),
            path.display()
        );
    }
    Ok(())
}

fn max_age_text(profile: Option<&str>, max_age: CertificateMaxAge, lang: Lang) -> String {
    let set_by = match (max_age.set_by, lang) {
        (MaxAgeSetBy::Profile, Lang::Zh) => "成员的设定",
        (MaxAgeSetBy::Global, Lang::Zh) => "全局设定",
        (MaxAgeSetBy::Default, Lang::Zh) => "默认值",
        (MaxAgeSetBy::Profile, Lang::En) => "this profile's setting",
        (MaxAgeSetBy::Global, Lang::En) => "the global setting",
        (MaxAgeSetBy::Default, Lang::En) => "the default",
    };
    let who = match (profile, lang) {
        (Some(name), Lang::Zh) => format!("{name}："),
        (Some(name), Lang::En) => format!("{name}: "),
        (None, _) => String::new(),
    };
    match lang {
        Lang::Zh => format!("{who}参保证明超过 {} 天视为过期（{set_by}）", max_age.days),
        Lang::En => format!(
            "{who}a certificate is out of date after {} days ({set_by})",
            max_age.days
        ),
    }
}

/// `812 KB`, `3.4 MB`, `120 B`.
fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    match bytes {
        b if b < KB => format!("{b} B"),
        b if b < KB * KB => format!("{} KB", b.div_ceil(KB)),
        b => format!("{:.1} MB", b as f64 / (KB * KB) as f64),
    }
}
