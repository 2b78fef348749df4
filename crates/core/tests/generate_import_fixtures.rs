//! Writes the import fixtures under `tests/fixtures/import/` (committed; this only documents
//! and reproduces how they were made). Run on purpose:
//!
//! ```text
//! cargo test -p shebao-core --test generate_import_fixtures -- --ignored
//! ```
//!
//! The people, employers and ID numbers are fictional; the layouts follow real exports
//! (city portals, the national platform, HR systems, tables copied from web pages).

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, Workbook};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import")
}

/// A valid 18-character resident ID number from its first 17 digits (GB 11643 check).
pub fn with_check(first17: &str) -> String {
    shebao_core::model::IdNumber::with_check_char(first17)
        .expect("17 digits of a real date")
        .as_str()
        .to_string()
}

fn write(name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir()).unwrap();
    std::fs::write(dir().join(name), bytes).unwrap();
}

fn yuan(fen: i64) -> String {
    let (y, f) = (fen / 100, fen % 100);
    let digits = y.to_string();
    let mut grouped = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(d);
    }
    format!("{grouped}.{f:02}")
}

#[test]
#[ignore = "writes the committed fixtures; run on purpose"]
fn generate_import_fixtures() {
    chengdu_gbk();
    hangzhou_utf8_bom();
    paste_tsv();
    wide_csv();
    national_pension();
    bad_rows();
    ledger_json();
    shenzhen_xlsx();
}

/// 成都: GBK as Excel on Chinese Windows saves it; title, person line, blank rows, 序号, an
/// untracked scheme (大额医疗互助), a 合计 row and a footer. 2023: pension owed in 2023-06.
fn chengdu_gbk() {
    let id = with_check("51010419880315123");
    let employer = "成都蓉城云图软件有限公司";
    let mut lines = vec![
        "成都市社会保险个人缴费明细,,,,,,,,".to_string(),
        format!("姓名：张伟  社会保障号码：{id},,,,,,,,"),
        ",,,,,,,,".to_string(),
        "序号,费款所属期,险种类型,缴费基数（元）,个人缴费,单位缴费,划入个人账户,缴费状态,参保单位"
            .to_string(),
    ];
    let mut n = 0;
    let (mut personal_total, mut employer_total) = (0, 0);
    for month in 1..=12 {
        let base = 650_000; // ¥6,500.00
        let rows = [
            ("企业职工基本养老保险", 52_000, 104_000, Some(52_000)),
            ("职工基本医疗保险", 13_000, 48_750, None),
            ("失业保险", 2_600, 3_900, None),
        ];
        for (kind, personal, employer_part, credited) in rows {
            n += 1;
            let status = if kind.contains("养老") && month == 6 {
                "欠费"
            } else {
                "已实缴"
            };
            lines.push(format!(
                "{n},2023{month:02},{kind},\"{}\",{},\"{}\",{},{status},{employer}",
                yuan(base),
                yuan(personal),
                yuan(employer_part),
                credited.map(yuan).unwrap_or_default()
            ));
            personal_total += personal;
            employer_total += employer_part;
        }
        if month == 3 || month == 9 {
            n += 1;
            lines.push(format!(
                "{n},2023{month:02},大额医疗互助,,5.00,,,已实缴,{employer}"
            ));
        }
        if month == 6 {
            lines.push(",,,,,,,,".into()); // a blank row in the middle, as exports have
        }
    }
    lines.push(format!(
        "合计,,,,\"{}\",\"{}\",,,",
        yuan(personal_total + 1_000),
        yuan(employer_total)
    ));
    lines.push("打印日期：2024-03-15,,,,,,,,".into());
    let text = lines.join("\r\n") + "\r\n";
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    write("chengdu_gbk.csv", &gbk);
}

/// 杭州 flexible employment, "CSV UTF-8" from Excel (with BOM): months in several spellings,
/// thousands separators, a 补缴 in the type column, an unpaid medical month.
fn hangzhou_utf8_bom() {
    let mut text = String::from(
        "\u{feff}缴费月份,险种名称,缴费基数,个人缴纳,单位缴纳,到账状态,缴费类型,缴费单位,参保地\n",
    );
    let months = [
        "2024年01月",
        "2024-02",
        "2024/3",
        "202404",
        "2024年5月",
        "2024-06",
    ];
    for (i, month) in months.iter().enumerate() {
        let type_ = if i == 2 { "补缴" } else { "正常应缴" };
        text.push_str(&format!(
            "{month},基本养老保险,\"4,462.00\",\"892.40\",0.00,已到账,{type_},灵活就业人员,330100\n"
        ));
        let status = if i == 3 { "未到账" } else { "已到账" };
        text.push_str(&format!(
            "{month},基本医疗保险,\"4,462.00\",401.58,0.00,{status},正常应缴,灵活就业人员,330100\n"
        ));
    }
    write("hangzhou_utf8_bom.csv", text.as_bytes());
}

