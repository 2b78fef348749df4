//! Domain types. Parsing of outside spellings happens in their `FromStr` impls, at the edge.

pub(crate) mod code_enum;

mod balance;
mod contribution;
mod document;
mod export_record;
mod http_source;
mod id_number;
mod kind;
mod money;
mod period;
mod profile;
mod source;
mod sync_run;
mod year_month;

pub use balance::{BalanceOrigin, BalanceSnapshot};
pub use code_enum::UnknownCode;
pub use contribution::{Contribution, ContributionJson, ContributionStatus, Payer};
pub use document::{DocumentId, DocumentType, MediaType, VaultDocument};
pub use export_record::{ExportFormat, ExportRecord};
pub use http_source::HttpSource;
pub use id_number::{IdNumber, IdNumberError};
pub use kind::InsuranceKind;
pub use money::{Money, MoneyError};
pub use period::Period;
pub use profile::{
    EmploymentCategory, NewProfile, Profile, ProfileId, ProfileJson, Sex, ValidProfile,
};
pub use source::{Freshness, Source, SourceId, SourceKind};
pub use sync_run::{SyncOutcome, SyncRun};
pub use year_month::{date_supported, YearMonth, YearMonthError, MAX_YEAR, MIN_YEAR};
