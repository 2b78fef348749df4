//! Synthetic contribution histories for benchmarks and large-file tests: people × years × kinds,
//! with the shapes real histories have — job changes and moves between cities, gaps between
//! jobs, spells of flexible employment paid by the person (pension and medical only), months
//! missed and back-paid later (补缴), the newest months still owed (未到账) — deterministic from a
//! seed, and written as the long-format CSV a city portal exports, title and 合计 rows included.
//!
//! The figures are invented and only plausible (wages, bases and rates of the right size); they
//! are not rules and nothing reads them as such.
//!
//! Records are unique per (profile, kind, month, payer), and every synthetic person would pay
//! "self" at some point; so that the histories of many people can be imported as one file into
//! one profile (a benchmark of a large file), [`Synthetic::payer_tag`] gives each person's payers
//! a suffix naming the person, and writes self-payment as a per-person 个人缴费户.

use crate::model::{
    Contribution, ContributionStatus, InsuranceKind, Money, Payer, ProfileId, YearMonth,
};
use std::io::{self, Write};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthConfig {
    pub seed: u64,
    /// How many people.
    pub people: usize,
    /// The last month of every history (the month a statement was downloaded).
    pub until: YearMonth,
    /// The longest history, in years; each person's is between a third of it and all of it.
    pub max_years: u32,
    /// Give each person's payers a per-person suffix (see the module docs).
    pub payer_tag: bool,
}

impl SynthConfig {
    pub fn new(seed: u64, people: usize) -> SynthConfig {
        SynthConfig {
            seed,
            people,
            until: YearMonth::new(2026, 10).expect("a valid month"),
            max_years: 20,
            payer_tag: true,
        }
    }
}

/// One generated row: a contribution as the portal lists it, with the words it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthRow {
    pub person: usize,
    pub month: YearMonth,
    pub kind: InsuranceKind,
    /// The city as the portal writes it (杭州市).
    pub region: &'static str,
    /// Its code (330100), which is what an import stores.
    pub region_code: &'static str,
    pub payer: Payer,
    pub base: Money,
    pub personal: Money,
    pub employer: Money,
    pub to_account: Option<Money>,
    pub status: ContributionStatus,
}

impl SynthRow {
    /// The record an import of this row stores for `profile` (source left 0, as a preview has it).
    pub fn to_contribution(&self, profile: ProfileId) -> Contribution {
        Contribution {
            period_line: None,
            profile,
            kind: self.kind,
            month: self.month,
            region: Some(self.region_code.to_string()),
            payer: self.payer.clone(),
            base: Some(self.base),
            personal: self.personal,
            employer: self.employer,
            credited: self.to_account,
            status: self.status,
            source: 0,
        }
    }
}

/// The generator: an iterator over people, each a history in month order. Holds one person at a
/// time, so a million rows are generated in constant memory.
pub struct Synthetic {
    config: SynthConfig,
    rng: SplitMix64,
    next_person: usize,
}

impl Synthetic {
    pub fn new(config: SynthConfig) -> Synthetic {
        Synthetic {
            config,
            rng: SplitMix64(config.seed),
            next_person: 0,
        }
    }

    /// Every row of every person, in order.
    pub fn rows(config: SynthConfig) -> impl Iterator<Item = SynthRow> {
        Synthetic::new(config).flatten()
    }

    /// The people needed for about `rows` rows (each history averages ~700 rows at the
    /// default length); the benchmark then takes exactly `rows` with `take`.
    pub fn people_for_rows(rows: usize, max_years: u32) -> usize {
        let per_person = (max_years as usize * 12 * 2 / 3) * 4;
        rows / per_person.max(1) + 2
    }
}

impl Iterator for Synthetic {
    type Item = Vec<SynthRow>;

    fn next(&mut self) -> Option<Vec<SynthRow>> {
        if self.next_person >= self.config.people {
            return None;
        }
        let person = self.next_person;
        self.next_person += 1;
        Some(history(person, &self.config, &mut self.rng))
    }
}

/// Cities: the portal's name, and an average monthly wage in 2015 in yuan (invented, plausible).
/// Name as portals write it, GB/T 2260 code (what an import stores), average wage in yuan.
const CITIES: &[(&str, &str, i64)] = &[
    ("北京市", "110100", 7_100),
    ("上海市", "310100", 6_500),
    ("广州市", "440100", 6_200),
    ("深圳市", "440300", 6_700),
    ("杭州市", "330100", 5_600),
    ("成都市", "510100", 4_800),
];

