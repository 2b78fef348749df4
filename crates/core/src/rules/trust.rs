//! Whose signature makes downloaded rule tables trustworthy.
//!
//! The rule tables decide retirement dates and pension estimates, so a table from the network is
//! used only when it is signed by the project's Ed25519 key, whose public half is compiled in
//! here. The private half is kept offline by the maintainers (docs/rules.md, "Publishing an
//! update"); it is in no repository. Tests sign with a separate, public test key, which a build
//! trusts only with the `trust-test-rules-key` feature (enabled for the CLI's tests, never for a
//! release).

use ed25519_dalek::pkcs8::DecodePrivateKey;
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};

/// The project's rule-signing public key (Ed25519, 32 bytes in hex).
const PROJECT_KEY: &str = "a7d7193a184b53f000b1a7662e15090ea785f4abf618ffe12ec47e081077155a";

/// The public half of `crates/core/tests/fixtures/rules/test-signing-key.pem`. Its private half
/// is in the repository for the tests, so it proves nothing; only test builds trust it.
pub const TEST_KEY: &str = "7121cc689f095c6ee654f8fefd757517c642dfdd74ca8d8d98de3d8082080ed9";

/// The public keys whose signatures are accepted.
#[derive(Debug, Clone)]
pub struct TrustedKeys {
    keys: Vec<VerifyingKey>,
}

impl TrustedKeys {
    /// What this build trusts: the project's key (and the test key in test builds).
    pub fn project() -> TrustedKeys {
        #[allow(unused_mut)]
        let mut keys = vec![PROJECT_KEY];
        #[cfg(feature = "trust-test-rules-key")]
        keys.push(TEST_KEY);
        TrustedKeys {
            keys: keys
                .into_iter()
                .map(|hex| public_key_from_hex(hex).expect("a compiled-in key is valid"))
                .collect(),
        }
    }

    /// Exactly these keys (tests, and a publisher checking their own signature).
    pub fn only(keys: impl IntoIterator<Item = VerifyingKey>) -> TrustedKeys {
        TrustedKeys {
            keys: keys.into_iter().collect(),
        }
    }

    /// Whether one of the keys signed `message`. Strict verification: no malleable or
    /// small-order signatures, which RFC 8032's lax rules would let through.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> bool {
        self.keys
            .iter()
            .any(|key| key.verify_strict(message, signature).is_ok())
    }
}

/// A signing key from the PKCS#8 PEM text `openssl genpkey -algorithm ed25519` writes.
pub fn signing_key_from_pem(pem: &str) -> Result<SigningKey, String> {
    SigningKey::from_pkcs8_pem(pem).map_err(|e| format!("not an Ed25519 private key in PEM: {e}"))
}

/// A public key from 64 hex digits.
pub fn public_key_from_hex(hex: &str) -> Result<VerifyingKey, String> {
    let bytes: [u8; 32] = super::hex::decode(hex)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| format!("{hex:?} is not 32 bytes in hex"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|e| format!("not an Ed25519 public key: {e}"))
}

/// The public key in hex, as `PROJECT_KEY` is written.
pub fn public_key_hex(key: &VerifyingKey) -> String {
    super::hex::encode(key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::Signer;

    const TEST_PEM: &str = include_str!("../../tests/fixtures/rules/test-signing-key.pem");

    #[test]
    fn the_test_key_file_is_the_test_key() {
        let key = signing_key_from_pem(TEST_PEM).unwrap();
        assert_eq!(public_key_hex(&key.verifying_key()), TEST_KEY);
    }

    #[test]
    fn the_project_key_is_not_the_test_key_and_does_not_accept_its_signatures() {
        assert_ne!(PROJECT_KEY, TEST_KEY);
        let key = signing_key_from_pem(TEST_PEM).unwrap();
        let signature = key.sign(b"tables");
        let project_only = TrustedKeys::only([public_key_from_hex(PROJECT_KEY).unwrap()]);
        assert!(!project_only.verify(b"tables", &signature));
        let test_only = TrustedKeys::only([key.verifying_key()]);
        assert!(test_only.verify(b"tables", &signature));
        assert!(!test_only.verify(b"tables!", &signature));
    }

    #[test]
    fn release_builds_trust_only_the_project_key() {
        let trusted = TrustedKeys::project();
        let expected = if cfg!(feature = "trust-test-rules-key") {
            2
        } else {
            1
        };
        assert_eq!(trusted.keys.len(), expected);
        assert_eq!(public_key_hex(&trusted.keys[0]), PROJECT_KEY);
    }

    #[test]
    fn bad_keys_are_refused_with_a_reason() {
        assert!(signing_key_from_pem(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
        )
        .is_err());
        assert!(public_key_from_hex("abcd").is_err());
        assert!(public_key_from_hex(&"zz".repeat(32)).is_err());
    }
}
