//! How long each chart takes for a 40-year, six-kind history: the data, the drawing and the
//! file, as SVG (the window) and PNG (export). Budget: 20 ms per chart (issue 8).
//!
//! `cargo bench -p shebao-core --bench charts` — prints a Markdown table (median and slowest
//! of the runs) and exits 1 if a median is over budget. The history is built in memory here:
//! 1986–2025 in Chengdu, then Beijing (whose table has 2025 base limits, so the band is drawn),
//! with job changes, flexible employment, a gap, owed and back-paid months, a cross-province
//! transfer, and yearly reported balances for three accounts. With `SHEBAO_CHARTS_OUT=DIR` it
//! also writes each chart there (SVG and PNG), to look at.

use chrono::NaiveDate;
use shebao_core::charts::{draw, ChartFormat, ChartInput, ChartKind, ChartOptions, Theme};
use shebao_core::model::{
    BalanceOrigin, BalanceSnapshot, Contribution, ContributionStatus, EmploymentCategory,
    InsuranceKind, Money, Payer, Profile, Sex, YearMonth,
};
use shebao_core::rules::RuleSet;
use shebao_core::Lang;
use std::time::{Duration, Instant};

const BUDGET: Duration = Duration::from_millis(20);
const RUNS: usize = 30;

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn history() -> (Profile, Vec<Contribution>, Vec<BalanceSnapshot>) {
    let profile = Profile {
        id: 1,
        name: "赵建国（合成）".into(),
        id_number: None,
        sex: Some(Sex::Male),
        birth: Some(ym(1966, 5)),
        region: Some("110100".into()),
        employment: EmploymentCategory::Employee,
        original_age: None,
        payment_deadline_day: None,
    };
    let mut records = Vec::new();
    let mut month = ym(1986, 1);
    while month <= ym(2025, 12) {
        let year = month.year();
        let flexible = (2012..2015).contains(&year);
        let region = if year < 2016 { "510100" } else { "110105" };
        let payer = if flexible {
            Payer::SelfPaid
        } else if year < 2000 {
            Payer::Employer("四川某某机械制造股份有限公司".into())
        } else if year < 2016 {
            Payer::Employer("成都某某信息技术有限公司".into())
        } else {
            Payer::Employer("北京某某科技有限公司".into())
        };
        let status = match (year, month.month()) {
            (2014, 4..=6) => None, // a gap
            (2014, 7) => Some(ContributionStatus::Owed),
            (2013, 2) => Some(ContributionStatus::BackPaid),
            (2016, 1..=3) => Some(ContributionStatus::TransferPending),
            (2015, _) => Some(ContributionStatus::TransferredIn),
            _ => Some(ContributionStatus::Paid),
        };
        let base = Money::from_yuan(800 + i64::from(year - 1986) * 300);
        for &kind in InsuranceKind::ALL {
            let Some(status) = status else { continue };
            if flexible && !matches!(kind, InsuranceKind::Pension | InsuranceKind::Medical) {
                continue;
            }
            let (personal, employer) = match kind {
                InsuranceKind::Pension => (800, if flexible { 1_200 } else { 1_600 }),
                InsuranceKind::Medical => (200, 800),
                InsuranceKind::Unemployment => (50, 50),
                InsuranceKind::WorkInjury => (0, 40),
                InsuranceKind::Maternity => (0, 80),
                InsuranceKind::HousingFund => (1_200, 1_200),
            };
            records.push(Contribution {
                period_line: None,
                profile: 1,
                kind,
                month,
                region: Some(region.into()),
                payer: payer.clone(),
                base: Some(base),
                personal: base.scale(personal, 10_000),
                employer: base.scale(employer, 10_000),
                credited: match kind {
                    InsuranceKind::Pension | InsuranceKind::Medical => {
                        Some(base.scale(800, 10_000))
                    }
                    InsuranceKind::HousingFund => Some(base.scale(2_400, 10_000)),
                    _ => None,
                },
                status,
                source: 1,
            });
        }
        month = month.next().unwrap();
    }
    let mut balances = Vec::new();
    for (kind, share) in [
        (InsuranceKind::Pension, 800),
        (InsuranceKind::Medical, 600),
        (InsuranceKind::HousingFund, 2_400),
    ] {
        let mut amount = Money::ZERO;
        for year in 1986..=2025 {
            amount = amount.scale(10_300, 10_000)
                + Money::from_yuan(800 + i64::from(year - 1986) * 300).scale(share * 12, 10_000);
            balances.push(BalanceSnapshot {
                profile: 1,
                kind,
                as_of: NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
                amount,
                origin: BalanceOrigin::Reported,
                source: 1,
            });
        }
    }
    (profile, records, balances)
}

fn time(mut f: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..3 {
        f();
    }
    let mut runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    runs.sort();
    (runs[RUNS / 2], runs[RUNS - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let (profile, records, balances) = history();
    let input = ChartInput {
        rules: RuleSet::bundled(),
        profile: &profile,
        records: &records,
        balances: &balances,
        today: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
    };
    println!(
        "{} contribution records (40 years × 6 kinds), {} reported balances; {RUNS} runs each\n",
        records.len(),
        balances.len()
    );
    println!("| chart | SVG median | SVG slowest | PNG median | PNG slowest | SVG size |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut over = false;
    for kind in ChartKind::ALL {
        let options = ChartOptions {
            lang: Lang::Zh,
            theme: Theme::Light,
            ..ChartOptions::default()
        };
        let mut size = 0;
        let svg = time(|| {
            let chart = draw(kind, &input, &options).unwrap();
            size = chart.bytes(ChartFormat::Svg).unwrap().len();
        });
        let png = time(|| {
            let chart = draw(kind, &input, &options).unwrap();
            std::hint::black_box(chart.bytes(ChartFormat::Png).unwrap());
        });
        over |= svg.0 > BUDGET || png.0 > BUDGET;
        if let Some(dir) = std::env::var_os("SHEBAO_CHARTS_OUT") {
            let chart = draw(kind, &input, &options).unwrap();
            for (format, ext) in [(ChartFormat::Svg, "svg"), (ChartFormat::Png, "png")] {
                let path = std::path::Path::new(&dir).join(format!("{kind}-40y.{ext}"));
                std::fs::write(path, chart.bytes(format).unwrap()).unwrap();
            }
        }
        println!(
            "| {kind} | {} ms | {} ms | {} ms | {} ms | {} KB |",
            ms(svg.0),
            ms(svg.1),
            ms(png.0),
            ms(png.1),
            size / 1024
        );
    }
    if over {
        eprintln!("\nover the {} ms budget", BUDGET.as_millis());
        std::process::exit(1);
    }
}
