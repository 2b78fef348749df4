//! What the statement says and where: the title and the person, the plain notice that it is
//! not an official certificate, the summary per kind, the data sources, the monthly detail,
//! and the digest with its QR code. Every word in both languages lives here or in `labels`.

use super::charts;
use super::layout::{
    baseline_in, width, wrap, Align, Doc, Page, Rgb, ACCENT, CONTENT_WIDTH, INK, MARGIN_TOP,
    MARGIN_X, MUTED, NOTICE_BAR, NOTICE_FILL, PAGE_HEIGHT, PAGE_WIDTH, RULE, STRIPE_FILL, WARN,
};
use super::qr;
use super::table::{fitted_columns, Cell, Table};
use super::StatementContext;
use crate::analysis::standing::estimate::SCENARIO_INDEXES;
use crate::analysis::standing::Estimate;
use crate::export::labels;
use crate::export::selection::Selection;
use crate::model::{BalanceOrigin, ContributionStatus, Money};
use crate::Lang;

const BODY: f32 = 9.0;
const SMALL: f32 = 8.0;
const BACK_PAID: Rgb = Rgb(0x8A, 0x5A, 0x00);

pub fn title(lang: Lang) -> &'static str {
    lang.pick(
        "个人社会保险缴费记录",
        "Personal social-insurance contribution record",
    )
}

/// The text of the statement's QR code: readable by any phone scanner, and enough to find
/// the export (profile, period, kinds) and to compare its digest.
pub fn qr_payload(selection: &Selection, digest: &str) -> String {
    let month = |m: Option<crate::model::YearMonth>| m.map_or("-".into(), |m| m.to_string());
    let kinds: Vec<&str> = selection.kinds.iter().map(|k| k.as_str()).collect();
    format!(
        "shebao-ledger statement\nprofile: {} {}\nperiod: {}..{}\nkinds: {}\nsha256: {}",
        selection.profile.id,
        selection.profile.name,
        month(selection.period.from),
        month(selection.period.to),
        kinds.join(","),
        digest
    )
}

/// Lays out the whole statement, footers included.
pub fn compose(selection: &Selection, ctx: &StatementContext<'_>) -> Vec<Page> {
    let lang = ctx.lang;
    let running_left = title(lang).to_string();
    let running_right = format!(
        "{} · {}",
        selection.profile.name,
        labels::period(selection.period, lang)
    );
    let mut doc = Doc::new(Box::new(move |page: &mut Page| {
        running_header(page, &running_left, &running_right)
    }));

    title_block(&mut doc, lang);
    person_block(&mut doc, selection, ctx);
    notice_block(&mut doc, lang);
    summary_section(&mut doc, selection, lang);
    charts::place(&mut doc, selection, ctx);
    sources_section(&mut doc, selection, ctx);
    detail_section(&mut doc, selection, lang);
    if let Some(estimate) = ctx.estimate {
        estimate_appendix(&mut doc, estimate, lang);
    }
    integrity_section(&mut doc, selection, ctx);

    let mut pages = doc.pages;
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, i + 1, total, ctx);
    }
    pages
}

/// The small header on every page after the first; returns the height it takes.
fn running_header(page: &mut Page, left: &str, right: &str) -> f32 {
    let mut doc = Doc::new(Box::new(|_: &mut Page| 0.0));
    let y = MARGIN_TOP - 14.0;
    doc.text(MARGIN_X, y, 7.5, left, MUTED, false);
    doc.text_in(
        MARGIN_X + CONTENT_WIDTH / 2.0,
        CONTENT_WIDTH / 2.0,
        y,
        7.5,
        right,
        MUTED,
        Align::Right,
    );
    doc.line(
        MARGIN_X,
        y + 5.0,
        MARGIN_X + CONTENT_WIDTH,
        y + 5.0,
        0.5,
        RULE,
    );
    page.ops.append(&mut doc.pages[0].ops);
    4.0
}

