//! The region picker's suggestions: what the core's `regions::search` finds for the text typed
//! so far, with the labels the window shows in either language.

use serde::Serialize;
use shebao_core::regions::{self, Level, Region};

/// Enough for a list the eye can scan; the picker asks again as more is typed.
const LIMIT: usize = 12;

#[derive(Debug, Serialize)]
pub struct RegionHit {
    code: String,
    /// 杭州市
    name: String,
    /// Hangzhou
    name_en: String,
    /// 浙江省杭州市
    full_name: String,
    /// What the region is in, for the label: 浙江省 for 杭州市, 浙江省杭州市 for 上城区; empty for a
    /// province.
    within: String,
    within_en: String,
    level: Level,
}

fn hit(region: &Region) -> RegionHit {
    let parent = |code: String| regions::lookup(&code).filter(|p| p.code != region.code);
    let province = parent(format!("{}0000", &region.code[..2]));
    let city = match region.level {
        Level::County => parent(format!("{}00", &region.code[..4])),
        _ => None,
    }
    .filter(|c| province.is_none_or(|p| p.name != c.name));
    let within = province
        .iter()
        .chain(city.iter())
        .map(|r| r.name.as_str())
        .collect::<String>();
    let within_en = city
        .iter()
        .chain(province.iter())
        .map(|r| r.name_en())
        .collect::<Vec<_>>()
        .join(", ");
    RegionHit {
        code: region.code.clone(),
        name: region.name.clone(),
        name_en: region.name_en(),
        full_name: region.full_name.clone(),
        within,
        within_en,
        level: region.level,
    }
}

/// Suggestions for `query` (杭, hang, hz, 3301), best first; none for an empty query.
#[tauri::command]
pub fn search_regions(query: String) -> Vec<RegionHit> {
    regions::search(&query, LIMIT)
        .into_iter()
        .map(hit)
        .collect()
}
