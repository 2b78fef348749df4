//! Regions as people know them: the administrative-division table (GB/T 2260 codes of provinces,
//! prefecture-level cities and county-level units, with names and pinyin) bundled from
//! `assets/regions/` (see its SOURCE.md), so a region can be typed as `330100`, `杭州`, `杭州市`,
//! `浙江省杭州市`, `Hangzhou` or `hz`, and is always shown by its name.
//!
//! The database keeps 6-digit codes; this module only turns codes into names and names into
//! codes. docs/regions.md gives the matching rules.

mod region;
mod resolve;
mod search;
mod table;

pub use region::{Level, Region, Retired};
pub use resolve::{code_for, code_near, resolve, Resolution};
pub use search::search;
pub use table::{display_name, lookup};
