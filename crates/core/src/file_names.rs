//! The names the app gives the files it writes into the user's folders (an exported statement,
//! a copy of a vault document), so the window and any other face name them alike. A name says
//! what it is, whose and when, so a folder of them sorts by person and time; characters a file
//! system may refuse (Windows refuses `\ / : * ? " < > |` and control characters) are replaced.

use crate::model::{ExportFormat, VaultDocument};
use crate::Lang;

/// `text` as one path component: unsafe characters become `_`, outer spaces go.
pub fn safe_component(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `社保缴费记录-张三-20261129-093005.pdf`, `shebao-ledger-张三-20261129-093005.json`.
pub fn export_file_name(
    person: &str,
    format: ExportFormat,
    lang: Lang,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> String {
    let what = match format {
        ExportFormat::Json => lang.pick("社保账本备份", "shebao-ledger"),
        _ => lang.pick("社保缴费记录", "contribution-record"),
    };
    format!(
        "{what}-{}-{}.{}",
        safe_component(person),
        at.format("%Y%m%d-%H%M%S"),
        format.as_str()
    )
}

/// A file of a batch export (every profile into one folder): as [`export_file_name`] with the
/// profile's id after the name, so two people whose names make the same file name (`a/b` and
/// `a_b`) never share one. `社保缴费记录-张三-3-20261129-093005.pdf`.
pub fn batch_export_file_name(
    person: &str,
    id: crate::model::ProfileId,
    format: ExportFormat,
    lang: Lang,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> String {
    export_file_name(
        &format!("{}-{id}", safe_component(person)),
        format,
        lang,
        at,
    )
}

/// The folder a batch export makes inside the export folder, so that batches never meet:
/// `社保缴费记录-全部成员-20261129-093005`, `contribution-records-all-20261129-093005`
/// (`社保账本备份-全部成员-…`, `shebao-ledger-all-…` for JSON).
pub fn batch_folder_name(
    format: ExportFormat,
    lang: Lang,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> String {
    let what = match format {
        ExportFormat::Json => lang.pick("社保账本备份-全部成员", "shebao-ledger-all"),
        _ => lang.pick("社保缴费记录-全部成员", "contribution-records-all"),
    };
    format!("{what}-{}", at.format("%Y%m%d-%H%M%S"))
}

/// `2026-03-01-参保证明.pdf`: dated, so a certificate fetched again does not replace the older
/// copy.
pub fn vault_copy_name(document: &VaultDocument) -> String {
    format!(
        "{}-{}",
        document.effective_date(),
        safe_component(&document.original_name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_say_what_whose_and_when_without_unsafe_characters() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-29T09:30:05+08:00").unwrap();
        assert_eq!(
            export_file_name("张三", ExportFormat::Pdf, Lang::Zh, at),
            "社保缴费记录-张三-20261129-093005.pdf"
        );
        assert_eq!(
            export_file_name("张三", ExportFormat::Xlsx, Lang::En, at),
            "contribution-record-张三-20261129-093005.xlsx"
        );
        assert_eq!(
            export_file_name(" a/b:c ", ExportFormat::Json, Lang::En, at),
            "shebao-ledger-a_b_c-20261129-093005.json"
        );
        assert_eq!(
            export_file_name("王*芳?\"<>|\\\t", ExportFormat::Csv, Lang::Zh, at),
            "社保缴费记录-王_芳_______-20261129-093005.csv"
        );
    }

    #[test]
    fn batch_names_keep_apart_people_whose_names_look_alike() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-29T09:30:05+08:00").unwrap();
        let one = batch_export_file_name("a/b", 3, ExportFormat::Pdf, Lang::Zh, at);
        let two = batch_export_file_name("a_b", 4, ExportFormat::Pdf, Lang::Zh, at);
        assert_eq!(one, "社保缴费记录-a_b-3-20261129-093005.pdf");
        assert_eq!(two, "社保缴费记录-a_b-4-20261129-093005.pdf");
        assert_eq!(
            batch_folder_name(ExportFormat::Csv, Lang::En, at),
            "contribution-records-all-20261129-093005"
        );
        assert_eq!(
            batch_folder_name(ExportFormat::Json, Lang::Zh, at),
            "社保账本备份-全部成员-20261129-093005"
        );
    }

    #[test]
    fn every_character_windows_refuses_is_replaced() {
        assert_eq!(
            safe_component(r#"a\b/c:d*e?f"g<h>i|j"#),
            "a_b_c_d_e_f_g_h_i_j"
        );
        assert_eq!(safe_component("李四\u{0}\n"), "李四__");
        assert_eq!(safe_component("  参保证明.pdf "), "参保证明.pdf");
    }
}
