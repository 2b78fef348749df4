//! What the app remembers of every file it exported: enough to recognise the exact file later
//! and to tell whether the records it was made from have changed since.

use super::code_enum::code_enum;
use super::{InsuranceKind, Period, ProfileId, YearMonth};
use crate::Lang;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

code_enum! {
    pub enum ExportFormat as "export format" {
        /// The printable statement.
        Pdf = "pdf",
        /// One row per contribution, UTF-8 with BOM.
        Csv = "csv",
        /// A workbook: a summary sheet and one sheet per kind.
        Xlsx = "xlsx",
        /// The full-fidelity `shebao-ledger` file that import reads back.
        Json = "json",
    }
}

impl ExportFormat {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.as_str()
    }
}

/// One export as recorded in the `exports` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRecord {
    /// The row id; 0 until stored.
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub format: ExportFormat,
    /// SHA-256 of the file's exact bytes, lower-case hex.
    pub file_sha256: String,
    /// The file name without its folder.
    pub file_name: Option<String>,
    pub profile: ProfileId,
    pub profile_name: String,
    pub period: Period,
    pub kinds: Vec<InsuranceKind>,
    pub lang: Lang,
    pub show_id: bool,
    /// SHA-256 over the canonical content, lower-case hex (docs/export-formats.md).
    pub content_digest: String,
    /// Each month's canonical-content digest: what `verify` compares to name changed months.
    #[serde(skip)]
    pub month_digests: BTreeMap<YearMonth, String>,
}
