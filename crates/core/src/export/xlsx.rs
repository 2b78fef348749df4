//! The workbook: a summary sheet (per kind: first and last month, months paid, years, gaps,
//! standing, latest balance; then the person and the digest), and one sheet per kind with
//! its monthly records and a totals row.
//!
//! Written with rust_xlsxwriter: pure Rust (no C libxlsxwriter to build on three desktop
//! platforms), actively kept, and it does what a careful workbook needs — frozen header rows,
//! number and date formats, autofilters, formulas with cached results, Chinese sheet names.
//!
//! Months are real date cells (the 1st of the month) shown as `yyyy-mm`, so Excel sorts and
//! filters them as dates. Money is a number cell shown as `¥#,##0.00`: Excel only has binary
//! floating point, and fen ÷ 100 is converted here, at the last moment, to the double nearest
//! the exact decimal — which Excel displays, sums and reads back as that decimal.

use super::labels;
use super::selection::Selection;
use crate::model::{InsuranceKind, Money, YearMonth};
use crate::{Error, Lang, Result};
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

/// What the workbook needs besides the records.
pub struct WorkbookContext<'a> {
    pub lang: Lang,
    pub show_id: bool,
    pub generated_at: DateTime<FixedOffset>,
    pub digest: &'a str,
}

struct Formats {
    header: Format,
    text: Format,
    month: Format,
    date: Format,
    money: Format,
    count: Format,
    total_label: Format,
    total_money: Format,
    label: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xE8EEF4))
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Center);
        let total = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        Formats {
            header,
            text: Format::new(),
            month: Format::new()
                .set_num_format("yyyy-mm")
                .set_align(FormatAlign::Left),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            money: Format::new().set_num_format("¥#,##0.00"),
            count: Format::new().set_num_format("0"),
            total_money: total.clone().set_num_format("¥#,##0.00"),
            total_label: total,
            label: Format::new().set_bold(),
        }
    }
}

pub fn write(selection: &Selection, ctx: &WorkbookContext<'_>) -> Result<Vec<u8>> {
    build(selection, ctx).map_err(|e| Error::ExportFailed {
        format: "xlsx",
        reason: e.to_string(),
    })
}

fn build(selection: &Selection, ctx: &WorkbookContext<'_>) -> Result<Vec<u8>, XlsxError> {
    let lang = ctx.lang;
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let at = ctx.generated_at;
    let created = ExcelDateTime::from_ymd(at.year() as u16, at.month() as u8, at.day() as u8)?
        .and_hms(at.hour() as u16, at.minute() as u8, at.second())?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(lang.pick(
                "个人社会保险缴费记录",
                "Personal social-insurance contribution record",
            ))
            .set_author(selection.profile.name.as_str())
            .set_company("社保账本 · Shebao Ledger")
            .set_comment(labels::not_official(lang))
            .set_creation_datetime(&created),
    );

    summary_sheet(workbook.add_worksheet(), selection, ctx, &formats)?;
    for &kind in &selection.kinds {
        if selection.records_of(kind).next().is_some() {
            kind_sheet(workbook.add_worksheet(), selection, kind, lang, &formats)?;
        }
    }
    workbook.save_to_buffer()
}

/// The first of the month as an Excel date.
fn month_cell(month: YearMonth) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(month.year() as u16, month.month() as u8, 1)
}

/// Converts fen to the double Excel stores (see the module comment).
fn yuan(money: Money) -> f64 {
    money.fen() as f64 / 100.0
}

/// Column widths in Excel's character units: a Han character takes two.
struct Widths(Vec<usize>);

impl Widths {
    fn new(headers: &[&str]) -> Widths {
        Widths(headers.iter().map(|h| h.width()).collect())
    }
    fn see(&mut self, col: usize, text: &str) {
        if let Some(w) = self.0.get_mut(col) {
            *w = (*w).max(text.width());
        }
    }
    fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, width) in self.0.iter().enumerate() {
            sheet.set_column_width(col as u16, (*width + 3).min(60) as f64)?;
        }
        Ok(())
    }
}

fn write_header(sheet: &mut Worksheet, headers: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, title) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &f.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

pub fn summary_headers(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Zh => [
            "险种",
            "首月",
            "末月",
            "已缴月数",
            "折合年限",
            "当前状态",
            "断缴",
            "最新余额",
            "余额日期",
        ],
        Lang::En => [
            "kind",
            "first month",
            "last month",
            "months paid",
            "years",
            "standing",
            "gaps",
            "latest balance",
            "balance date",
        ],
    }
}

