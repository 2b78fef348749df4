//! What can go wrong with a provider source, each with a stable code and a one-line message in
//! both languages that names the source, the request and the field. Messages never hold the
//! token or an ID number (a mismatch shows it masked).

use crate::ingest::PersonMismatch;
use crate::net::UrlProblem;
use crate::Lang;

/// Which request a problem came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Contributions { page: u32 },
    Balances,
}

impl Endpoint {
    /// The path below the base URL.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Contributions { .. } => "v1/contributions",
            Endpoint::Balances => "v1/balances",
        }
    }

    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Endpoint::Contributions { page }, Lang::Zh) => format!("缴费记录第 {page} 页"),
            (Endpoint::Contributions { page }, Lang::En) => format!("contributions page {page}"),
            (Endpoint::Balances, Lang::Zh) => "账户余额".into(),
            (Endpoint::Balances, Lang::En) => "balances".into(),
        }
    }
}

/// Why a field of a reply does not follow protocol v1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaProblem {
    Missing,
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    /// A JSON number where an amount belongs: amounts are decimal strings, never floats.
    NumberAmount {
        value: String,
    },
    Amount {
        value: String,
    },
    Month {
        value: String,
    },
    Date {
        value: String,
    },
    /// A well-formed date or time outside the supported years (1900–2200).
    OutOfRange {
        value: String,
    },
    Timestamp {
        value: String,
    },
    Kind {
        value: String,
    },
    Status {
        value: String,
    },
    Region {
        value: String,
    },
    Empty,
    /// `next_page` must come after the page that names it.
    NextPage {
        value: String,
    },
    /// The same kind, month and payer twice with different values; the first was
    /// `items[index]` of page `page`.
    Conflict {
        page: u32,
        index: usize,
    },
    /// A later page names another person than the first.
    PersonChanged,
}

