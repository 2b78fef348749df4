//! What a preview would do, as the window shows it (and scripts may read it): what was
//! detected, how many records would be added, updated or left unchanged, the months each
//! kind covers, every row problem and whose statement it seems to be. Nothing is written.

use super::applied_mapping::AppliedMapping;
use super::blocker::{self, ImportBlocker};
use super::import_preview::{Detected, ImportPreview};
use super::row_error::RowErrorReport;
use crate::model::{InsuranceKind, YearMonth};
use crate::store::WriteReport;
use crate::Lang;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviewSummary {
    pub file_name: String,
    pub detected: Detected,
    /// Records read from the file.
    pub records: usize,
    pub balances: usize,
    /// What committing would do to the store as it is now.
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped_rows: usize,
    /// Per kind, the months the file covers.
    pub kinds: Vec<KindSpan>,
    /// Every row problem, in file order. Any problem means nothing can be imported.
    pub errors: Vec<RowErrorReport>,
    /// Problems that do not stop the import, each on its row (see [`ImportPreview::warnings`]).
    pub warnings: Vec<RowErrorReport>,
    /// How many records were derived from period rows (每月由期间记录推算).
    pub derived_records: usize,
    /// Set when the file names someone other than the profile: why, in the user's language.
    pub person_mismatch: Option<String>,
    /// The columns read with, when the header was not recognised by its words.
    pub mapping: Option<AppliedMapping>,
    /// Whether committing may go ahead as it is (`blocked_by` is empty).
    pub can_commit: bool,
    /// Why not, in the order to tell the user ([`super::blocker`] decides).
    pub blocked_by: Vec<ImportBlocker>,
    /// What still stands in the way once the user confirms the statement is the profile's
    /// (force): empty means a confirmed commit may go ahead.
    pub blocked_when_forced: Vec<ImportBlocker>,
}

/// The months of one kind in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindSpan {
    pub kind: InsuranceKind,
    /// Distinct months (two employers paying one month count once).
    pub months: usize,
    pub first: YearMonth,
    pub last: YearMonth,
}

impl ImportPreview {
    /// The preview as the window shows it; `planned` is [`super::plan`]'s comparison with
    /// the store.
    pub fn summary(&self, planned: WriteReport, lang: Lang) -> PreviewSummary {
        let mut months: BTreeMap<InsuranceKind, BTreeSet<YearMonth>> = BTreeMap::new();
        for record in &self.records {
            months.entry(record.kind).or_default().insert(record.month);
        }
        let kinds = InsuranceKind::ALL
            .iter()
            .filter_map(|kind| {
                let set = months.get(kind)?;
                Some(KindSpan {
                    kind: *kind,
                    months: set.len(),
                    first: *set.first()?,
                    last: *set.last()?,
                })
            })
            .collect();
        let blocked_by = blocker::blockers(self, planned);
        PreviewSummary {
            file_name: self.file_name.clone(),
            detected: self.detected.clone(),
            records: self.records.len(),
            balances: self.balances.len(),
            added: planned.inserted,
            updated: planned.updated,
            unchanged: planned.unchanged,
            skipped_rows: self.skipped_rows,
            kinds,
            errors: self.errors.iter().map(|e| e.report(lang)).collect(),
            warnings: self.warnings.iter().map(|e| e.report(lang)).collect(),
            derived_records: self.derived_records,
            person_mismatch: self.person_mismatch.as_ref().map(|m| m.message(lang)),
            mapping: self.mapping.clone(),
            can_commit: blocked_by.is_empty(),
            blocked_when_forced: blocker::remaining(&blocked_by, true),
            blocked_by,
        }
    }
}