fn footer(page: &mut Page, number: usize, total: usize, ctx: &StatementContext<'_>) {
    let lang = ctx.lang;
    let mut doc = Doc::new(Box::new(|_: &mut Page| 0.0));
    let rule_y = PAGE_HEIGHT - 46.0;
    doc.line(
        MARGIN_X,
        rule_y,
        MARGIN_X + CONTENT_WIDTH,
        rule_y,
        0.5,
        RULE,
    );
    let y = rule_y + 13.0;
    let left = match lang {
        Lang::Zh => format!(
            "社保账本 · 本机生成，非官方证明 · 生成于 {}",
            labels::time(ctx.generated_at, lang)
        ),
        Lang::En => format!(
            "Shebao Ledger · generated locally, not an official certificate · {}",
            labels::time(ctx.generated_at, lang)
        ),
    };
    doc.text_in(
        MARGIN_X,
        CONTENT_WIDTH - 90.0,
        y,
        7.5,
        &left,
        MUTED,
        Align::Left,
    );
    let number = match lang {
        Lang::Zh => format!("第 {number} 页 / 共 {total} 页"),
        Lang::En => format!("Page {number} of {total}"),
    };
    doc.text_in(
        MARGIN_X + CONTENT_WIDTH - 90.0,
        90.0,
        y,
        7.5,
        &number,
        MUTED,
        Align::Right,
    );
    page.ops.append(&mut doc.pages[0].ops);
}

fn title_block(doc: &mut Doc, lang: Lang) {
    let top = doc.y;
    let size = if lang == Lang::Zh { 20.0 } else { 17.0 };
    let text = title(lang);
    let x = (PAGE_WIDTH - width(text, size)) / 2.0;
    doc.text(x, top + size, size, text, INK, true);
    let subtitle = lang.pick(
        "社保账本 · 根据本人保存的记录在本机生成",
        "Shebao Ledger · generated locally from the person's own saved records",
    );
    let x = (PAGE_WIDTH - width(subtitle, BODY)) / 2.0;
    doc.text(x, top + size + 17.0, BODY, subtitle, MUTED, false);
    let rule = top + size + 27.0;
    doc.line(MARGIN_X, rule, MARGIN_X + CONTENT_WIDTH, rule, 1.2, ACCENT);
    doc.y = rule + 12.0;
}

fn person_block(doc: &mut Doc, selection: &Selection, ctx: &StatementContext<'_>) {
    let lang = ctx.lang;
    let p = &selection.profile;
    let dash = || "—".to_string();
    let pairs: [(&str, String); 6] = [
        (lang.pick("姓名", "Name"), p.name.clone()),
        (
            lang.pick("证件号码", "ID number"),
            labels::id_number(p, ctx.show_id, lang),
        ),
        (
            lang.pick("性别", "Sex"),
            p.sex.map_or_else(dash, |s| s.label(lang).to_string()),
        ),
        (
            lang.pick("出生年月", "Born"),
            p.birth.map_or_else(dash, |b| b.to_string()),
        ),
        (
            lang.pick("统计期间", "Period"),
            labels::period(selection.period, lang),
        ),
        (
            lang.pick("参保身份", "Insured as"),
            p.employment.label(lang).to_string(),
        ),
    ];
    let wide: [(&str, String); 2] = [
        (
            lang.pick("险种", "Kinds"),
            labels::kinds(&selection.kinds, lang),
        ),
        (
            lang.pick("生成时间", "Generated"),
            labels::time(ctx.generated_at, lang),
        ),
    ];
    let label_w = if lang == Lang::Zh { 56.0 } else { 62.0 };
    let half = CONTENT_WIDTH / 2.0;
    let rows: Vec<Vec<(&str, String, f32)>> = pairs
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|(label, value)| (*label, value.clone(), half - label_w - 8.0))
                .collect()
        })
        .chain(
            wide.into_iter()
                .map(|(label, value)| vec![(label, value, CONTENT_WIDTH - label_w)]),
        )
        .collect();
    let (row_h, step) = (17.0, BODY * 1.45);
    for row in rows {
        // A value too long for its place (a long name) wraps rather than being cut.
        let lines: Vec<Vec<String>> = row
            .iter()
            .map(|(_, value, max)| wrap(value, BODY, *max))
            .collect();
        let most = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = row_h + (most - 1) as f32 * step;
        doc.ensure(height);
        let y = baseline_in(doc.y, row_h, BODY);
        for (i, ((label, _, max), lines)) in row.iter().zip(lines).enumerate() {
            let x = MARGIN_X + i as f32 * half;
            doc.text(x, y, BODY, label, MUTED, false);
            for (n, line) in lines.iter().enumerate() {
                let line_y = y + n as f32 * step;
                doc.text_in(x + label_w, *max, line_y, BODY, line, INK, Align::Left);
            }
        }
        doc.y += height;
    }
    doc.y += 8.0;
}