/// A table copied from a web page: tab-separated, housing fund included, 2022-01…2022-04.
fn paste_tsv() {
    let mut text = String::from("所属年月\t险种\t缴费基数\t个人缴费金额\t单位缴费金额\t缴费状态\n");
    for month in 1..=4 {
        for (kind, personal, employer) in [
            ("养老", "800.00", "1,600.00"),
            ("医疗", "200.00", "800.00"),
            ("住房公积金", "1,200.00", "1,200.00"),
        ] {
            text.push_str(&format!(
                "2022-{month:02}\t{kind}\t10,000.00\t{personal}\t{employer}\t正常\n"
            ));
        }
    }
    write("paste.tsv", text.as_bytes());
}

/// Wide format from an HR system: one row per month, a column per kind and part.
/// 2020-05 has no payments at all (a gap); unemployment stops after 2020-10.
fn wide_csv() {
    let mut text = String::from(
        "缴费年月,缴费基数,养老保险(个人),养老保险(单位),医疗保险（个人）,医疗保险（单位）,失业保险(个人),失业保险(单位),工伤保险(单位),生育保险(单位)\n",
    );
    for month in 1..=12 {
        if month == 5 {
            text.push_str("2020-05,,,,,,,,,\n");
            continue;
        }
        let unemployment = if month <= 10 { "25.00,37.50" } else { "," };
        text.push_str(&format!(
            "2020-{month:02},5000,400.00,800.00,100.00,400.00,{unemployment},10.00,40.00\n"
        ));
    }
    write("wide.csv", text.as_bytes());
}

/// The national public-service platform's pension detail: one pooling region, at most three
/// years per download, so two files make one history (北京 employee, then 成都 flexible).
fn national_pension() {
    let mut beijing = String::from("费款所属期,参保地,单位名称,个人缴费额\n");
    for year in 2019..=2021 {
        for month in 1..=12 {
            beijing.push_str(&format!(
                "{year}{month:02},北京市,北京燕园数据服务有限公司,\"{}\"\n",
                yuan(72_000 + (year - 2019) * 4_000)
            ));
        }
    }
    write("national_pension_beijing.csv", beijing.as_bytes());
    let mut chengdu = String::from("费款所属期,参保地,单位名称,个人缴费额\n");
    for month in 1..=6 {
        chengdu.push_str(&format!(
            "2022{month:02},成都市,灵活就业人员,\"1,040.00\"\n"
        ));
    }
    write("national_pension_chengdu.csv", chengdu.as_bytes());
}

/// Three bad rows among good ones: a month that does not exist, an amount in words and a
/// kind no one knows.
fn bad_rows() {
    let text = "费款所属期,险种,个人缴费,单位缴费\n\
                2024-01,养老,640.00,1280.00\n\
                2024-13,养老,640.00,1280.00\n\
                2024-02,医疗,一百六十,640.00\n\
                2024-03,意外伤害险,10.00,0.00\n\
                2024-04,养老,640.00,1280.00\n";
    write("bad_rows.csv", text.as_bytes());
}

