//! Writing one record entered by hand: its source and the record in one transaction, through the
//! same upsert (and revision history) as an import.

use super::contributions::{changed_fields, existing, write_all, FieldChange};
use super::{sources, Store, StoredContribution, WriteReport};
use crate::model::{Contribution, Freshness, SourceKind};
use crate::Result;

impl Store {
    /// Writes `record` under the manual source named `source_name` (created if needed; its id
    /// replaces `record.source`). Returns the record as stored, what the write did and what it
    /// changed. The source is not marked synced: typed-in data has no sync to go stale.
    pub fn write_manual(
        &mut self,
        source_name: &str,
        record: &Contribution,
    ) -> Result<(StoredContribution, WriteReport, Vec<FieldChange>)> {
        let tx = self.conn.transaction()?;
        // Freshness is moot for a source that is never synced; weekly is what the demo uses.
        let source = sources::ensure(
            &tx,
            SourceKind::Manual,
            source_name,
            None,
            Freshness::Weekly,
        )?;
        let record = Contribution {
            source,
            ..record.clone()
        };
        let changes = match existing(&tx, &record)? {
            Some(before) => changed_fields(&before.record, &record),
            None => Vec::new(),
        };
        let report = write_all(&tx, std::slice::from_ref(&record))?;
        let stored = existing(&tx, &record)?.expect("just written in this transaction");
        tx.commit()?;
        Ok((stored, report, changes))
    }
}
