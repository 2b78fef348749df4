//! Signs a rule-table release for `shebao rules update` (docs/rules.md, "Publishing an update").
//!
//! ```text
//! cargo run --release -p shebao-core --example sign_rules -- \
//!     --key PATH.pem --tables assets/rules --out DIR [--published RFC3339]
//! cargo run --release -p shebao-core --example sign_rules -- --public-key PATH.pem
//! ```
//!
//! The tables are validated exactly as the app validates them before anything is signed; the
//! version is that of the newest table. The key is a PKCS#8 PEM file, as
//! `openssl genpkey -algorithm ed25519` writes it; the signature is checked against the key's
//! public half and, with a warning if not, against the key compiled into the app.

use shebao_core::rules::{public_key_hex, signing_key_from_pem, Release, TrustedKeys};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sign_rules: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut key = None;
    let mut tables = None;
    let mut out = None;
    let mut published = None;
    let mut public_key = None;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--key" => key = Some(PathBuf::from(value()?)),
            "--tables" => tables = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--published" => published = Some(value()?),
            "--public-key" => public_key = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other:?}; see the file's header")),
        }
    }
    let read_key = |path: &PathBuf| {
        let pem = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        signing_key_from_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))
    };
    if let Some(path) = public_key {
        println!("{}", public_key_hex(&read_key(&path)?.verifying_key()));
        return Ok(());
    }
    let (Some(key_path), Some(tables), Some(out)) = (key, tables, out) else {
        return Err("--key, --tables and --out are required".into());
    };
    let key = read_key(&key_path)?;
    let published = published
        .unwrap_or_else(|| chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let files = Release::read_tables(&tables).map_err(|e| e.to_string())?;
    let release = Release::sign(files, &published, &key).map_err(|e| e.to_string())?;
    assert!(release
        .manifest
        .is_signed_by(&TrustedKeys::only([key.verifying_key()])));
    release.write_to(&out).map_err(|e| e.to_string())?;
    if !release.manifest.is_signed_by(&TrustedKeys::project()) {
        eprintln!(
            "sign_rules: warning: this key ({}) is not the one compiled into the app; the app will refuse this release",
            public_key_hex(&key.verifying_key())
        );
    }
    println!(
        "signed version {} ({} files) into {}",
        release.manifest.version,
        release.files.len(),
        out.display()
    );
    Ok(())
}
