//! `certificate_stale`: the profile's newest 参保证明 in the vault is older than the age limit
//! (set per profile, globally, or the default of 90 days: see [`crate::vault`]). Landlords,
//! schools and visa offices ask for a recently issued one, so the app says when the one on file
//! has aged, before the user finds out at the counter.
//!
//! Only the newest certificate counts (older ones are naturally older), by its document date,
//! else the day it was attached. A profile without any certificate in the vault gets no alert:
//! the vault is optional. *info* once the certificate is older than the limit; *warning* once
//! it is older than twice the limit (the app's own choice: by then it is surely refused).

use super::{Alert, AlertCode, Facts, Severity};
use crate::model::{DocumentType, VaultDocument};
use crate::vault::{CertificateMaxAge, MaxAgeSetBy};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateFacts {
    /// The vault document id of the newest certificate.
    pub document: i64,
    /// Its date: the document date, else the day attached.
    pub dated: NaiveDate,
    /// Whether `dated` is the document's own date (else the day it was attached).
    pub document_dated: bool,
    pub max_age_days: u32,
    pub set_by: MaxAgeSetBy,
    /// Older than twice the limit.
    pub far_over: bool,
    /// Days from `dated` to today (not part of the fingerprint: it grows every day).
    #[serde(skip)]
    pub age_days: i64,
}

pub fn alerts(
    documents: &[VaultDocument],
    max_age: CertificateMaxAge,
    today: NaiveDate,
) -> Vec<Alert> {
    let Some(newest) = documents
        .iter()
        .filter(|d| d.doc_type == DocumentType::Certificate)
        .max_by_key(|d| (d.effective_date(), d.id))
    else {
        return Vec::new();
    };
    let dated = newest.effective_date();
    let age_days = (today - dated).num_days();
    let limit = i64::from(max_age.days);
    if age_days <= limit {
        return Vec::new();
    }
    let far_over = age_days > 2 * limit;
    vec![Alert::new(
        AlertCode::CertificateStale,
        None,
        if far_over {
            Severity::Warning
        } else {
            Severity::Info
        },
        Vec::new(),
        Facts::CertificateStale(CertificateFacts {
            document: newest.id,
            dated,
            document_dated: newest.document_date.is_some(),
            max_age_days: max_age.days,
            set_by: max_age.set_by,
            far_over,
            age_days,
        }),
    )]
}
