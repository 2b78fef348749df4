//! `base_out_of_range`: a pension month whose base is below the region's floor or above its
//! ceiling for that month. Only where the tables have a floor or ceiling for the month — never
//! one year's limits applied to another (the 2019/2020 switch to the 全口径 average moved them by
//! 8–19%). The region is the record's pooling region, else the profile's.
//!
//! The tables' limits are the pension base limits; other kinds (and the housing fund above all)
//! can have their own, so only pension months are checked. Below the floor is a warning (the
//! month may be re-assessed or count for less); above the ceiling is information (the excess is
//! not credited).

use super::{Alert, AlertCode, Facts, Severity};
use crate::model::{Contribution, InsuranceKind, Money, YearMonth};
use crate::rules::{Citation, RegionTable, RuleSet};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutOfRange {
    pub month: YearMonth,
    pub base: Money,
    /// The floor (below) or the ceiling (above) it crossed.
    pub limit: Money,
    pub region: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseFacts {
    pub below: bool,
    pub entries: Vec<OutOfRange>,
    /// The notices the limits came from, once each.
    pub sources: Vec<Citation>,
}

pub fn alerts(
    rules: &RuleSet,
    profile_region: &RegionTable,
    records: &[Contribution],
) -> Vec<Alert> {
    let mut below = BaseFacts {
        below: true,
        entries: Vec::new(),
        sources: Vec::new(),
    };
    let mut above = BaseFacts {
        below: false,
        ..below.clone()
    };
    for r in records {
        if r.kind != InsuranceKind::Pension || !r.status.counts_as_paid() {
            continue;
        }
        let Some(base) = r.base else { continue };
        let table = r
            .region
            .as_deref()
            .map_or(profile_region, |code| rules.region_for(code));
        let Some(limits) = table.contribution_base(r.month) else {
            continue;
        };
        let crossed = match (limits.floor_fen, limits.ceiling_fen) {
            (Some(floor), _) if base < floor => Some((&mut below, floor)),
            (_, Some(ceiling)) if base > ceiling => Some((&mut above, ceiling)),
            _ => None,
        };
        if let Some((facts, limit)) = crossed {
            facts.entries.push(OutOfRange {
                month: r.month,
                base,
                limit,
                region: table.region.name_zh.clone(),
            });
            if !facts.sources.contains(&limits.source) {
                facts.sources.push(limits.source.clone());
            }
        }
    }
    [(below, Severity::Warning), (above, Severity::Info)]
        .into_iter()
        .filter(|(facts, _)| !facts.entries.is_empty())
        .map(|(facts, severity)| {
            let mut months: Vec<YearMonth> = facts.entries.iter().map(|e| e.month).collect();
            months.dedup();
            Alert::new(
                AlertCode::BaseOutOfRange,
                Some(InsuranceKind::Pension),
                severity,
                months,
                Facts::BaseOutOfRange(facts),
            )
        })
        .collect()
}
