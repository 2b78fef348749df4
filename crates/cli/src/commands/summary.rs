use super::{Output, ProfileRef};
use crate::table;
use serde_json::json;
use shebao_core::analysis::KindSummary;
use shebao_core::profile_analysis::profile_summary;
use shebao_core::{Lang, Result, Store};

pub fn run(store: &Store, query: &str, out: Output) -> Result<()> {
    let profile = store.find_profile(query)?;
    let summary = profile_summary(store, &profile)?;
    if out.json {
        out.print_json(&json!({ "profile": ProfileRef::from(&profile), "kinds": summary }));
        return Ok(());
    }
    let lang = out.lang;
    println!(
        "{}（{} {}）",
        profile.name,
        lang.pick("编号", "id"),
        profile.id
    );
    let header = [
        lang.pick("险种", "kind"),
        lang.pick("已缴月数", "months paid"),
        lang.pick("折合", "years"),
        lang.pick("首月", "first"),
        lang.pick("末月", "last"),
        lang.pick("断缴", "gaps"),
    ];
    let rows: Vec<Vec<String>> = summary.kinds.iter().map(|k| row(k, lang)).collect();
    println!("{}", table::render(&header, &rows));
    Ok(())
}

fn row(k: &KindSummary, lang: Lang) -> Vec<String> {
    let month =
        |m: Option<shebao_core::model::YearMonth>| m.map_or("-".to_string(), |m| m.to_string());
    let gaps = if k.gaps.is_empty() {
        "-".to_string()
    } else {
        k.gaps
            .iter()
            .map(|g| {
                format!(
                    "{}~{} ({}{})",
                    g.from,
                    g.to,
                    g.months,
                    lang.pick("个月", " mo")
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        k.kind.label(lang).to_string(),
        k.months_paid.to_string(),
        years(k.months_paid, lang),
        month(k.first),
        month(k.last),
        gaps,
    ]
}

/// 183 months → "15年3个月" / "15 yr 3 mo".
fn years(months: u32, lang: Lang) -> String {
    let (y, m) = (months / 12, months % 12);
    match lang {
        Lang::Zh => format!("{y}年{m}个月"),
        Lang::En => format!("{y} yr {m} mo"),
    }
}
