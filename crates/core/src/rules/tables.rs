//! Loading the rule tables: the JSON files under `assets/rules/` are compiled into the binary
//! (so the app works offline and a release can never miss a file), parsed with unknown fields
//! refused, and validated before anything uses them. `rules update` feeds downloaded text through
//! the same [`RuleSet::from_json`] (see `update.rs`), and the loader in `active.rs` decides which
//! set is in use.

use super::{
    CreditingRates, ElasticRule, MinYearsRule, PensionDivisorTable, PersonalAccount, RegionTable,
    RetirementSchedule, RulesError, RulesVersion,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The table format this version understands; a newer file is refused, not half-read.
pub const SCHEMA: u32 = 1;

const NATIONAL: (&str, &str) = (
    "national.json",
    include_str!("../../../../assets/rules/national.json"),
);

const REGIONS: &[(&str, &str)] = &[
    (
        "regions/national.json",
        include_str!("../../../../assets/rules/regions/national.json"),
    ),
    (
        "regions/beijing.json",
        include_str!("../../../../assets/rules/regions/beijing.json"),
    ),
    (
        "regions/shanghai.json",
        include_str!("../../../../assets/rules/regions/shanghai.json"),
    ),
    (
        "regions/guangzhou.json",
        include_str!("../../../../assets/rules/regions/guangzhou.json"),
    ),
    (
        "regions/shenzhen.json",
        include_str!("../../../../assets/rules/regions/shenzhen.json"),
    ),
    (
        "regions/hangzhou.json",
        include_str!("../../../../assets/rules/regions/hangzhou.json"),
    ),
    (
        "regions/chengdu.json",
        include_str!("../../../../assets/rules/regions/chengdu.json"),
    ),
];

/// `assets/rules/national.json`: the rules that are the same everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalTable {
    pub schema: u32,
    pub version: RulesVersion,
    pub title: String,
    pub retirement_schedule: RetirementSchedule,
    pub elastic_retirement: ElasticRule,
    pub min_pension_contribution: MinYearsRule,
    pub pension_divisor: PensionDivisorTable,
    pub personal_account: PersonalAccount,
    pub crediting_rates: CreditingRates,
}

impl NationalTable {
    fn validate(&self) -> Result<(), String> {
        check_schema(self.schema)?;
        let parts: [(&str, Result<(), String>); 6] = [
            ("retirement_schedule", self.retirement_schedule.validate()),
            ("elastic_retirement", self.elastic_retirement.validate()),
            (
                "min_pension_contribution",
                self.min_pension_contribution.validate(),
            ),
            ("pension_divisor", self.pension_divisor.validate()),
            ("personal_account", self.personal_account.validate()),
            ("crediting_rates", self.crediting_rates.validate()),
        ];
        for (name, result) in parts {
            result.map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(())
    }
}

/// Every rule table, loaded and validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSet {
    pub national: NationalTable,
    /// The national default first, then cities, as bundled.
    pub regions: Vec<RegionTable>,
}

impl RuleSet {
    /// The tables compiled into this binary. They are checked by this crate's tests, so failing
    /// here would be a build that never passed them.
    pub fn bundled() -> &'static RuleSet {
        static BUNDLED: OnceLock<RuleSet> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            RuleSet::from_json(NATIONAL, REGIONS)
                .unwrap_or_else(|e| panic!("bundled rule tables: {e}"))
        })
    }

    /// Parses and validates tables given as `(file name, JSON text)`; the name is only for errors.
    pub fn from_json(
        national: (&str, &str),
        regions: &[(&str, &str)],
    ) -> Result<RuleSet, RulesError> {
        let (national_file, national_text) = national;
        let national: NationalTable = parse(national_file, national_text)?;
        national
            .validate()
            .map_err(|reason| invalid(national_file, reason))?;
        let mut tables = Vec::with_capacity(regions.len());
        let (mut ids, mut codes) = (HashSet::new(), HashSet::new());
        for (file, text) in regions {
            let table: RegionTable = parse(file, text)?;
            check_schema(table.schema)
                .and_then(|()| table.validate())
                .map_err(|reason| invalid(file, reason))?;
            if !ids.insert(table.region.id.clone()) {
                return Err(invalid(
                    file,
                    format!("second region {:?}", table.region.id),
                ));
            }
            if let Some(code) = &table.region.code {
                if !codes.insert(code.clone()) {
                    return Err(invalid(file, format!("second region with code {code}")));
                }
            }
            tables.push(table);
        }
        let defaults = tables.iter().filter(|t| t.region.code.is_none()).count();
        if defaults != 1 || !ids.contains(NATIONAL_DEFAULT) {
            return Err(invalid(
                "regions",
                format!("expected exactly one national default region {NATIONAL_DEFAULT:?} without a code"),
            ));
        }
        Ok(RuleSet {
            national,
            regions: tables,
        })
    }

    /// The version of the set: that of its newest table. An update must carry a newer one.
    pub fn version(&self) -> RulesVersion {
        self.regions
            .iter()
            .map(|r| r.version)
            .fold(self.national.version, Ord::max)
    }

    /// The bundled tables as `(file name, JSON text)`, national first: what a publisher starts
    /// from, and what tests sign.
    pub fn bundled_files() -> Vec<(&'static str, &'static str)> {
        std::iter::once(NATIONAL)
            .chain(REGIONS.iter().copied())
            .collect()
    }

    /// A region by id (`shanghai`), if bundled.
    pub fn region(&self, id: &str) -> Option<&RegionTable> {
        self.regions.iter().find(|r| r.region.id == id)
    }

    /// The table for a GB/T 2260 region code (a profile's region), or the national default.
    pub fn region_for(&self, code: &str) -> &RegionTable {
        self.regions
            .iter()
            .find(|r| r.covers(code))
            .unwrap_or_else(|| self.national_default())
    }

    pub fn national_default(&self) -> &RegionTable {
        self.region(NATIONAL_DEFAULT)
            .expect("validated: the national default exists")
    }
}

