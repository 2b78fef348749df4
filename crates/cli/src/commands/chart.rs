use super::{Output, ProfileRef};
use crate::args::ChartArgs;
use serde_json::json;
use shebao_core::charts::{write_chart, ChartOptions};
use shebao_core::{Lang, Result, Store};

pub fn run(store: &Store, args: &ChartArgs, today: chrono::NaiveDate, out: Output) -> Result<()> {
    let profile = store.find_profile(&args.profile)?;
    let options = ChartOptions {
        lang: out.lang,
        theme: args.theme,
        width: args.size.0,
        height: args.size.1,
        title: true,
        kinds: args.kinds.clone(),
    };
    let (format, bytes) = write_chart(store, &profile, args.kind, &options, &args.out, today)?;
    if out.json {
        out.print_json(&json!({
            "chart": args.kind,
            "format": format,
            "file": args.out,
            "bytes": bytes,
            "width": options.width,
            "height": options.height,
            "profile": ProfileRef::from(&profile),
        }));
        return Ok(());
    }
    match out.lang {
        Lang::Zh => println!(
            "已生成图表「{}」：{}（{}）",
            args.kind.title(out.lang),
            args.out.display(),
            profile.name
        ),
        Lang::En => println!(
            "chart \"{}\" written: {} ({})",
            args.kind.title(out.lang),
            args.out.display(),
            profile.name
        ),
    }
    Ok(())
}
