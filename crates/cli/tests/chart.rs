//! `shebao chart` as a process: every chart to SVG and PNG, options, and the errors.

mod common;

use common::{assert_user_error, demo_db, json_of, shebao};

#[test]
fn every_chart_is_written_as_svg_and_png() {
    let (dir, db) = demo_db();
    for kind in ["pension-years", "balance", "calendar", "amounts"] {
        for ext in ["svg", "png"] {
            let file = dir.path().join(format!("{kind}.{ext}"));
            let run = shebao(
                &db,
                &[
                    "chart",
                    kind,
                    "--profile",
                    "1",
                    "--out",
                    file.to_str().unwrap(),
                    "--json",
                ],
            );
            let report = json_of(&run);
            assert_eq!(report["chart"], kind);
            assert_eq!(report["format"], ext);
            assert_eq!(report["profile"]["id"], 1);
            assert_eq!(
                (report["width"].as_u64(), report["height"].as_u64()),
                (Some(960), Some(540))
            );
            let bytes = std::fs::read(&file).unwrap();
            assert_eq!(report["bytes"].as_u64(), Some(bytes.len() as u64));
            if ext == "svg" {
                let svg = String::from_utf8(bytes).unwrap();
                assert!(
                    svg.starts_with("<svg") && svg.contains(r#"width="960" height="540""#),
                    "{kind}"
                );
                assert!(svg.contains("李明（示例）"));
            } else {
                assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
                // IHDR: width and height, big-endian, right after the signature and chunk header.
                assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), 960);
                assert_eq!(u32::from_be_bytes(bytes[20..24].try_into().unwrap()), 540);
            }
        }
    }
}

#[test]
fn language_theme_size_and_kinds_are_honoured() {
    let (dir, db) = demo_db();
    let file = dir.path().join("c.svg");
    let path = file.to_str().unwrap();
    let run = shebao(
        &db,
        &[
            "--lang",
            "en",
            "chart",
            "calendar",
            "-p",
            "李明（示例）",
            "-o",
            path,
            "--theme",
            "dark",
            "--size",
            "800x600",
            "--kinds",
            "pension,housing_fund",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("chart \"Contribution calendar\" written"),
        "{}",
        run.stdout
    );
    let svg = std::fs::read_to_string(&file).unwrap();
    assert!(svg.contains("Contribution calendar") && !svg.contains("缴费日历"));
    assert!(svg.contains(r##"fill="#1b211e""##), "the dark background");
    assert!(svg.contains(r#"width="800" height="600""#));
    assert!(svg.contains("Pension") && svg.contains("Housing fund") && !svg.contains(">Medical<"));
    let run = shebao(&db, &["chart", "pension-years", "-p", "1", "-o", path]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("已生成图表「养老保险缴费年限」"),
        "{}",
        run.stdout
    );
    assert!(std::fs::read_to_string(&file).unwrap().contains("法定退休"));
}

#[test]
fn an_unknown_extension_kind_or_size_is_a_usage_error_and_writes_nothing() {
    let (dir, db) = demo_db();
    let jpg = dir.path().join("chart.jpg");
    let run = shebao(
        &db,
        &[
            "chart",
            "balance",
            "-p",
            "1",
            "--out",
            jpg.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("chart.jpg") && run.stderr.contains(".svg or .png"),
        "{}",
        run.stderr
    );
    assert!(!jpg.exists());
    let svg = dir.path().join("c.svg");
    let svg = svg.to_str().unwrap();
    let run = shebao(&db, &["chart", "pie", "-p", "1", "--out", svg]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("pension-years"), "{}", run.stderr);
    let run = shebao(
        &db,
        &[
            "chart", "balance", "-p", "1", "--out", svg, "--size", "20x20",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("WIDTHxHEIGHT"), "{}", run.stderr);
    let run = shebao(
        &db,
        &[
            "chart", "balance", "-p", "1", "--out", svg, "--theme", "blue",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(!std::path::Path::new(svg).exists());
}

#[test]
fn an_unknown_profile_or_an_unwritable_place_is_a_user_error() {
    let (dir, db) = demo_db();
    let svg = dir.path().join("c.svg");
    let run = shebao(
        &db,
        &[
            "chart",
            "balance",
            "-p",
            "王五",
            "--out",
            svg.to_str().unwrap(),
        ],
    );
    assert_user_error(&run, "王五");
    assert!(!svg.exists());
    let nowhere = dir.path().join("no-such-dir").join("c.png");
    let run = shebao(
        &db,
        &[
            "--lang",
            "en",
            "chart",
            "amounts",
            "-p",
            "1",
            "--out",
            nowhere.to_str().unwrap(),
        ],
    );
    assert_user_error(&run, "no-such-dir");
    assert!(!nowhere.exists());
}
