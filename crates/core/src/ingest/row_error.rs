//! A problem with one cell of one row: where it is (1-based line as the spreadsheet shows it,
//! the column's title as written), the value as written, and what is wrong, in either language.

use crate::Lang;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    MissingMonth,
    BadMonth,
    BadAmount,
    MissingKind,
    UnknownKind,
    UnknownStatus,
    /// A date outside the supported years (e.g. a balance dated 2300-06-30).
    DateOutOfRange,
    /// Same month, kind and payer as an earlier line, with different values.
    Conflicts {
        line: usize,
    },
    /// A region column's cell that names no region (code or name).
    UnknownRegion,
    /// A region name that fits several regions, none of them near the profile's: each as
    /// `北京市朝阳区 110105`.
    AmbiguousRegion {
        candidates: Vec<String>,
    },
    /// A person column's ID number that is not a valid 18-character number (its check digit
    /// or its date is wrong): in a per-person import it would otherwise become a new profile.
    BadIdNumber,
    /// A per-person import's row that names nobody (neither ID number nor name).
    MissingPerson,
    /// A period row's span that cannot be read (`2018.12-2015.01`, `2015年`).
    BadPeriod,
    /// A period row whose span is longer than any working life, or whose months would take the
    /// file's records from period rows past what a statement can hold: a lying or damaged row,
    /// refused before its months are made.
    PeriodTooLong {
        months: i64,
        limit: i64,
    },
    /// A period row's 月数 that is not the number of months from its start to its end; the
    /// span decides, the preview says so. A warning, not an error.
    PeriodMonthsDisagree {
        stated: String,
        span: i64,
    },
    /// A period row's total that does not divide into its months in whole fen: spread with
    /// the remainder on the last month. A warning, not an error.
    TotalNotDivisible {
        months: i64,
    },
}

