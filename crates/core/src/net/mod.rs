//! What every part that talks HTTP shares: which addresses may be used ([`address`]: https, or
//! plain http only on this machine), reading a reply with a ceiling ([`body`]), naming why a
//! request failed ([`cause`]) and the TLS crypto provider ([`tls`]). Provider sync, WebDAV
//! backups and rules updates each keep their own client, errors and limits; none of them
//! depends on another for these.

pub mod address;
pub mod body;
pub mod cause;
pub mod tls;

pub use address::{https_or_loopback, is_loopback_host, UrlProblem};
pub use body::{read_capped, BodyError};
pub use cause::innermost;
pub use tls::install_crypto_provider;
