//! `rules update` against a real HTTP server on loopback: a good signed release becomes the
//! tables in use; every bad one (signature, hash, version, manifest, table, HTTP) is refused with
//! the check that failed, and leaves the tables in use exactly as they were.

#[path = "support/rules_server.rs"]
mod rules_server;

use chrono::{TimeZone, Utc};
use rules_server::{release, stranger_key, tables_at, test_key, RulesServer};
use shebao_core::rules::{
    override_path, update, ActiveRules, Manifest, Origin, RuleSet, RulesError, SetAside,
    TrustedKeys, UpdateOutcome,
};
use shebao_core::{Error, Lang};
use std::path::{Path, PathBuf};

fn trusted() -> TrustedKeys {
    TrustedKeys::only([test_key().verifying_key()])
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 20, 9, 30, 0).unwrap()
}

fn db_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("data").join("shebao.db")
}

fn run(db: &Path, url: &str) -> shebao_core::Result<UpdateOutcome> {
    update(db, url, &trusted(), now())
}

/// The code of the check that refused an update, after checking it is a refusal that says the
/// tables were not changed, in both languages.
fn refusal(result: shebao_core::Result<UpdateOutcome>) -> &'static str {
    let error = result.expect_err("the update should be refused");
    assert!(
        matches!(error, Error::Rules(RulesError::UpdateRefused(_))),
        "{error:?}"
    );
    assert!(error
        .message(Lang::En)
        .ends_with("the rule tables in use were not changed"));
    assert!(error
        .message(Lang::Zh)
        .ends_with("正在使用的规则表没有改动"));
    error.code()
}

/// The override file's bytes (None when absent): "unchanged" means byte for byte.
fn stored(db: &Path) -> Option<Vec<u8>> {
    std::fs::read(override_path(db)).ok()
}

#[test]
fn a_good_release_becomes_the_tables_in_use() {
    let server = RulesServer::start();
    let url = server.serve_release("/v1", &release("2027-01-15", &test_key()));
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(&dir);

    let before = ActiveRules::load(&db, &trusted());
    assert_eq!(before.origin, Origin::Bundled);
    assert_eq!(before.version(), RuleSet::bundled().version());

    let outcome = run(&db, &url).unwrap();
    assert_eq!(
        outcome,
        UpdateOutcome::Updated {
            previous: RuleSet::bundled().version(),
            version: "2027-01-15".parse().unwrap(),
            files: 8,
        }
    );
    assert!(override_path(&db).ends_with("data/shebao.db.rules.json"));
    let active = ActiveRules::load(&db, &trusted());
    assert_eq!(active.version().to_string(), "2027-01-15");
    assert_eq!(
        active.origin,
        Origin::Updated {
            source: url.clone(),
            fetched_at: "2027-01-20T09:30:00Z".into(),
            published: "2027-01-15T08:00:00Z".into(),
        }
    );
    assert_eq!(active.set_aside, None);
    assert_eq!(active.regions.len(), RuleSet::bundled().regions.len());

    // The same release again: up to date, nothing rewritten, no table fetched.
    let bytes = stored(&db);
    server.requests.lock().unwrap().clear();
    assert_eq!(
        run(&db, &url).unwrap(),
        UpdateOutcome::UpToDate {
            version: "2027-01-15".parse().unwrap()
        }
    );
    assert_eq!(stored(&db), bytes);
    assert_eq!(*server.requests.lock().unwrap(), ["/v1/manifest.json"]);

    // A build that does not trust the signing key ignores the stored set, and says why.
    let stranger = ActiveRules::load(&db, &TrustedKeys::only([stranger_key().verifying_key()]));
    assert_eq!(stranger.origin, Origin::Bundled);
    match &stranger.set_aside {
        Some(SetAside::Damaged { problem, .. }) => {
            assert_eq!(problem.code(), "rules_bad_signature")
        }
        other => panic!("{other:?}"),
    }
}

