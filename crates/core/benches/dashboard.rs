//! How long the dashboard takes for 1,000 profiles (a household is a few; an HR user keeping
//! every employee's history is a thousand). Budget: 1 s (issue 8).
//!
//! `cargo bench -p shebao-core --bench dashboard` — builds a real SQLite store in a temporary
//! directory with 1,000 synthetic profiles (15–40 years of history each, several kinds, job
//! changes, flexible employment, gaps, owed, back-paid and transferred months, city moves, and
//! reported balances), opens it again as the app does, and times what the core computes for
//! the window, serialised to JSON as the commands return it:
//!
//! - **the dashboard** — what the window computes to show it (the budget): the `overview` of
//!   every profile (the family strip: each one's summary, next payment and latest balances)
//!   and the `standing` and `alerts` of the profile it shows;
//! - **the alert counts of every profile** — the alerts column of the table of many profiles,
//!   which the window asks for after showing the overview;
//! - **every profile's standing and alerts** — the bound for a dashboard that showed every
//!   profile in full at once; the alerts of every profile are also what the app computes at
//!   start-up to announce new warnings.
//!
//! Prints a Markdown table (median and slowest of the runs, wall and CPU time: the build
//! machine is shared) and exits 1 if the dashboard's median is over budget.
//! `SHEBAO_DASHBOARD_PROFILES=N` changes the number of profiles; `SHEBAO_DASHBOARD_DB=FILE`
//! keeps the store in FILE and times that store on later runs.

use chrono::{NaiveDate, TimeZone, Utc};
use shebao_core::analysis::{Alert, Scenario};
use shebao_core::model::{
    BalanceOrigin, BalanceSnapshot, Contribution, ContributionStatus, EmploymentCategory,
    Freshness, InsuranceKind, Money, NewProfile, Payer, Profile, Sex, SourceKind, YearMonth,
};
use shebao_core::profile_analysis;
use shebao_core::{Lang, Store};
use std::time::{Duration, Instant};

const BUDGET: Duration = Duration::from_secs(1);
const PROFILES: usize = 1_000;
const RUNS: usize = 7;
/// Profiles whose records came in one imported file (an HR export covers several people).
const PROFILES_PER_SOURCE: usize = 10;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

/// SplitMix64: a small deterministic generator, so every run builds the same store.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Bundled cities, and Wuhan, which has no table of its own (the national default applies).
const REGIONS: &[&str] = &[
    "510100", "330100", "110105", "310115", "440106", "440305", "420100",
];

/// One synthetic person: their profile and their history up to 2025-12.
struct Person {
    profile: NewProfile,
    records: Vec<Contribution>,
    balances: Vec<(InsuranceKind, i32)>,
}

