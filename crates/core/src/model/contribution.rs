//! One month of one insurance kind paid (or owed) for a person by one payer.

use super::code_enum::code_enum;
use super::{InsuranceKind, Money, ProfileId, SourceId, YearMonth};
use crate::Lang;
use serde::{Deserialize, Serialize};

code_enum! {
    pub enum ContributionStatus as "contribution status" {
        /// 已实缴: paid on time.
        Paid = "paid",
        /// 欠费: due and not paid.
        Owed = "owed",
        /// 补缴: paid late to fill a gap; counts, and is shown as such.
        BackPaid = "back_paid",
        /// 转入: carried over from another region by 转移接续.
        TransferredIn = "transferred_in",
        /// 转移中: being carried over by 转移接续 and not yet confirmed by the new region.
        /// Neither paid nor a gap: the month counts once the transfer completes.
        TransferPending = "transfer_pending",
    }
}

impl ContributionStatus {
    /// Whether the month counts toward contribution years.
    pub fn counts_as_paid(self) -> bool {
        !matches!(
            self,
            ContributionStatus::Owed | ContributionStatus::TransferPending
        )
    }

    /// A month in cross-province transfer: not counted yet, and not a gap either.
    pub fn is_pending(self) -> bool {
        self == ContributionStatus::TransferPending
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ContributionStatus::Paid => lang.pick("已缴", "paid"),
            ContributionStatus::Owed => lang.pick("欠费", "owed"),
            ContributionStatus::BackPaid => lang.pick("补缴", "back paid"),
            ContributionStatus::TransferredIn => lang.pick("转入", "transferred in"),
            ContributionStatus::TransferPending => lang.pick("转移中", "transfer pending"),
        }
    }
}

/// Who paid: an employer (by name) or the person themselves (个人 / 灵活就业).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", content = "name", rename_all = "snake_case")]
pub enum Payer {
    Employer(String),
    #[serde(rename = "self")]
    SelfPaid,
}

impl Payer {
    /// The stored pair (`payer_type`, `payer_name`); self-payment has an empty name.
    pub fn to_columns(&self) -> (&'static str, &str) {
        match self {
            Payer::Employer(name) => ("employer", name),
            Payer::SelfPaid => ("self", ""),
        }
    }

    pub fn from_columns(payer_type: &str, name: String) -> Option<Self> {
        match payer_type {
            "employer" => Some(Payer::Employer(name)),
            "self" => Some(Payer::SelfPaid),
            _ => None,
        }
    }

    pub fn display(&self, lang: Lang) -> String {
        match self {
            Payer::Employer(name) => name.clone(),
            Payer::SelfPaid => lang
                .pick("个人（灵活就业）", "self (flexible employment)")
                .into(),
        }
    }
}

/// A contribution record. Unique per (profile, kind, month, payer).
/// Serialised as [`ContributionJson`]: with the region's name beside its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "ContributionJson")]
pub struct Contribution {
    pub profile: ProfileId,
    pub kind: InsuranceKind,
    pub month: YearMonth,
    /// The pooling region (参保地) that recorded the month: its GB/T 2260 code, or its name as
    /// an imported file wrote it (成都市) when the file gives no code.
    pub region: Option<String>,
    pub payer: Payer,
    /// 缴费基数; unknown in some exports.
    pub base: Option<Money>,
    pub personal: Money,
    pub employer: Money,
    /// The part credited to the personal account (划入个人账户), where the source says.
    pub credited: Option<Money>,
    pub status: ContributionStatus,
    pub source: SourceId,
    /// The file line of the period row (a spell such as `2015.01-2018.12`) this month was
    /// derived from, in the file of `source`: its amounts are the spell's, spread over its
    /// months. `None` for a month the source listed on its own.
    #[serde(default)]
    pub period_line: Option<u32>,
}

/// A contribution as JSON (CLI `--json`, the window's history): the stored fields and
/// `region_name`, the Chinese name of the region code (`成都市` for `510100`; the stored text when
/// it is a name or an unknown code).
#[derive(Serialize)]
pub struct ContributionJson {
    profile: ProfileId,
    kind: InsuranceKind,
    month: YearMonth,
    region: Option<String>,
    region_name: Option<String>,
    payer: Payer,
    base: Option<Money>,
    personal: Money,
    employer: Money,
    credited: Option<Money>,
    status: ContributionStatus,
    source: SourceId,
    /// Only on months derived from a period row (absent, not null, on the others).
    #[serde(skip_serializing_if = "Option::is_none")]
    period_line: Option<u32>,
}

impl From<Contribution> for ContributionJson {
    fn from(c: Contribution) -> ContributionJson {
        ContributionJson {
            region_name: c.region.as_deref().map(crate::regions::display_name),
            profile: c.profile,
            kind: c.kind,
            month: c.month,
            region: c.region,
            payer: c.payer,
            base: c.base,
            personal: c.personal,
            employer: c.employer,
            credited: c.credited,
            status: c.status,
            source: c.source,
            period_line: c.period_line,
        }
    }
}
