//! A typed region (code, name, name with its province, pinyin or initials) to one region.
//!
//! Every match gets a rank, best first: how it matched (official name, also with a province or
//! city before it > short name > pinyin > pinyin initials), then its tier (a provincial capital
//! or a municipality > another prefecture-level city > a province > a county-level unit > a
//! retired code). The best rank wins; when several regions share it the input is ambiguous.
//! So `hz` is 杭州 (the capital among 杭州, 湖州, 惠州, 菏泽, 贺州), `朝阳` is 朝阳市 (a city before
//! the districts of that name), and `朝阳区` asks: 北京市朝阳区 or 吉林省长春市朝阳区.

use super::region::{Level, Region};
use super::table::Table;
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    One(&'static Region),
    /// Several regions fit equally well, in code order.
    Ambiguous(Vec<&'static Region>),
    Unknown,
}

/// How a match was made, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum How {
    Name,
    ShortName,
    Pinyin,
    Initials,
}

pub(crate) fn tier(region: &Region) -> u8 {
    if region.retired.is_some() {
        4
    } else if region.is_capital() || region.is_municipality() {
        0
    } else {
        match region.level {
            Level::City => 1,
            Level::Province => 2,
            Level::County => 3,
        }
    }
}

/// Input as matched: no spaces (also full-width ones), ASCII in lower case, and without the
/// `本级` statements add to a pooling level (杭州市本级 is 杭州市, 浙江省省本级 is 浙江省).
pub(crate) fn normalise(input: &str) -> String {
    let text: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match text.strip_suffix("本级") {
        Some(level) => {
            let doubled = ["省省", "市市", "区区", "县县"]
                .iter()
                .find(|d| level.ends_with(*d));
            match doubled {
                Some(d) => level[..level.len() - d.len() / 2].to_string(),
                None => level.to_string(),
            }
        }
        None => text,
    }
}

fn is_code(text: &str) -> bool {
    text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit())
}

pub fn resolve(input: &str) -> Resolution {
    let table = Table::bundled();
    let q = normalise(input);
    if q.is_empty() {
        return Resolution::Unknown;
    }
    if is_code(&q) {
        return table.get(&q).map_or(Resolution::Unknown, Resolution::One);
    }
    let mut found: Vec<((How, u8), &'static Region)> = Vec::new();
    if q.bytes().all(|b| b.is_ascii_alphabetic()) {
        for region in table.current() {
            if region.pinyin_joined() == q {
                found.push(((How::Pinyin, tier(region)), region));
            } else if region.initials == q {
                found.push(((How::Initials, tier(region)), region));
            }
        }
    } else {
        for (scope, rest) in readings(table, &q) {
            for region in table.regions.iter().filter(|r| r.code.starts_with(scope)) {
                let how = if region.name == rest {
                    How::Name
                } else if region.retired.is_none() && region.short_name == rest {
                    How::ShortName
                } else {
                    continue;
                };
                found.push(((how, tier(region)), region));
            }
        }
    }
    let Some(best) = found.iter().map(|(rank, _)| *rank).min() else {
        return Resolution::Unknown;
    };
    let mut top: Vec<&'static Region> = found
        .into_iter()
        .filter(|(rank, _)| *rank == best)
        .map(|(_, r)| r)
        .collect();
    top.sort_by(|a, b| a.code.cmp(&b.code));
    top.dedup_by(|a, b| a.code == b.code);
    match top.as_slice() {
        [one] => Resolution::One(one),
        _ => Resolution::Ambiguous(top),
    }
}

/// The ways to read a name: as it is, or after a province's name (浙江省 or 浙江) and perhaps
/// a city's (杭州市 or 杭州), or after a city's alone, which then narrow the search to that
/// code prefix.
fn readings<'q>(table: &'static Table, q: &'q str) -> Vec<(&'static str, &'q str)> {
    let mut out = vec![("", q)];
    let strip = |text: &'q str, region: &Region| -> Option<&'q str> {
        [&region.name, &region.short_name]
            .into_iter()
            .filter_map(|prefix| text.strip_prefix(prefix.as_str()))
            .find(|rest| !rest.is_empty())
    };
    for province in table.current().filter(|r| r.level == Level::Province) {
        let Some(rest) = strip(q, province) else {
            continue;
        };
        out.push((&province.code[..2], rest));
        for city in table
            .current()
            .filter(|r| r.level == Level::City && r.code.starts_with(&province.code[..2]))
        {
            if let Some(rest) = strip(rest, city) {
                out.push((&city.code[..4], rest));
            }
        }
    }
    for city in table.current().filter(|r| r.level == Level::City) {
        if let Some(rest) = strip(q, city) {
            out.push((&city.code[..4], rest));
        }
    }
    out
}

/// The code to store for a region typed by a person: a known code or a name that fits one
/// region. A 6-digit code missing from the bundled history is kept when its province exists
/// (codes older than 2002 appear in long histories). Anything else is an error that names the
/// input, and for an ambiguous name, the regions it could be.
pub fn code_for(input: &str) -> Result<String> {
    code_near(input, None)
}

