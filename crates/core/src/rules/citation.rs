//! Where a rule figure comes from and how sure we are of it. Every value in a rule table carries
//! one, so the app can always say which rule it used and how good that rule is.

use crate::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Confidence grades of reference/RULES.md. Only H and M exist here on purpose: figures graded
/// L (unverified) stay out of the app, so a table that says "L" fails to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// One third-party source, or several agreeing copies.
    #[serde(rename = "M")]
    Medium,
    /// Policy wording quoted and independent sources agree.
    #[serde(rename = "H")]
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "H",
            Confidence::Medium => "M",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// What the rule is, as a person would search for it.
    pub title: String,
    /// The document number or name (e.g. 国发〔2005〕38号), when one is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was issued or took effect: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Citation {
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.title.trim().is_empty() {
            return Err("source.title is empty".into());
        }
        if let Some(date) = &self.date {
            if !is_partial_date(date) {
                return Err(format!(
                    "source.date {date:?} is not YYYY, YYYY-MM or YYYY-MM-DD"
                ));
            }
        }
        if let Some(url) = &self.url {
            if !url.starts_with("https://") {
                return Err(format!("source.url {url:?} is not an https address"));
            }
        }
        Ok(())
    }

    /// The line shown beside a figure: title, then document, date and grade in brackets —
    /// `个人账户养老金计发月数表（国发〔2005〕38号，2005，可信度 H）` or
    /// `个人账户养老金计发月数表 (国发〔2005〕38号, 2005, confidence H)`. Titles and document
    /// names stay as issued, in either language: they are what a reader searches for.
    pub fn label(&self, lang: Lang) -> String {
        let grade = format!("{} {}", lang.pick("可信度", "confidence"), self.confidence);
        let parts: Vec<&str> = [self.document.as_deref(), self.date.as_deref()]
            .into_iter()
            .flatten()
            .chain([grade.as_str()])
            .collect();
        match lang {
            Lang::Zh => format!("{}（{}）", self.title, parts.join("，")),
            Lang::En => format!("{} ({})", self.title, parts.join(", ")),
        }
    }
}

fn is_partial_date(text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match text.split('-').collect::<Vec<_>>().as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse().unwrap_or(0)),
        [_, _, _] => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_may_be_partial_but_must_exist() {
        for ok in ["2005", "2006-01", "2024-09-13"] {
            assert!(is_partial_date(ok), "{ok}");
        }
        for bad in ["05", "2006-13", "2024-02-30", "2024/09/13", "2024-9"] {
            assert!(!is_partial_date(bad), "{bad}");
        }
    }

    #[test]
    fn labels_name_the_document_date_and_grade() {
        let citation = Citation {
            title: "个人账户养老金计发月数表".into(),
            document: Some("国发〔2005〕38号".into()),
            url: None,
            date: Some("2005".into()),
            confidence: Confidence::High,
            note: None,
        };
        assert_eq!(
            citation.label(Lang::Zh),
            "个人账户养老金计发月数表（国发〔2005〕38号，2005，可信度 H）"
        );
        assert_eq!(
            citation.label(Lang::En),
            "个人账户养老金计发月数表 (国发〔2005〕38号, 2005, confidence H)"
        );
    }

    #[test]
    fn unverified_figures_do_not_load() {
        let text = r#"{"title": "x", "confidence": "L"}"#;
        assert!(serde_json::from_str::<Citation>(text).is_err());
    }
}
