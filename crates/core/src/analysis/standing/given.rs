//! What the person gives the estimate themselves, once, stored with the profile: the figures the
//! rule tables may lack, their own average index, the index they expect to pay at, the month they
//! mean to retire, and the transitional pension's inputs. Each value keeps the day it was entered,
//! so every face can say "entered by you on DATE".

use super::estimate::Index;
use crate::model::{Money, YearMonth};
use crate::rules::BasisPoints;
use chrono::NaiveDate;
use serde::Serialize;

/// A value and the day the person entered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Entered<T> {
    pub value: T,
    pub entered_on: NaiveDate,
}

/// Every input a profile has stored (`None`: not given).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GivenInputs {
    /// 养老金计发基数, monthly.
    pub benefit_base: Option<Entered<Money>>,
    /// 平均缴费指数 of the months paid so far (个人权益记录单, provincial apps).
    pub average_index: Option<Entered<Index>>,
    /// The index of the months still to pay.
    pub future_index: Option<Entered<Index>>,
    /// The month they mean to retire, within their elastic window.
    pub retirement_month: Option<Entered<YearMonth>>,
    /// 视同缴费年限, in months.
    pub deemed_months: Option<Entered<u32>>,
    /// The province's 过渡系数 (1.2% = 120 bp).
    pub transitional_coefficient: Option<Entered<BasisPoints>>,
}

/// A change to one stored input: keep it, set it or clear it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Change<T> {
    #[default]
    Keep,
    Set(T),
    Clear,
}

impl<T> Change<T> {
    /// `--x VALUE` / `--clear-x` as one change (clap keeps the two from being given together).
    pub fn of(set: Option<T>, clear: bool) -> Change<T> {
        match (set, clear) {
            (Some(v), _) => Change::Set(v),
            (None, true) => Change::Clear,
            (None, false) => Change::Keep,
        }
    }
}

/// Changes to a profile's stored inputs, applied together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GivenChanges {
    pub benefit_base: Change<Money>,
    pub average_index: Change<Index>,
    pub future_index: Change<Index>,
    pub retirement_month: Change<YearMonth>,
    pub deemed_months: Change<u32>,
    pub transitional_coefficient: Change<BasisPoints>,
}

/// The widest 视同缴费年限 accepted: 60 years, beyond any working life (a typo otherwise).
pub const MAX_DEEMED_MONTHS: u32 = 720;
/// The widest 过渡系数 accepted: 10% (provinces use 1.0%–1.4%; beyond 10% is a typo).
pub const MAX_COEFFICIENT_BP: u32 = 1_000;
