//! Suggestions while a region is typed (the window's picker): 杭 → 杭州市, then the regions whose
//! names start so, then 杭州市's districts; `hang` → 杭州 and the other hang… by pinyin.

use super::region::Region;
use super::resolve::{normalise, tier};
use super::table::Table;

/// Up to `limit` current regions for a partly typed name, code, pinyin or initials; best first
/// (by how they matched, then capitals and cities before provinces and counties, then code).
pub fn search(query: &str, limit: usize) -> Vec<&'static Region> {
    let q = normalise(query);
    if q.is_empty() {
        return Vec::new();
    }
    let ascii_letters = q.bytes().all(|b| b.is_ascii_alphabetic());
    let digits = q.bytes().all(|b| b.is_ascii_digit());
    let mut found: Vec<(u8, u8, &'static Region)> = Table::bundled()
        .current()
        .filter_map(|r| {
            let how = if digits {
                r.code.starts_with(&q).then_some(0)?
            } else if ascii_letters {
                if r.pinyin_joined().starts_with(&q) {
                    0
                } else if r.initials.starts_with(&q) {
                    1
                } else {
                    return None;
                }
            } else if r.name.starts_with(&q) {
                0
            } else if r.full_name.starts_with(&q) || local_name(r).starts_with(&q) {
                1
            } else if r.full_name.contains(&q) {
                2
            } else {
                return None;
            };
            Some((how, tier(r), r))
        })
        .collect();
    found.sort_by(|a, b| (a.0, a.1, &a.2.code).cmp(&(b.0, b.1, &b.2.code)));
    found.into_iter().take(limit).map(|(_, _, r)| r).collect()
}

/// The full name without its province: 杭州市上城区.
fn local_name(region: &Region) -> &str {
    let province_len = Table::bundled()
        .get(&format!("{}0000", &region.code[..2]))
        .filter(|p| p.code != region.code)
        .map_or(0, |p| p.name.len());
    region
        .full_name
        .get(province_len..)
        .unwrap_or(&region.full_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(query: &str, limit: usize) -> Vec<&'static str> {
        search(query, limit)
            .into_iter()
            .map(|r| r.code.as_str())
            .collect()
    }

    #[test]
    fn typing_hang_in_han_or_pinyin_offers_hangzhou_first() {
        assert_eq!(codes("杭", 1), ["330100"]);
        assert_eq!(codes("hang", 1), ["330100"]);
        assert_eq!(codes("Hang", 1), ["330100"]);
        assert_eq!(codes("hz", 1), ["330100"]);
        // After the names that start with 杭 (杭州市, then 杭锦旗 150625 and 杭锦后旗 150826 in
        // code order) come 杭州's districts.
        let more = search("杭", 20);
        assert_eq!(more[1].name, "杭锦旗");
        assert_eq!(more[2].name, "杭锦后旗");
        // 杭州 has 13 districts and counties (上城区 330102 … 建德市 330182).
        assert!(
            more[3..16].iter().all(|r| r.code.starts_with("3301")),
            "{more:?}"
        );
        assert!(!more[16].code.starts_with("3301"));
    }

    #[test]
    fn a_province_name_offers_its_cities_and_a_code_prefix_offers_codes() {
        let zj = search("浙江", 5);
        assert_eq!(zj[0].code, "330000");
        assert_eq!(zj[1].code, "330100");
        assert_eq!(codes("3301", 2), ["330100", "330102"]);
    }

    #[test]
    fn retired_codes_are_not_offered_and_nothing_matches_nothing() {
        assert!(search("下城区", 10).is_empty());
        assert!(search("", 10).is_empty());
        assert!(search("火星", 10).is_empty());
        assert_eq!(search("州", 3).len(), 3);
    }
}