/// The app's own JSON format (what the JSON export will write).
fn ledger_json() {
    let value = serde_json::json!({
        "format": "shebao-ledger",
        "version": 1,
        "profile": {"id": 1, "name": "王芳", "id_number_masked": "1101**********002X",
                    "sex": "female", "birth": "1949-12", "region": "110105", "employment": "employee"},
        "contributions": [
            {"profile": 1, "kind": "pension", "month": "2024-01", "region": "110100",
             "payer": {"type": "employer", "name": "北京某某科技有限公司"},
             "base": 1000000, "personal": 80000, "employer": 160000, "credited": 80000,
             "status": "paid", "source": 4},
            {"profile": 1, "kind": "pension", "month": "2024-02", "region": "110100",
             "payer": {"type": "employer", "name": "北京某某科技有限公司"},
             "base": 1000000, "personal": 80000, "employer": 160000, "credited": 80000,
             "status": "paid", "source": 4},
            {"profile": 1, "kind": "pension", "month": "2024-04", "region": "110100",
             "payer": {"type": "self"},
             "base": 600000, "personal": 120000, "employer": 0, "credited": 48000,
             "status": "back_paid", "source": 4}
        ],
        "balances": [
            {"profile": 1, "kind": "pension", "as_of": "2024-04-30", "amount": 5234567,
             "origin": "reported", "source": 4}
        ]
    });
    let text = serde_json::to_string_pretty(&value).unwrap() + "\n";
    write("ledger.json", text.as_bytes());
}

/// 深圳 workbook: a notes sheet first, then the statement: a merged title, a person line in
/// label cells, month cells merged over each month's three kind rows (2021-07…09 real date
/// cells, 2021-10…12 text such as 2021年10月), the employer merged over all rows, amounts
/// as numbers (float products, as formula results are), and a 合计 row.
fn shenzhen_xlsx() {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("说明").unwrap();
    notes
        .write_string(0, 0, "本表由社会保险信息系统导出，仅供参考。")
        .unwrap();

    let sheet = workbook.add_worksheet();
    sheet.set_name("缴费明细").unwrap();
    let title = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xDDEBF7));
    let month_format = Format::new()
        .set_num_format("yyyy\"年\"m\"月\"")
        .set_align(FormatAlign::VerticalCenter);
    let money = Format::new().set_num_format("#,##0.00");
    let merged = Format::new().set_align(FormatAlign::VerticalCenter);

    sheet
        .merge_range(0, 0, 0, 6, "深圳市社会保险参保缴费明细", &title)
        .unwrap();
    sheet.write_string(1, 0, "姓名：").unwrap();
    sheet.write_string(1, 1, "陈静").unwrap();
    sheet.write_string(1, 3, "身份证号码：").unwrap();
    sheet
        .write_string(1, 4, with_check("44030419900101432"))
        .unwrap();
    let headers = [
        "所属期",
        "险种",
        "缴费基数",
        "个人缴费",
        "单位缴费",
        "缴费标志",
        "单位名称",
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string(3, col as u16, *header).unwrap();
    }
    let kinds = [
        ("养老保险", 0.08, 0.15),
        ("医疗保险", 0.02, 0.05),
        ("失业保险", 0.003, 0.007),
    ];
    let base = 12_345.0_f64;
    let mut row = 4u32;
    for month in 7..=12u8 {
        let first = row;
        for (kind, personal_rate, employer_rate) in kinds {
            sheet.write_string(row, 1, kind).unwrap();
            sheet
                .write_number_with_format(row, 2, base, &money)
                .unwrap();
            // Float products as formula results are; unemployment's are left unrounded
            // (12345 × 0.3% = 37.035, shown by the 0.00 format as 37.04).
            let (personal, employer) = if kind == "失业保险" {
                (base * personal_rate, base * employer_rate)
            } else {
                (
                    (base * personal_rate * 100.0).round() / 100.0,
                    (base * employer_rate * 100.0).round() / 100.0,
                )
            };
            sheet
                .write_number_with_format(row, 3, personal, &money)
                .unwrap();
            sheet
                .write_number_with_format(row, 4, employer, &money)
                .unwrap();
            sheet.write_string(row, 5, "已实缴").unwrap();
            row += 1;
        }
        // The month, merged over its three rows: a date cell, or text.
        if month <= 9 {
            let date = ExcelDateTime::from_ymd(2021, month, 1).unwrap();
            sheet
                .merge_range(first, 0, row - 1, 0, "", &month_format)
                .unwrap();
            sheet
                .write_datetime_with_format(first, 0, &date, &month_format)
                .unwrap();
        } else {
            sheet
                .merge_range(first, 0, row - 1, 0, &format!("2021年{month}月"), &merged)
                .unwrap();
        }
    }
    sheet
        .merge_range(4, 6, row - 1, 6, "深圳南山启明电子有限公司", &merged)
        .unwrap();
    sheet.write_string(row, 0, "合计").unwrap();
    sheet
        .write_formula(row, 3, format!("=SUM(D5:D{row})").as_str())
        .unwrap();
    workbook.save(dir().join("shenzhen.xlsx")).unwrap();
}

