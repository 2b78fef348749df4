use super::Output;
use shebao_core::export::{is_manifest, verify, verify_batch, Verification};
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

/// The verdict in words, as the window shows it too (core's [`Verification::describe`]).
fn describe(result: &Verification, lang: Lang) -> String {
    result.describe(lang)
}