fn summary_sheet(
    sheet: &mut Worksheet,
    selection: &Selection,
    ctx: &WorkbookContext<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = ctx.lang;
    sheet.set_name(lang.pick("汇总", "Summary"))?;
    let headers = summary_headers(lang);
    write_header(sheet, &headers, f)?;
    let mut widths = Widths::new(&headers);
    widths.see(1, "2024-01");
    widths.see(2, "2024-01");
    widths.see(7, "¥000,000.00");
    widths.see(8, "2024-01-01");
    let mut row = 1;
    for summary in selection.summaries() {
        let kind = summary.kind.label(lang);
        sheet.write_string_with_format(row, 0, kind, &f.text)?;
        widths.see(0, kind);
        if let Some(first) = summary.first {
            sheet.write_datetime_with_format(row, 1, month_cell(first)?, &f.month)?;
        }
        if let Some(last) = summary.last {
            sheet.write_datetime_with_format(row, 2, month_cell(last)?, &f.month)?;
        }
        sheet.write_number_with_format(row, 3, summary.months_paid, &f.count)?;
        let years = labels::years(summary.months_paid, lang);
        sheet.write_string_with_format(row, 4, &years, &f.text)?;
        widths.see(4, &years);
        let standing = labels::standing(&summary, selection, lang);
        sheet.write_string_with_format(row, 5, &standing, &f.text)?;
        widths.see(5, &standing);
        let gaps = labels::gaps(&summary, lang);
        sheet.write_string_with_format(row, 6, &gaps, &f.text)?;
        widths.see(6, &gaps);
        if let Some(balance) = selection.latest_balance(summary.kind) {
            sheet.write_number_with_format(row, 7, yuan(balance.amount), &f.money)?;
            let date = ExcelDateTime::from_ymd(
                balance.as_of.year() as u16,
                balance.as_of.month() as u8,
                balance.as_of.day() as u8,
            )?;
            sheet.write_datetime_with_format(row, 8, date, &f.date)?;
        }
        row += 1;
    }
    widths.apply(sheet)?;

    // The person and the provenance, below the table (column A labels, column B values).
    let p = &selection.profile;
    let info = [
        (lang.pick("姓名", "Name"), p.name.clone()),
        (
            lang.pick("证件号码", "ID number"),
            labels::id_number(p, ctx.show_id, lang),
        ),
        (
            lang.pick("统计期间", "Period"),
            labels::period(selection.period, lang),
        ),
        (
            lang.pick("险种", "Kinds"),
            labels::kinds(&selection.kinds, lang),
        ),
        (
            lang.pick("生成时间", "Generated"),
            labels::time(ctx.generated_at, lang),
        ),
        (
            lang.pick("内容摘要 SHA-256", "Content digest SHA-256"),
            ctx.digest.to_string(),
        ),
        (
            lang.pick("说明", "Note"),
            labels::not_official(lang).to_string(),
        ),
    ];
    row += 1;
    for (label, value) in info {
        sheet.write_string_with_format(row, 0, label, &f.label)?;
        sheet.write_string_with_format(row, 1, &value, &f.text)?;
        row += 1;
    }
    Ok(())
}

/// The region is its code (column C, as before) and its name in the last column, so existing
/// columns (and the totals' formulas) keep their places.
pub fn kind_headers(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Zh => [
            "月份",
            "缴费单位",
            "参保地",
            "缴费基数",
            "个人缴费",
            "单位缴费",
            "划入个人账户",
            "缴费状态",
            "地区名称",
        ],
        Lang::En => [
            "month",
            "payer",
            "region",
            "base",
            "personal",
            "employer",
            "credited",
            "status",
            "region name",
        ],
    }
}

fn kind_sheet(
    sheet: &mut Worksheet,
    selection: &Selection,
    kind: InsuranceKind,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(kind.label(lang))?;
    let headers = kind_headers(lang);
    write_header(sheet, &headers, f)?;
    let mut widths = Widths::new(&headers);
    widths.see(0, "2024-01");
    for col in 3..=6 {
        widths.see(col, "¥00,000.00");
    }
    let mut row = 1;
    let (mut personal, mut employer, mut credited) = (Money::ZERO, Money::ZERO, Money::ZERO);
    for r in selection.records_of(kind) {
        sheet.write_datetime_with_format(row, 0, month_cell(r.month)?, &f.month)?;
        let payer = r.payer.display(lang);
        sheet.write_string_with_format(row, 1, &payer, &f.text)?;
        widths.see(1, &payer);
        if let Some(region) = &r.region {
            sheet.write_string_with_format(row, 2, region, &f.text)?;
            widths.see(2, region);
            let name = crate::regions::display_name(region);
            sheet.write_string_with_format(row, 8, &name, &f.text)?;
            widths.see(8, &name);
        }
        if let Some(base) = r.base {
            sheet.write_number_with_format(row, 3, yuan(base), &f.money)?;
        }
        sheet.write_number_with_format(row, 4, yuan(r.personal), &f.money)?;
        sheet.write_number_with_format(row, 5, yuan(r.employer), &f.money)?;
        if let Some(c) = r.credited {
            sheet.write_number_with_format(row, 6, yuan(c), &f.money)?;
            credited += c;
        }
        let status = r.status.label(lang);
        sheet.write_string_with_format(row, 7, status, &f.text)?;
        widths.see(7, status);
        personal += r.personal;
        employer += r.employer;
        row += 1;
    }
    let last = row; // 1-based Excel row of the last record equals its 0-based index + 1
    sheet.autofilter(0, 0, last - 1, 8)?;
    sheet.write_string_with_format(row, 0, lang.pick("合计", "Total"), &f.total_label)?;
    for (col, letter, sum) in [(4, 'E', personal), (5, 'F', employer), (6, 'G', credited)] {
        // The cached result lets readers that do not calculate (and our tests) see the total.
        let formula =
            Formula::new(format!("=SUM({letter}2:{letter}{last})")).set_result(sum.to_plain());
        sheet.write_formula_with_format(row, col, formula, &f.total_money)?;
    }
    widths.apply(sheet)?;
    Ok(())
}