fn person(index: usize, rng: &mut Rng) -> Person {
    let end = ym(2025, 12);
    let years = rng.range(15, 40);
    let start = end.add_months(1 - years * 12).unwrap();
    let sex = if rng.chance(50) {
        Sex::Male
    } else {
        Sex::Female
    };
    let birth = ym(
        start.year() - rng.range(18, 25) as i32,
        rng.range(1, 12) as u32,
    );
    let original_age = match sex {
        Sex::Female if rng.chance(30) => Some(if rng.chance(50) { 50 } else { 55 }),
        _ => None,
    };
    // A quarter pay themselves for their last 2–8 years (灵活就业: pension and medical only).
    let flexible_from = rng
        .chance(25)
        .then(|| end.add_months(-rng.range(24, 96)).unwrap())
        .filter(|&m| m > start);
    let first_region = REGIONS[rng.range(0, REGIONS.len() as i64 - 1) as usize];
    // A fifth moved city once, with 转移接续: transferred in, or still pending when recent.
    let moved = rng.chance(20).then(|| {
        let at = start.add_months(rng.range(12, years * 12 - 2)).unwrap();
        (at, REGIONS[rng.range(0, REGIONS.len() as i64 - 1) as usize])
    });
    let gap = rng.chance(30).then(|| {
        let at = start.add_months(rng.range(6, years * 12 - 3)).unwrap();
        (at, rng.range(1, 6))
    });
    let owed_last = flexible_from.is_some() && rng.chance(30);
    let back_paid = rng
        .chance(15)
        .then(|| start.add_months(rng.range(1, years * 12 - 2)).unwrap());
    let housing_fund = rng.chance(70);
    let job_years = rng.range(3, 10);
    let base_start = rng.range(1_500, 6_000);

    let mut records = Vec::new();
    let mut month = start;
    while month <= end {
        let flexible = flexible_from.is_some_and(|f| month >= f);
        let region = match moved {
            Some((at, to)) if month >= at => to,
            _ => first_region,
        };
        let payer = if flexible {
            Payer::SelfPaid
        } else {
            let job = month.months_until(end.add_months(1).unwrap()) / (job_years * 12);
            Payer::Employer(format!(
                "合成第{}号企业有限公司",
                (index as i64 * 7 + job) % 97
            ))
        };
        let in_gap =
            gap.is_some_and(|(at, len)| month >= at && month < at.add_months(len).unwrap());
        let status = if in_gap {
            None
        } else if owed_last && month == end {
            Some(ContributionStatus::Owed)
        } else if back_paid == Some(month) {
            Some(ContributionStatus::BackPaid)
        } else {
            match moved {
                Some((at, _)) if month >= at && month < at.add_months(3).unwrap() => {
                    Some(if end.months_until(at) > -12 {
                        ContributionStatus::TransferPending
                    } else {
                        ContributionStatus::TransferredIn
                    })
                }
                _ => Some(ContributionStatus::Paid),
            }
        };
        let elapsed = i64::from(month.year() - start.year());
        let base = Money::from_yuan(base_start + elapsed * (150 + (index as i64 % 5) * 60));
        for &kind in InsuranceKind::ALL {
            let Some(status) = status else { continue };
            let (personal, employer, credited) = match (kind, flexible) {
                (InsuranceKind::Pension, true) => (2_000, 0, Some(800)),
                (InsuranceKind::Medical, true) => (900, 0, None),
                (_, true) => continue,
                (InsuranceKind::Pension, false) => (800, 1_600, Some(800)),
                (InsuranceKind::Medical, false) => (200, 800, Some(200)),
                (InsuranceKind::Unemployment, false) => (50, 50, None),
                (InsuranceKind::WorkInjury, false) => (0, 40, None),
                (InsuranceKind::Maternity, false) => (0, 80, None),
                (InsuranceKind::HousingFund, false) if housing_fund => (1_200, 1_200, Some(2_400)),
                (InsuranceKind::HousingFund, false) => continue,
            };
            records.push(Contribution {
                period_line: None,
                profile: 0, // set once the profile exists
                kind,
                month,
                region: Some(region.into()),
                payer: payer.clone(),
                base: Some(base),
                personal: base.scale(personal, 10_000),
                employer: base.scale(employer, 10_000),
                credited: credited
                    .filter(|_| status.counts_as_paid())
                    .map(|bp| base.scale(bp, 10_000)),
                status,
                source: 0,
            });
        }
        month = month.next().unwrap();
    }
    // Three in five have yearly statements of their last five years (pension and medical).
    let mut balances = Vec::new();
    if rng.chance(60) {
        for year in 2021..=2025 {
            if year > start.year() {
                balances.push((InsuranceKind::Pension, year));
                balances.push((InsuranceKind::Medical, year));
            }
        }
    }
    let deadline = flexible_from.is_some() && rng.chance(50);
    Person {
        profile: NewProfile {
            name: format!("合成人员{index:04}"),
            sex: Some(sex),
            birth: Some(birth),
            region: Some(moved.map_or(first_region, |(_, to)| to).into()),
            employment: Some(if flexible_from.is_some() {
                EmploymentCategory::Flexible
            } else {
                EmploymentCategory::Employee
            }),
            original_age,
            payment_deadline_day: deadline.then(|| rng.range(10, 28) as u32),
            ..Default::default()
        },
        records,
        balances,
    }
}

/// A reported balance: the credited amounts with 3% a year on the year before (plausible, not
/// a rule; some will differ from the computed balance, as real statements do).
fn balance(records: &[Contribution], kind: InsuranceKind, year: i32) -> Money {
    let first = records.first().map_or(year, |r| r.month.year());
    let mut amount = Money::ZERO;
    for y in first..=year {
        amount = amount.scale(10_300, 10_000);
        amount += records
            .iter()
            .filter(|r| r.kind == kind && r.month.year() == y && r.status.counts_as_paid())
            .filter_map(|r| r.credited)
            .sum();
    }
    amount
}