fn notice_block(doc: &mut Doc, lang: Lang) {
    let heading = lang.pick(
        "重要说明：本文件不是官方证明",
        "Important: this is not an official certificate",
    );
    let more = lang.pick(
        "数据来源及其最近同步时间列于下文。官方渠道的数据通常滞后一天至一周。末页的内容摘要与二维码可用于核对本文件由本应用生成、且其依据的记录未被更改。",
        "The data sources and when each was last synced are listed below; official channels usually lag a day to a week. The digest and QR code on the last page let the app check that this file is its own and that the records behind it have not changed.",
    );
    let inner = CONTENT_WIDTH - 26.0;
    let size = 8.5;
    let leading = 13.0;
    let body: Vec<String> = wrap(labels::not_official(lang), size, inner)
        .into_iter()
        .chain(wrap(more, size, inner))
        .collect();
    let height = 12.0 + 15.0 + body.len() as f32 * leading + 6.0;
    doc.ensure(height);
    let top = doc.y;
    doc.rect(MARGIN_X, top, CONTENT_WIDTH, height, NOTICE_FILL);
    doc.rect(MARGIN_X, top, 3.0, height, NOTICE_BAR);
    let x = MARGIN_X + 14.0;
    doc.text(x, top + 10.0 + 9.5, 9.5, heading, INK, true);
    let mut y = top + 12.0 + 15.0;
    for line in body {
        doc.text(x, y + size, size, &line, INK, false);
        y += leading;
    }
    doc.y = top + height + 6.0;
}

/// A numbered section heading; keeps `keep` points of what follows on the same page.
fn heading(doc: &mut Doc, text: &str, keep: f32) {
    doc.ensure(30.0 + keep);
    doc.y += 12.0;
    doc.text(MARGIN_X, doc.y + 11.0, 11.0, text, ACCENT, true);
    doc.y += 20.0;
}

