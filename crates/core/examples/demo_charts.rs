//! Draws every chart of the demo profile, in both languages and themes, as SVG and PNG into a
//! folder — for looking at them: `cargo run -p shebao-core --example demo_charts -- OUT_DIR`.

use shebao_core::charts::{draw, ChartFormat, ChartKind, ChartOptions, ProfileRecords, Theme};
use shebao_core::demo::load_demo;
use shebao_core::{Lang, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "charts".into()));
    std::fs::create_dir_all(&out)?;
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(dir.path().join("demo.db"))?;
    let profile = load_demo(&mut store, "2026-11".parse()?)?.profile;
    let records = ProfileRecords::load(&store, &profile)?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).ok_or("date")?;
    for kind in ChartKind::ALL {
        for lang in [Lang::Zh, Lang::En] {
            for theme in [Theme::Light, Theme::Dark] {
                let options = ChartOptions {
                    lang,
                    theme,
                    ..ChartOptions::default()
                };
                let chart = draw(kind, &records.input(today), &options)?;
                let name = format!("{}-{lang}-{theme:?}", kind.as_str()).to_lowercase();
                for format in [ChartFormat::Svg, ChartFormat::Png] {
                    let ext = if format == ChartFormat::Svg {
                        "svg"
                    } else {
                        "png"
                    };
                    std::fs::write(out.join(format!("{name}.{ext}")), chart.bytes(format)?)?;
                }
            }
        }
    }
    println!("charts written to {}", out.display());
    Ok(())
}
