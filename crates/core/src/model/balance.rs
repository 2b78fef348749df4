//! A personal-account balance at a date: reported by an official source, or computed by us.

use super::code_enum::code_enum;
use super::{InsuranceKind, Money, ProfileId, SourceId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    pub enum BalanceOrigin as "balance origin" {
        /// Read from an official statement or portal (e.g. 个人权益记录单).
        Reported = "reported",
        /// Computed by the app from credited amounts and crediting rates.
        Computed = "computed",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceSnapshot {
    pub profile: ProfileId,
    pub kind: InsuranceKind,
    pub as_of: NaiveDate,
    pub amount: Money,
    pub origin: BalanceOrigin,
    pub source: SourceId,
}
