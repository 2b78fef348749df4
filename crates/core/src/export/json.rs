//! The full-fidelity JSON export, `{"format": "shebao-ledger", "version": 1, …}`: a backup of
//! one profile's records that `shebao import` reads back to the same records.
//!
//! Contributions and balances are written exactly as the model's serde derives them (money in
//! integer fen, months `YYYY-MM`), so reader and writer cannot drift apart. Unlike every other
//! export the profile carries the whole ID number: this file is a backup of the user's data,
//! not a document to hand over. docs/export-formats.md describes every field.

use super::selection::Selection;
use crate::model::{
    BalanceSnapshot, Contribution, EmploymentCategory, InsuranceKind, Period, ProfileId, Sex,
    Source, YearMonth,
};
use crate::{Error, Result};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

pub const FORMAT_NAME: &str = "shebao-ledger";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct LedgerFile<'a> {
    format: &'static str,
    version: u32,
    exported_at: String,
    profile: FullProfile<'a>,
    period: Period,
    kinds: &'a [InsuranceKind],
    sources: &'a [Source],
    contributions: &'a [Contribution],
    balances: &'a [BalanceSnapshot],
}

/// Every field of the profile, the ID number whole (and masked, for readers that only
/// compare the masked form).
#[derive(Serialize)]
struct FullProfile<'a> {
    id: ProfileId,
    name: &'a str,
    id_number: Option<&'a str>,
    id_number_masked: Option<String>,
    sex: Option<Sex>,
    birth: Option<YearMonth>,
    region: Option<&'a str>,
    /// The region's Chinese name, for people reading the file (the code is what is read back).
    region_name: Option<String>,
    employment: EmploymentCategory,
}

pub fn write(selection: &Selection, exported_at: DateTime<FixedOffset>) -> Result<Vec<u8>> {
    let p = &selection.profile;
    let file = LedgerFile {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        exported_at: exported_at
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        profile: FullProfile {
            id: p.id,
            name: &p.name,
            id_number: p.id_number.as_ref().map(|id| id.as_str()),
            id_number_masked: p.id_number_masked(),
            sex: p.sex,
            birth: p.birth,
            region: p.region.as_deref(),
            region_name: p.region.as_deref().map(crate::regions::display_name),
            employment: p.employment,
        },
        period: selection.period,
        kinds: &selection.kinds,
        sources: &selection.sources,
        contributions: &selection.records,
        balances: &selection.balances,
    };
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| Error::ExportFailed {
        format: "json",
        reason: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
