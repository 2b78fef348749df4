//! The canonical content of an export and its SHA-256 digest.
//!
//! The digest says "these records, for this profile, period and kinds": it is printed on the
//! statement, encoded in its QR code, and recomputed by `verify` from the database. It must
//! therefore depend on nothing but the records — not on the language, the format, the time of
//! export, the source a record came from, or the order rows were written in. The text below
//! is a contract (docs/export-formats.md, "Content digest"); changing it changes every digest,
//! so a change needs a new version line.
//!
//! ```text
//! shebao-ledger/content/1
//! profile\t<profile id>
//! period\t<from YYYY-MM or ->\t<to YYYY-MM or ->
//! kinds\t<kind codes, comma-separated, app order>
//! c\t<month>\t<kind>\t<payer type>\t<payer name>\t<region or ->\t<base fen or ->\t<personal fen>\t<employer fen>\t<credited fen or ->\t<status>
//! b\t<as_of YYYY-MM-DD>\t<kind>\t<origin>\t<amount fen>
//! ```
//!
//! One line per contribution (`c`, sorted by month, kind, payer type, payer name) and per
//! balance (`b`, sorted by date, kind, origin), each ending in `\n`, UTF-8. In text fields a
//! backslash, tab, line feed and carriage return are written `\\`, `\t`, `\n`, `\r`.
//!
//! Each month also gets its own digest over its lines (contributions of that month, balances
//! dated in it), which the export record keeps so that `verify` can name changed months.

use super::selection::Selection;
use crate::model::{Contribution, Money, YearMonth};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The first line of the canonical content: its format and version.
pub const CANONICAL_VERSION: &str = "shebao-ledger/content/1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentDigest {
    /// SHA-256 of the whole canonical text, lower-case hex.
    pub digest: String,
    /// SHA-256 of each month's lines, lower-case hex.
    pub months: BTreeMap<YearMonth, String>,
}

/// The canonical text of a selection (see the module documentation).
pub fn canonical_text(selection: &Selection) -> String {
    let (header, months) = canonical_parts(selection);
    join(header, &months)
}

pub fn content_digest(selection: &Selection) -> ContentDigest {
    let (header, months) = canonical_parts(selection);
    ContentDigest {
        digest: sha256_hex(join(header, &months).as_bytes()),
        months: months
            .iter()
            .map(|(month, lines)| (*month, sha256_hex(lines.as_bytes())))
            .collect(),
    }
}

fn join(header: String, months: &BTreeMap<YearMonth, String>) -> String {
    let mut text = header;
    for lines in months.values() {
        text.push_str(lines);
    }
    text
}

/// Lower-case hex SHA-256 of `bytes`: the file hash of the export record, too.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// The header lines, and each month's lines in month order (contributions, then balances).
fn canonical_parts(selection: &Selection) -> (String, BTreeMap<YearMonth, String>) {
    let (profile, period, kinds) = (selection.profile.id, selection.period, &selection.kinds);
    let month_or_dash = |m: Option<YearMonth>| m.map_or("-".to_string(), |m| m.to_string());
    let mut header = format!("{CANONICAL_VERSION}\nprofile\t{profile}\n");
    let _ = writeln!(
        header,
        "period\t{}\t{}",
        month_or_dash(period.from),
        month_or_dash(period.to)
    );
    let codes: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    let _ = writeln!(header, "kinds\t{}", codes.join(","));

    let mut records: Vec<&Contribution> = selection.records.iter().collect();
    records.sort_by(|a, b| {
        (a.month, a.kind, a.payer.to_columns()).cmp(&(b.month, b.kind, b.payer.to_columns()))
    });
    let mut balances: Vec<_> = selection.balances.iter().collect();
    balances.sort_by_key(|b| (b.as_of, b.kind, b.origin));

    let mut months: BTreeMap<YearMonth, String> = BTreeMap::new();
    for r in records {
        let (payer_type, payer_name) = r.payer.to_columns();
        let line = [
            "c".to_string(),
            r.month.to_string(),
            r.kind.as_str().to_string(),
            payer_type.to_string(),
            escape(payer_name),
            r.region.as_deref().map_or("-".to_string(), escape),
            fen_or_dash(r.base),
            r.personal.fen().to_string(),
            r.employer.fen().to_string(),
            fen_or_dash(r.credited),
            r.status.as_str().to_string(),
        ]
        .join("\t");
        let lines = months.entry(r.month).or_default();
        lines.push_str(&line);
        lines.push('\n');
    }
    for b in balances {
        let Some(month) = YearMonth::of_date(b.as_of) else {
            continue;
        };
        let lines = months.entry(month).or_default();
        let _ = writeln!(
            lines,
            "b\t{}\t{}\t{}\t{}",
            b.as_of.format("%Y-%m-%d"),
            b.kind,
            b.origin,
            b.amount.fen()
        );
    }
    (header, months)
}

