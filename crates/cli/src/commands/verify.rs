use super::Output;
use shebao_core::export::{verify, Verification};
use shebao_core::{Error, Lang, Result, Store};
use std::path::Path;
use std::process::ExitCode;

/// Exit 0 only for an exact export whose records are unchanged; 1 otherwise (the reason on
/// stdout, as a report, not an error).
pub fn run(store: &Store, file: &Path, out: Output) -> Result<ExitCode> {
    let bytes = std::fs::read(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
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

/// The verdict in words, as the window shows it too (core's [`Verification::describe`]).
fn describe(result: &Verification, lang: Lang) -> String {
    result.describe(lang)
}
