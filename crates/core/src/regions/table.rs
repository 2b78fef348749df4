//! The bundled division table, parsed once on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::region::{Level, Region, Retired};

const CURRENT: &str = include_str!("../../../../assets/regions/regions.tsv");
const HISTORY: &str = include_str!("../../../../assets/regions/history.tsv");

pub(crate) struct Table {
    /// Current regions in code order, then retired codes in code order.
    pub(crate) regions: Vec<Region>,
    by_code: HashMap<String, usize>,
}

impl Table {
    /// The table compiled into this binary. It is checked by this module's tests, so failing here
    /// would be a build that never passed them.
    pub(crate) fn bundled() -> &'static Table {
        static BUNDLED: OnceLock<Table> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Table::parse(CURRENT, HISTORY).unwrap_or_else(|e| panic!("bundled regions: {e}"))
        })
    }

    pub(crate) fn get(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code).map(|&i| &self.regions[i])
    }

    pub(crate) fn current(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter().filter(|r| r.retired.is_none())
    }

    /// `regions.tsv`: code, name, short name, pinyin. `history.tsv`: code, name, year of the last
    /// edition listing it, current code. Lines starting with `#` are comments.
    fn parse(current: &str, history: &str) -> Result<Table, String> {
        struct Row<'a> {
            code: &'a str,
            name: &'a str,
            short: &'a str,
            pinyin: String,
            retired: Option<Retired>,
        }
        let mut rows = Vec::new();
        for (i, line) in current.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let [code, name, short, pinyin] = f[..] else {
                return Err(format!("regions.tsv line {}: expected 4 fields", i + 1));
            };
            rows.push(Row {
                code,
                name,
                short,
                pinyin: pinyin.to_string(),
                retired: None,
            });
        }
        for (i, line) in history.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let [code, name, year, successor] = f[..] else {
                return Err(format!("history.tsv line {}: expected 4 fields", i + 1));
            };
            let last_listed = year
                .parse()
                .map_err(|_| format!("history.tsv line {}: year {year:?}", i + 1))?;
            rows.push(Row {
                code,
                name,
                // Retired names are matched whole only; they keep no short name or pinyin.
                short: name,
                pinyin: String::new(),
                retired: Some(Retired {
                    last_listed,
                    successor: successor.to_string(),
                }),
            });
        }
        let mut names: HashMap<&str, &str> = HashMap::new();
        for row in &rows {
            if row.code.len() != 6 || !row.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("code {:?} is not 6 digits", row.code));
            }
            if names.insert(row.code, row.name).is_some() {
                return Err(format!("code {} is listed twice", row.code));
            }
        }
        let mut regions = Vec::with_capacity(rows.len());
        let mut by_code = HashMap::with_capacity(rows.len());
        for row in &rows {
            if let Some(retired) = &row.retired {
                if !names.contains_key(retired.successor.as_str()) {
                    return Err(format!(
                        "{} resolves to unknown {}",
                        row.code, retired.successor
                    ));
                }
            }
            let level = Level::of(row.code);
            let province = names
                .get(format!("{}0000", &row.code[..2]).as_str())
                .copied();
            let city = names.get(format!("{}00", &row.code[..4]).as_str()).copied();
            let mut full_name = String::new();
            if level != Level::Province {
                full_name.push_str(province.unwrap_or_default());
            }
            if level == Level::County {
                if let Some(city) = city.filter(|c| Some(*c) != province) {
                    full_name.push_str(city);
                }
            }
            if !full_name.ends_with(row.name) {
                full_name.push_str(row.name);
            }
            let initials = row
                .pinyin
                .split(' ')
                .filter_map(|s| s.chars().next())
                .collect();
            by_code.insert(row.code.to_string(), regions.len());
            regions.push(Region {
                code: row.code.to_string(),
                name: row.name.to_string(),
                short_name: row.short.to_string(),
                full_name,
                pinyin: row.pinyin.clone(),
                initials,
                level,
                retired: row.retired.clone(),
            });
        }
        Ok(Table { regions, by_code })
    }
}

/// The region of a 6-digit code, current or retired.
pub fn lookup(code: &str) -> Option<&'static Region> {
    Table::bundled().get(code.trim())
}

/// What to show for a stored region: its name (杭州市) when the code is known, the stored text
/// itself otherwise (a code older than the bundled history, or a name kept by an import).
pub fn display_name(stored: &str) -> String {
    match lookup(stored) {
        Some(region) => region.name.clone(),
        None => stored.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_parses_and_holds_every_tier() {
        let table = Table::bundled();
        // 31 provinces, 333 prefecture-level units (with the four municipalities' city codes)
        // and about 2,850 county-level units in the 2023 edition.
        let count = |level| table.current().filter(|r| r.level == level).count();
        assert_eq!(count(Level::Province), 31);
        assert!(
            (330..=340).contains(&count(Level::City)),
            "{}",
            count(Level::City)
        );
        assert!(
            (2800..=3000).contains(&count(Level::County)),
            "{}",
            count(Level::County)
        );
    }

    #[test]
    fn a_code_gives_its_names_and_pinyin() {
        let hz = lookup("330100").unwrap();
        assert_eq!(hz.name, "杭州市");
        assert_eq!(hz.short_name, "杭州");
        assert_eq!(hz.full_name, "浙江省杭州市");
        assert_eq!(hz.pinyin, "hang zhou");
        assert_eq!(hz.initials, "hz");
        assert_eq!(hz.name_en(), "Hangzhou");
        assert_eq!(hz.level, Level::City);
        let chaoyang = lookup("110105").unwrap();
        assert_eq!(chaoyang.full_name, "北京市朝阳区");
        assert_eq!(lookup("220104").unwrap().full_name, "吉林省长春市朝阳区");
        assert_eq!(lookup("110100").unwrap().name, "北京市");
        assert_eq!(lookup("450000").unwrap().short_name, "广西");
        assert_eq!(lookup("522600").unwrap().short_name, "黔东南");
        assert_eq!(lookup("429004").unwrap().full_name, "湖北省仙桃市");
        assert!(lookup("999999").is_none());
    }

    #[test]
    fn a_retired_code_keeps_its_old_name_and_points_to_where_it_lives_now() {
        // 下城区 was merged into 拱墅区 in 2021; the prefecture is what stays certain.
        let xiacheng = lookup("330103").unwrap();
        assert_eq!(xiacheng.name, "下城区");
        assert_eq!(xiacheng.full_name, "浙江省杭州市下城区");
        let retired = xiacheng.retired.as_ref().unwrap();
        assert_eq!(retired.successor, "330100");
        // 崇文区 and 宣武区 were merged into 东城区 and 西城区 in 2010.
        assert_eq!(lookup("110103").unwrap().name, "崇文区");
        assert_eq!(
            lookup("110103")
                .unwrap()
                .retired
                .as_ref()
                .unwrap()
                .last_listed,
            2009
        );
    }

    #[test]
    fn a_stored_region_is_shown_by_name() {
        assert_eq!(display_name("330100"), "杭州市");
        assert_eq!(display_name("330103"), "下城区");
        assert_eq!(display_name("杭州"), "杭州");
        assert_eq!(display_name("000001"), "000001");
    }
}
