//! The two languages the app speaks. 简体中文 is the default; English is complete.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language; keeps bilingual messages side by side at their call site.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = String;

    /// Accepts `zh`, `en` and locale spellings such as `zh-CN`, `zh_CN.UTF-8`, `en-US`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") || lower.starts_with("zh_") {
            Ok(Lang::Zh)
        } else if lower == "en" || lower.starts_with("en-") || lower.starts_with("en_") {
            Ok(Lang::En)
        } else {
            Err(format!("unsupported language {s:?} (use zh or en)"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locale_spellings() {
        assert_eq!("zh-CN".parse::<Lang>().unwrap(), Lang::Zh);
        assert_eq!("zh_CN.UTF-8".parse::<Lang>().unwrap(), Lang::Zh);
        assert_eq!("EN".parse::<Lang>().unwrap(), Lang::En);
        assert!("fr".parse::<Lang>().is_err());
        assert!("zhx".parse::<Lang>().is_err());
    }
}
