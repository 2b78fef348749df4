//! A verification in words: what `shebao verify` prints and the window shows, in both
//! languages. Dates are shown in this computer's time zone.

use super::verify::{Verification, VerifyStatus};
use crate::model::{ExportRecord, YearMonth};
use crate::Lang;

impl Verification {
    /// One paragraph: passed or failed, which export the file is, and what changed.
    pub fn describe(&self, lang: Lang) -> String {
        describe(self, lang)
    }
}

/// "PDF exported 2026-11-29 11:33 for 李明（示例）, 2011-07~2026-10"
fn which(export: &ExportRecord, lang: Lang) -> String {
    let at = export
        .created_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M");
    let month = |m: Option<YearMonth>| m.map_or("-".into(), |m| m.to_string());
    let format = export.format.as_str().to_uppercase();
    let (from, to) = (month(export.period.from), month(export.period.to));
    match lang {
        Lang::Zh => format!(
            "{at} 为 {} 导出的 {format}（{from}~{to}）",
            export.profile_name
        ),
        Lang::En => format!(
            "the {format} exported {at} for {} ({from}~{to})",
            export.profile_name
        ),
    }
}

fn describe(result: &Verification, lang: Lang) -> String {
    let months = || {
        result
            .changed_months
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    };
    let Some(e) = result
        .export
        .as_ref()
        .filter(|_| result.status != VerifyStatus::NotProduced)
    else {
        return match lang {
            Lang::Zh => format!(
                "未通过：这个文件不是本应用（用这个数据库）生成的导出文件，或导出后已被改动。文件 SHA-256 {}",
                result.file_sha256
            ),
            Lang::En => format!(
                "FAILED: this file was not produced by this app (with this database), or it was changed after export. File SHA-256 {}",
                result.file_sha256
            ),
        };
    };
    match (result.status, lang) {
        (VerifyStatus::Unchanged, Lang::Zh) => format!(
            "通过：这是 {}，文件未被改动，所依据的记录至今未变。内容摘要 {}",
            which(e, lang),
            e.content_digest
        ),
        (VerifyStatus::Unchanged, Lang::En) => format!(
            "OK: this is {}, unaltered, and the records it was made from are unchanged. Content digest {}",
            which(e, lang),
            e.content_digest
        ),
        (_, Lang::Zh) if result.profile_missing => format!(
            "未通过：这是 {}，文件未被改动，但该成员已不在数据库中。",
            which(e, lang)
        ),
        (_, Lang::En) if result.profile_missing => format!(
            "FAILED: this is {}, unaltered, but its profile no longer exists in the database.",
            which(e, lang)
        ),
        (_, Lang::Zh) => format!(
            "未通过：这是 {}，文件未被改动，但所依据的记录此后有改动，涉及月份：{}",
            which(e, lang),
            months()
        ),
        (_, Lang::En) => format!(
            "FAILED: this is {}, unaltered, but the records it was made from have changed since, in: {}",
            which(e, lang),
            months()
        ),
    }
}