/// Serves every kind of bad release under its own folder; returns `(what, manifest url, code)`.
fn bad_releases(server: &RulesServer, version: &str) -> Vec<(&'static str, String, &'static str)> {
    let mut cases = Vec::new();

    let foreign = release(version, &stranger_key());
    cases.push((
        "signed by another key",
        server.serve_release("/foreign", &foreign),
        "rules_bad_signature",
    ));

    // A valid signature over one version, with the manifest edited to claim another.
    let good = release(version, &test_key());
    let mut edited = good.clone();
    edited.manifest.version = "2099-01-01".parse().unwrap();
    cases.push((
        "manifest edited after signing",
        server.serve_release("/edited", &edited),
        "rules_bad_signature",
    ));

    // The manifest is right, but a table served differs from its signed hash.
    let url = server.serve_release("/hash", &good);
    let mut swapped = good.files[0].1.clone();
    swapped = swapped.replacen("\"title\"", "\"title\" ", 1);
    server.serve("/hash/national.json", swapped);
    cases.push(("a table not matching its hash", url, "rules_bad_hash"));

    cases.push((
        "an older version, validly signed",
        server.serve_release("/older", &release("2026-06-01", &test_key())),
        "rules_older",
    ));

    server.serve("/garbage/manifest.json", "{\"format\": 1, \"version\": ");
    cases.push((
        "a truncated manifest",
        server.url("/garbage/manifest.json"),
        "rules_bad_manifest",
    ));
    server.serve("/html/manifest.json", "<html>Portal maintenance</html>");
    cases.push((
        "an HTML page",
        server.url("/html/manifest.json"),
        "rules_bad_manifest",
    ));
    let mut unlisted: serde_json::Value = serde_json::to_value(&good.manifest).unwrap();
    unlisted.as_object_mut().unwrap().remove("files");
    server.serve("/nofiles/manifest.json", unlisted.to_string());
    cases.push((
        "a manifest without files",
        server.url("/nofiles/manifest.json"),
        "rules_bad_manifest",
    ));

    // Signed and hashed correctly, but the tables themselves are invalid: 计发月数 rising.
    let mut broken = tables_at(version);
    let mut national: serde_json::Value = serde_json::from_str(&broken[0].1).unwrap();
    national["pension_divisor"]["months_by_age"]["47"] = 300.into();
    broken[0].1 = national.to_string();
    cases.push((
        "an invalid table, signed",
        serve_unchecked(server, "/invalid", version, &broken),
        "invalid_rule_table",
    ));

    // Signed and hashed, but the manifest claims a newer version than its tables carry.
    cases.push((
        "a manifest claiming a version its tables do not have",
        serve_unchecked(server, "/claims", "2099-12-31", &tables_at(version)),
        "rules_bad_manifest",
    ));

    let url = server.serve_release("/missing", &good);
    server.serve_status("/missing/regions/chengdu.json", 404, "gone");
    cases.push(("a table missing on the server", url, "rules_fetch_failed"));

    server.serve_status("/down/manifest.json", 503, "busy");
    cases.push((
        "a server error",
        server.url("/down/manifest.json"),
        "rules_fetch_failed",
    ));

    let url = server.serve_release("/huge", &good);
    server.serve("/huge/national.json", vec![b' '; 2 * 1024 * 1024]);
    cases.push(("a table far too large", url, "rules_fetch_failed"));

    cases
}

/// Signs `files` as `version` without the publisher's validation, as a careless or hostile
/// publisher holding the key could.
fn serve_unchecked(
    server: &RulesServer,
    dir: &str,
    version: &str,
    files: &[(String, String)],
) -> String {
    let listed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let manifest = Manifest::sign(
        version.parse().unwrap(),
        "2027-01-15T08:00:00Z",
        &listed,
        &test_key(),
    )
    .unwrap();
    server.serve(
        &format!("{dir}/manifest.json"),
        serde_json::to_string(&manifest).unwrap(),
    );
    for (name, text) in files {
        server.serve(&format!("{dir}/{name}"), text.clone());
    }
    server.url(&format!("{dir}/manifest.json"))
}

