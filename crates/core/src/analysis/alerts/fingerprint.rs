//! The fingerprint of an alert: a digest of its code, kind, months and facts, written as 16
//! lower-case hex digits. It only has to tell one set of facts from another for one profile, so
//! a 64-bit FNV-1a digest is plenty; it is stable across versions and platforms (unlike
//! `std`'s hasher), which matters because fingerprints are stored.

use super::AlertCode;
use crate::model::{InsuranceKind, YearMonth};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(OFFSET, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(PRIME))
}

/// The canonical text `code|kind|months|facts`, digested.
pub fn of(
    code: AlertCode,
    kind: Option<InsuranceKind>,
    months: &[YearMonth],
    facts: &str,
) -> String {
    let months: Vec<String> = months.iter().map(YearMonth::to_string).collect();
    let text = format!(
        "{}|{}|{}|{}",
        code,
        kind.map_or("", InsuranceKind::as_str),
        months.join(","),
        facts
    );
    format!("{:016x}", fnv1a(text.as_bytes()))
}

impl super::Facts {
    /// The facts as canonical text for the fingerprint. Whatever changes every day by itself
    /// (days left, days since a sync) is left out: only a change in the situation is a change.
    pub fn canonical(&self) -> String {
        use super::Facts::*;
        let money = |m: crate::model::Money| m.fen().to_string();
        match self {
            Gap(g) => format!("owed={}", g.owed),
            Owed | TransferPending | DeadlineUnknown => String::new(),
            Due(d) => format!("deadline={}", d.deadline),
            Overdue(o) => format!(
                "deadline={};last_paid={}",
                o.deadline.map(|d| d.to_string()).unwrap_or_default(),
                o.last_paid.map(|m| m.to_string()).unwrap_or_default()
            ),
            MedicalLapse(l) => format!(
                "{};last_paid={};gap={};rule={}",
                serde_json::to_string(&l.situation).unwrap_or_default(),
                l.last_paid,
                l.gap_months,
                l.rule.as_ref().map(|c| c.title.as_str()).unwrap_or("")
            ),
            MinYears(m) => format!(
                "retirement={};required={};short={}",
                m.retirement, m.months_required, m.months_short
            ),
            BaseOutOfRange(b) => {
                let entries: Vec<String> = b
                    .entries
                    .iter()
                    .map(|e| format!("{}:{}:{}", e.month, money(e.base), money(e.limit)))
                    .collect();
                format!("below={};{}", b.below, entries.join(","))
            }
            Stale(s) => format!(
                "source={};last_sync={}",
                s.source,
                s.last_sync.map(|t| t.to_rfc3339()).unwrap_or_default()
            ),
            CertificateStale(c) => format!(
                "document={};dated={};max_age={};far_over={}",
                c.document, c.dated, c.max_age_days, c.far_over
            ),
            BalanceMismatch(b) => format!(
                "as_of={};reported={};low={};high={}",
                b.as_of,
                money(b.reported),
                money(b.low),
                b.high.map(money).unwrap_or_default()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn any_difference_in_the_facts_changes_the_fingerprint() {
        let m = |s: &str| s.parse::<YearMonth>().unwrap();
        let base = of(
            AlertCode::Gap,
            Some(InsuranceKind::Pension),
            &[m("2023-04")],
            "x",
        );
        assert_eq!(base.len(), 16);
        assert!(crate::store::is_fingerprint(&base));
        assert_eq!(
            base,
            of(
                AlertCode::Gap,
                Some(InsuranceKind::Pension),
                &[m("2023-04")],
                "x"
            )
        );
        for other in [
            of(
                AlertCode::Owed,
                Some(InsuranceKind::Pension),
                &[m("2023-04")],
                "x",
            ),
            of(
                AlertCode::Gap,
                Some(InsuranceKind::Medical),
                &[m("2023-04")],
                "x",
            ),
            of(AlertCode::Gap, None, &[m("2023-04")], "x"),
            of(
                AlertCode::Gap,
                Some(InsuranceKind::Pension),
                &[m("2023-05")],
                "x",
            ),
            of(
                AlertCode::Gap,
                Some(InsuranceKind::Pension),
                &[m("2023-04")],
                "y",
            ),
        ] {
            assert_ne!(base, other);
        }
    }
}
