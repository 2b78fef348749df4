//! How long the PDF statement takes for a 40-year, six-kind history (2,880 records, about 60
//! pages with its two vector charts). Budget: 1 s (issue 8).
//!
//! `cargo bench -p shebao-core --bench statement` — renders the statement several times into a
//! real SQLite store's export path, prints a Markdown row (median and slowest, pages, size) and
//! exits 1 if the median is over budget or the PDF is not what was asked for (poppler's
//! `pdfinfo` counts its pages).

use chrono::{DateTime, FixedOffset};
use shebao_core::export::{render, ExportRequest};
use shebao_core::model::{
    Contribution, ContributionStatus, ExportFormat, Freshness, InsuranceKind, Money, NewProfile,
    Payer, SourceKind, YearMonth,
};
use shebao_core::{Lang, Store};
use std::time::{Duration, Instant};

const BUDGET: Duration = Duration::from_secs(1);
const RUNS: usize = 7;
const MONTHS: usize = 480;

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(dir.path().join("shebao.db")).expect("a new store");
    let profile = store
        .add_profile(
            &NewProfile {
                name: "四十年（合成）".into(),
                ..Default::default()
            }
            .validate()
            .expect("a valid profile"),
        )
        .expect("the profile is added");
    let source = store
        .ensure_source(SourceKind::Manual, "synthetic", None, Freshness::Weekly)
        .expect("a source");
    let mut records = Vec::new();
    let mut month: YearMonth = "1986-01".parse().expect("a month");
    for _ in 0..MONTHS {
        for &kind in InsuranceKind::ALL {
            records.push(Contribution {
                period_line: None,
                profile: profile.id,
                kind,
                month,
                region: Some("510100".into()),
                payer: Payer::Employer("四川某某机械制造股份有限公司".into()),
                base: Some(Money::from_yuan(
                    3_000 + i64::from(month.year() - 1986) * 250,
                )),
                personal: Money::from_fen(24_000),
                employer: Money::from_fen(48_000),
                credited: Some(Money::from_fen(24_000)),
                status: ContributionStatus::Paid,
                source,
            });
        }
        month = month.next().expect("a month before 2200");
    }
    store
        .write_contributions(&records)
        .expect("records written");
    let at: DateTime<FixedOffset> = "2026-11-29T11:33:00+08:00".parse().expect("a time");
    let request = ExportRequest {
        format: ExportFormat::Pdf,
        profile: profile.id,
        from: None,
        to: None,
        kinds: vec![],
        lang: Lang::Zh,
        show_id: false,
        with_estimate: false,
    };

    let mut times = Vec::new();
    let mut bytes = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        bytes = render(&store, &request, at)
            .expect("the statement renders")
            .bytes;
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[RUNS / 2];
    let slowest = times[RUNS - 1];
    // The page count as a reader sees it (poppler's pdfinfo, which the tests install too).
    let file = dir.path().join("forty-years.pdf");
    std::fs::write(&file, &bytes).expect("the PDF is written");
    let info = std::process::Command::new("pdfinfo")
        .arg(&file)
        .output()
        .expect("pdfinfo (poppler-utils) runs");
    let pages: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    println!("| records | pages | size | median | slowest | budget |");
    println!("|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {pages} | {} KB | {:.0} ms | {:.0} ms | {} ms |",
        records.len(),
        bytes.len() / 1024,
        median.as_secs_f64() * 1e3,
        slowest.as_secs_f64() * 1e3,
        BUDGET.as_millis()
    );
    if !bytes.starts_with(b"%PDF-") || pages < 10 {
        eprintln!("not the statement that was asked for ({pages} pages)");
        std::process::exit(1);
    }
    if median > BUDGET {
        eprintln!("median {median:?} is over the budget of {BUDGET:?}");
        std::process::exit(1);
    }
}
