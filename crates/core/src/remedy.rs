//! What the user can do about an error or a missing input, as data. The core's messages say
//! what is wrong; the way out depends on the face: the CLI names a flag, an environment variable
//! or a command (`crates/cli/src/remedy.rs`), the window names a place in its own views
//! (`ui/i18n/*.js`, keys `remedy.*`). So the core never prints a flag into a message the window
//! would show.
//!
//! Serialised as `{"remedy": "<snake_case>", …fields}`: the shell sends it as an error's
//! `details`. (Deserialize only lets a test check the window's names against this list.)

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "remedy", rename_all = "snake_case")]
pub enum Remedy {
    /// Say which database file to use (the system names no data directory).
    GiveDataFile,
    /// Give the passphrase of the encrypted database.
    GivePassphrase,
    /// A passphrase was given for a plain database: encrypt it, or stop giving one.
    EncryptOrDropPassphrase,
    /// The database is already encrypted: change its passphrase instead.
    ChangePassphrase,
    /// Restore this backup (the newest good one, found beside the damaged database).
    RestoreBackup { file: PathBuf },
    /// Download the rule tables again.
    UpdateRules,
    /// The statement names another person: import it anyway if it is right.
    ImportAnyway,
    /// The file holds several people's records: import it per person.
    ImportPerPerson,
    /// A per-person import found people without a profile: create them.
    CreateProfiles,
    /// A per-person import found a name a profile has: say it is that profile.
    MatchNames,
    /// Set up (or set up again) the WebDAV server, user and password.
    SetUpWebDav,
    /// Give the WebDAV password for this one run.
    GiveWebDavPassword,
    /// Give the backup passphrase that seals or opens a WebDAV backup.
    GiveBackupPassphrase,
    /// See which backups the WebDAV server holds.
    ListWebDavBackups,
    /// See which HTTP sources exist.
    ListSources,
    /// Add an HTTP source first.
    AddSource,
    /// Give the source's token for this one run.
    GiveSourceToken,
    /// The source serves another person's records: sync anyway if it is right.
    SyncAnyway,
    /// The OS keyring is needed to keep a source's token (or the CLI can read it elsewhere).
    SourceTokenNeedsKeyring,
    /// The OS keyring is needed to keep the WebDAV password (or the CLI can read it elsewhere).
    WebDavPasswordNeedsKeyring,
    /// The WebDAV address held a user name or password: give them apart from the address.
    WebDavCredentialsApart,
    /// A source's address held a user name or password: give the token apart from it.
    SourceTokenApart,
    /// Give the region's pension benefit base (计发基数) for the estimate.
    GiveBenefitBase,
    /// Give the contribution index of the months still to pay, for the estimate.
    GiveFutureIndex,
    /// Give the whole-career average contribution index (平均缴费指数), for the estimate.
    GiveAverageIndex,
}

impl Remedy {
    /// The snake_case name, as in the JSON (`"give_passphrase"`).
    pub fn name(&self) -> &'static str {
        match self {
            Remedy::GiveDataFile => "give_data_file",
            Remedy::GivePassphrase => "give_passphrase",
            Remedy::EncryptOrDropPassphrase => "encrypt_or_drop_passphrase",
            Remedy::ChangePassphrase => "change_passphrase",
            Remedy::RestoreBackup { .. } => "restore_backup",
            Remedy::UpdateRules => "update_rules",
            Remedy::ImportAnyway => "import_anyway",
            Remedy::ImportPerPerson => "import_per_person",
            Remedy::CreateProfiles => "create_profiles",
            Remedy::MatchNames => "match_names",
            Remedy::SetUpWebDav => "set_up_web_dav",
            Remedy::GiveWebDavPassword => "give_web_dav_password",
            Remedy::GiveBackupPassphrase => "give_backup_passphrase",
            Remedy::ListWebDavBackups => "list_web_dav_backups",
            Remedy::ListSources => "list_sources",
            Remedy::AddSource => "add_source",
            Remedy::GiveSourceToken => "give_source_token",
            Remedy::SyncAnyway => "sync_anyway",
            Remedy::SourceTokenNeedsKeyring => "source_token_needs_keyring",
            Remedy::WebDavPasswordNeedsKeyring => "web_dav_password_needs_keyring",
            Remedy::WebDavCredentialsApart => "web_dav_credentials_apart",
            Remedy::SourceTokenApart => "source_token_apart",
            Remedy::GiveBenefitBase => "give_benefit_base",
            Remedy::GiveFutureIndex => "give_future_index",
            Remedy::GiveAverageIndex => "give_average_index",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_is_the_snake_case_name_with_the_fields() {
        assert_eq!(
            serde_json::to_value(Remedy::GivePassphrase).unwrap(),
            serde_json::json!({"remedy": "give_passphrase"})
        );
        assert_eq!(
            serde_json::to_value(Remedy::RestoreBackup {
                file: "/data/backups/auto-1.db".into()
            })
            .unwrap(),
            serde_json::json!({"remedy": "restore_backup", "file": "/data/backups/auto-1.db"})
        );
        let all = [
            Remedy::GiveDataFile,
            Remedy::GivePassphrase,
            Remedy::EncryptOrDropPassphrase,
            Remedy::ChangePassphrase,
            Remedy::RestoreBackup { file: "f".into() },
            Remedy::UpdateRules,
            Remedy::ImportAnyway,
            Remedy::ImportPerPerson,
            Remedy::CreateProfiles,
            Remedy::MatchNames,
            Remedy::SetUpWebDav,
            Remedy::GiveWebDavPassword,
            Remedy::GiveBackupPassphrase,
            Remedy::ListWebDavBackups,
            Remedy::ListSources,
            Remedy::AddSource,
            Remedy::GiveSourceToken,
            Remedy::SyncAnyway,
            Remedy::SourceTokenNeedsKeyring,
            Remedy::WebDavPasswordNeedsKeyring,
            Remedy::WebDavCredentialsApart,
            Remedy::SourceTokenApart,
            Remedy::GiveBenefitBase,
            Remedy::GiveFutureIndex,
            Remedy::GiveAverageIndex,
        ];
        for remedy in all {
            assert_eq!(
                serde_json::to_value(&remedy).unwrap()["remedy"],
                remedy.name()
            );
        }
    }

    /// The estimate says which input is missing; the flag that gives it is the CLI's to name.
    #[test]
    fn the_estimates_missing_inputs_name_no_flag_and_carry_their_remedy() {
        use crate::analysis::standing::estimate::Missing;
        use crate::Lang;
        let cases = [
            (
                Missing::BenefitBase {
                    region: "杭州市".into(),
                },
                Some(Remedy::GiveBenefitBase),
            ),
            (
                Missing::FutureIndex {
                    region: "杭州市".into(),
                },
                Some(Remedy::GiveFutureIndex),
            ),
            (Missing::FutureBase, Some(Remedy::GiveFutureIndex)),
            (Missing::Base { months: 3 }, Some(Remedy::GiveAverageIndex)),
        ];
        for (missing, remedy) in cases {
            assert_eq!(missing.remedy(), remedy, "{missing:?}");
            for lang in [Lang::Zh, Lang::En] {
                let label = missing.label(lang);
                assert!(!label.contains("--"), "{label}");
            }
        }
    }
}