/// [`code_for`] for a name read from someone's statement: of several regions of that name
/// (西湖区 is in 杭州 and in 南昌), the one in the city, else the province, of `near` (the
/// profile's region) when exactly one is there.
pub fn code_near(input: &str, near: Option<&str>) -> Result<String> {
    let q = normalise(input);
    let resolution = match (resolve(&q), near) {
        (Resolution::Ambiguous(regions), Some(near)) if near.len() == 6 => {
            let within = |digits: usize| -> Vec<&'static Region> {
                regions
                    .iter()
                    .copied()
                    .filter(|r| r.code.get(..digits) == near.get(..digits))
                    .collect()
            };
            match (within(4).as_slice(), within(2).as_slice()) {
                ([one], _) | ([], [one]) => Resolution::One(one),
                _ => Resolution::Ambiguous(regions),
            }
        }
        (resolution, _) => resolution,
    };
    match resolution {
        Resolution::One(region) => Ok(region.code.clone()),
        Resolution::Unknown
            if is_code(&q) && Table::bundled().get(&format!("{}0000", &q[..2])).is_some() =>
        {
            Ok(q)
        }
        Resolution::Unknown => Err(Error::UnknownRegion {
            input: input.trim().to_string(),
        }),
        Resolution::Ambiguous(regions) => Err(Error::AmbiguousRegion {
            input: input.trim().to_string(),
            candidates: regions
                .iter()
                .map(|r| format!("{} {}", r.full_name, r.code))
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(input: &str) -> &'static str {
        match resolve(input) {
            Resolution::One(region) => &region.code,
            other => panic!("{input:?}: {other:?}"),
        }
    }

    #[test]
    fn hangzhou_is_found_however_it_is_typed() {
        for input in [
            "330100",
            "杭州",
            "杭州市",
            "浙江省杭州市",
            "浙江杭州",
            "Hangzhou",
            "hangzhou",
            "hang zhou",
            "HZ",
            "hz",
            " 杭州 ",
        ] {
            assert_eq!(one(input), "330100", "{input:?}");
        }
    }

    #[test]
    fn a_county_name_found_twice_is_ambiguous_until_its_city_is_given() {
        let Resolution::Ambiguous(both) = resolve("朝阳区") else {
            panic!()
        };
        let codes: Vec<&str> = both.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["110105", "220104"]);
        assert_eq!(one("北京市朝阳区"), "110105");
        assert_eq!(one("北京朝阳区"), "110105");
        assert_eq!(one("长春市朝阳区"), "220104");
        assert_eq!(one("吉林省长春市朝阳区"), "220104");
        // The short name 朝阳 is first the prefecture-level city 朝阳市 (辽宁).
        assert_eq!(one("朝阳"), "211300");
    }

    #[test]
    fn cities_come_before_provinces_and_counties_of_the_same_spelling() {
        assert_eq!(one("吉林"), "220200"); // 吉林市, not 吉林省
        assert_eq!(one("吉林省"), "220000");
        assert_eq!(one("北京"), "110100");
        assert_eq!(one("上海"), "310100");
        assert_eq!(one("广西"), "450000");
        assert_eq!(one("Shenzhen"), "440300");
        assert_eq!(one("海淀区"), "110108");
    }

    #[test]
    fn retired_codes_and_names_still_resolve() {
        assert_eq!(one("330103"), "330103");
        assert_eq!(one("崇文区"), "110103");
    }

    #[test]
    fn nonsense_is_unknown() {
        for input in ["", "   ", "火星", "999999", "xyzzy", "3301"] {
            assert_eq!(resolve(input), Resolution::Unknown, "{input:?}");
        }
    }

    #[test]
    fn a_statement_s_name_is_read_near_the_profile_s_region() {
        assert_eq!(code_for("杭州市本级").unwrap(), "330100");
        assert_eq!(code_for("浙江省省本级").unwrap(), "330000");
        // 西湖区: 杭州 330106 and 南昌 360103.
        assert!(matches!(
            code_for("西湖区"),
            Err(Error::AmbiguousRegion { .. })
        ));
        assert_eq!(code_near("西湖区", Some("330100")).unwrap(), "330106");
        assert_eq!(code_near("西湖区", Some("360000")).unwrap(), "360103");
        assert!(code_near("西湖区", Some("110105")).is_err());
        assert_eq!(code_near("杭州", Some("110105")).unwrap(), "330100");
    }

    #[test]
    fn code_for_keeps_old_unlisted_codes_of_a_real_province_and_explains_the_rest() {
        assert_eq!(code_for("杭州").unwrap(), "330100");
        assert_eq!(code_for("330199").unwrap(), "330199");
        assert!(matches!(
            code_for("990101"),
            Err(Error::UnknownRegion { .. })
        ));
        match code_for("朝阳区") {
            Err(Error::AmbiguousRegion { input, candidates }) => {
                assert_eq!(input, "朝阳区");
                assert_eq!(
                    candidates,
                    ["北京市朝阳区 110105", "吉林省长春市朝阳区 220104"]
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