fn summary_section(doc: &mut Doc, selection: &Selection, lang: Lang) {
    heading(doc, lang.pick("一、缴费概况", "1. Summary by kind"), 60.0);
    let h = |zh, en| lang.pick(zh, en);
    let summaries = selection.summaries();
    let month = |m: Option<crate::model::YearMonth>| m.map_or("—".into(), |m| m.to_string());
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|s| {
            let balance = selection.latest_balance(s.kind);
            let as_of = balance.map_or("—".to_string(), |b| {
                let date = b.as_of.format("%Y-%m-%d").to_string();
                match b.origin {
                    BalanceOrigin::Reported => date,
                    BalanceOrigin::Computed => {
                        format!("{date}{}", lang.pick("（估算）", " (est.)"))
                    }
                }
            });
            vec![
                s.kind.label(lang).to_string(),
                month(s.first),
                month(s.last),
                s.months_paid.to_string(),
                labels::years(s.months_paid, lang),
                labels::standing(s, selection, lang),
                balance.map_or("—".to_string(), |b| b.amount.to_string()),
                as_of,
            ]
        })
        .collect();
    let columns = fitted_columns(
        &[
            (h("险种", "Kind"), Align::Left),
            (h("首月", "First"), Align::Center),
            (h("末月", "Last"), Align::Center),
            (h("已缴月数", "Months"), Align::Right),
            (h("折合年限", "Years"), Align::Right),
            (h("当前状态", "Standing"), Align::Left),
            (h("最新余额", "Latest balance"), Align::Right),
            (h("余额日期", "As of"), Align::Center),
        ],
        &rows,
        8.5,
        CONTENT_WIDTH,
        None,
    );
    let table = Table::new(columns, 8.5, 17.0);
    table.start(doc, rows.len());
    for (i, (s, row)) in summaries.iter().zip(rows).enumerate() {
        let owed = s.last.is_none_or(|last| {
            selection
                .records_of(s.kind)
                .any(|r| r.month > last && r.status == ContributionStatus::Owed)
        }) && selection.records_of(s.kind).next().is_some();
        let cells: Vec<Cell> = row
            .into_iter()
            .enumerate()
            .map(|(col, text)| {
                if col == 5 && owed {
                    Cell::colored(text, WARN)
                } else {
                    Cell::plain(text)
                }
            })
            .collect();
        table.room_for(doc, table.height_of(&cells));
        table.row(doc, &cells, (i % 2 == 1).then_some(STRIPE_FILL));
    }
    table.rule(doc, RULE);
    doc.y += 6.0;

    let counting = lang.pick(
        "已缴月数中每个险种每月只计一次；补缴、转入的月份计入，欠费的月份不计。",
        "Each month counts once per kind; back-paid and transferred-in months count, owed months do not.",
    );
    let note = match (selection.period.to, lang) {
        (Some(end), Lang::Zh) => format!("当前状态按统计期末（{end}）计算。{counting}"),
        (Some(end), Lang::En) => {
            format!("Standing is as of the end of the period ({end}). {counting}")
        }
        (None, _) => counting.to_string(),
    };
    doc.paragraph(MARGIN_X, CONTENT_WIDTH, SMALL, 12.0, &note, MUTED);
    for s in summaries.iter().filter(|s| !s.gaps.is_empty()) {
        let line = match lang {
            Lang::Zh => format!("断缴 · {}：{}", s.kind.label(lang), labels::gaps(s, lang)),
            Lang::En => format!("Gaps · {}: {}", s.kind.label(lang), labels::gaps(s, lang)),
        };
        doc.paragraph(MARGIN_X, CONTENT_WIDTH, SMALL, 12.0, &line, INK);
    }
}

