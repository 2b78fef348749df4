use super::Output;
use shebao_core::export::{is_manifest, verify, verify_batch, Verification, VerifyStatus};
use shebao_core::model::ExportRecord;
use shebao_core::{Error, Lang, Result, Store};
use std::path::Path;
use std::process::ExitCode;

/// Exit 0 only for an exact export whose records are unchanged; 1 otherwise (the reason on
/// stdout, as a report, not an error). A batch's folder or manifest: 0 only when every file
/// it lists passes.
pub fn run(store: &Store, file: &Path, out: Output) -> Result<ExitCode> {
    if file.is_dir() {
        return run_batch(store, &file.join(shebao_core::export::MANIFEST_NAME), out);
    }
    let bytes = std::fs::read(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    if is_manifest(&bytes) {
        return run_batch(store, file, out);
    }
    let result = verify(store, &bytes)?;
    if out.json {
        let mut value = serde_json::to_value(&result).expect("serialisable");
        value["passed"] = result.passed().into();
        out.print_json(&value);
    } else {
        println!("{}", describe(&result, out.lang));
    }
    Ok(if result.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Each file the manifest lists: one line (text) or one entry (JSON) per file.
fn run_batch(store: &Store, manifest: &Path, out: Output) -> Result<ExitCode> {
    let checks = verify_batch(store, manifest)?;
    let passed = checks.iter().all(|c| c.passed());
    if out.json {
        let files: Vec<serde_json::Value> = checks
            .iter()
            .map(|check| {
                let mut value = serde_json::to_value(check).expect("serialisable");
                value["passed"] = check.passed().into();
                value
            })
            .collect();
        out.print_json(&serde_json::json!({
            "manifest": manifest,
            "passed": passed,
            "files": files,
        }));
    } else {
        let lang = out.lang;
        for check in &checks {
            let file = &check.entry.file;
            let line = match &check.verification {
                None => lang
                    .pick(
                        "未通过：清单中列出的文件不在文件夹中",
                        "FAILED: listed in the manifest but not in the folder",
                    )
                    .to_string(),
                Some(_) if !check.matches_manifest => match lang {
                    Lang::Zh => format!(
                        "未通过：文件的 SHA-256 与清单不符（清单 {}）",
                        check.entry.sha256
                    ),
                    Lang::En => format!(
                        "FAILED: its SHA-256 differs from the manifest's ({})",
                        check.entry.sha256
                    ),
                },
                Some(result) => describe(result, lang),
            };
            println!("{file}: {line}");
        }
        let good = checks.iter().filter(|c| c.passed()).count();
        match lang {
            Lang::Zh => println!("{good}/{} 个文件通过", checks.len()),
            Lang::En => println!("{good} of {} files passed", checks.len()),
        }
    }
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// "PDF exported 2026-11-29 11:33 for 李明（示例）, 2011-07~2026-10"
fn which(export: &ExportRecord, lang: Lang) -> String {
    let at = export
        .created_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M");
    let month = |m: Option<shebao_core::model::YearMonth>| m.map_or("-".into(), |m| m.to_string());
    let format = export.format.as_str().to_uppercase();
    let (from, to) = (month(export.period.from), month(export.period.to));
    match lang {
        Lang::Zh => format!(
            "{at} 为 {} 导出的 {format}（{from}~{to}）",
            export.profile_name
        ),
        Lang::En => format!(
            "the {format} exported {at} for {} ({from}~{to})",
            export.profile_name
        ),
    }
}

fn describe(result: &Verification, lang: Lang) -> String {
    let months = || {
        result
            .changed_months
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    };
    let Some(e) = result
        .export
        .as_ref()
        .filter(|_| result.status != VerifyStatus::NotProduced)
    else {
        return match lang {
            Lang::Zh => format!(
                "未通过：这个文件不是本应用（用这个数据库）生成的导出文件，或导出后已被改动。文件 SHA-256 {}",
                result.file_sha256
            ),
            Lang::En => format!(
                "FAILED: this file was not produced by this app (with this database), or it was changed after export. File SHA-256 {}",
                result.file_sha256
            ),
        };
    };
    match (result.status, lang) {
        (VerifyStatus::Unchanged, Lang::Zh) => format!(
            "通过：这是 {}，文件未被改动，所依据的记录至今未变。内容摘要 {}",
            which(e, lang),
            e.content_digest
        ),
        (VerifyStatus::Unchanged, Lang::En) => format!(
            "OK: this is {}, unaltered, and the records it was made from are unchanged. Content digest {}",
            which(e, lang),
            e.content_digest
        ),
        (_, Lang::Zh) if result.profile_missing => format!(
            "未通过：这是 {}，文件未被改动，但该成员已不在数据库中。",
            which(e, lang)
        ),
        (_, Lang::En) if result.profile_missing => format!(
            "FAILED: this is {}, unaltered, but its profile no longer exists in the database.",
            which(e, lang)
        ),
        (_, Lang::Zh) => format!(
            "未通过：这是 {}，文件未被改动，但所依据的记录此后有改动，涉及月份：{}",
            which(e, lang),
            months()
        ),
        (_, Lang::En) => format!(
            "FAILED: this is {}, unaltered, but the records it was made from have changed since, in: {}",
            which(e, lang),
            months()
        ),
    }
}
