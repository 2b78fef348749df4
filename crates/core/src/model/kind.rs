//! The insurance kinds a person pays, plus the housing fund (公积金), which is not 社保 but
//! is paid alongside it and appears on the same records.

use super::code_enum::code_enum;
use crate::Lang;

code_enum! {
    pub enum InsuranceKind as "insurance kind" {
        /// 养老保险
        Pension = "pension",
        /// 医疗保险
        Medical = "medical",
        /// 失业保险
        Unemployment = "unemployment",
        /// 工伤保险
        WorkInjury = "work_injury",
        /// 生育保险
        Maternity = "maternity",
        /// 住房公积金
        HousingFund = "housing_fund",
    }
}

impl InsuranceKind {
    pub fn label(self, lang: Lang) -> &'static str {
        use InsuranceKind::*;
        match (self, lang) {
            (Pension, Lang::Zh) => "养老保险",
            (Medical, Lang::Zh) => "医疗保险",
            (Unemployment, Lang::Zh) => "失业保险",
            (WorkInjury, Lang::Zh) => "工伤保险",
            (Maternity, Lang::Zh) => "生育保险",
            (HousingFund, Lang::Zh) => "住房公积金",
            (Pension, Lang::En) => "Pension",
            (Medical, Lang::En) => "Medical",
            (Unemployment, Lang::En) => "Unemployment",
            (WorkInjury, Lang::En) => "Work injury",
            (Maternity, Lang::En) => "Maternity",
            (HousingFund, Lang::En) => "Housing fund",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_say_what_is_expected() {
        for kind in InsuranceKind::ALL {
            assert_eq!(kind.as_str().parse::<InsuranceKind>().unwrap(), *kind);
        }
        let err = "pensions".parse::<InsuranceKind>().unwrap_err().to_string();
        assert!(
            err.contains("pensions") && err.contains("work_injury"),
            "{err}"
        );
    }
}