impl SchemaProblem {
    pub fn message(&self, lang: Lang) -> String {
        use SchemaProblem::*;
        match (self, lang) {
            (Missing, Lang::Zh) => "缺少这个字段".into(),
            (Missing, Lang::En) => "is missing".into(),
            (WrongType { expected, found }, Lang::Zh) => {
                format!("应为 {expected}，实际是 {found}")
            }
            (WrongType { expected, found }, Lang::En) => {
                format!("should be {expected}, is {found}")
            }
            (NumberAmount { value }, Lang::Zh) => format!(
                "金额 {value} 是数字；协议要求金额为以元为单位的十进制字符串，如 \"640.00\"（不能用浮点数）"
            ),
            (NumberAmount { value }, Lang::En) => format!(
                "is the number {value}; amounts must be decimal strings in yuan such as \"640.00\", never floats"
            ),
            (Amount { value }, Lang::Zh) => {
                format!("{value:?} 不是金额（应为非负、最多两位小数的字符串，如 \"640.00\"）")
            }
            (Amount { value }, Lang::En) => format!(
                "{value:?} is not an amount (a non-negative decimal string with at most two decimals, such as \"640.00\")"
            ),
            (Month { value }, Lang::Zh) => format!("{value:?} 不是 YYYY-MM 格式的月份"),
            (Month { value }, Lang::En) => format!("{value:?} is not a month as YYYY-MM"),
            (Date { value }, Lang::Zh) => format!("{value:?} 不是 YYYY-MM-DD 格式的日期"),
            (Date { value }, Lang::En) => format!("{value:?} is not a date as YYYY-MM-DD"),
            (OutOfRange { value }, Lang::Zh) => format!(
                "{value:?} 超出支持的年份范围（{}–{} 年）",
                crate::model::MIN_YEAR,
                crate::model::MAX_YEAR
            ),
            (OutOfRange { value }, Lang::En) => format!(
                "{value:?} is outside the supported years {}–{}",
                crate::model::MIN_YEAR,
                crate::model::MAX_YEAR
            ),
            (Timestamp { value }, Lang::Zh) => format!("{value:?} 不是 RFC 3339 时间"),
            (Timestamp { value }, Lang::En) => format!("{value:?} is not an RFC 3339 time"),
            (Kind { value }, Lang::Zh) => format!(
                "{value:?} 不是险种代码（pension、medical、unemployment、work_injury、maternity、housing_fund）"
            ),
            (Kind { value }, Lang::En) => format!(
                "{value:?} is not a kind (pension, medical, unemployment, work_injury, maternity, housing_fund)"
            ),
            (Status { value }, Lang::Zh) => format!(
                "{value:?} 不是缴费状态（paid、owed、back_paid、transferred_in、transfer_pending）"
            ),
            (Status { value }, Lang::En) => format!(
                "{value:?} is not a status (paid, owed, back_paid, transferred_in, transfer_pending)"
            ),
            (Region { value }, Lang::Zh) => format!("{value:?} 不是六位行政区划代码"),
            (Region { value }, Lang::En) => format!("{value:?} is not a six-digit region code"),
            (Empty, Lang::Zh) => "不能为空".into(),
            (Empty, Lang::En) => "must not be empty".into(),
            (NextPage { value }, Lang::Zh) => format!("{value} 不在本页之后"),
            (NextPage { value }, Lang::En) => format!("{value} does not come after this page"),
            (Conflict { page, index }, Lang::Zh) => format!(
                "与第 {page} 页的 items[{index}] 是同一险种、月份和缴费单位，数值却不同"
            ),
            (Conflict { page, index }, Lang::En) => format!(
                "has the kind, month and payer of items[{index}] on page {page} with other values"
            ),
            (PersonChanged, Lang::Zh) => "与第 1 页的人员不同".into(),
            (PersonChanged, Lang::En) => "names another person than page 1".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("no HTTP source named {name:?}")]
    UnknownSource { name: String },

    #[error("no HTTP source yet")]
    NoHttpSources,

    #[error(
        "the source {source_name:?} already serves the profile {profile:?}; choose another name"
    )]
    SourceOfAnotherProfile {
        source_name: String,
        profile: String,
    },

    #[error("the base URL {url:?} cannot be used: {problem}{}", if *problem == UrlProblem::QueryOrFragment { "; give the part before /v1/" } else { "" })]
    BadBaseUrl { url: String, problem: UrlProblem },

    #[error("{name:?} is not an environment variable name (letters, digits and _, not starting with a digit)")]
    BadTokenEnv { name: String },

    #[error("${name} holds one of the app's own secrets or settings (a passphrase, the WebDAV password) and is never sent as a token; keep the token in a variable of its own")]
    ReservedTokenEnv { name: String },

    #[error("no token for {source_name:?}: {}", no_token_en(env.as_deref()))]
    NoToken {
        source_name: String,
        env: Option<String>,
    },

    #[error("no token was given for {source_name:?}")]
    TokenNeeded { source_name: String },

    #[error("no OS keyring is available here ({reason}), so the token cannot be kept in it")]
    KeyringNeeded { reason: String },

    #[error("the OS keyring failed: {reason}")]
    Keyring { reason: String },

    #[error("{source_name:?} refused the token (HTTP {status}); check or renew it, then add the source again")]
    Auth { source_name: String, status: u16 },

    #[error("{source_name:?} {} after {attempts} attempts; try again later", unavailable_en(*status))]
    Unavailable {
        source_name: String,
        status: u16,
        attempts: u32,
    },

    #[error("{source_name:?} asks to wait {seconds} s before trying again; try again later")]
    RetryAfterTooLong { source_name: String, seconds: u64 },

    #[error("{source_name:?} did not answer {} within {seconds} s", endpoint.label(Lang::En))]
    Timeout {
        source_name: String,
        endpoint: Endpoint,
        seconds: u64,
    },

    #[error("cannot reach {source_name:?}: {reason}")]
    Connect { source_name: String, reason: String },

    #[error("{source_name:?} answered {} with HTTP {status}{}", endpoint.label(Lang::En), status_hint_en(*status))]
    Status {
        source_name: String,
        endpoint: Endpoint,
        status: u16,
    },

    #[error("{source_name:?} sent {} cut off before its end; nothing was written", endpoint.label(Lang::En))]
    Truncated {
        source_name: String,
        endpoint: Endpoint,
    },

    #[error("{source_name:?} sent {} that is not valid JSON (line {line}, column {column}: {reason}); nothing was written", endpoint.label(Lang::En))]
    Malformed {
        source_name: String,
        endpoint: Endpoint,
        line: usize,
        column: usize,
        reason: String,
    },

    #[error("{source_name:?} sent {} that does not follow protocol v1: {path} {}; nothing was written", endpoint.label(Lang::En), problem.message(Lang::En))]
    Schema {
        source_name: String,
        endpoint: Endpoint,
        path: String,
        problem: SchemaProblem,
    },

    #[error("{source_name:?} sent {} larger than {} (the most one answer may be); nothing was written", endpoint.label(Lang::En), size_text(*limit))]
    TooLarge {
        source_name: String,
        endpoint: Endpoint,
        limit: u64,
    },

    #[error("{source_name:?} sent more than {max} pages; nothing was written")]
    TooManyPages { source_name: String, max: u32 },

    #[error(
        "{source_name:?} serves another person's records: {}; nothing was written",
        mismatch_text(mismatch, Lang::En)
    )]
    PersonMismatch {
        source_name: String,
        mismatch: PersonMismatch,
    },
}

