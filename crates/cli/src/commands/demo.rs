use super::{Output, ProfileRef};
use serde_json::json;
use shebao_core::demo::load_demo;
use shebao_core::model::YearMonth;
use shebao_core::{Result, Store};

pub fn run(store: &mut Store, out: Output) -> Result<()> {
    let report = load_demo(store, YearMonth::current())?;
    let written = report.contributions;
    if out.json {
        out.print_json(
            &json!({ "profile": ProfileRef::from(&report.profile), "contributions": written }),
        );
    } else {
        println!(
            "{} {}（{} {}）: {} {}, {} {}, {} {}",
            out.lang.pick("示例成员", "demo profile"),
            report.profile.name,
            out.lang.pick("编号", "id"),
            report.profile.id,
            written.inserted,
            out.lang.pick("条新记录", "records added"),
            written.updated,
            out.lang.pick("条更新", "updated"),
            written.unchanged,
            out.lang.pick("条未变", "unchanged"),
        );
    }
    Ok(())
}