/// Writes the synthetic profiles through the store's own API, one transaction per person as an
/// import would; returns how many contribution records were written.
fn build_store(path: &std::path::Path, profiles: usize) -> usize {
    let mut store = Store::open(path).expect("open the benchmark store");
    let mut rng = Rng(0x0005_EBA0_2026);
    let synced = Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap();
    let mut written = 0;
    let mut source = 0;
    for index in 0..profiles {
        if index % PROFILES_PER_SOURCE == 0 {
            let name = format!("员工社保导出-{:03}.xlsx", index / PROFILES_PER_SOURCE);
            source = store
                .ensure_source(SourceKind::File, &name, Some(&name), Freshness::Weekly)
                .unwrap();
            store.mark_synced(source, synced).unwrap();
        }
        let mut person = person(index, &mut rng);
        let profile = store
            .add_profile(&person.profile.clone().validate().unwrap())
            .unwrap();
        for record in &mut person.records {
            record.profile = profile.id;
            record.source = source;
        }
        let report = store.write_contributions(&person.records).unwrap();
        assert_eq!(report.inserted, person.records.len());
        written += report.inserted;
        for &(kind, year) in &person.balances {
            store
                .write_balance(&BalanceSnapshot {
                    profile: profile.id,
                    kind,
                    as_of: NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
                    amount: balance(&person.records, kind, year),
                    origin: BalanceOrigin::Reported,
                    source,
                })
                .unwrap();
        }
    }
    written
}

/// The alert texts the `alerts` command writes out for the window.
fn alert_texts(alert: &Alert, lang: Lang) -> usize {
    alert.code.label(lang).len()
        + alert.explanation(lang).len()
        + alert.action(lang).len()
        + alert.rule(lang).map_or(0, |r| r.len())
}

/// Wall and CPU time of one part of a run.
#[derive(Clone, Copy)]
struct Took {
    wall: Duration,
    /// CPU time where Linux tells it: on the shared build machine the wall time also counts
    /// the turns other processes take on the cores.
    cpu: Option<Duration>,
}

impl std::ops::AddAssign for Took {
    fn add_assign(&mut self, other: Took) {
        self.wall += other.wall;
        self.cpu = self.cpu.zip(other.cpu).map(|(a, b)| a + b);
    }
}

/// CPU time this thread has used, from Linux's schedstat (nanoseconds); `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Took) {
    let (start, cpu) = (Instant::now(), cpu_time());
    let value = f();
    let took = Took {
        wall: start.elapsed(),
        cpu: cpu_time().zip(cpu).map(|(end, start)| end - start),
    };
    (value, took)
}

/// The parts of one run, in the order they are reported.
#[derive(Clone, Copy)]
struct Run {
    overview: Took,
    shown_profile: Took,
    dashboard: Took,
    standing: Took,
    alerts: Took,
    /// The open alerts of every profile counted: the table's alerts column, asked for after
    /// the overview is shown.
    alert_counts: Took,
}

/// Picks one part's time out of a run.
type Part = fn(&Run) -> Took;

/// A profile's standing as the `standing` command returns it.
fn standing_json(store: &Store, profile: &Profile, lang: Lang) {
    let standing =
        profile_analysis::profile_standing(store, profile, today(), Scenario::default()).unwrap();
    let missing: Vec<String> = standing
        .estimate
        .missing
        .iter()
        .map(|m| m.label(lang))
        .collect();
    std::hint::black_box(serde_json::to_vec(&(&standing, &missing)).unwrap());
}

/// A profile's alerts as the `alerts` command returns them, texts written out; how many.
fn alerts_json(store: &Store, profile: &Profile, lang: Lang) -> usize {
    let alerts = profile_analysis::profile_alerts(store, profile, today()).unwrap();
    let text: usize = alerts.iter().map(|a| alert_texts(a, lang)).sum();
    std::hint::black_box((serde_json::to_vec(&alerts).unwrap(), text));
    alerts.len()
}