/// The pension estimate, when asked for: the monthly parts, every input with where it came
/// from (a rule table, or "entered by you on DATE"), the scenario table and what is missing.
/// Said plainly to be a calculation outside the digest, not a record.
fn estimate_appendix(doc: &mut Doc, e: &Estimate, lang: Lang) {
    heading(
        doc,
        lang.pick(
            "附：养老金估算（仅供参考）",
            "Appendix: pension estimate (for reference only)",
        ),
        80.0,
    );
    let intro = match (&e.scenario, lang) {
        (Some(s), Lang::Zh) => format!(
            "按本人的缴费记录和下列数字估算，于 {}（{}）退休时每月可领的基本养老金。这是估算，不是社保经办机构的核定，也不在本文件的核验摘要之内。",
            s.retirement_month,
            s.age.label(lang)
        ),
        (Some(s), Lang::En) => format!(
            "The basic pension per month on retiring in {} (at {}), estimated from this person's records and the figures below. It is an estimate, not an assessment by the social insurance office, and it is not covered by this document's digest.",
            s.retirement_month,
            s.age.label(lang)
        ),
        (None, _) => lang
            .pick(
                "无法估算退休时间，因此没有养老金估算。",
                "The retirement month is unknown, so there is no pension estimate.",
            )
            .to_string(),
    };
    doc.paragraph(MARGIN_X, CONTENT_WIDTH, BODY, 13.0, &intro, INK);
    doc.y += 4.0;
    let unknown = || lang.pick("无法计算", "not computed").to_string();
    let money = |m: Option<Money>| m.map_or_else(unknown, |m| m.to_string());
    let mut parts = vec![
        (lang.pick("基础养老金", "Basic part"), money(e.base_part)),
        (
            lang.pick("个人账户养老金", "Personal-account part"),
            money(e.account_part),
        ),
    ];
    if e.transitional_part.is_some() {
        parts.push((
            lang.pick("过渡性养老金", "Transitional part"),
            money(e.transitional_part),
        ));
    }
    parts.push((lang.pick("每月合计", "Total per month"), money(e.total)));
    let rows: Vec<Vec<String>> = parts
        .into_iter()
        .map(|(name, value)| vec![name.to_string(), value])
        .chain(e.inputs.iter().map(|input| {
            vec![
                input.name.label(lang).to_string(),
                match lang {
                    Lang::Zh => format!(
                        "{}（{}）",
                        input.shown_value(lang),
                        input.source.label(lang)
                    ),
                    Lang::En => {
                        format!("{} ({})", input.shown_value(lang), input.source.label(lang))
                    }
                },
            ]
        }))
        .collect();
    small_table(
        doc,
        &[
            (lang.pick("项目", "Item"), Align::Left),
            (lang.pick("数值及来源", "Value and source"), Align::Left),
        ],
        rows,
    );
    if !e.scenarios.is_empty() {
        doc.paragraph(
            MARGIN_X,
            CONTENT_WIDTH,
            BODY,
            13.0,
            lang.pick(
                "不同退休时间和今后缴费指数下的每月合计：",
                "Total per month by retirement month and future contribution index:",
            ),
            INK,
        );
        let mut header = vec![(lang.pick("退休", "Retiring"), Align::Left)];
        let indexes: Vec<String> = SCENARIO_INDEXES
            .iter()
            .map(|i| format!("{} {i}", lang.pick("指数", "index")))
            .collect();
        for index in &indexes {
            header.push((index.as_str(), Align::Right));
        }
        let rows: Vec<Vec<String>> = e
            .scenarios
            .chunk_by(|a, b| a.retire == b.retire)
            .map(|cells| {
                let first = &cells[0];
                let mut row = vec![match lang {
                    Lang::Zh => format!(
                        "{} {}（{}）",
                        first.retire.label(lang),
                        first.retirement_month,
                        first.age.label(lang)
                    ),
                    Lang::En => format!(
                        "{} {} ({})",
                        first.retire.label(lang),
                        first.retirement_month,
                        first.age.label(lang)
                    ),
                }];
                row.extend(cells.iter().map(|c| {
                    let total = money(c.total);
                    if c.meets_min_years {
                        total
                    } else {
                        format!("{total}*")
                    }
                }));
                row
            })
            .collect();
        small_table(doc, &header, rows);
        if e.scenarios.iter().any(|c| !c.meets_min_years) {
            doc.paragraph(
                MARGIN_X,
                CONTENT_WIDTH,
                SMALL,
                12.0,
                lang.pick(
                    "* 缴费年限不足该年退休所需的最低年限。",
                    "* Below the minimum contribution years for retiring that year.",
                ),
                MUTED,
            );
        }
    }
    for line in e
        .notes
        .iter()
        .map(|n| n.label(lang))
        .chain(e.missing.iter().map(|m| m.label(lang)))
    {
        doc.paragraph(
            MARGIN_X,
            CONTENT_WIDTH,
            SMALL,
            12.0,
            &format!("· {line}"),
            MUTED,
        );
    }
}

/// A plain table of a few rows, striped, fitted to the page width.
fn small_table(doc: &mut Doc, header: &[(&str, Align)], rows: Vec<Vec<String>>) {
    let columns = fitted_columns(header, &rows, 8.5, CONTENT_WIDTH, None);
    let table = Table::new(columns, 8.5, 17.0);
    table.start(doc, rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let cells: Vec<Cell> = row.into_iter().map(Cell::plain).collect();
        table.room_for(doc, table.height_of(&cells));
        table.row(doc, &cells, (i % 2 == 1).then_some(STRIPE_FILL));
    }
    table.rule(doc, RULE);
    doc.y += 6.0;
}

