//! Is this file one we exported, and are the records it was made from unchanged?
//!
//! Two questions, answered separately: the file's SHA-256 must equal one in the export
//! record (any changed byte fails, however harmless it looks); then the content digest is
//! recomputed from the database for the recorded profile, period and kinds. When it differs,
//! the per-month digests kept with the record name the months that changed.

use super::canonical::{content_digest, sha256_hex};
use super::selection;
use crate::model::{ExportRecord, YearMonth};
use crate::{Result, Store};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerifyStatus {
    /// An exact export, and its records are as they were.
    Unchanged,
    /// An exact export, but records have changed since (see `changed_months`).
    Changed,
    /// No export had these bytes: edited, damaged, or never made by this app (on this
    /// database).
    NotProduced,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub status: VerifyStatus,
    pub file_sha256: String,
    /// The export this file is, when it is one (the newest, if exported more than once).
    pub export: Option<ExportRecord>,
    /// The content digest recomputed now.
    pub current_digest: Option<String>,
    /// Months whose records differ from the export: changed, added or removed.
    pub changed_months: Vec<YearMonth>,
    /// The profile the export was made for no longer exists.
    pub profile_missing: bool,
}

impl Verification {
    /// `verify` passes only for an exact export with unchanged records.
    pub fn passed(&self) -> bool {
        self.status == VerifyStatus::Unchanged
    }
}

pub fn verify(store: &Store, file_bytes: &[u8]) -> Result<Verification> {
    let file_sha256 = sha256_hex(file_bytes);
    let Some(export) = store.exports_by_file_hash(&file_sha256)?.into_iter().next() else {
        return Ok(Verification {
            status: VerifyStatus::NotProduced,
            file_sha256,
            export: None,
            current_digest: None,
            changed_months: vec![],
            profile_missing: false,
        });
    };
    let Some(profile) = store.profile(export.profile)? else {
        return Ok(Verification {
            status: VerifyStatus::Changed,
            file_sha256,
            changed_months: export.month_digests.keys().copied().collect(),
            export: Some(export),
            current_digest: None,
            profile_missing: true,
        });
    };
    let selection = selection::select(store, &profile, export.period, &export.kinds)?;
    let now = content_digest(&selection);
    let changed_months: Vec<YearMonth> = export
        .month_digests
        .keys()
        .chain(now.months.keys())
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|m| export.month_digests.get(m) != now.months.get(m))
        .collect();
    let status = if now.digest == export.content_digest {
        VerifyStatus::Unchanged
    } else {
        VerifyStatus::Changed
    };
    Ok(Verification {
        status,
        file_sha256,
        export: Some(export),
        current_digest: Some(now.digest),
        changed_months,
        profile_missing: false,
    })
}
