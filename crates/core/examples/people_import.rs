//! Measures a per-person import of a synthetic multi-person file (an HR batch export): writes
//! `people` synthetic histories (crates/core/src/synthetic.rs, up to `years` years each) as one
//! CSV with 姓名 and 证件号码 columns, then reads it per person and commits it, creating every
//! profile, in one transaction into a fresh database, printing the times and the progress.
//!
//! ```text
//! cargo run --release -p shebao-core --example people_import -- --people 10000 --years 20
//! ```

use shebao_core::ingest::people;
use shebao_core::model::{ContributionStatus, IdNumber, InsuranceKind, Payer};
use shebao_core::synthetic::{SynthConfig, Synthetic};
use shebao_core::{Lang, Store};
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut people_count, mut years) = (10_000usize, 20u32);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--people" => people_count = value.parse()?,
            "--years" => years = value.parse()?,
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("people.csv");
    let started = Instant::now();
    let rows = write_people_csv(&file, people_count, years)?;
    let bytes = std::fs::read(&file)?;
    eprintln!(
        "{people_count} people, {rows} rows, {:.1} MB written in {:.1} s",
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let mut store = Store::open(dir.path().join("shebao.db"))?;
    let started = Instant::now();
    let preview = people::preview(&store, &bytes, "people.csv")?;
    let parse = started.elapsed().as_secs_f64();
    eprintln!(
        "preview: {} people, {} row problems, {parse:.1} s",
        preview.people.len(),
        preview.errors.len()
    );
    let decisions = people::decide(&preview, true, false)?;
    let started = Instant::now();
    let mut last = 0;
    let report = people::commit(
        &mut store,
        &preview,
        &decisions,
        None,
        Lang::En,
        &mut |done, total| {
            if done == total || done - last >= total / 20 {
                last = done;
                eprintln!("  writing {done}/{total}");
            }
            ControlFlow::Continue(())
        },
    )?;
    let write = started.elapsed().as_secs_f64();
    let records: usize = report.persons.iter().map(|p| p.new).sum();
    let created = report.persons.iter().filter(|p| p.created).count();
    println!(
        "people {people_count}  rows {rows}  records {records}  profiles created {created}  \
         preview {parse:.1} s  commit {write:.1} s  total {:.1} s  ({:.0} records/s)",
        parse + write,
        records as f64 / (parse + write)
    );
    Ok(())
}

/// The synthetic histories as one long-format CSV with the person in 姓名 and 证件号码.
fn write_people_csv(path: &std::path::Path, people: usize, years: u32) -> std::io::Result<usize> {
    let config = SynthConfig {
        max_years: years,
        payer_tag: false,
        ..SynthConfig::new(20261206, people)
    };
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        out,
        "姓名,证件号码,费款所属期,险种,缴费基数,个人缴费,单位缴费,缴费状态,单位名称,参保地"
    )?;
    let birth0 = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).expect("a date");
    let mut ids: Vec<String> = Vec::new();
    let mut count = 0;
    for row in Synthetic::rows(config) {
        while ids.len() <= row.person {
            // A distinct birth date per person (10,000 days from 1960), 110105 朝阳区.
            let birth = birth0 + chrono::Days::new(ids.len() as u64);
            let first17 = format!("110105{}001", birth.format("%Y%m%d"));
            ids.push(
                IdNumber::with_check_char(&first17)
                    .expect("17 digits")
                    .as_str()
                    .to_string(),
            );
        }
        let payer = match &row.payer {
            Payer::Employer(name) => name.clone(),
            Payer::SelfPaid => "灵活就业人员".into(),
        };
        let status = match row.status {
            ContributionStatus::Owed => "欠费",
            ContributionStatus::BackPaid => "补缴",
            _ => "已实缴",
        };
        let kind = match row.kind {
            InsuranceKind::Pension => "养老",
            InsuranceKind::Medical => "医疗",
            InsuranceKind::Unemployment => "失业",
            InsuranceKind::WorkInjury => "工伤",
            InsuranceKind::Maternity => "生育",
            InsuranceKind::HousingFund => "公积金",
        };
        let plain =
            |m: shebao_core::model::Money| format!("{}.{:02}", m.fen() / 100, m.fen() % 100);
        writeln!(
            out,
            "职工{},{},{},{kind},{},{},{},{status},{payer},{}",
            row.person,
            ids[row.person],
            row.month,
            plain(row.base),
            plain(row.personal),
            plain(row.employer),
            row.region
        )?;
        count += 1;
    }
    out.flush()?;
    Ok(count)
}
