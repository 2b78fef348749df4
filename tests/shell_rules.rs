//! Settings → "check for newer rule tables" through Tauri's mock runtime, against a real HTTP
//! server on loopback: a release signed by a stranger is refused with nothing changed, one
//! signed with the (test build's) trusted key becomes the rules in use.

mod mock_app;
#[path = "../crates/core/tests/support/rules_server.rs"]
mod rules_server;

use mock_app::{app_on, invoke};
use rules_server::{release, stranger_key, test_key, RulesServer};
use serde_json::json;

#[test]
fn newer_signed_rules_are_fetched_and_a_strangers_are_refused() {
    let server = RulesServer::start();
    let foreign = server.serve_release("/foreign", &release("2027-02-01", &stranger_key()));
    let signed = server.serve_release("/v1", &release("2027-01-15", &test_key()));
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let bundled = invoke(&window, "app_info", json!({})).unwrap()["rules"].clone();
    assert_eq!(bundled["origin"], "bundled");

    // The address is the project's unless the environment names a mirror (a test server here).
    std::env::set_var("SHEBAO_RULES_URL", &foreign);
    let refused = invoke(&window, "update_rules", json!({})).unwrap_err();
    assert_eq!(refused["code"], "rules_bad_signature", "{refused}");
    let message = refused["message"].as_str().unwrap();
    assert!(message.contains("签名不是本项目的"), "{message}");
    assert_eq!(
        invoke(&window, "app_info", json!({})).unwrap()["rules"],
        bundled
    );

    std::env::set_var("SHEBAO_RULES_URL", &signed);
    let done = invoke(&window, "update_rules", json!({})).unwrap();
    assert_eq!(done["outcome"], "updated", "{done}");
    assert_eq!(done["version"], "2027-01-15");
    let rules = invoke(&window, "app_info", json!({})).unwrap()["rules"].clone();
    assert_eq!(rules["origin"], "updated", "{rules}");
    assert_eq!(rules["version"], "2027-01-15");

    let again = invoke(&window, "update_rules", json!({})).unwrap();
    assert_eq!(again["outcome"], "up_to_date", "{again}");
}
