//! Official documents kept in the vault: the 参保证明 and 个人权益记录单 a user downloaded from
//! the national platform or 掌上12333, or a scan of a paper one.

use super::code_enum::code_enum;
use super::ProfileId;
use crate::Lang;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

code_enum! {
    /// What an attached document is.
    pub enum DocumentType as "document type" {
        /// 参保证明: proof of insurance, asked for by landlords, schools, visa offices. Goes out
        /// of date, hence the `certificate_stale` alert.
        Certificate = "certificate",
        /// 个人权益记录单: the yearly statement of contributions and the personal account.
        RightsRecord = "rights_record",
        Other = "other",
    }
}

impl DocumentType {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DocumentType::Certificate => lang.pick("参保证明", "certificate (参保证明)"),
            DocumentType::RightsRecord => {
                lang.pick("个人权益记录单", "rights record (个人权益记录单)")
            }
            DocumentType::Other => lang.pick("其他", "other"),
        }
    }
}

code_enum! {
    /// What the bytes are, told by their signature (never by the file name).
    pub enum MediaType as "media type" {
        Pdf = "pdf",
        Png = "png",
        Jpeg = "jpeg",
    }
}

impl MediaType {
    /// The extension of the file in the vault, so that the system opens it with the right
    /// program.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Pdf => "pdf",
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
        }
    }
}

pub type DocumentId = i64;

/// One document as stored: the row, not the bytes (those are in the vault folder, named by
/// `sha256`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VaultDocument {
    pub id: DocumentId,
    pub profile: ProfileId,
    #[serde(rename = "type")]
    pub doc_type: DocumentType,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    pub size: u64,
    pub media_type: MediaType,
    /// The file's name when it was attached, without its folder.
    pub original_name: String,
    /// When the document was issued, if the user said.
    pub document_date: Option<NaiveDate>,
    pub note: Option<String>,
    pub attached_at: DateTime<Utc>,
}

impl VaultDocument {
    /// The date the document speaks for: its own date when given, else the (UTC) day it was
    /// attached — a downloaded certificate is usually attached the day it is issued.
    pub fn effective_date(&self) -> NaiveDate {
        self.document_date
            .unwrap_or_else(|| self.attached_at.date_naive())
    }

    /// The file's name in the vault folder: `<sha256>.<extension>`.
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.sha256, self.media_type.extension())
    }
}