const FIRMS: &[&str] = &[
    "星河", "恒远", "华信", "启明", "蓝海", "瑞丰", "云帆", "博达", "中和", "天成", "立信", "嘉禾",
];

const TRADES: &[&str] = &[
    "网络科技",
    "电子商务",
    "建设工程",
    "餐饮管理",
    "物流",
    "医疗器械",
    "教育咨询",
    "人力资源",
    "文化传媒",
    "机械制造",
];

/// Personal and employer rates in basis points of the base, and the part credited to the
/// personal account, for an employee. Typical national figures, rounded; invented for tests.
fn employee_rates(kind: InsuranceKind) -> (i64, i64, Option<i64>) {
    match kind {
        InsuranceKind::Pension => (800, 1600, Some(800)),
        InsuranceKind::Medical => (200, 800, None),
        InsuranceKind::Unemployment => (50, 50, None),
        InsuranceKind::WorkInjury => (0, 40, None),
        InsuranceKind::Maternity => (0, 80, None),
        InsuranceKind::HousingFund => (1000, 1000, None),
    }
}

/// A flexible-employment person pays the whole pension (8% credited) and medical themselves.
fn flexible_rates(kind: InsuranceKind) -> Option<(i64, Option<i64>)> {
    match kind {
        InsuranceKind::Pension => Some((2000, Some(800))),
        InsuranceKind::Medical => Some((900, None)),
        _ => None,
    }
}

enum Spell {
    Job {
        firm: String,
        city: usize,
        housing_fund: bool,
        /// The base as a share of the city's average wage, in percent.
        wage_percent: i64,
    },
    Flexible {
        city: usize,
    },
    Gap,
}

/// One person's history, oldest month first; within a month, kinds in their usual order.
fn history(person: usize, config: &SynthConfig, rng: &mut SplitMix64) -> Vec<SynthRow> {
    let span = (config.max_years as i64 * 12).max(12);
    let months = rng.between(span / 3, span);
    let first = config.until.add_months(1 - months).expect("within range");
    let tag = |name: String| {
        if config.payer_tag {
            format!("{name}（样本{person}）")
        } else {
            name
        }
    };

    // Lay out spells: jobs of 6–60 months, between them a gap (0–8 months) and sometimes a
    // spell of paying oneself; a move to another city now and then.
    let mut spells: Vec<(i64, Spell)> = Vec::new(); // (length in months, spell)
    let mut city = rng.below(CITIES.len() as u64) as usize;
    let mut left = months;
    let mut wage_percent = rng.between(70, 160);
    while left > 0 {
        let job = rng.between(6, 60).min(left);
        let firm = format!(
            "{}{}{}有限公司",
            CITIES[city].0.trim_end_matches('市'),
            FIRMS[rng.below(FIRMS.len() as u64) as usize],
            TRADES[rng.below(TRADES.len() as u64) as usize],
        );
        spells.push((
            job,
            Spell::Job {
                firm,
                city,
                housing_fund: rng.chance(70),
                wage_percent,
            },
        ));
        left -= job;
        if left <= 0 {
            break;
        }
        let gap = rng.between(0, 8).min(left);
        if gap > 0 {
            spells.push((gap, Spell::Gap));
            left -= gap;
        }
        if left > 0 && rng.chance(25) {
            let flexible = rng.between(3, 24).min(left);
            spells.push((flexible, Spell::Flexible { city }));
            left -= flexible;
        }
        if rng.chance(20) {
            city = rng.below(CITIES.len() as u64) as usize;
        }
        wage_percent = (wage_percent + rng.between(-10, 30)).clamp(60, 300);
    }

    let mut rows = Vec::with_capacity(months as usize * 5);
    let mut month = first;
    let owed_from = config.until.add_months(-(rng.below(3) as i64) + 1);
    for (length, spell) in spells {
        for _ in 0..length {
            let owed = owed_from.is_some_and(|from| month >= from);
            match &spell {
                Spell::Job {
                    firm,
                    city,
                    housing_fund,
                    wage_percent,
                } => {
                    let base = base_for(*city, month, *wage_percent);
                    for &kind in InsuranceKind::ALL {
                        if kind == InsuranceKind::HousingFund && !housing_fund {
                            continue;
                        }
                        let (personal, employer, credited) = employee_rates(kind);
                        rows.push(SynthRow {
                            person,
                            month,
                            kind,
                            region: CITIES[*city].0,
                            region_code: CITIES[*city].1,
                            payer: Payer::Employer(tag(firm.clone())),
                            base,
                            personal: base.scale(personal, 10_000),
                            employer: base.scale(employer, 10_000),
                            to_account: credited.map(|bp| base.scale(bp, 10_000)),
                            status: if owed {
                                ContributionStatus::Owed
                            } else {
                                ContributionStatus::Paid
                            },
                        });
                    }
                }
                Spell::Flexible { city } => {
                    // Most months paid on time; some missed, of which about half back-paid.
                    let missed = rng.chance(10);
                    if missed && !rng.chance(50) {
                        month = month.next().expect("within range");
                        continue;
                    }
                    let status = match (owed, missed) {
                        (true, _) => ContributionStatus::Owed,
                        (false, true) => ContributionStatus::BackPaid,
                        (false, false) => ContributionStatus::Paid,
                    };
                    let base = base_for(*city, month, 60);
                    let payer = if config.payer_tag {
                        Payer::Employer(format!("个人缴费户（样本{person}）"))
                    } else {
                        Payer::SelfPaid
                    };
                    for &kind in InsuranceKind::ALL {
                        let Some((rate, credited)) = flexible_rates(kind) else {
                            continue;
                        };
                        rows.push(SynthRow {
                            person,
                            month,
                            kind,
                            region: CITIES[*city].0,
                            region_code: CITIES[*city].1,
                            payer: payer.clone(),
                            base,
                            personal: base.scale(rate, 10_000),
                            employer: Money::ZERO,
                            to_account: credited.map(|bp| base.scale(bp, 10_000)),
                            status,
                        });
                    }
                }
                Spell::Gap => {}
            }
            month = month.next().expect("within range");
        }
    }
    rows
}