fn no_token_en(env: Option<&str>) -> String {
    match env {
        Some(var) => format!("the keyring has none and ${var} is not set"),
        None => "the keyring has none; add the source again with its token".into(),
    }
}

fn unavailable_en(status: u16) -> String {
    match status {
        429 => "kept asking to slow down (HTTP 429)".into(),
        status => format!("stayed unavailable (HTTP {status})"),
    }
}

fn status_hint_en(status: u16) -> &'static str {
    match status {
        404 => " (is the base URL right? it should be the part before /v1/)",
        301 | 302 | 303 | 307 | 308 => {
            " (a redirect, which is never followed so the token goes nowhere else; give the new address if the provider moved)"
        }
        _ => "",
    }
}

fn status_hint_zh(status: u16) -> &'static str {
    match status {
        404 => "（地址对吗？应为 /v1/ 之前的部分）",
        301 | 302 | 303 | 307 | 308 => {
            "（这是重定向；为了不把令牌发往别处，本应用从不跟随重定向；如数据源已搬迁，请填写新地址）"
        }
        _ => "",
    }
}

/// A byte limit as people read it: "4 MiB".
pub(crate) fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// How the provider's person differs from the profile's (ID numbers masked).
pub fn mismatch_text(m: &PersonMismatch, lang: Lang) -> String {
    match (m.field, lang) {
        ("name", Lang::En) => format!("it names {}, not the profile's {}", m.found, m.expected),
        (_, Lang::En) => format!(
            "its ID number {} is not the profile's {}",
            m.found, m.expected
        ),
        ("name", Lang::Zh) => format!("记录属于 {}，不是成员 {}", m.found, m.expected),
        (_, Lang::Zh) => format!("身份证号 {} 与成员的 {} 不符", m.found, m.expected),
    }
}

