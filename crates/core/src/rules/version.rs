//! The version of a rule table, and of a set of them: the date its figures were compiled, with an
//! optional revision for a second release on one day (`2026-11-29`, `2026-11-29.2`).
//!
//! Versions are compared, not just shown: an update is taken only when it is newer than the tables
//! in use, so that a server (or an attacker replaying an old signed manifest) can never roll the
//! rules back. A free-form string could not be ordered, so the format is fixed and parsed.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RulesVersion {
    date: NaiveDate,
    /// 0 when the version has no `.N` suffix; a suffix is 1 or more, so `D` < `D.1` < `D.2`.
    revision: u32,
}

impl RulesVersion {
    pub fn new(date: NaiveDate, revision: u32) -> RulesVersion {
        RulesVersion { date, revision }
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }
}

impl FromStr for RulesVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("version {s:?} is not YYYY-MM-DD or YYYY-MM-DD.N");
        let (date, revision) = match s.split_once('.') {
            Some((date, rev)) => {
                let digits = !rev.is_empty() && rev.bytes().all(|b| b.is_ascii_digit());
                let revision: u32 = rev
                    .parse()
                    .ok()
                    .filter(|r| digits && *r > 0)
                    .ok_or_else(bad)?;
                (date, revision)
            }
            None => (s, 0),
        };
        // Exactly ten characters, so `2026-1-5` and padded spellings are refused: one spelling
        // per version keeps manifests, file names and messages unambiguous.
        if date.len() != 10 {
            return Err(bad());
        }
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| bad())?;
        Ok(RulesVersion { date, revision })
    }
}

impl fmt::Display for RulesVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date.format("%Y-%m-%d"))?;
        if self.revision > 0 {
            write!(f, ".{}", self.revision)?;
        }
        Ok(())
    }
}

impl Serialize for RulesVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RulesVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(s: &str) -> RulesVersion {
        s.parse().unwrap()
    }

    #[test]
    fn parses_dates_and_revisions_and_orders_them() {
        assert!(v("2026-11-29") < v("2026-11-29.1"));
        assert!(v("2026-11-29.2") < v("2026-11-29.10"));
        assert!(v("2026-11-29.10") < v("2026-11-30"));
        assert!(v("2025-12-31") < v("2026-01-01"));
        assert_eq!(v("2026-11-29.3").to_string(), "2026-11-29.3");
        assert_eq!(v("2026-11-29").to_string(), "2026-11-29");
    }

    #[test]
    fn refuses_other_spellings() {
        for bad in [
            "",
            "2026",
            "2026-11",
            "2026-1-5",
            "2026-02-30",
            "2026-11-29.",
            "2026-11-29.0",
            "2026-11-29.x",
            "2026-11-29.+1",
            "v2026-11-29",
            " 2026-11-29",
        ] {
            assert!(bad.parse::<RulesVersion>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn round_trips_through_json() {
        let version = v("2027-01-15.2");
        let json = serde_json::to_string(&version).unwrap();
        assert_eq!(json, "\"2027-01-15.2\"");
        assert_eq!(
            serde_json::from_str::<RulesVersion>(&json).unwrap(),
            version
        );
        assert!(serde_json::from_str::<RulesVersion>("\"soon\"").is_err());
    }

    proptest! {
        #[test]
        fn display_parses_back_and_order_follows_date_then_revision(
            days in 0i64..40_000, rev in 0u32..1000, days2 in 0i64..40_000, rev2 in 0u32..1000,
        ) {
            let base = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
            let a = RulesVersion::new(base + chrono::Days::new(days as u64), rev);
            let b = RulesVersion::new(base + chrono::Days::new(days2 as u64), rev2);
            prop_assert_eq!(a.to_string().parse::<RulesVersion>().unwrap(), a);
            prop_assert_eq!(a.cmp(&b), (days, rev).cmp(&(days2, rev2)));
        }
    }
}
