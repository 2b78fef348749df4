//! Whether a preview may be written, and if not why: one decision for the window (which only
//! reads it from the preview summary) and the CLI (which refuses with the same reasons).

use super::import_preview::ImportPreview;
use crate::store::WriteReport;
use serde::Serialize;

/// A reason a preview is not written as it is, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportBlocker {
    /// Rows that cannot be read: nothing is written, whatever the user says.
    RowErrors,
    /// The file names someone other than the profile: written only when the user confirms
    /// (the window's checkbox, the CLI's `--force`).
    PersonMismatch,
    /// Nothing would be added or changed: the window offers no commit. The CLI runs such an
    /// import (it reports 0 added, 0 updated), so it is not a refusal there.
    NothingToWrite,
}

impl ImportBlocker {
    /// Whether the user's confirmation that the file is theirs lifts this reason.
    pub fn lifted_by_force(self) -> bool {
        self == ImportBlocker::PersonMismatch
    }
}

/// The reasons `preview` is refused, whatever it would do to the store.
pub fn refusals(preview: &ImportPreview) -> Vec<ImportBlocker> {
    let mut reasons = Vec::new();
    if !preview.errors.is_empty() {
        reasons.push(ImportBlocker::RowErrors);
    }
    if preview.person_mismatch.is_some() {
        reasons.push(ImportBlocker::PersonMismatch);
    }
    reasons
}

/// Every reason `preview` is not written as it is; `planned` is what it would do to the store.
pub fn blockers(preview: &ImportPreview, planned: WriteReport) -> Vec<ImportBlocker> {
    let mut reasons = refusals(preview);
    if planned.inserted + planned.updated == 0 {
        reasons.push(ImportBlocker::NothingToWrite);
    }
    reasons
}

/// The reasons that remain when the user has confirmed (`force`) or not.
pub fn remaining(reasons: &[ImportBlocker], force: bool) -> Vec<ImportBlocker> {
    reasons
        .iter()
        .copied()
        .filter(|r| !(force && r.lifted_by_force()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImportBlocker::*;

    #[test]
    fn confirming_lifts_only_the_other_persons_statement() {
        let all = [RowErrors, PersonMismatch, NothingToWrite];
        assert_eq!(remaining(&all, false), all);
        assert_eq!(remaining(&all, true), [RowErrors, NothingToWrite]);
        assert_eq!(remaining(&[PersonMismatch], true), []);
    }

    #[test]
    fn reasons_serialise_as_snake_case_codes() {
        assert_eq!(
            serde_json::to_string(&[RowErrors, PersonMismatch, NothingToWrite]).unwrap(),
            r#"["row_errors","person_mismatch","nothing_to_write"]"#
        );
    }
}
