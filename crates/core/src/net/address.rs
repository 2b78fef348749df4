//! The one check of an address a secret is sent to (a provider's token, a WebDAV password):
//! `https`, except on this machine (`localhost`, 127.0.0.0/8, `::1`), where a user's own
//! gateway or server may speak plain `http`. A secret must not cross a network in clear.
//! Credentials inside the address are refused (they belong in the keyring), and so are a query
//! or a fragment (paths are appended to the address). Each caller words the last two problems
//! for its own place to put credentials and turns the problem into its own error.

use crate::Lang;
use reqwest::Url;

/// Why an address was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not an absolute URL: the parser's words.
    Unparsable(String),
    NoHost,
    /// `http` to another machine.
    PlainHttp,
    /// Neither `https` nor `http`.
    Scheme,
    /// A user name or password inside the address.
    Credentials,
    QueryOrFragment,
}

impl UrlProblem {
    /// What is wrong, in the user's language. The parser's own words (English) only follow a
    /// sentence of ours as a detail.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            UrlProblem::Unparsable(reason) => match lang {
                Lang::Zh => format!("不是完整的网址（详情：{reason}）"),
                Lang::En => format!("not a complete address ({reason})"),
            },
            UrlProblem::NoHost => lang.pick("网址中没有服务器名", "it names no host").into(),
            UrlProblem::PlainHttp => lang
                .pick(
                    "不加密的 http 只能用于本机（localhost），请改用 https",
                    "plain http is only allowed on this machine (localhost); use https",
                )
                .into(),
            UrlProblem::Scheme => lang
                .pick(
                    "只支持 https（本机也可用 http）",
                    "only https (or http on localhost) is supported",
                )
                .into(),
            UrlProblem::Credentials => lang
                .pick(
                    "网址里含有用户名或密码；它们不应写在网址里",
                    "it holds a user name or password, which do not belong in the address",
                )
                .into(),
            UrlProblem::QueryOrFragment => lang
                .pick(
                    "网址里含有 ? 或 # 之后的部分",
                    "it has a ?query or #fragment",
                )
                .into(),
        }
    }
}

impl std::fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label(Lang::En))
    }
}

/// Checks an address as the user typed it (surrounding spaces ignored) and returns it ending
/// in `/`, ready for joining the paths a client appends.
pub fn https_or_loopback(text: &str) -> Result<Url, UrlProblem> {
    let mut url = Url::parse(text.trim()).map_err(|e| UrlProblem::Unparsable(e.to_string()))?;
    let host = url.host_str().ok_or(UrlProblem::NoHost)?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(host) => {}
        "http" => return Err(UrlProblem::PlainHttp),
        _ => return Err(UrlProblem::Scheme),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlProblem::Credentials);
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(UrlProblem::QueryOrFragment);
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Whether `host` (as a URL gives it; IPv6 in brackets) is this machine.
pub fn is_loopback_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_on_this_machine() {
        let ok = |text: &str| https_or_loopback(text).unwrap().to_string();
        assert_eq!(
            ok("https://dav.example.com/dav"),
            "https://dav.example.com/dav/"
        );
        assert_eq!(ok("  https://hr.example.com  "), "https://hr.example.com/");
        assert_eq!(
            ok("http://127.0.0.1:8080/api/"),
            "http://127.0.0.1:8080/api/"
        );
        assert_eq!(ok("http://127.8.9.10"), "http://127.8.9.10/");
        assert_eq!(ok("http://LOCALHOST:9000"), "http://localhost:9000/");
        assert_eq!(ok("http://[::1]:9000"), "http://[::1]:9000/");
        for (bad, problem) in [
            ("http://hr.example.com", UrlProblem::PlainHttp),
            ("http://192.168.1.10", UrlProblem::PlainHttp),
            ("http://[::2]", UrlProblem::PlainHttp),
            // Names that merely start like this machine are another machine.
            ("http://localhost.example.com", UrlProblem::PlainHttp),
            ("http://127.0.0.1.example.com", UrlProblem::PlainHttp),
            ("ftp://hr.example.com", UrlProblem::Scheme),
            ("file:///etc/passwd", UrlProblem::NoHost),
            ("https://me:secret@hr.example.com", UrlProblem::Credentials),
            ("https://me@hr.example.com", UrlProblem::Credentials),
            (
                "https://hr.example.com/?token=x",
                UrlProblem::QueryOrFragment,
            ),
            ("https://hr.example.com/#v1", UrlProblem::QueryOrFragment),
        ] {
            assert_eq!(https_or_loopback(bad), Err(problem), "{bad}");
        }
        match https_or_loopback("hr.example.com") {
            Err(UrlProblem::Unparsable(reason)) => assert!(reason.contains("relative URL")),
            other => panic!("expected a parse problem, got {other:?}"),
        }
    }

    #[test]
    fn every_problem_is_worded_in_both_languages_without_english_in_chinese() {
        for problem in [
            UrlProblem::NoHost,
            UrlProblem::PlainHttp,
            UrlProblem::Scheme,
            UrlProblem::Credentials,
            UrlProblem::QueryOrFragment,
        ] {
            let zh = problem.label(Lang::Zh);
            let en = problem.label(Lang::En);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            assert!(en.is_ascii(), "{en}");
            let words = zh
                .replace("https", "")
                .replace("http", "")
                .replace("localhost", "");
            assert!(!words.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        }
        // The parser's words only as a detail after a sentence of ours.
        let zh = UrlProblem::Unparsable("relative URL without a base".into()).label(Lang::Zh);
        assert_eq!(zh, "不是完整的网址（详情：relative URL without a base）");
        let en = UrlProblem::Unparsable("relative URL without a base".into()).label(Lang::En);
        assert_eq!(en, "not a complete address (relative URL without a base)");
    }

    #[test]
    fn loopback_hosts_are_this_machine_only() {
        for host in [
            "localhost",
            "Localhost",
            "127.0.0.1",
            "127.255.0.3",
            "[::1]",
            "::1",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "example.com",
            "10.0.0.1",
            "0.0.0.0",
            "[::]",
            "localhost6",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