/// The per-person and period fixtures alone (issue 16), so making them leaves the others as
/// they are:
/// `cargo test -p shebao-core --test generate_import_fixtures people_and_period -- --ignored`
#[test]
#[ignore = "writes the committed fixtures; run on purpose"]
fn generate_people_and_period_fixtures() {
    three_people_csv();
    period_rows_csv();
    period_span_xlsx();
}

/// An HR system's batch export (or a family's 亲情社保 records): one row per person, month and
/// kind, the person in 姓名 and 证件号码 columns. Three people, 2024-01…06, pension and
/// medical: 王秀英 (base ¥5,000.00), 李建国 (¥6,000.00), 李娜 (¥8,000.00); 8% and 2% personal,
/// 16% and 8% employer.
fn three_people_csv() {
    let people = [
        ("王秀英", with_check("11010519640302002"), 500_000),
        ("李建国", with_check("11010519620815003"), 600_000),
        ("李娜", with_check("11010519900505004"), 800_000),
    ];
    let mut lines =
        vec!["序号,姓名,证件号码,费款所属期,险种,缴费基数,个人缴费,单位缴费,单位名称".to_string()];
    let mut n = 0;
    for (name, id, base) in &people {
        for month in 1..=6 {
            for (kind, personal_rate, employer_rate) in [("养老", 8, 16), ("医疗", 2, 8)] {
                n += 1;
                lines.push(format!(
                    "{n},{name},{id},2024-{month:02},{kind},\"{}\",{},{},北京某某科技有限公司",
                    yuan(*base),
                    yuan(base * personal_rate / 100),
                    yuan(base * employer_rate / 100)
                ));
            }
        }
    }
    write("three_people.csv", (lines.join("\n") + "\n").as_bytes());
}

/// A 参保证明 listing spells: 2015.01–2017.12 pension with a spell total of ¥10,000.00 (36
/// months: 35 × ¥277.77 + ¥278.05), 2018 pension ¥5,760.00 (12 × ¥480.00), and medical over
/// 2015.01–2017.12 whose 月数 says 35 (the span has 36: a warning) with ¥3,600.00 (¥100.00 a
/// month).
fn period_rows_csv() {
    let text = "险种,起始年月,截止年月,月数,缴费基数,个人缴费合计,单位名称\n\
                养老,2015.01,2017.12,36,\"5,000.00\",\"10,000.00\",杭州某某贸易有限公司\n\
                养老,2018.01,2018.12,12,\"6,000.00\",\"5,760.00\",杭州某某贸易有限公司\n\
                医疗,2015.01,2017.12,35,\"5,000.00\",\"3,600.00\",杭州某某贸易有限公司\n";
    write("period_rows.csv", text.as_bytes());
}

/// A 缴费历史 workbook with the span in one 起止年月 cell and monthly amounts as numbers:
/// pension 2019.01-2020.06 (18 months × ¥520.00 personal, ¥1,040.00 employer) and
/// unemployment 2019年1月—2019年12月 (12 × ¥13.00).
fn period_span_xlsx() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("缴费历史").unwrap();
    let money = Format::new().set_num_format("#,##0.00");
    sheet.write_string(0, 0, "参保缴费历史").unwrap();
    let headers = [
        "险种",
        "起止年月",
        "月数",
        "缴费基数",
        "个人缴费",
        "单位缴费",
        "单位名称",
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string(1, col as u16, *header).unwrap();
    }
    let rows = [
        ("养老保险", "2019.01-2020.06", 18.0, 6_500.0, 520.0, 1_040.0),
        (
            "失业保险",
            "2019年1月—2019年12月",
            12.0,
            6_500.0,
            13.0,
            32.5,
        ),
    ];
    for (i, (kind, span, months, base, personal, employer)) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string(row, 0, *kind).unwrap();
        sheet.write_string(row, 1, *span).unwrap();
        sheet.write_number(row, 2, *months).unwrap();
        sheet
            .write_number_with_format(row, 3, *base, &money)
            .unwrap();
        sheet
            .write_number_with_format(row, 4, *personal, &money)
            .unwrap();
        sheet
            .write_number_with_format(row, 5, *employer, &money)
            .unwrap();
        sheet.write_string(row, 6, "杭州某某贸易有限公司").unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    write("period_span.xlsx", &bytes);
}
