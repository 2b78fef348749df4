//! Every chart, drawn: labels inside the drawing and apart from each other, both languages
//! and themes, glyphs the font has, SVG and PNG written.

use super::*;
use crate::demo::load_demo;
use crate::fonts::missing_chars;

fn demo() -> (tempfile::TempDir, ProfileRecords) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("t.db")).unwrap();
    let profile = load_demo(&mut store, "2026-11".parse().unwrap())
        .unwrap()
        .profile;
    let records = ProfileRecords::load(&store, &profile).unwrap();
    (dir, records)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

#[test]
fn every_chart_draws_in_both_languages_and_themes_with_text_inside_and_apart() {
    let (_dir, records) = demo();
    for kind in ChartKind::ALL {
        for lang in [Lang::Zh, Lang::En] {
            for theme in [Theme::Light, Theme::Dark] {
                for (width, height) in [(960, 540), (480, 320)] {
                    let options = ChartOptions {
                        lang,
                        theme,
                        width,
                        height,
                        ..ChartOptions::default()
                    };
                    let chart = draw(kind, &records.input(today()), &options).unwrap();
                    let texts: String = chart.scene.texts().collect();
                    assert!(missing_chars(&texts).is_empty(), "{kind} {lang}");
                    let boxes: Vec<(f32, f32, f32, f32)> = chart
                        .scene
                        .shapes
                        .iter()
                        .filter_map(Shape::text_box)
                        .collect();
                    let label = |i: usize| chart.scene.texts().nth(i).unwrap().to_string();
                    for (i, b) in boxes.iter().enumerate() {
                        assert!(
                            b.0 >= -0.5
                                && b.2 <= chart.scene.width + 0.5
                                && b.1 >= -0.5
                                && b.3 <= chart.scene.height + 0.5,
                            "{kind} {lang} {width}: {:?} outside at {b:?}",
                            label(i)
                        );
                        for (j, c) in boxes.iter().enumerate().skip(i + 1) {
                            let overlap = b.0 < c.2 - 0.5
                                && c.0 < b.2 - 0.5
                                && b.1 < c.3 - 0.5
                                && c.1 < b.3 - 0.5;
                            assert!(
                                !overlap,
                                "{kind} {lang} {width}: {:?} overlaps {:?}",
                                label(i),
                                label(j)
                            );
                        }
                    }
                    assert!(!chart.geometry.panels.is_empty(), "{kind}");
                }
            }
        }
    }
}

#[test]
fn svg_and_png_are_written_and_the_view_serialises() {
    let (_dir, records) = demo();
    let options = ChartOptions::default();
    for kind in ChartKind::ALL {
        let chart = draw(kind, &records.input(today()), &options).unwrap();
        let svg = String::from_utf8(chart.bytes(ChartFormat::Svg).unwrap()).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains(kind.title(Lang::Zh)));
        let png = chart.bytes(ChartFormat::Png).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let view = serde_json::to_value(chart.view()).unwrap();
        assert_eq!(view["kind"], kind.as_str());
        assert_eq!(view["data"]["chart"], kind.as_str().replace('-', "_"));
        assert!(view["geometry"]["panels"][0]["right"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn kinds_formats_and_sizes_are_checked() {
    assert_eq!(
        "pension_years".parse::<ChartKind>(),
        Ok(ChartKind::PensionYears)
    );
    assert_eq!("Balance".parse::<ChartKind>(), Ok(ChartKind::Balance));
    assert!("pie"
        .parse::<ChartKind>()
        .unwrap_err()
        .contains("pension-years"));
    assert_eq!(
        ChartFormat::from_path(Path::new("a/b.SVG")).unwrap(),
        ChartFormat::Svg
    );
    assert_eq!(
        ChartFormat::from_path(Path::new("b.png")).unwrap(),
        ChartFormat::Png
    );
    let err = ChartFormat::from_path(Path::new("chart.jpg")).unwrap_err();
    assert_eq!(err.code(), "unsupported_chart_format");
    assert!(err.message(Lang::Zh).contains(".svg"));
    assert!(err.message(Lang::En).contains("chart.jpg"));
    let tiny = ChartOptions {
        width: 100,
        ..ChartOptions::default()
    };
    assert_eq!(tiny.validate().unwrap_err().code(), "invalid_field");
}

#[test]
fn an_empty_profile_draws_a_message_not_an_error() {
    let (_dir, mut records) = demo();
    records.records.clear();
    records.balances.clear();
    records.profile.birth = None;
    for kind in ChartKind::ALL {
        let chart = draw(kind, &records.input(today()), &ChartOptions::default()).unwrap();
        let texts: Vec<&str> = chart.scene.texts().collect();
        assert!(
            texts.iter().any(|t| t.starts_with("没有")),
            "{kind}: {texts:?}"
        );
    }
}

#[test]
fn the_words_that_only_some_histories_bring_are_in_the_font_too() {
    use crate::model::{Contribution, ContributionStatus, Money, Payer};
    let (_dir, mut records) = demo();
    // A pending transfer, a transferred-in month and a Beijing month with base limits; and a
    // profile without a birth month.
    let template = records.records[0].clone();
    for (month, status, region) in [
        ("2026-11", ContributionStatus::TransferPending, "330100"),
        ("2026-12", ContributionStatus::TransferredIn, "110105"),
    ] {
        records.records.push(Contribution {
            month: month.parse().unwrap(),
            status,
            region: Some(region.into()),
            payer: Payer::Employer("北京某某科技有限公司".into()),
            base: Some(Money::from_yuan(9_000)),
            ..template.clone()
        });
    }
    for birth in [records.profile.birth, None] {
        records.profile.birth = birth;
        for kind in ChartKind::ALL {
            for lang in [Lang::Zh, Lang::En] {
                let options = ChartOptions {
                    lang,
                    ..ChartOptions::default()
                };
                let chart = draw(
                    kind,
                    &records.input(NaiveDate::from_ymd_opt(2027, 1, 10).unwrap()),
                    &options,
                )
                .unwrap();
                let texts: String = chart.scene.texts().collect();
                assert!(
                    missing_chars(&texts).is_empty(),
                    "{kind} {lang}: {:?}",
                    missing_chars(&texts)
                );
            }
        }
    }
    let options = ChartOptions::default();
    let chart = draw(
        ChartKind::Amounts,
        &records.input(NaiveDate::from_ymd_opt(2027, 1, 10).unwrap()),
        &options,
    )
    .unwrap();
    let ChartData::Amounts(amounts) = &chart.data else {
        panic!()
    };
    assert_eq!(
        amounts.months_with_limits, 0,
        "2026 has no Beijing row in the tables"
    );
    let texts: Vec<&str> = chart.scene.texts().collect();
    assert!(texts.iter().any(|t| t.contains("未画出区间")), "{texts:?}");
}
