//! CSV: one row per contribution, for spreadsheets and scripts.
//!
//! UTF-8 with a byte-order mark, because Excel and WPS on Chinese Windows read a BOM-less
//! file as GBK and show mojibake. Money is a plain decimal (`1234.50`, no ¥ or grouping) so
//! any program can sum it; months are `YYYY-MM`. Chinese headers and labels by default; with
//! English the kind and status are the app's codes (`pension`, `back_paid`), which scripts
//! can rely on. The Chinese headers are words the app's own importer recognises.
//!
//! Payer names and regions that start like a formula get a leading `'` (see `formula`), which
//! the importer takes off again.
//!
//! The region is its code (`330100`, for scripts and the importer) and, in the last column, its
//! name (`杭州市`, for people); the name column is last so that existing columns keep their
//! places, and its title (地区名称) is not one the importer reads.

use super::formula::neutralise;
use super::selection::Selection;
use crate::model::{Money, Payer};
use crate::{Error, Lang, Result};

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn headers(lang: Lang) -> [&'static str; 10] {
    match lang {
        Lang::Zh => [
            "月份",
            "险种",
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
            "kind",
            "payer",
            "region",
            "base",
            "personal",
            "employer",
            "credited",
            "status",
            "region_name",
        ],
    }
}

pub fn write(selection: &Selection, lang: Lang) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF) // RFC 4180, and what Excel writes
        .from_writer(BOM.to_vec());
    let failed = |e: csv::Error| Error::ExportFailed {
        format: "csv",
        reason: e.to_string(),
    };
    writer.write_record(headers(lang)).map_err(failed)?;
    let plain = |m: Option<Money>| m.map(Money::to_plain).unwrap_or_default();
    for r in &selection.records {
        let (kind, status, payer) = match lang {
            Lang::Zh => (
                r.kind.label(lang).to_string(),
                r.status.label(lang).to_string(),
                r.payer.display(lang),
            ),
            Lang::En => (
                r.kind.as_str().to_string(),
                r.status.as_str().to_string(),
                match &r.payer {
                    Payer::Employer(name) => name.clone(),
                    Payer::SelfPaid => "self".into(),
                },
            ),
        };
        writer
            .write_record([
                r.month.to_string(),
                kind,
                neutralise(&payer).into_owned(),
                neutralise(r.region.as_deref().unwrap_or_default()).into_owned(),
                plain(r.base),
                r.personal.to_plain(),
                r.employer.to_plain(),
                plain(r.credited),
                status,
                neutralise(
                    &r.region
                        .as_deref()
                        .map(crate::regions::display_name)
                        .unwrap_or_default(),
                )
                .into_owned(),
            ])
            .map_err(failed)?;
    }
    writer.into_inner().map_err(|e| Error::ExportFailed {
        format: "csv",
        reason: e.to_string(),
    })
}