impl SyncError {
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::UnknownSource { .. } => "unknown_source",
            SyncError::NoHttpSources => "no_http_sources",
            SyncError::SourceOfAnotherProfile { .. } => "source_of_another_profile",
            SyncError::BadBaseUrl { .. } => "bad_base_url",
            SyncError::BadTokenEnv { .. } => "bad_token_env",
            SyncError::ReservedTokenEnv { .. } => "reserved_token_env",
            SyncError::NoToken { .. } => "no_token",
            SyncError::TokenNeeded { .. } => "token_needed",
            SyncError::KeyringNeeded { .. } => "keyring_needed",
            SyncError::Keyring { .. } => "keyring_failed",
            SyncError::Auth { .. } => "provider_auth",
            SyncError::Unavailable { .. } => "provider_unavailable",
            SyncError::RetryAfterTooLong { .. } => "provider_rate_limited",
            SyncError::Timeout { .. } => "provider_timeout",
            SyncError::Connect { .. } => "provider_unreachable",
            SyncError::Status { .. } => "provider_status",
            SyncError::Truncated { .. } => "provider_truncated",
            SyncError::Malformed { .. } => "provider_malformed",
            SyncError::Schema { .. } => "provider_schema",
            SyncError::TooLarge { .. } => "provider_too_large",
            SyncError::TooManyPages { .. } => "provider_too_many_pages",
            SyncError::PersonMismatch { .. } => "provider_person_mismatch",
        }
    }

    /// What the user can do about it, if this error points a way (see [`crate::Remedy`]).
    pub fn remedy(&self) -> Option<crate::Remedy> {
        use crate::Remedy;
        match self {
            SyncError::UnknownSource { .. } => Some(Remedy::ListSources),
            SyncError::NoHttpSources => Some(Remedy::AddSource),
            SyncError::TokenNeeded { .. } => Some(Remedy::GiveSourceToken),
            SyncError::KeyringNeeded { .. } => Some(Remedy::SourceTokenNeedsKeyring),
            SyncError::PersonMismatch { .. } => Some(Remedy::SyncAnyway),
            SyncError::BadBaseUrl {
                problem: UrlProblem::Credentials,
                ..
            } => Some(Remedy::SourceTokenApart),
            _ => None,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let zh = Lang::Zh;
        match self {
            SyncError::UnknownSource { name } => {
                format!("没有名为 {name:?} 的在线数据源")
            }
            SyncError::NoHttpSources => {
                "还没有在线数据源".into()
            }
            SyncError::SourceOfAnotherProfile {
                source_name,
                profile,
            } => format!("数据源 {source_name:?} 已用于成员 {profile:?}；请换一个名称"),
            SyncError::BadBaseUrl { url, problem } => format!(
                "无法使用地址 {url:?}：{}{}",
                problem.label(zh),
                if *problem == UrlProblem::QueryOrFragment {
                    "；请只填 /v1/ 之前的部分"
                } else {
                    ""
                }
            ),
            SyncError::BadTokenEnv { name } => {
                format!("{name:?} 不是环境变量名（字母、数字和 _，不能以数字开头）")
            }
            SyncError::ReservedTokenEnv { name } => format!(
                "${name} 存放的是本应用自己的口令、密码或设置，绝不会作为令牌发送；请把令牌放在单独的环境变量里"
            ),
            SyncError::NoToken { source_name, env } => match env {
                Some(var) => format!(
                    "{source_name:?} 没有令牌：系统钥匙串里没有，环境变量 ${var} 也未设置"
                ),
                None => format!(
                    "{source_name:?} 没有令牌：系统钥匙串里没有；请带上令牌重新添加数据源"
                ),
            },
            SyncError::TokenNeeded { source_name } => format!(
                "没有提供 {source_name:?} 的令牌"
            ),
            SyncError::KeyringNeeded { reason } => format!(
                "这里没有可用的系统钥匙串，无法在其中保存令牌（详情：{reason}）"
            ),
            SyncError::Keyring { reason } => format!("系统钥匙串出错（详情：{reason}）"),
            SyncError::Auth {
                source_name,
                status,
            } => format!(
                "{source_name:?} 拒绝了令牌（HTTP {status}）；请检查或更新令牌后重新添加数据源"
            ),
            SyncError::Unavailable {
                source_name,
                status,
                attempts,
            } => match status {
                429 => format!(
                    "{source_name:?} 一直要求放慢请求（HTTP 429），已尝试 {attempts} 次；请稍后再试"
                ),
                _ => format!(
                    "{source_name:?} 一直不可用（HTTP {status}），已尝试 {attempts} 次；请稍后再试"
                ),
            },
            SyncError::RetryAfterTooLong {
                source_name,
                seconds,
            } => format!("{source_name:?} 要求等待 {seconds} 秒后再试；请稍后再同步"),
            SyncError::Timeout {
                source_name,
                endpoint,
                seconds,
            } => format!(
                "{source_name:?} 在 {seconds} 秒内没有返回{}",
                endpoint.label(zh)
            ),
            SyncError::Connect {
                source_name,
                reason,
            } => format!("无法连接 {source_name:?}（详情：{reason}）"),
            SyncError::Status {
                source_name,
                endpoint,
                status,
            } => format!(
                "{source_name:?} 对{}的请求返回 HTTP {status}{}",
                endpoint.label(zh),
                status_hint_zh(*status)
            ),
            SyncError::Truncated {
                source_name,
                endpoint,
            } => format!(
                "{source_name:?} 发来的{}不完整（中途断开）；没有写入任何数据",
                endpoint.label(zh)
            ),
            SyncError::Malformed {
                source_name,
                endpoint,
                line,
                column,
                reason,
            } => format!(
                "{source_name:?} 发来的{}不是有效的 JSON（第 {line} 行第 {column} 列；详情：{reason}）；没有写入任何数据",
                endpoint.label(zh)
            ),
            SyncError::Schema {
                source_name,
                endpoint,
                path,
                problem,
            } => format!(
                "{source_name:?} 发来的{}不符合协议 v1：{path} {}；没有写入任何数据",
                endpoint.label(zh),
                problem.message(zh)
            ),
            SyncError::TooLarge {
                source_name,
                endpoint,
                limit,
            } => format!(
                "{source_name:?} 发来的{}超过 {}（单个回复的上限）；没有写入任何数据",
                endpoint.label(zh),
                size_text(*limit)
            ),
            SyncError::TooManyPages { source_name, max } => {
                format!("{source_name:?} 发来超过 {max} 页；没有写入任何数据")
            }
            SyncError::PersonMismatch {
                source_name,
                mismatch,
            } => format!(
                "{source_name:?} 提供的是另一个人的记录：{}；没有写入任何数据",
                mismatch_text(mismatch, zh)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_error() -> Vec<SyncError> {
        let s = || "hr".to_string();
        let page = Endpoint::Contributions { page: 2 };
        vec![
            SyncError::UnknownSource { name: s() },
            SyncError::NoHttpSources,
            SyncError::SourceOfAnotherProfile {
                source_name: s(),
                profile: "王芳".into(),
            },
            SyncError::BadBaseUrl {
                url: "x".into(),
                problem: UrlProblem::Credentials,
            },
            SyncError::BadTokenEnv { name: "1X".into() },
            SyncError::NoToken {
                source_name: s(),
                env: Some("HR_TOKEN".into()),
            },
            SyncError::TokenNeeded { source_name: s() },
            SyncError::KeyringNeeded { reason: "r".into() },
            SyncError::Keyring { reason: "r".into() },
            SyncError::Auth {
                source_name: s(),
                status: 401,
            },
            SyncError::Unavailable {
                source_name: s(),
                status: 503,
                attempts: 5,
            },
            SyncError::RetryAfterTooLong {
                source_name: s(),
                seconds: 3600,
            },
            SyncError::Timeout {
                source_name: s(),
                endpoint: page,
                seconds: 60,
            },
            SyncError::Connect {
                source_name: s(),
                reason: "refused".into(),
            },
            SyncError::Status {
                source_name: s(),
                endpoint: page,
                status: 404,
            },
            SyncError::Truncated {
                source_name: s(),
                endpoint: page,
            },
            SyncError::Malformed {
                source_name: s(),
                endpoint: Endpoint::Balances,
                line: 1,
                column: 2,
                reason: "r".into(),
            },
            SyncError::Schema {
                source_name: s(),
                endpoint: page,
                path: "items[0].personal".into(),
                problem: SchemaProblem::NumberAmount {
                    value: "640.5".into(),
                },
            },
            SyncError::TooManyPages {
                source_name: s(),
                max: 1000,
            },
            SyncError::PersonMismatch {
                source_name: s(),
                mismatch: PersonMismatch {
                    line: 0,
                    field: "id_number",
                    found: "1101**********0017".into(),
                    expected: "1101**********002X".into(),
                    several_people: false,
                },
            },
            SyncError::TooLarge {
                source_name: s(),
                endpoint: page,
                limit: 4 * 1024 * 1024,
            },
            SyncError::ReservedTokenEnv {
                name: "SHEBAO_PASSPHRASE".into(),
            },
        ]
    }

    #[test]
    fn every_error_has_its_own_code_and_one_line_in_each_language() {
        let errors = every_error();
        let mut codes: Vec<&str> = errors.iter().map(SyncError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len(), "codes are distinct");
        for error in &errors {
            for lang in [Lang::Zh, Lang::En] {
                let message = error.message(lang);
                assert!(!message.is_empty());
                assert_eq!(message.lines().count(), 1, "{message}");
            }
            assert_ne!(error.message(Lang::Zh), error.message(Lang::En));
        }
    }

    #[test]
    fn messages_name_the_request_and_the_field() {
        let schema = &every_error()[17];
        assert_eq!(
            schema.message(Lang::En),
            "\"hr\" sent contributions page 2 that does not follow protocol v1: items[0].personal is the number 640.5; amounts must be decimal strings in yuan such as \"640.00\", never floats; nothing was written"
        );
        assert!(schema.message(Lang::Zh).contains("缴费记录第 2 页"));
        assert!(schema.message(Lang::Zh).contains("items[0].personal"));
        let moved = SyncError::Status {
            source_name: "hr".into(),
            endpoint: Endpoint::Contributions { page: 1 },
            status: 404,
        };
        assert!(moved.message(Lang::En).contains("is the base URL right?"));
    }
}