fn fen_or_dash(money: Option<Money>) -> String {
    money.map_or("-".to_string(), |m| m.fen().to_string())
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::selection::resolve;
    use crate::model::{
        Contribution, ContributionStatus, EmploymentCategory, InsuranceKind, Payer, Period, Profile,
    };

    fn selection(records: Vec<Contribution>) -> Selection {
        Selection {
            profile: Profile {
                id: 3,
                name: "王芳".into(),
                id_number: None,
                sex: None,
                birth: None,
                region: None,
                employment: EmploymentCategory::Employee,
                original_age: None,
                payment_deadline_day: None,
            },
            period: Period {
                from: "2024-01".parse().ok(),
                to: "2024-02".parse().ok(),
            },
            kinds: vec![InsuranceKind::Pension],
            records,
            balances: vec![],
            sources: vec![],
        }
    }

    fn record(month: &str, payer: &str, personal: i64, source: i64) -> Contribution {
        Contribution {
            period_line: None,
            profile: 3,
            kind: InsuranceKind::Pension,
            month: month.parse().unwrap(),
            region: Some("110100".into()),
            payer: Payer::Employer(payer.into()),
            base: None,
            personal: Money::from_fen(personal),
            employer: Money::ZERO,
            credited: None,
            status: ContributionStatus::Paid,
            source,
        }
    }

    #[test]
    fn the_canonical_text_is_the_documented_one() {
        let text = canonical_text(&selection(vec![record("2024-01", "甲\t公司", 80000, 1)]));
        assert_eq!(
            text,
            "shebao-ledger/content/1\nprofile\t3\nperiod\t2024-01\t2024-02\nkinds\tpension\n\
             c\t2024-01\tpension\temployer\t甲\\t公司\t110100\t-\t80000\t0\t-\tpaid\n"
        );
    }

    #[test]
    fn order_and_source_do_not_matter_but_values_do() {
        let a = record("2024-01", "甲", 80000, 1);
        let b = record("2024-02", "甲", 80000, 1);
        let one = content_digest(&selection(vec![a.clone(), b.clone()]));
        let other_source = Contribution {
            source: 9,
            ..a.clone()
        };
        assert_eq!(
            one,
            content_digest(&selection(vec![b.clone(), other_source]))
        );
        let changed = content_digest(&selection(vec![
            a,
            Contribution {
                personal: Money::from_fen(80001),
                ..b
            },
        ]));
        assert_ne!(one.digest, changed.digest);
        let differing: Vec<String> = one
            .months
            .iter()
            .filter(|(m, d)| changed.months.get(*m) != Some(*d))
            .map(|(m, _)| m.to_string())
            .collect();
        assert_eq!(differing, ["2024-02"]);
        assert_eq!(one.digest.len(), 64);
    }

    #[test]
    fn sha256_of_the_empty_string_is_the_known_value() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn the_demo_digest_is_stable_across_reloads() {
        let digest = |dir: &std::path::Path| {
            let mut store = crate::Store::open(dir.join("t.db")).unwrap();
            let profile = crate::demo::load_demo(&mut store, "2026-11".parse().unwrap())
                .unwrap()
                .profile;
            content_digest(&resolve(&store, &profile, Period::ALL, &[]).unwrap())
        };
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        assert_eq!(digest(a.path()), digest(b.path()));
    }
}