/// A monthly base: the city's average wage, grown 7% a year from 2015, times `percent`, in
/// whole yuan.
fn base_for(city: usize, month: YearMonth, percent: i64) -> Money {
    let mut wage = CITIES[city].2 * 100; // fen
    let years = month.year() - 2015;
    for _ in 0..years.unsigned_abs() {
        wage = if years >= 0 {
            wage * 107 / 100
        } else {
            wage * 100 / 107
        };
    }
    Money::from_yuan(wage * percent / 100 / 100)
}

fn kind_word(kind: InsuranceKind) -> &'static str {
    match kind {
        InsuranceKind::Pension => "企业职工基本养老保险",
        InsuranceKind::Medical => "职工基本医疗保险",
        InsuranceKind::Unemployment => "失业保险",
        InsuranceKind::WorkInjury => "工伤保险",
        InsuranceKind::Maternity => "生育保险",
        InsuranceKind::HousingFund => "住房公积金",
    }
}

/// Money as portals write it: `1,234.56`.
fn portal_amount(money: Money) -> String {
    money.to_string().trim_start_matches('¥').to_string()
}

/// Writes `rows` as a portal's long-format CSV (UTF-8): a title row, the header, one row per
/// record, and a 合计 row. Returns the number of data rows written.
pub fn write_portal_csv(
    rows: impl Iterator<Item = SynthRow>,
    out: impl Write,
) -> io::Result<usize> {
    let mut csv = csv::WriterBuilder::new().flexible(true).from_writer(out);
    csv.write_record(["社会保险个人缴费明细（合成数据，仅供测试）"])?;
    csv.write_record([
        "费款所属期",
        "险种类型",
        "缴费基数",
        "个人缴费",
        "单位缴费",
        "划入个人账户",
        "缴费状态",
        "缴费类型",
        "单位名称",
        "参保地",
    ])?;
    let (mut count, mut personal) = (0usize, Money::ZERO);
    for row in rows {
        let (status, kind_of_payment) = match row.status {
            ContributionStatus::Owed => ("欠费", "正常应缴"),
            ContributionStatus::BackPaid => ("已实缴", "补缴"),
            _ => ("已实缴", "正常应缴"),
        };
        let payer = match &row.payer {
            Payer::Employer(name) => name.as_str(),
            Payer::SelfPaid => "灵活就业人员",
        };
        let to_account = row.to_account.map(portal_amount).unwrap_or_default();
        csv.write_record([
            row.month.to_string().as_str(),
            kind_word(row.kind),
            &portal_amount(row.base),
            &portal_amount(row.personal),
            &portal_amount(row.employer),
            &to_account,
            status,
            kind_of_payment,
            payer,
            row.region,
        ])?;
        count += 1;
        personal += row.personal;
    }
    csv.write_record(["合计", "", "", &portal_amount(personal)])?;
    csv.flush()?;
    Ok(count)
}

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, well-studied generator whose output is fixed
/// by its definition, so a seed gives the same data in every version and on every machine — a
/// general-purpose crate's "standard" generator may change between releases.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the tiny modulo bias is irrelevant here.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_same_seed_gives_the_same_rows_and_another_seed_others() {
        let a: Vec<SynthRow> = Synthetic::rows(SynthConfig::new(7, 5)).collect();
        let b: Vec<SynthRow> = Synthetic::rows(SynthConfig::new(7, 5)).collect();
        let c: Vec<SynthRow> = Synthetic::rows(SynthConfig::new(8, 5)).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.len() > 5 * 100, "{} rows", a.len());
    }

    #[test]
    fn histories_have_the_shapes_real_ones_have() {
        let rows: Vec<SynthRow> = Synthetic::rows(SynthConfig::new(1, 40)).collect();
        let count = |f: &dyn Fn(&SynthRow) -> bool| rows.iter().filter(|r| f(r)).count();
        assert!(
            count(&|r| r.status == ContributionStatus::BackPaid) > 0,
            "back payments"
        );
        assert!(
            count(&|r| r.status == ContributionStatus::Owed) > 0,
            "owed months"
        );
        assert!(count(&|r| r.kind == InsuranceKind::HousingFund) > 0);
        let self_paid =
            count(&|r| matches!(&r.payer, Payer::Employer(n) if n.starts_with("个人缴费户")));
        assert!(self_paid > 0, "flexible-employment spells");
        // Job changes and gaps: people with several payers and with missing months.
        let mut payers_per_person = vec![HashSet::new(); 40];
        let mut months_per_person = vec![HashSet::new(); 40];
        for r in &rows {
            payers_per_person[r.person].insert(r.payer.clone());
            months_per_person[r.person].insert(r.month);
        }
        assert!(payers_per_person.iter().filter(|p| p.len() >= 3).count() > 10);
        let with_gaps = months_per_person
            .iter()
            .filter(|months| {
                let first = months.iter().min().unwrap();
                let last = months.iter().max().unwrap();
                (first.months_until(*last) + 1) as usize > months.len()
            })
            .count();
        assert!(with_gaps > 10, "{with_gaps} of 40 have gaps");
        // Amounts are whole fen and never negative; the base is positive.
        assert!(rows
            .iter()
            .all(|r| r.base > Money::ZERO && r.personal >= Money::ZERO));
        // Unique per (person, kind, month, payer), as the store requires.
        let keys: HashSet<_> = rows
            .iter()
            .map(|r| (r.person, r.kind, r.month, r.payer.clone()))
            .collect();
        assert_eq!(keys.len(), rows.len());
    }

    #[test]
    fn tagged_payers_keep_many_people_apart_in_one_profile() {
        let rows: Vec<SynthRow> = Synthetic::rows(SynthConfig::new(3, 30)).collect();
        let keys: HashSet<_> = rows
            .iter()
            .map(|r| (r.kind, r.month, r.payer.clone()))
            .collect();
        assert_eq!(keys.len(), rows.len());
        let untagged = SynthConfig {
            payer_tag: false,
            ..SynthConfig::new(3, 30)
        };
        assert!(Synthetic::rows(untagged).any(|r| r.payer == Payer::SelfPaid));
    }

    #[test]
    fn people_for_rows_gives_enough_people() {
        for rows in [1_000, 100_000] {
            let people = Synthetic::people_for_rows(rows, 20);
            let made = Synthetic::rows(SynthConfig::new(5, people)).count();
            assert!(made >= rows, "{people} people made {made} < {rows}");
        }
    }
}
