//! A profile's own estimate inputs (migration 8): read them, and change some of them in one
//! statement, each set value dated the day it was entered.

use super::Store;
use crate::analysis::standing::given::{Change, Entered, GivenChanges, GivenInputs};
use crate::analysis::standing::Index;
use crate::model::{Money, ProfileId, YearMonth};
use crate::rules::BasisPoints;
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

const COLUMNS: &str = "benefit_base_fen, benefit_base_at, average_index, average_index_at, \
     future_index, future_index_at, retirement_month, retirement_month_at, deemed_months, \
     deemed_months_at, transitional_coefficient_bp, transitional_coefficient_at";

impl Store {
    /// The inputs the profile's person gave (all `None` when they gave none).
    pub fn given_inputs(&self, profile: ProfileId) -> Result<GivenInputs> {
        let row: Option<Vec<Value>> = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM estimate_inputs WHERE profile_id = ?1"),
                [profile],
                |r| (0..12).map(|i| r.get::<_, Value>(i)).collect(),
            )
            .optional()?;
        let Some(row) = row else {
            return Ok(GivenInputs::default());
        };
        let int = |i: usize| match &row[i] {
            Value::Integer(n) => Some(*n),
            _ => None,
        };
        let text = |i: usize| match &row[i] {
            Value::Text(t) => Some(t.as_str()),
            _ => None,
        };
        let on = |i: usize| -> Result<Option<NaiveDate>> {
            text(i)
                .map(|t| {
                    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| Error::InvalidField {
                        field: "estimate_inputs.entered_at",
                        value: t.to_string(),
                    })
                })
                .transpose()
        };
        let entered = |value: Option<i64>, at: usize| -> Result<Option<Entered<i64>>> {
            Ok(value
                .zip(on(at)?)
                .map(|(value, entered_on)| Entered { value, entered_on }))
        };
        let map = |e: Option<Entered<i64>>, field: &'static str| -> Result<Option<Entered<u32>>> {
            e.map(|e| {
                u32::try_from(e.value)
                    .map(|value| Entered {
                        value,
                        entered_on: e.entered_on,
                    })
                    .map_err(|_| Error::InvalidField {
                        field,
                        value: e.value.to_string(),
                    })
            })
            .transpose()
        };
        let retirement_month = match (text(6), on(7)?) {
            (Some(month), Some(entered_on)) => Some(Entered {
                value: month
                    .parse::<YearMonth>()
                    .map_err(|_| Error::InvalidField {
                        field: "estimate_inputs.retirement_month",
                        value: month.to_string(),
                    })?,
                entered_on,
            }),
            _ => None,
        };
        Ok(GivenInputs {
            benefit_base: entered(int(0), 1)?.map(|e| Entered {
                value: Money::from_fen(e.value),
                entered_on: e.entered_on,
            }),
            average_index: map(entered(int(2), 3)?, "estimate_inputs.average_index")?.map(|e| {
                Entered {
                    value: Index(e.value),
                    entered_on: e.entered_on,
                }
            }),
            future_index: map(entered(int(4), 5)?, "estimate_inputs.future_index")?.map(|e| {
                Entered {
                    value: Index(e.value),
                    entered_on: e.entered_on,
                }
            }),
            retirement_month,
            deemed_months: map(entered(int(8), 9)?, "estimate_inputs.deemed_months")?,
            transitional_coefficient: map(
                entered(int(10), 11)?,
                "estimate_inputs.transitional_coefficient_bp",
            )?
            .map(|e| Entered {
                value: BasisPoints(e.value),
                entered_on: e.entered_on,
            }),
        })
    }

    /// Applies the changes in one transaction (nothing half-written); set values are dated
    /// `today`. Values outside what the table accepts are refused with the field named.
    pub fn change_given_inputs(
        &mut self,
        profile: ProfileId,
        changes: &GivenChanges,
        today: NaiveDate,
    ) -> Result<GivenInputs> {
        if self.profile(profile)?.is_none() {
            return Err(Error::UnknownProfile {
                query: profile.to_string(),
            });
        }
        check(changes)?;
        let on = today.format("%Y-%m-%d").to_string();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO estimate_inputs (profile_id) VALUES (?1)",
            [profile],
        )?;
        let mut set = |column: &str, value: Option<Value>| -> Result<()> {
            let at = column_at(column);
            let date = value.as_ref().map(|_| Value::Text(on.clone()));
            tx.execute(
                &format!(
                    "UPDATE estimate_inputs SET {column} = ?2, {at} = ?3 WHERE profile_id = ?1"
                ),
                rusqlite::params![profile, value, date],
            )?;
            Ok(())
        };
        apply(&mut set, "benefit_base_fen", changes.benefit_base, |m| {
            Value::Integer(m.fen())
        })?;
        apply(&mut set, "average_index", changes.average_index, |i| {
            Value::Integer(i64::from(i.0))
        })?;
        apply(&mut set, "future_index", changes.future_index, |i| {
            Value::Integer(i64::from(i.0))
        })?;
        apply(
            &mut set,
            "retirement_month",
            changes.retirement_month,
            |m| Value::Text(m.to_string()),
        )?;
        apply(&mut set, "deemed_months", changes.deemed_months, |n| {
            Value::Integer(i64::from(n))
        })?;
        apply(
            &mut set,
            "transitional_coefficient_bp",
            changes.transitional_coefficient,
            |c| Value::Integer(i64::from(c.bp())),
        )?;
        tx.commit()?;
        self.given_inputs(profile)
    }
}

