//! The PDF statement: A4, laid out by `statement` into pages of drawing operations, checked
//! for glyph coverage, then drawn by `draw` with krilla.

mod charts;
mod draw;
mod layout;
mod qr;
mod statement;
mod table;

pub use statement::qr_payload;

use super::selection::Selection;
use crate::fonts::missing_chars;
use crate::{Error, Lang, Result};
use chrono::{DateTime, FixedOffset};
use layout::{Op, Page};

/// What the statement needs besides the records.
pub struct StatementContext<'a> {
    pub lang: Lang,
    /// Print the whole ID number instead of the masked one.
    pub show_id: bool,
    pub generated_at: DateTime<FixedOffset>,
    /// The content digest (lower-case hex) printed on the last page and in the QR code.
    pub digest: &'a str,
    /// The pension estimate, when the person asked for it as an appendix.
    pub estimate: Option<&'a crate::analysis::standing::Estimate>,
}

pub fn write(selection: &Selection, ctx: &StatementContext<'_>) -> Result<Vec<u8>> {
    let pages = statement::compose(selection, ctx);
    check_coverage(&pages)?;
    draw::to_pdf(
        &pages,
        &draw::DocInfo {
            title: statement::title(ctx.lang).to_string(),
            author: selection.profile.name.clone(),
            language: ctx.lang.pick("zh-CN", "en"),
            created: ctx.generated_at,
        },
    )
}

/// Every string the pages will draw, in order.
fn texts(pages: &[Page]) -> impl Iterator<Item = &str> {
    pages.iter().flat_map(|page| {
        page.ops.iter().filter_map(|op| match op {
            Op::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    })
}

/// krilla draws an empty box for a character the font lacks; a statement with a blank where a
/// name should be must not be produced. The error names the characters so the user can fix
/// the record (a payer name pasted with an emoji, a rare character outside the font).
fn check_coverage(pages: &[Page]) -> Result<()> {
    let all: String = texts(pages).collect();
    let missing = missing_chars(&all);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::GlyphsMissing {
            chars: missing.into_iter().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::load_demo;
    use crate::export::canonical::content_digest;
    use crate::export::selection::resolve;
    use crate::model::{InsuranceKind, Period};
    use crate::Store;

    fn demo_selection() -> (tempfile::TempDir, Selection) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = load_demo(&mut store, "2026-11".parse().unwrap())
            .unwrap()
            .profile;
        let selection = resolve(&store, &profile, Period::ALL, &[]).unwrap();
        (dir, selection)
    }

    fn at() -> DateTime<FixedOffset> {
        "2026-11-29T11:33:00+08:00".parse().unwrap()
    }

    #[test]
    fn every_string_the_statement_prints_is_in_the_font() {
        let (_dir, selection) = demo_selection();
        let digest = content_digest(&selection).digest;
        for lang in [Lang::Zh, Lang::En] {
            for show_id in [false, true] {
                let ctx = StatementContext {
                    lang,
                    show_id,
                    generated_at: at(),
                    digest: &digest,
                    estimate: None,
                };
                let pages = statement::compose(&selection, &ctx);
                let all: String = texts(&pages).collect();
                assert_eq!(missing_chars(&all), Vec::<char>::new(), "{lang}");
                // Also the words that only appear for other data: every kind, status,
                // standing, source kind and the empty-selection messages.
                let mut empty = selection.clone();
                empty.records.clear();
                empty.balances.clear();
                empty.sources.clear();
                empty.kinds = vec![InsuranceKind::Maternity];
                let empty_pages = statement::compose(&empty, &ctx);
                let all: String = texts(&empty_pages).collect();
                assert_eq!(missing_chars(&all), Vec::<char>::new(), "{lang} empty");
            }
        }
        let mut words = String::new();
        for lang in [Lang::Zh, Lang::En] {
            for kind in InsuranceKind::ALL {
                words.push_str(kind.label(lang));
            }
            for status in crate::model::ContributionStatus::ALL {
                words.push_str(status.label(lang));
            }
            for kind in crate::model::SourceKind::ALL {
                words.push_str(crate::export::labels::source_kind(*kind, lang));
            }
            for e in crate::model::EmploymentCategory::ALL {
                words.push_str(e.label(lang));
            }
            words.push_str(
                "欠费（自 2024-01）owed since 停缴（自 stopped since（估算） (est.)从未同步never",
            );
        }
        assert_eq!(missing_chars(&words), Vec::<char>::new());
    }

    #[test]
    fn a_character_outside_the_font_is_refused_by_name() {
        let (_dir, mut selection) = demo_selection();
        selection.profile.name = "王🙂".into();
        let ctx = StatementContext {
            lang: Lang::Zh,
            show_id: false,
            generated_at: at(),
            digest: "0",
            estimate: None,
        };
        match write(&selection, &ctx) {
            Err(Error::GlyphsMissing { chars }) => assert_eq!(chars, "🙂"),
            other => panic!("{:?}", other.map(|b| b.len())),
        }
    }

    #[test]
    fn nothing_is_drawn_outside_the_page_or_over_the_footer() {
        let (_dir, selection) = demo_selection();
        for lang in [Lang::Zh, Lang::En] {
            let ctx = StatementContext {
                lang,
                show_id: false,
                generated_at: at(),
                digest: &"a".repeat(64),
                estimate: None,
            };
            let pages = statement::compose(&selection, &ctx);
            assert!(pages.len() > 5, "the demo's detail spans pages");
            for (n, page) in pages.iter().enumerate() {
                for op in &page.ops {
                    if let Op::Text {
                        x, y, size, text, ..
                    } = op
                    {
                        let right = x + layout::width(text, *size);
                        assert!(
                            *x >= layout::MARGIN_X - 0.01
                                && right <= layout::MARGIN_X + layout::CONTENT_WIDTH + 0.5,
                            "page {} {lang}: {text:?} from {x} to {right}",
                            n + 1
                        );
                        assert!(
                            *y > 20.0 && *y < layout::PAGE_HEIGHT - 20.0,
                            "{text:?} at {y}"
                        );
                    }
                }
            }
        }
    }
}