/// The id of the region table used where no city table applies.
pub const NATIONAL_DEFAULT: &str = "national";

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, RulesError> {
    // Read the format first, so a newer file says "too new" rather than "unknown field".
    #[derive(Deserialize)]
    struct Header {
        schema: u32,
    }
    if let Ok(header) = serde_json::from_str::<Header>(text) {
        if header.schema > SCHEMA {
            return Err(invalid(
                file,
                format!(
                    "format {} is newer than this version understands ({SCHEMA}); update the app",
                    header.schema
                ),
            ));
        }
    }
    serde_json::from_str(text).map_err(|e| invalid(file, e.to_string()))
}

fn check_schema(schema: u32) -> Result<(), String> {
    if schema != SCHEMA {
        return Err(format!("schema {schema}, expected {SCHEMA}"));
    }
    Ok(())
}

fn invalid(file: &str, reason: String) -> RulesError {
    RulesError::InvalidTable {
        file: file.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_tables_load_and_validate() {
        let rules = RuleSet::from_json(NATIONAL, REGIONS).expect("bundled tables are valid");
        assert_eq!(rules.national.schema, SCHEMA);
        let ids: Vec<&str> = rules.regions.iter().map(|r| r.region.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "national",
                "beijing",
                "shanghai",
                "guangzhou",
                "shenzhen",
                "hangzhou",
                "chengdu"
            ]
        );
        assert_eq!(&rules, RuleSet::bundled());
    }

    /// A copy of the bundled national table with one edit, as JSON text.
    fn national_with(edit: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut value: serde_json::Value = serde_json::from_str(NATIONAL.1).unwrap();
        edit(&mut value);
        value.to_string()
    }

    fn load_national(text: &str) -> Result<RuleSet, RulesError> {
        RuleSet::from_json(("national.json", text), REGIONS)
    }

    fn reason(result: Result<RuleSet, RulesError>) -> String {
        match result {
            Err(RulesError::InvalidTable { reason, .. }) => reason,
            other => panic!("expected an invalid table, got {other:?}"),
        }
    }

    #[test]
    fn broken_tables_are_refused_with_a_reason() {
        let unsorted = national_with(|v| v["pension_divisor"]["months_by_age"]["47"] = 300.into());
        assert!(reason(load_national(&unsorted)).contains("must fall with age"));

        let zero_step =
            national_with(|v| v["retirement_schedule"]["groups"][0]["step_months"] = 0.into());
        assert!(reason(load_national(&zero_step)).contains("step_months"));

        let two_defaults =
            national_with(|v| v["retirement_schedule"]["groups"][1]["default"] = true.into());
        assert!(reason(load_national(&two_defaults)).contains("default groups"));

        let gap_year = national_with(|v| {
            v["crediting_rates"]["rates"]
                .as_array_mut()
                .unwrap()
                .remove(3);
        });
        assert!(reason(load_national(&gap_year)).contains("consecutive"));

        let unverified =
            national_with(|v| v["crediting_rates"]["rates"][0]["confidence"] = "L".into());
        assert!(reason(load_national(&unverified)).contains("unknown variant"));

        let typo = national_with(|v| v["min_pension_contribution"]["max_month"] = 240.into());
        assert!(reason(load_national(&typo)).contains("unknown field"));

        let undated = national_with(|v| v["pension_divisor"]["source"]["date"] = "2005年".into());
        assert!(reason(load_national(&undated)).contains("source.date"));

        let odd =
            national_with(|v| v["min_pension_contribution"]["increase_months_per_year"] = 5.into());
        assert!(reason(load_national(&odd)).contains("multiple of 6"));
    }

    #[test]
    fn a_newer_format_is_refused_as_too_new() {
        let newer = national_with(|v| {
            v["schema"] = 2.into();
            v["something_new"] = true.into();
        });
        assert!(reason(load_national(&newer)).contains("newer than this version"));
    }

    #[test]
    fn regions_must_be_unique_and_include_the_default() {
        let twice = [REGIONS[0], REGIONS[1], REGIONS[1]];
        assert!(reason(RuleSet::from_json(NATIONAL, &twice)).contains("second region"));
        let no_default = &REGIONS[1..];
        assert!(reason(RuleSet::from_json(NATIONAL, no_default)).contains("national default"));
        let floor_above_ceiling = {
            let mut v: serde_json::Value = serde_json::from_str(REGIONS[1].1).unwrap();
            v["contribution_bases"][0]["floor_fen"] = 99_999_999.into();
            v.to_string()
        };
        let regions = [REGIONS[0], ("regions/beijing.json", &floor_above_ceiling)];
        assert!(reason(RuleSet::from_json(NATIONAL, &regions)).contains("floor ≤ average wage"));
    }

    #[test]
    fn every_value_carries_a_source_and_unknowns_stay_explicit() {
        // Serialising shows unknown regional values as null rather than dropping them.
        let json = serde_json::to_value(RuleSet::bundled()).unwrap();
        let beijing = &json["regions"][1];
        assert_eq!(beijing["region"]["id"], "beijing");
        assert!(beijing["flexible_employment"].is_null());
        assert!(beijing["employee_medical_min_years"].is_null());
        assert_eq!(beijing["pension_benefit_base"], serde_json::json!([]));
        assert_eq!(beijing["contribution_bases"][0]["ceiling_fen"], 3_581_100);
        assert_eq!(
            beijing["contribution_bases"][0]["source"]["document"],
            "京人社发〔2025〕11号"
        );
    }
}