fn sources_section(doc: &mut Doc, selection: &Selection, ctx: &StatementContext<'_>) {
    let lang = ctx.lang;
    heading(doc, lang.pick("二、数据来源", "2. Data sources"), 50.0);
    if selection.sources.is_empty() {
        doc.paragraph(
            MARGIN_X,
            CONTENT_WIDTH,
            BODY,
            14.0,
            lang.pick("没有记录，因此没有来源。", "No records, so no sources."),
            MUTED,
        );
        return;
    }
    let rows: Vec<Vec<String>> = selection
        .sources
        .iter()
        .map(|source| {
            let synced = source.last_sync.map_or_else(
                || lang.pick("从未同步", "never").to_string(),
                |at| labels::time(at.with_timezone(ctx.generated_at.offset()), lang),
            );
            vec![
                source.name.clone(),
                labels::source_kind(source.kind, lang).to_string(),
                synced,
            ]
        })
        .collect();
    let columns = fitted_columns(
        &[
            (lang.pick("来源", "Source"), Align::Left),
            (lang.pick("类型", "Type"), Align::Left),
            (lang.pick("最近同步", "Last synced"), Align::Left),
        ],
        &rows,
        8.5,
        CONTENT_WIDTH,
        Some(0),
    );
    let table = Table::new(columns, 8.5, 17.0);
    table.start(doc, selection.sources.len());
    for row in rows {
        let cells: Vec<Cell> = row.into_iter().map(Cell::plain).collect();
        table.room_for(doc, table.height_of(&cells));
        table.row(doc, &cells, None);
    }
    table.rule(doc, RULE);
}

fn detail_section(doc: &mut Doc, selection: &Selection, lang: Lang) {
    heading(
        doc,
        lang.pick("三、逐月缴费明细", "3. Monthly detail"),
        60.0,
    );
    if selection.records.is_empty() {
        doc.paragraph(
            MARGIN_X,
            CONTENT_WIDTH,
            BODY,
            14.0,
            lang.pick(
                "所选期间和险种没有缴费记录。",
                "There are no records for the chosen period and kinds.",
            ),
            MUTED,
        );
        return;
    }
    let money = |m: Option<Money>| m.map_or("—".to_string(), |m| m.to_string());
    let rows: Vec<Vec<String>> = selection
        .records
        .iter()
        .map(|r| {
            vec![
                r.month.to_string(),
                r.kind.label(lang).to_string(),
                r.payer.display(lang),
                money(r.base),
                r.personal.to_string(),
                r.employer.to_string(),
                r.status.label(lang).to_string(),
            ]
        })
        .collect();
    let h = |zh, en| lang.pick(zh, en);
    let columns = fitted_columns(
        &[
            (h("月份", "Month"), Align::Center),
            (h("险种", "Kind"), Align::Left),
            (h("缴费单位", "Payer"), Align::Left),
            (h("缴费基数", "Base"), Align::Right),
            (h("个人缴费", "Personal"), Align::Right),
            (h("单位缴费", "Employer"), Align::Right),
            (h("状态", "Status"), Align::Center),
        ],
        &rows,
        SMALL,
        CONTENT_WIDTH,
        Some(2),
    );
    let table = Table::new(columns, SMALL, 14.0);
    table.start(doc, 3);
    let mut previous_month = None;
    let mut group = 0usize;
    for (r, row) in selection.records.iter().zip(rows) {
        let status_color = match r.status {
            ContributionStatus::Owed => WARN,
            ContributionStatus::BackPaid => BACK_PAID,
            ContributionStatus::TransferredIn | ContributionStatus::TransferPending => ACCENT,
            ContributionStatus::Paid => INK,
        };
        let last = row.len() - 1;
        let mut cells: Vec<Cell> = row
            .into_iter()
            .enumerate()
            .map(|(col, text)| {
                if col == last {
                    Cell::colored(text, status_color)
                } else {
                    Cell::plain(text)
                }
            })
            .collect();
        let page_start = table.room_for(doc, table.height_of(&cells));
        let new_month = previous_month != Some(r.month);
        if new_month {
            group += 1;
            if previous_month.is_some() && !page_start {
                table.rule(doc, Rgb(0xE3, 0xE7, 0xEC));
            }
        }
        previous_month = Some(r.month);
        if !(new_month || page_start) {
            cells[0].text.clear(); // the month is shown once per group (and again atop each page)
        }
        table.row(doc, &cells, group.is_multiple_of(2).then_some(STRIPE_FILL));
    }
    table.rule(doc, RULE);
}