impl RowProblem {
    /// A stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            RowProblem::MissingMonth => "missing_month",
            RowProblem::BadMonth => "bad_month",
            RowProblem::BadAmount => "bad_amount",
            RowProblem::MissingKind => "missing_kind",
            RowProblem::UnknownKind => "unknown_kind",
            RowProblem::UnknownStatus => "unknown_status",
            RowProblem::DateOutOfRange => "date_out_of_range",
            RowProblem::Conflicts { .. } => "conflicting_duplicate",
            RowProblem::UnknownRegion => "unknown_region",
            RowProblem::AmbiguousRegion { .. } => "ambiguous_region",
            RowProblem::BadIdNumber => "bad_id_number",
            RowProblem::MissingPerson => "missing_person",
            RowProblem::BadPeriod => "bad_period",
            RowProblem::PeriodTooLong { .. } => "period_too_long",
            RowProblem::PeriodMonthsDisagree { .. } => "period_months_disagree",
            RowProblem::TotalNotDivisible { .. } => "total_not_divisible",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RowProblem::MissingMonth, Lang::Zh) => "缺少月份".into(),
            (RowProblem::MissingMonth, Lang::En) => "the month is missing".into(),
            (RowProblem::BadMonth, Lang::Zh) => {
                "不是月份（应为 2024-01、202401、2024/1 或 2024年1月）".into()
            }
            (RowProblem::BadMonth, Lang::En) => {
                "not a month (expected e.g. 2024-01, 202401, 2024/1 or 2024年1月)".into()
            }
            (RowProblem::BadAmount, Lang::Zh) => {
                "不是金额（应为 1234.56 或 1,234.56，最多两位小数）".into()
            }
            (RowProblem::BadAmount, Lang::En) => {
                "not an amount (expected e.g. 1234.56 or 1,234.56, at most two decimals)".into()
            }
            (RowProblem::MissingKind, Lang::Zh) => "缺少险种".into(),
            (RowProblem::MissingKind, Lang::En) => "the insurance kind is missing".into(),
            (RowProblem::UnknownKind, Lang::Zh) => {
                "无法识别的险种（应为 养老、医疗、失业、工伤、生育 或 公积金）".into()
            }
            (RowProblem::UnknownKind, Lang::En) => {
                "unknown insurance kind (expected 养老 pension, 医疗 medical, 失业 unemployment, 工伤 work injury, 生育 maternity or 公积金 housing fund)".into()
            }
            (RowProblem::UnknownStatus, Lang::Zh) => {
                "无法识别的缴费状态（如 已实缴、已到账、欠费、未到账、补缴、转入）".into()
            }
            (RowProblem::UnknownStatus, Lang::En) => {
                "unknown payment status (expected e.g. 已实缴 paid, 欠费 owed, 补缴 back paid, 转入 transferred in)".into()
            }
            (RowProblem::DateOutOfRange, Lang::Zh) => format!(
                "日期超出支持的年份范围（{}–{} 年）",
                crate::model::MIN_YEAR,
                crate::model::MAX_YEAR
            ),
            (RowProblem::DateOutOfRange, Lang::En) => format!(
                "the date is outside the supported years {}–{}",
                crate::model::MIN_YEAR,
                crate::model::MAX_YEAR
            ),
            (RowProblem::Conflicts { line }, Lang::Zh) => {
                format!("与第 {line} 行的月份、险种和缴费单位相同，但金额或状态不同")
            }
            (RowProblem::Conflicts { line }, Lang::En) => {
                format!("same month, kind and payer as line {line}, with different amounts or status")
            }
            (RowProblem::UnknownRegion, Lang::Zh) => {
                "无法识别的参保地（应为地区名称或 6 位代码，如 杭州市 或 330100）".into()
            }
            (RowProblem::UnknownRegion, Lang::En) => {
                "unknown region (expected a name or a 6-digit code, such as 杭州市 or 330100)".into()
            }
            (RowProblem::AmbiguousRegion { candidates }, Lang::Zh) => {
                format!("参保地对应多个地区：{}；请在文件中写明省、市或代码", candidates.join("、"))
            }
            (RowProblem::AmbiguousRegion { candidates }, Lang::En) => format!(
                "the region is more than one place: {}; give its province, city or code in the file",
                candidates.join(", ")
            ),
            (RowProblem::BadIdNumber, Lang::Zh) => {
                "不是有效的身份证号（18 位，校验位或出生日期不符）；这一行不会建成新成员".into()
            }
            (RowProblem::BadIdNumber, Lang::En) => {
                "not a valid ID number (18 characters; the check digit or the birth date is wrong); this row never becomes a new profile".into()
            }
            (RowProblem::MissingPerson, Lang::Zh) => "缺少姓名和身份证号，无法知道是谁的记录".into(),
            (RowProblem::MissingPerson, Lang::En) => {
                "neither a name nor an ID number: whose record this is cannot be told".into()
            }
            (RowProblem::BadPeriod, Lang::Zh) => {
                "不是缴费期间（应为 2015.01-2018.12、2015-01至2018-12 或 2015年1月—2018年12月，起始不晚于截止）".into()
            }
            (RowProblem::BadPeriod, Lang::En) => {
                "not a period (expected e.g. 2015.01-2018.12, 2015-01至2018-12 or 2015年1月—2018年12月, the start not after the end)".into()
            }
            (RowProblem::PeriodTooLong { months, limit }, Lang::Zh) => format!(
                "这一期间共 {months} 个月，超过了可以导入的 {limit} 个月；请检查起止年月"
            ),
            (RowProblem::PeriodTooLong { months, limit }, Lang::En) => format!(
                "the period covers {months} months, more than the {limit} an import takes; check its start and end"
            ),
            (RowProblem::PeriodMonthsDisagree { stated, span }, Lang::Zh) => format!(
                "月数写的是 {stated}，但起止年月共 {span} 个月；按起止年月逐月导入"
            ),
            (RowProblem::PeriodMonthsDisagree { stated, span }, Lang::En) => format!(
                "the month count says {stated}, but the period spans {span} months; imported month by month over the period"
            ),
            (RowProblem::TotalNotDivisible { months }, Lang::Zh) => format!(
                "合计金额不能按分平均分到 {months} 个月；余下的几分计入最后一个月"
            ),
            (RowProblem::TotalNotDivisible { months }, Lang::En) => format!(
                "the total does not divide into {months} months in whole fen; the remainder goes on the last month"
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    /// The column's title as written in the file (`费款所属期`).
    pub column: String,
    /// The cell as written (empty for a missing value).
    pub value: String,
    pub problem: RowProblem,
}

/// The documented JSON shape of a row error: `{line, column, value, message}` (and a code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowErrorReport {
    pub line: usize,
    pub column: String,
    pub value: String,
    pub code: &'static str,
    pub message: String,
}

impl RowError {
    pub fn message(&self, lang: Lang) -> String {
        self.problem.message(lang)
    }

    pub fn report(&self, lang: Lang) -> RowErrorReport {
        RowErrorReport {
            line: self.line,
            column: self.column.clone(),
            value: self.value.clone(),
            code: self.problem.code(),
            message: self.message(lang),
        }
    }

    /// One line naming line, column and value: `第 5 行「费款所属期」"2024-13"：不是月份…`.
    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "第 {} 行「{}」列 {:?}：{}",
                self.line,
                self.column,
                self.value,
                self.message(lang)
            ),
            Lang::En => format!(
                "line {}, column {:?}, value {:?}: {}",
                self.line,
                self.column,
                self.value,
                self.message(lang)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_line_column_and_value_in_both_languages() {
        let error = RowError {
            line: 5,
            column: "费款所属期".into(),
            value: "2024-13".into(),
            problem: RowProblem::BadMonth,
        };
        assert!(error
            .describe(Lang::Zh)
            .starts_with("第 5 行「费款所属期」列 \"2024-13\"：不是月份"));
        assert!(error
            .describe(Lang::En)
            .starts_with("line 5, column \"费款所属期\", value \"2024-13\": not a month"));
        let json = serde_json::to_value(error.report(Lang::En)).unwrap();
        assert_eq!(json["line"], 5);
        assert_eq!(json["code"], "bad_month");
    }
}
