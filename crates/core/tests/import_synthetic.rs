//! The synthetic generator's CSV goes through the real importer and lands exactly as the
//! generator says — the guarantee the import benchmark's bare-insert comparison rests on.

use shebao_core::ingest::{self, ImportOptions};
use shebao_core::model::{Contribution, NewProfile, Payer};
use shebao_core::synthetic::{write_portal_csv, SynthConfig, Synthetic};
use shebao_core::Store;

fn import(config: SynthConfig) -> (Vec<Contribution>, Vec<Contribution>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "合成样本".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let mut csv = Vec::new();
    let written = write_portal_csv(Synthetic::rows(config), &mut csv).unwrap();
    let report = ingest::import(
        &mut store,
        &csv,
        "synthetic.csv",
        None,
        &profile,
        ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.added, written);
    assert_eq!(report.skipped_rows, 2, "the title and 合计 rows");
    let source = report.source.unwrap();
    let mut expected: Vec<Contribution> = Synthetic::rows(config)
        .map(|row| Contribution {
            source,
            ..row.to_contribution(profile.id)
        })
        .collect();
    let mut stored: Vec<Contribution> = store
        .contributions(profile.id)
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    let key = |c: &Contribution| (c.month, c.kind, c.payer.clone());
    expected.sort_by_key(key);
    stored.sort_by_key(key);

    // Importing the same file again changes nothing.
    let again = ingest::import(
        &mut store,
        &csv,
        "synthetic.csv",
        None,
        &profile,
        ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (again.added, again.updated, again.unchanged),
        (0, 0, written)
    );
    (expected, stored)
}

#[test]
fn many_people_in_one_file_import_as_generated() {
    let (expected, stored) = import(SynthConfig::new(11, 12));
    assert!(stored.len() > 1_000);
    assert_eq!(stored, expected);
}

#[test]
fn one_person_untagged_imports_with_self_payment() {
    let config = SynthConfig {
        payer_tag: false,
        ..SynthConfig::new(4, 1)
    };
    let (expected, stored) = import(config);
    assert_eq!(stored, expected);
    // This seed's person has a spell of paying themselves, written as 灵活就业人员.
    assert!(stored.iter().any(|r| r.payer == Payer::SelfPaid));
}
