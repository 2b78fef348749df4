//! Saying why a request failed in the words that help: the deepest cause ("Connection refused
//! (os error 111)", "invalid peer certificate: UnknownIssuer"), without the URL reqwest puts in
//! its own message (the caller names the server its own way).

/// The deepest cause of `error`.
pub fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use std::fmt;

    /// What reqwest does: its own message with the URL, the real cause behind it.
    #[derive(Debug)]
    struct Sending(std::io::Error);

    impl fmt::Display for Sending {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("error sending request for url (http://127.0.0.1:9/v1/)")
        }
    }

    impl std::error::Error for Sending {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn the_deepest_cause_is_named_without_the_url() {
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused here");
        assert_eq!(super::innermost(&Sending(refused)), "refused here");
        let alone = fmt::Error;
        assert_eq!(super::innermost(&alone), alone.to_string());
    }
}
