//! Proof documents: the PDF statement, CSV and XLSX tables, and the JSON backup — each made
//! from one [`Selection`] of a profile's records, and each recorded (file SHA-256, profile,
//! period, kinds, content digest) so that [`verify`] can later tell whether a file is exactly
//! one this app produced and whether the records it was made from have changed since.
//!
//! One concept per file: `selection` (what goes in), `canonical` (the content digest),
//! `labels` (shared words), `formula` (text kept from becoming a spreadsheet formula), one file
//! per format, `verify`, and `batch` (every profile into one folder, with a manifest).

mod batch;
mod canonical;
mod csv;
pub(crate) mod formula;
mod json;
mod labels;
mod pdf;
mod selection;
mod verify;
mod verify_text;
mod xlsx;

pub use batch::{
    export_all, is_manifest, read_manifest, verify_batch, BatchCheck, BatchExported, BatchRequest,
    ManifestEntry, MANIFEST_HEADER, MANIFEST_NAME,
};
pub use canonical::{canonical_text, content_digest, sha256_hex, ContentDigest, CANONICAL_VERSION};
pub use json::{FORMAT_NAME as JSON_FORMAT_NAME, FORMAT_VERSION as JSON_FORMAT_VERSION};
pub use pdf::qr_payload;
pub use selection::{normalize_kinds, Selection};
pub use verify::{verify, Verification, VerifyStatus};

use crate::analysis::Scenario;
use crate::model::{ExportFormat, ExportRecord, InsuranceKind, Period, ProfileId, YearMonth};
use crate::profile_analysis::profile_standing;
use crate::{Error, Lang, Result, Store};
use chrono::{DateTime, FixedOffset, Utc};
use std::path::Path;

/// What to export: whose records, which months and kinds, in which format and language.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub format: ExportFormat,
    pub profile: ProfileId,
    /// First month; `None` starts at the first record.
    pub from: Option<YearMonth>,
    /// Last month; `None` ends at the last record.
    pub to: Option<YearMonth>,
    /// Empty means every kind.
    pub kinds: Vec<InsuranceKind>,
    pub lang: Lang,
    /// Show the whole ID number in the PDF and XLSX (the JSON backup always has it).
    pub show_id: bool,
    /// PDF only: add the pension estimate (with the figures the person entered) as an
    /// appendix. It is a calculation, not a record: outside the content digest.
    pub with_estimate: bool,
}

/// An export made in memory, not yet written or recorded.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub selection: Selection,
    pub digest: ContentDigest,
    pub generated_at: DateTime<FixedOffset>,
}

/// Makes the file's bytes. `generated_at` is printed in the document (in its own offset).
pub fn render(
    store: &Store,
    request: &ExportRequest,
    generated_at: DateTime<FixedOffset>,
) -> Result<Rendered> {
    let profile = store
        .profile(request.profile)?
        .ok_or_else(|| Error::UnknownProfile {
            query: request.profile.to_string(),
        })?;
    let period = Period::new(request.from, request.to)?;
    let selection = selection::resolve(store, &profile, period, &request.kinds)?;
    let digest = content_digest(&selection);
    let estimate = match request.format {
        ExportFormat::Pdf if request.with_estimate => {
            let today = generated_at.date_naive();
            Some(profile_standing(store, &profile, today, Scenario::default())?.estimate)
        }
        _ => None,
    };
    let bytes = match request.format {
        ExportFormat::Pdf => pdf::write(
            &selection,
            &pdf::StatementContext {
                lang: request.lang,
                show_id: request.show_id,
                generated_at,
                digest: &digest.digest,
                estimate: estimate.as_ref(),
            },
        )?,
        ExportFormat::Csv => csv::write(&selection, request.lang)?,
        ExportFormat::Xlsx => xlsx::write(
            &selection,
            &xlsx::WorkbookContext {
                lang: request.lang,
                show_id: request.show_id,
                generated_at,
                digest: &digest.digest,
            },
        )?,
        ExportFormat::Json => json::write(&selection, generated_at)?,
    };
    Ok(Rendered {
        bytes,
        selection,
        digest,
        generated_at,
    })
}

/// A file written and recorded.
#[derive(Debug, Clone)]
pub struct Exported {
    pub record: ExportRecord,
    /// How many contribution records and balances it holds.
    pub records: usize,
    pub balances: usize,
}

/// Renders, writes `path` (whole or not at all: a temporary file beside it, then a rename)
/// and records the export, all or nothing.
pub fn export_to_file(
    store: &mut Store,
    request: &ExportRequest,
    path: &Path,
    generated_at: DateTime<FixedOffset>,
) -> Result<Exported> {
    let rendered = render(store, request, generated_at)?;
    let selection = &rendered.selection;
    let record = ExportRecord {
        id: 0,
        created_at: generated_at.with_timezone(&Utc),
        format: request.format,
        file_sha256: sha256_hex(&rendered.bytes),
        file_name: path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned()),
        profile: selection.profile.id,
        profile_name: selection.profile.name.clone(),
        period: selection.period,
        kinds: selection.kinds.clone(),
        lang: request.lang,
        show_id: request.show_id,
        content_digest: rendered.digest.digest.clone(),
        month_digests: rendered.digest.months.clone(),
    };
    let record = store.record_export(&record, || {
        crate::fs::atomic::write_atomic(path, &rendered.bytes)
    })?;
    Ok(Exported {
        record,
        records: selection.records.len(),
        balances: selection.balances.len(),
    })
}
