//! shebao-core: everything that matters in Shebao Ledger, with no Tauri in sight.
//!
//! Data flows one way: sources (files, and providers over HTTP: [`sync`]) → ingest → [`store`] → [`analysis`] → shell/CLI → UI, with the
//! [`rules`] tables (bundled, sourced) beside them.
//! The desktop shell (`src-tauri/`) and the CLI (`crates/cli`) are thin doors into this crate:
//! a feature is written here once and exposed by a command in each.

pub mod analysis;
pub mod charts;
pub mod demo;
pub mod error;
pub mod export;
pub mod file_names;
pub mod fonts;
pub mod fs;
pub mod ingest;
pub mod lang;
pub mod model;
pub mod net;
pub mod paths;
pub mod profile_analysis;
pub mod reason;
pub mod regions;
pub mod remedy;
pub mod rules;
pub mod secrets;
pub mod store;
pub mod sync;
pub mod synthetic;
pub mod vault;
pub mod webdav;

pub use error::{Error, Result};
pub use lang::Lang;
pub use remedy::Remedy;
pub use store::Store;