fn integrity_section(doc: &mut Doc, selection: &Selection, ctx: &StatementContext<'_>) {
    let lang = ctx.lang;
    let qr_size = 104.0;
    let text_w = CONTENT_WIDTH - qr_size - 20.0;
    let covered = match lang {
        Lang::Zh => format!(
            "摘要涵盖：{} 条缴费记录、{} 条账户余额，成员编号 {}，期间 {}，险种 {}。",
            selection.records.len(),
            selection.balances.len(),
            selection.profile.id,
            labels::period(selection.period, lang),
            labels::kinds(&selection.kinds, lang)
        ),
        Lang::En => format!(
            "The digest covers {} contribution records and {} balances of profile {}, period {}, kinds: {}.",
            selection.records.len(),
            selection.balances.len(),
            selection.profile.id,
            labels::period(selection.period, lang),
            labels::kinds(&selection.kinds, lang)
        ),
    };
    let how = lang.pick(
        "核对方法：在保存这些记录的电脑上，打开社保账本的“导出”页，在“核验文件”中选择本文件（或运行 shebao verify 文件名）。它会说明本文件是否确由本应用生成（任何一个字节被改动都会被发现），以及生成后所依据的记录是否被更改、更改了哪些月份。二维码含成员、期间、险种与内容摘要。",
        "To check: on the computer that keeps these records, choose this file under “Verify a file” on Shebao Ledger's Export page (or run shebao verify FILE). It says whether this exact file was produced by the app (a single changed byte is detected) and whether the records it was made from have changed since, naming the months. The QR code holds the profile, period, kinds and digest.",
    );
    let paragraphs = [
        (covered.as_str(), INK),
        (how, INK),
        (labels::not_official(lang), MUTED),
    ];
    let leading = 12.0;
    let lines: usize = paragraphs
        .iter()
        .map(|(text, _)| wrap(text, SMALL, text_w).len())
        .sum();
    let text_height = 34.0 + lines as f32 * leading + 4.0 * paragraphs.len() as f32;
    // The whole block stays on one page: the QR code must sit beside the digest it encodes.
    heading(
        doc,
        lang.pick("四、校验信息", "4. Verification"),
        text_height.max(qr_size + 18.0),
    );
    let top = doc.y;

    if let Some(modules) = qr::matrix(&qr_payload(selection, ctx.digest)) {
        let unit = qr_size / modules.len() as f32;
        let x = MARGIN_X + CONTENT_WIDTH - qr_size;
        for op in qr::draw(&modules, x, top, unit, INK) {
            doc.push(op);
        }
        let caption = lang.pick("内容摘要二维码", "Digest QR code");
        let cx = x + (qr_size - width(caption, 7.0)) / 2.0;
        doc.text(cx, top + qr_size + 12.0, 7.0, caption, MUTED, false);
    }

    doc.text(
        MARGIN_X,
        top + SMALL,
        SMALL,
        lang.pick("内容摘要（SHA-256）", "Content digest (SHA-256)"),
        MUTED,
        false,
    );
    doc.text(MARGIN_X, top + 24.0, 8.6, ctx.digest, INK, false);
    doc.y = top + 34.0;
    for (text, color) in paragraphs {
        doc.paragraph(MARGIN_X, text_w, SMALL, leading, text, color);
        doc.y += 4.0;
    }
    doc.y = doc.y.max(top + qr_size + 18.0);
}
