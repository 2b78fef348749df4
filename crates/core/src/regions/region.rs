//! One administrative division as the app shows it.

use serde::Serialize;

/// The tier of a division, read from its code: `xx0000` a province, `xxyy00` a prefecture-level
/// city (or a municipality's city code such as 110100), anything else a county-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    City,
    County,
}

impl Level {
    pub(crate) fn of(code: &str) -> Level {
        if code.ends_with("0000") {
            Level::Province
        } else if code.ends_with("00") {
            Level::City
        } else {
            Level::County
        }
    }
}

/// A code that is no longer in the current edition (renamed, renumbered or merged), with where
/// it lives now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retired {
    /// The year of the last edition that listed it.
    pub last_listed: u16,
    /// The current code it resolves to: the same unit renumbered, or the city (or province) it
    /// was merged into.
    pub successor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// The 6-digit GB/T 2260 code.
    pub code: String,
    /// The official name: 杭州市, 朝阳区, 广西壮族自治区.
    pub name: String,
    /// The name people say: 杭州, 朝阳, 广西.
    pub short_name: String,
    /// Province, city and own name: 浙江省杭州市, 北京市朝阳区, 湖北省仙桃市.
    pub full_name: String,
    /// Pinyin of the short name, syllables apart, lower case: `hang zhou`.
    pub pinyin: String,
    /// First letters of those syllables: `hz`.
    pub initials: String,
    pub level: Level,
    /// `Some` for a code of an earlier edition only.
    pub retired: Option<Retired>,
}

impl Region {
    /// The English name: the pinyin of the short name as one capitalised word, `Hangzhou`.
    pub fn name_en(&self) -> String {
        let joined: String = self.pinyin.split(' ').collect();
        let mut chars = joined.chars();
        match chars.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
            None => self.short_name.clone(),
        }
    }

    /// Pinyin without spaces, as matched against typed input: `hangzhou`.
    pub(crate) fn pinyin_joined(&self) -> String {
        self.pinyin.split(' ').collect()
    }

    /// A provincial capital: GB/T 2260 numbers a province's capital as its first prefecture
    /// (330100 杭州, 440100 广州, 510100 成都). Used to rank it first where names collide.
    pub(crate) fn is_capital(&self) -> bool {
        self.level == Level::City && self.code.ends_with("0100") && !self.is_municipality()
    }

    /// A municipality's city code (110100 北京市): the city is the province.
    pub(crate) fn is_municipality(&self) -> bool {
        matches!(&self.code[..2], "11" | "12" | "31" | "50") && self.level == Level::City
    }
}
