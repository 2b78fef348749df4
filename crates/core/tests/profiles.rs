//! Profiles in a real database: what an ID number fills in, what must not repeat, and how a
//! typed name or number finds a profile.

use shebao_core::model::{EmploymentCategory, NewProfile, Sex, ValidProfile, YearMonth};
use shebao_core::{Error, Store};

/// A published example number (GB 11643 sample): born 1949-12-31, female, issued in 110105.
const EXAMPLE_ID: &str = "11010519491231002X";

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("shebao.db")).unwrap();
    (dir, store)
}

fn valid(name: &str, id_number: Option<&str>) -> ValidProfile {
    NewProfile {
        name: name.into(),
        id_number: id_number.map(Into::into),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

/// Typing the ID number is enough: sex, birth month and region come from it, and what is
/// stored reads back the same after reopening.
#[test]
fn a_valid_id_number_fills_in_sex_birth_and_region() {
    let (dir, mut store) = open();
    let added = store.add_profile(&valid("王芳", Some(EXAMPLE_ID))).unwrap();
    assert_eq!(added.name, "王芳");
    assert_eq!(added.sex, Some(Sex::Female));
    assert_eq!(added.birth, YearMonth::new(1949, 12));
    assert_eq!(added.region.as_deref(), Some("110105"));
    assert_eq!(added.employment, EmploymentCategory::Employee);
    assert_eq!(
        added.id_number.as_ref().map(|id| id.as_str()),
        Some(EXAMPLE_ID)
    );
    assert_eq!(
        added.id_number_masked().as_deref(),
        Some("1101**********002X")
    );
    drop(store);

    let store = Store::open(dir.path().join("shebao.db")).unwrap();
    assert_eq!(store.profiles().unwrap(), vec![added]);
}

/// Profiles are chosen by name (in the UI and `--profile` in the CLI), so two with the same
/// name would be ambiguous.
#[test]
fn a_duplicate_name_is_refused() {
    let (_dir, mut store) = open();
    store.add_profile(&valid("王芳", None)).unwrap();
    let err = store.add_profile(&valid("王芳", None)).unwrap_err();
    assert!(
        matches!(&err, Error::DuplicateProfile { name } if name == "王芳"),
        "{err:?}"
    );
    assert_eq!(err.code(), "duplicate_profile");
    // Names are trimmed before the check, so a stray space does not make a twin.
    assert!(matches!(
        store.add_profile(&valid(" 王芳 ", None)),
        Err(Error::DuplicateProfile { .. })
    ));
    assert_eq!(store.profiles().unwrap().len(), 1);
}

/// One person, one profile: the same ID number under another name is refused, naming the
/// profile that has it (never the number itself).
#[test]
fn the_same_id_number_on_another_profile_is_refused() {
    let (_dir, mut store) = open();
    store.add_profile(&valid("王芳", Some(EXAMPLE_ID))).unwrap();
    // Lower-case x is the same number.
    let err = store
        .add_profile(&valid("妈妈", Some("11010519491231002x")))
        .unwrap_err();
    assert!(
        matches!(&err, Error::DuplicateIdNumber { owner } if owner == "王芳"),
        "{err:?}"
    );
    assert!(!err.to_string().contains("11010519491231002"));
    assert_eq!(store.profiles().unwrap().len(), 1);
}

/// Profiles without an ID number do not clash with each other on it.
#[test]
fn several_profiles_may_have_no_id_number() {
    let (_dir, mut store) = open();
    store.add_profile(&valid("王芳", None)).unwrap();
    store.add_profile(&valid("王明", None)).unwrap();
    assert_eq!(store.profiles().unwrap().len(), 2);
}

/// What a user types after `--profile` may be the id or the name; both find the profile.
#[test]
fn find_profile_by_id_or_by_name() {
    let (_dir, mut store) = open();
    let fang = store.add_profile(&valid("王芳", Some(EXAMPLE_ID))).unwrap();
    let ming = store.add_profile(&valid("王明", None)).unwrap();

    assert_eq!(store.find_profile(&fang.id.to_string()).unwrap(), fang);
    assert_eq!(store.find_profile(&ming.id.to_string()).unwrap(), ming);
    assert_eq!(store.find_profile("王芳").unwrap(), fang);
    assert_eq!(store.find_profile("  王明 ").unwrap(), ming);
    assert_eq!(store.profile(ming.id).unwrap(), Some(ming.clone()));
    assert_eq!(store.profile_by_name("王明").unwrap(), Some(ming));
}

/// An id from the window is looked up as an id only: once profile 2 is deleted, asking for
/// id 2 is an error, even when another profile is named "2".
#[test]
fn an_id_is_never_taken_for_a_name() {
    let (_dir, mut store) = open();
    let first = store.add_profile(&valid("王芳", None)).unwrap();
    let second = store.add_profile(&valid("王明", None)).unwrap();
    let named = store
        .add_profile(&valid(&second.id.to_string(), None))
        .unwrap();
    store.delete_profile(second.id).unwrap();

    assert_eq!(store.profile_with_id(first.id).unwrap(), first);
    assert_eq!(store.profile_with_id(named.id).unwrap(), named);
    let err = store.profile_with_id(second.id).unwrap_err();
    assert!(matches!(err, Error::UnknownProfile { .. }), "{err:?}");
    // What a person types still finds the profile by its name.
    assert_eq!(store.find_profile(&second.id.to_string()).unwrap(), named);
}

/// An unknown id or name is a typed error that repeats what was asked for, not an empty
/// result the caller might mistake for "no records".
#[test]
fn an_unknown_profile_is_an_error() {
    let (_dir, mut store) = open();
    let fang = store.add_profile(&valid("王芳", None)).unwrap();
    for query in ["李四", "9999", &(fang.id + 1).to_string()] {
        let err = store.find_profile(query).unwrap_err();
        assert!(
            matches!(&err, Error::UnknownProfile { query: q } if q == query),
            "{query}: {err:?}"
        );
        assert_eq!(err.code(), "unknown_profile");
    }
    assert_eq!(store.profile(fang.id + 1).unwrap(), None);
    assert_eq!(store.profile_by_name("李四").unwrap(), None);
}

/// An invalid ID number is stopped at validation: there is no way to hand it to the store,
/// so the database never holds one.
#[test]
fn an_invalid_id_number_never_reaches_the_database() {
    let (_dir, store) = open();
    for bad in [
        "110105194912310021", // wrong check character
        "11010519491231002",  // 17 characters
        "110105194902300026", // 30 February
        "11010519491231OO2X", // letters
    ] {
        let err = NewProfile {
            name: "王芳".into(),
            id_number: Some(bad.into()),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(
            matches!(err, Error::InvalidIdNumber { .. }),
            "{bad}: {err:?}"
        );
        assert!(
            !err.to_string().contains(bad),
            "the message must not repeat the number"
        );
    }
    assert!(store.profiles().unwrap().is_empty());
}
