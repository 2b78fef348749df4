//! What can go wrong when the rules are asked a question or a table is loaded. Kept apart from
//! the crate-wide [`crate::Error`] (which wraps it as `Error::Rules`) so the rules module owns its
//! vocabulary; codes are stable, messages bilingual like every other error.

use super::Age;
use crate::model::Sex;
use crate::Lang;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// The user named an original retirement age the schedule has no group for
    /// (a man with 55, a woman with 60, anyone with 45).
    #[error(
        "an original retirement age of {age} does not apply to {} (allowed: {})",
        sex_plural_en(*sex),
        list(allowed)
    )]
    OriginalAge {
        sex: Sex,
        age: u32,
        allowed: Vec<u32>,
    },

    /// 计发月数 is published for whole ages in a fixed range; outside it there is no figure.
    #[error("no 计发月数 (pension divisor) for age {}: the table covers ages {min} to {max}", age.label(Lang::En))]
    DivisorAge { age: Age, min: u32, max: u32 },

    /// A bundled or downloaded rule table failed to parse or to validate.
    #[error("the rule table {file} is invalid: {reason}")]
    InvalidTable { file: String, reason: String },
}

impl RulesError {
    pub fn code(&self) -> &'static str {
        match self {
            RulesError::OriginalAge { .. } => "invalid_original_age",
            RulesError::DivisorAge { .. } => "divisor_age_out_of_table",
            RulesError::InvalidTable { .. } => "invalid_rule_table",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            RulesError::OriginalAge { sex, age, allowed } => format!(
                "{}的原法定退休年龄不能是 {age} 岁（可选：{}）",
                sex_zh(*sex),
                list(allowed)
            ),
            RulesError::DivisorAge { age, min, max } => format!(
                "没有 {} 的计发月数：计发月数表只包括 {min} 至 {max} 岁",
                age.label(Lang::Zh)
            ),
            RulesError::InvalidTable { file, reason } => {
                format!("规则表 {file} 无效：{reason}")
            }
        }
    }
}

fn sex_plural_en(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "men",
        Sex::Female => "women",
    }
}

fn sex_zh(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "男性",
        Sex::Female => "女性",
    }
}

fn list(ages: &[u32]) -> String {
    ages.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
