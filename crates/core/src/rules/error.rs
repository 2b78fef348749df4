//! What can go wrong when the rules are asked a question or a table is loaded. Kept apart from
//! the crate-wide [`crate::Error`] (which wraps it as `Error::Rules`) so the rules module owns its
//! vocabulary; codes are stable, messages bilingual like every other error.

use super::{Age, RulesVersion};
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

    /// An update address that is not an http(s) URL.
    #[error("{url:?} is not an http or https address: {reason}")]
    BadUrl { url: String, reason: String },

    /// The server could not be reached, answered with an error, or sent too much.
    #[error("could not fetch {url}: {reason}")]
    Fetch { url: String, reason: String },

    /// A manifest (downloaded, or stored beside the database) that is not well formed.
    #[error("{what} is not a valid rule-table manifest: {reason}")]
    BadManifest { what: String, reason: String },

    /// A manifest not signed by a key this build trusts.
    #[error("the signature on {what} is not the project's: these tables may not come from Shebao Ledger")]
    BadSignature { what: String },

    /// A table whose bytes differ from the hash its signed manifest gives.
    #[error(
        "{file} does not match the hash in the signed manifest (expected {expected}, got {found})"
    )]
    BadHash {
        file: String,
        expected: String,
        found: String,
    },

    /// An update older than the tables in use: taking it would roll the rules back.
    #[error("the server offers rule tables {offered}, older than the {active} in use")]
    Older {
        offered: RulesVersion,
        active: RulesVersion,
    },

    /// An update that failed one of the problems above; the tables in use stay as they were.
    #[error("{0}; the rule tables in use were not changed")]
    UpdateRefused(Box<RulesError>),
}

impl RulesError {
    pub fn code(&self) -> &'static str {
        match self {
            RulesError::OriginalAge { .. } => "invalid_original_age",
            RulesError::DivisorAge { .. } => "divisor_age_out_of_table",
            RulesError::InvalidTable { .. } => "invalid_rule_table",
            RulesError::BadUrl { .. } => "rules_bad_url",
            RulesError::Fetch { .. } => "rules_fetch_failed",
            RulesError::BadManifest { .. } => "rules_bad_manifest",
            RulesError::BadSignature { .. } => "rules_bad_signature",
            RulesError::BadHash { .. } => "rules_bad_hash",
            RulesError::Older { .. } => "rules_older",
            RulesError::UpdateRefused(cause) => cause.code(),
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
                format!("规则表 {file} 无效（详情：{reason}）")
            }
            RulesError::BadUrl { url, reason } => {
                format!("{url:?} 不是 http 或 https 地址（详情：{reason}）")
            }
            RulesError::Fetch { url, reason } => format!("无法下载 {url}（详情：{reason}）"),
            RulesError::BadManifest { what, reason } => {
                format!("{what} 不是有效的规则表清单（详情：{reason}）")
            }
            RulesError::BadSignature { what } => {
                format!("{what} 的签名不是本项目的：这些规则表可能并非来自社保账本")
            }
            RulesError::BadHash {
                file,
                expected,
                found,
            } => format!("{file} 与签名清单中的哈希值不符（应为 {expected}，实为 {found}）"),
            RulesError::Older { offered, active } => {
                format!("服务器提供的规则表 {offered} 比正在使用的 {active} 旧")
            }
            RulesError::UpdateRefused(cause) => {
                format!("{}；正在使用的规则表没有改动", cause.message(Lang::Zh))
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
