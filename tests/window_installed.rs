//! The installed package, not the build tree: scripts/package.sh unpacks the .deb and runs this
//! with SHEBAO_APP_BINARY set to the unpacked binary. It opens a user's existing database and
//! must show that user's dashboard. Ignored in the normal test run (there is no package then).

mod support;

use shebao_core::demo::load_demo;
use shebao_core::model::YearMonth;
use shebao_core::Store;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "run by scripts/package.sh against the unpacked .deb"]
async fn the_installed_app_opens_an_existing_database() {
    let installed =
        std::env::var("SHEBAO_APP_BINARY").expect("SHEBAO_APP_BINARY names the installed binary");
    assert!(
        std::path::Path::new(&installed).is_file(),
        "{installed} is not a file"
    );

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let demo = {
        let mut store = Store::open(&db).unwrap();
        load_demo(&mut store, YearMonth::new(2026, 11).unwrap())
            .unwrap()
            .profile
    };
    let window = support::open_app(&db).await;
    let name = window.text_when("#profile-name", |t| !t.is_empty()).await;
    assert_eq!(name, demo.name, "the installed app shows the existing data");
    let path = window.screenshot("installed-app").await;
    println!("screenshot: {}", path.display());
    window.close().await;
}