#[test]
fn bad_releases_are_refused_and_nothing_is_written() {
    let server = RulesServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(&dir);
    for (what, url, code) in bad_releases(&server, "2027-01-15") {
        assert_eq!(refusal(run(&db, &url)), code, "{what}");
        assert_eq!(stored(&db), None, "{what}: something was written");
        let active = ActiveRules::load(&db, &trusted());
        assert_eq!(active.origin, Origin::Bundled, "{what}");
    }
    // No temporary file was left behind either.
    if let Ok(entries) = std::fs::read_dir(dir.path().join("data")) {
        assert_eq!(entries.count(), 0);
    }
}

#[test]
fn bad_releases_leave_an_earlier_update_in_use() {
    let server = RulesServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(&dir);
    let first = server.serve_release("/v1", &release("2027-01-15", &test_key()));
    run(&db, &first).unwrap();
    let before = stored(&db).unwrap();
    for (what, url, code) in bad_releases(&server, "2027-02-01") {
        assert_eq!(refusal(run(&db, &url)), code, "{what}");
        assert_eq!(
            stored(&db).as_ref(),
            Some(&before),
            "{what}: the stored tables changed"
        );
        let active = ActiveRules::load(&db, &trusted());
        assert_eq!(active.version().to_string(), "2027-01-15", "{what}");
        assert!(matches!(active.origin, Origin::Updated { .. }), "{what}");
    }
    // Going back to the first update's own version is "up to date"; before it, "older".
    let rollback = server.serve_release("/rollback", &release("2027-01-10", &test_key()));
    assert_eq!(refusal(run(&db, &rollback)), "rules_older");
}

#[test]
fn unreachable_servers_and_bad_addresses_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(&dir);
    // A port that was just free: nothing listens there any more.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let code = refusal(run(&db, &format!("http://{closed}/manifest.json")));
    assert_eq!(code, "rules_fetch_failed");
    assert_eq!(refusal(run(&db, "file:///etc/passwd")), "rules_bad_url");
    assert_eq!(refusal(run(&db, "not a url")), "rules_bad_url");
    assert_eq!(stored(&db), None);
}

#[test]
fn a_damaged_stored_set_falls_back_to_the_bundled_tables_and_says_so() {
    let server = RulesServer::start();
    let url = server.serve_release("/v1", &release("2027-01-15", &test_key()));
    let dir = tempfile::tempdir().unwrap();
    let db = db_in(&dir);
    run(&db, &url).unwrap();
    let path = override_path(&db);
    let good = std::fs::read_to_string(&path).unwrap();

    // An edited table inside the stored file: its hash no longer matches.
    let mut edited: serde_json::Value = serde_json::from_str(&good).unwrap();
    assert_eq!(edited["files"][2]["name"], "regions/beijing.json");
    let text = edited["files"][2]["text"].as_str().unwrap();
    assert!(text.contains("北京"));
    edited["files"][2]["text"] = text.replacen("北京", "南京", 1).into();
    let cases = [
        ("an edited table", edited.to_string(), "rules_bad_hash"),
        (
            "a truncated file",
            good[..good.len() / 2].to_string(),
            "rules_bad_manifest",
        ),
        (
            "another JSON file",
            "{\"format\": \"x\"}".to_string(),
            "rules_bad_manifest",
        ),
    ];
    for (what, content, code) in cases {
        std::fs::write(&path, content).unwrap();
        let active = ActiveRules::load(&db, &trusted());
        assert_eq!(active.origin, Origin::Bundled, "{what}");
        assert_eq!(active.version(), RuleSet::bundled().version(), "{what}");
        let aside = active.set_aside.clone().expect("says why");
        match &aside {
            SetAside::Damaged { path: p, problem } => {
                assert_eq!(p, &path);
                assert_eq!(problem.code(), code, "{what}: {problem}");
            }
            other => panic!("{what}: {other:?}"),
        }
        assert!(aside.message(Lang::En).contains("using the bundled tables"));
        assert!(aside.message(Lang::Zh).contains("现使用内置规则表"));
    }

    // `rules update` mends it: the damaged set does not count as the version in use.
    assert!(matches!(
        run(&db, &url).unwrap(),
        UpdateOutcome::Updated { .. }
    ));
    assert_eq!(ActiveRules::load(&db, &trusted()).set_aside, None);
}