fn apply<T>(
    set: &mut impl FnMut(&str, Option<Value>) -> Result<()>,
    column: &str,
    change: Change<T>,
    value: impl Fn(T) -> Value,
) -> Result<()> {
    match change {
        Change::Keep => Ok(()),
        Change::Set(v) => set(column, Some(value(v))),
        Change::Clear => set(column, None),
    }
}

/// `benefit_base_fen` → `benefit_base_at`: the date column beside each value.
fn column_at(column: &str) -> String {
    let stem = column
        .strip_suffix("_fen")
        .or_else(|| column.strip_suffix("_bp"))
        .unwrap_or(column);
    format!("{stem}_at")
}

fn check(changes: &GivenChanges) -> Result<()> {
    use crate::analysis::standing::given::{MAX_COEFFICIENT_BP, MAX_DEEMED_MONTHS};
    let invalid = |field: &'static str, value: String| Err(Error::InvalidField { field, value });
    if let Change::Set(m) = changes.benefit_base {
        if m <= Money::ZERO {
            return invalid("benefit_base", m.to_string());
        }
    }
    for (field, change) in [
        ("average_index", changes.average_index),
        ("future_index", changes.future_index),
    ] {
        if let Change::Set(i) = change {
            if i.0 == 0 || i.0 > 5 * Index::ONE {
                return invalid(field, i.to_string());
            }
        }
    }
    if let Change::Set(n) = changes.deemed_months {
        if n == 0 || n > MAX_DEEMED_MONTHS {
            return invalid("deemed_months", n.to_string());
        }
    }
    if let Change::Set(c) = changes.transitional_coefficient {
        if c.bp() == 0 || c.bp() > MAX_COEFFICIENT_BP {
            return invalid("transitional_coefficient", c.to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NewProfile;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// On a real database file: set, read back, change one, clear one; a profile's deletion
    /// takes its inputs with it and an undo brings them back.
    #[test]
    fn inputs_are_stored_dated_and_cleared_on_a_real_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.db");
        let mut store = Store::open(&path).unwrap();
        let profile = store
            .add_profile(
                &NewProfile {
                    name: "甲".into(),
                    ..Default::default()
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        assert_eq!(
            store.given_inputs(profile.id).unwrap(),
            GivenInputs::default()
        );
        let changes = GivenChanges {
            benefit_base: Change::Set(Money::from_yuan(12_307)),
            average_index: Change::Set(Index(8_500)),
            deemed_months: Change::Set(54),
            transitional_coefficient: Change::Set(BasisPoints(120)),
            ..Default::default()
        };
        store
            .change_given_inputs(profile.id, &changes, day("2026-12-01"))
            .unwrap();
        drop(store);
        let mut store = Store::open(&path).unwrap();
        let given = store.given_inputs(profile.id).unwrap();
        let on = day("2026-12-01");
        assert_eq!(
            given.benefit_base,
            Some(Entered {
                value: Money::from_fen(1_230_700),
                entered_on: on
            })
        );
        assert_eq!(given.average_index.map(|e| e.value), Some(Index(8_500)));
        assert_eq!(given.deemed_months.map(|e| e.value), Some(54));
        assert_eq!(
            given.transitional_coefficient.map(|e| e.value),
            Some(BasisPoints(120))
        );
        assert_eq!(given.future_index, None);

        let later = GivenChanges {
            average_index: Change::Set(Index(9_000)),
            benefit_base: Change::Clear,
            ..Default::default()
        };
        let given = store
            .change_given_inputs(profile.id, &later, day("2026-12-05"))
            .unwrap();
        assert_eq!(given.benefit_base, None);
        assert_eq!(
            given.average_index,
            Some(Entered {
                value: Index(9_000),
                entered_on: day("2026-12-05")
            })
        );
        // Untouched values keep their own date.
        assert_eq!(given.deemed_months.map(|e| e.entered_on), Some(on));

        let bad = GivenChanges {
            deemed_months: Change::Set(0),
            average_index: Change::Set(Index(1)),
            ..Default::default()
        };
        assert!(matches!(
            store.change_given_inputs(profile.id, &bad, on),
            Err(Error::InvalidField {
                field: "deemed_months",
                ..
            })
        ));
        assert_eq!(
            store.given_inputs(profile.id).unwrap(),
            given,
            "nothing half-written"
        );

        let snapshot = store.delete_profile(profile.id).unwrap();
        assert_eq!(
            store.given_inputs(profile.id).unwrap(),
            GivenInputs::default()
        );
        let back = store.restore_profile(&snapshot).unwrap();
        assert_eq!(store.given_inputs(back.id).unwrap(), given);
    }
}
