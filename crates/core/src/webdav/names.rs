//! Names of backup archives on the server: `shebao-20261129-033000-123.sbk`, by UTC time (the
//! name, not the server's clock, orders them). An upload goes first to the same name with
//! `.uploading` after it and is moved to its real name only once whole, so a name of the first
//! form is always a complete upload, and a listing never shows a partial one as a backup.

use chrono::{DateTime, NaiveDateTime, Utc};

/// The folder inside the user's WebDAV folder.
pub const FOLDER: &str = "shebao-backups";
const PREFIX: &str = "shebao-";
const EXTENSION: &str = ".sbk";
const UPLOADING: &str = ".uploading";
const STAMP_FORMAT: &str = "%Y%m%d-%H%M%S-%3f";
const STAMP_LEN: usize = 19;

/// The archive name for a backup taken at `at`.
pub fn archive_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{EXTENSION}", at.format(STAMP_FORMAT))
}

/// Where an archive is uploaded before it is moved to `name`.
pub fn uploading_name(name: &str) -> String {
    format!("{name}{UPLOADING}")
}

/// The time in an archive's name; `None` for any other name (an upload in progress, a foreign
/// file, anything with a path in it).
pub fn parse_archive_name(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(EXTENSION)?;
    if stamp.len() != STAMP_LEN {
        return None;
    }
    NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT)
        .ok()
        .map(|t| t.and_utc())
}

/// The time of an upload left unfinished (its temporary name), for cleaning up.
pub fn parse_uploading_name(name: &str) -> Option<DateTime<Utc>> {
    parse_archive_name(name.strip_suffix(UPLOADING)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_nothing_else_parses() {
        let at: DateTime<Utc> = "2026-11-29T03:30:00.123Z".parse().unwrap();
        let name = archive_name(at);
        assert_eq!(name, "shebao-20261129-033000-123.sbk");
        assert_eq!(parse_archive_name(&name), Some(at));
        let uploading = uploading_name(&name);
        assert_eq!(parse_archive_name(&uploading), None, "never a backup");
        assert_eq!(parse_uploading_name(&uploading), Some(at));
        for foreign in [
            "",
            "shebao-.sbk",
            "notes.txt",
            "shebao-20261129-033000-123.db",
            "../shebao-20261129-033000-123.sbk",
            "shebao-20261329-033000-123.sbk",
            "shebao-20261129-033000-1234.sbk",
            "shebao-20261129-033000-123.sbk/",
        ] {
            assert_eq!(parse_archive_name(foreign), None, "{foreign}");
        }
    }
}