/// One run: the window's dashboard, then every profile's standing and alerts; also counts
/// the alerts.
fn run(store: &Store, lang: Lang) -> (Run, usize) {
    let (overview, overview_took) = timed(|| {
        let overview = profile_analysis::overview_on(store, today()).unwrap();
        std::hint::black_box(serde_json::to_vec(&overview).unwrap());
        overview
    });
    // The window shows the profile chosen last time, else the first.
    let shown = &overview.profiles[0].profile;
    let ((), shown_took) = timed(|| {
        standing_json(store, shown, lang);
        alerts_json(store, shown, lang);
    });
    let mut dashboard = overview_took;
    dashboard += shown_took;
    let nothing = Took {
        wall: Duration::ZERO,
        cpu: cpu_time().map(|_| Duration::ZERO),
    };
    let mut result = Run {
        overview: overview_took,
        shown_profile: shown_took,
        dashboard,
        standing: nothing,
        alerts: nothing,
        alert_counts: nothing,
    };
    let mut alert_count = 0;
    for entry in &overview.profiles {
        let ((), took) = timed(|| standing_json(store, &entry.profile, lang));
        result.standing += took;
        let (count, took) = timed(|| alerts_json(store, &entry.profile, lang));
        result.alerts += took;
        alert_count += count;
    }
    let (counts, took) = timed(|| profile_analysis::alert_counts(store, today()).unwrap());
    std::hint::black_box(serde_json::to_vec(&counts).unwrap());
    result.alert_counts = took;
    (result, alert_count)
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let profiles = std::env::var("SHEBAO_DASHBOARD_PROFILES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(PROFILES);
    let dir = tempfile::tempdir().unwrap();
    // SHEBAO_DASHBOARD_DB=FILE keeps the store there and uses it again on the next run (building
    // it takes longer than timing it): for profiling, or to time a change on the same data.
    let kept = std::env::var_os("SHEBAO_DASHBOARD_DB").map(std::path::PathBuf::from);
    let path = kept.clone().unwrap_or_else(|| dir.path().join("shebao.db"));
    if kept.as_ref().is_some_and(|p| p.exists()) {
        println!("using the store in {}", path.display());
    } else {
        let built = Instant::now();
        let records = build_store(&path, profiles);
        println!(
            "{profiles} profiles, {records} contribution records, built in {:.1} s",
            built.elapsed().as_secs_f64()
        );
    }
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!("database {} MB", size / 1_000_000);

    // As the app opens it: a fresh connection (the file in the OS cache, as after launch).
    let opened = Instant::now();
    let store = Store::open(&path).unwrap();
    println!("opened in {} ms\n", ms(opened.elapsed()));

    // The first run is the one right after opening (the rule tables parsed, SQLite's page
    // cache empty); the others are timed.
    let (first, alert_count) = run(&store, Lang::Zh);
    let runs: Vec<Run> = (0..RUNS).map(|_| run(&store, Lang::Zh).0).collect();
    println!("{alert_count} alerts; {RUNS} runs after a first one right after opening:\n");
    // Each part's median and slowest over the runs, wall and CPU time apart.
    let stats = |part: Part| {
        let mut wall: Vec<Duration> = runs.iter().map(|r| part(r).wall).collect();
        let mut cpu: Vec<Duration> = runs.iter().filter_map(|r| part(r).cpu).collect();
        wall.sort();
        cpu.sort();
        let cell = |v: &[Duration]| match v {
            [] => "–".to_string(),
            v => format!("{} / {}", ms(v[v.len() / 2]), ms(v[v.len() - 1])),
        };
        let first = part(&first);
        let first = match first.cpu {
            Some(cpu) => format!("{} ({})", ms(first.wall), ms(cpu)),
            None => ms(first.wall),
        };
        (wall[RUNS / 2], cell(&wall), cell(&cpu), first)
    };
    let parts: [(&str, Part); 6] = [
        (
            "overview of every profile (summary, next payment, latest balances)",
            |r| r.overview,
        ),
        ("standing and alerts of the profile shown", |r| {
            r.shown_profile
        }),
        (
            "**the dashboard: overview + the shown profile (budget 1,000 ms)**",
            |r| r.dashboard,
        ),
        ("standing of every profile", |r| r.standing),
        (
            "alerts of every profile, with texts (also what start-up computes for notifications)",
            |r| r.alerts,
        ),
        (
            "alert counts of every profile (the table's alerts column, after the overview)",
            |r| r.alert_counts,
        ),
    ];
    println!("| part | wall ms, median / slowest | CPU ms, median / slowest | first run: wall (CPU) ms |");
    println!("|---|---:|---:|---:|");
    for (name, part) in parts {
        let (_, wall, cpu, first) = stats(part);
        println!("| {name} | {wall} | {cpu} | {first} |");
    }
    let (dashboard_median, ..) = stats(|r| r.dashboard);
    drop(store);
    // Removed before exiting: the store of a thousand long histories is some 450 MB.
    drop(dir);
    if dashboard_median > BUDGET {
        eprintln!("\nover the {} ms budget", BUDGET.as_millis());
        std::process::exit(1);
    }
}
