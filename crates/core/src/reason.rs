//! Why a check failed, for the messages that carry a reason: in our own words in both
//! languages, or a system's or library's own text (English), which a Chinese message shows
//! only as a detail after a sentence of ours, never as its words.

use crate::Lang;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Ours, said in both languages.
    Said { zh: String, en: String },
    /// A system's or a library's own words (SQLite's integrity report, an I/O error).
    System(String),
}

impl Reason {
    pub fn said(zh: impl Into<String>, en: impl Into<String>) -> Reason {
        Reason::Said {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn system(text: impl fmt::Display) -> Reason {
        Reason::System(text.to_string())
    }

    /// In brackets after a sentence: `（它就是数据库本身）`, `（详情：…）`; `(…)` in English.
    pub fn in_brackets(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Said { zh, .. }, Lang::Zh) => format!("（{zh}）"),
            (Reason::System(text), Lang::Zh) => format!("（详情：{text}）"),
            (Reason::Said { en, .. }, Lang::En) => format!(" ({en})"),
            (Reason::System(text), Lang::En) => format!(" ({text})"),
        }
    }
}

/// The English words (the `Display` of an error is its English message).
impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Said { en, .. } => f.write_str(en),
            Reason::System(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ours_is_said_in_chinese_and_a_systems_only_as_a_detail() {
        let ours = Reason::said("它就是数据库本身", "it is the database itself");
        assert_eq!(ours.in_brackets(Lang::Zh), "（它就是数据库本身）");
        assert_eq!(ours.in_brackets(Lang::En), " (it is the database itself)");
        assert_eq!(ours.to_string(), "it is the database itself");
        let system = Reason::system("integrity_check: row 3 missing");
        assert_eq!(
            system.in_brackets(Lang::Zh),
            "（详情：integrity_check: row 3 missing）"
        );
    }
}
