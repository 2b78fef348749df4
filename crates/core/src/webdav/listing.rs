//! Reading a PROPFIND answer (RFC 4918 `multistatus`): for each `response`, its `href`, whether
//! it is a collection and its `getcontentlength`. Elements are matched by the `DAV:` namespace,
//! whatever prefix the server gives it (`D:`, `d:`, `ns0:`, none); anything else is skipped.

use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

const DAV: Namespace<'static> = Namespace("DAV:");

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DavEntry {
    /// The `href` as sent: a path (`/dav/shebao-backups/x.sbk`) or a whole URL.
    pub href: String,
    /// Its last path segment, percent-decoded.
    pub name: String,
    pub is_collection: bool,
    pub size: Option<u64>,
}

/// The entries of a multistatus document; `Err` with a reason when it is not one.
pub fn parse_multistatus(xml: &str) -> Result<Vec<DavEntry>, String> {
    let mut reader = NsReader::from_str(xml);
    let mut entries = Vec::new();
    let mut current: Option<DavEntry> = None;
    // DAV: elements open around the reader, innermost last.
    let mut open: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut saw_multistatus = false;
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        let is_dav = matches!(ns, ResolveResult::Bound(n) if n == DAV);
        match event {
            Event::Start(element) => {
                let name = element.local_name().as_ref().to_string();
                if is_dav {
                    match name.as_str() {
                        "multistatus" => saw_multistatus = true,
                        "response" => current = Some(DavEntry::default()),
                        _ => {}
                    }
                    open.push(name);
                } else {
                    open.push(String::new());
                }
                text.clear();
            }
            Event::Empty(element) if is_dav && element.local_name().as_ref() == "collection" => {
                if let Some(entry) = current.as_mut() {
                    if open.iter().any(|n| n == "resourcetype") {
                        entry.is_collection = true;
                    }
                }
            }
            Event::Text(content) => text.push_str(&content.xml10_content()),
            Event::CData(content) => text.push_str(&content.xml10_content()),
            Event::GeneralRef(reference) => match reference.as_ref() {
                "amp" => text.push('&'),
                "lt" => text.push('<'),
                "gt" => text.push('>'),
                "quot" => text.push('"'),
                "apos" => text.push('\''),
                other => {
                    // A character reference such as &#37; or &#x25;.
                    let code = other
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| other.strip_prefix('#').and_then(|d| d.parse().ok()));
                    text.push(code.and_then(char::from_u32).unwrap_or('\u{fffd}'));
                }
            },
            Event::End(_) => {
                let name = open.pop().unwrap_or_default();
                if let Some(entry) = current.as_mut() {
                    match name.as_str() {
                        "href" if entry.href.is_empty() => {
                            entry.href = text.trim().to_string();
                            entry.name = last_segment(&entry.href);
                        }
                        "getcontentlength" => entry.size = text.trim().parse().ok(),
                        "collection" if open.iter().any(|n| n == "resourcetype") => {
                            entry.is_collection = true
                        }
                        "response" => {
                            let entry = current.take().expect("inside a response");
                            if entry.href.is_empty() {
                                return Err("a response without an href".into());
                            }
                            entries.push(entry);
                        }
                        _ => {}
                    }
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_multistatus {
        return Err("not a WebDAV multistatus answer".into());
    }
    Ok(entries)
}

/// `/dav/shebao-backups/a%20b.sbk` → `a b.sbk`; a folder's trailing `/` is ignored.
fn last_segment(href: &str) -> String {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let segment = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    percent_decode(segment)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wsgidav_style_with_any_prefix() {
        let xml = r#"<?xml version="1.0" encoding="utf-8" ?>
<ns0:multistatus xmlns:ns0="DAV:"><ns0:response><ns0:href>/dav/shebao-backups/</ns0:href><ns0:propstat><ns0:prop><ns0:resourcetype><ns0:collection /></ns0:resourcetype></ns0:prop><ns0:status>HTTP/1.1 200 OK</ns0:status></ns0:propstat></ns0:response><ns0:response><ns0:href>/dav/shebao-backups/shebao-20261129-033000-123.sbk</ns0:href><ns0:propstat><ns0:prop><ns0:resourcetype /><ns0:getcontentlength>5</ns0:getcontentlength></ns0:prop><ns0:status>HTTP/1.1 200 OK</ns0:status></ns0:propstat></ns0:response></ns0:multistatus>"#;
        let entries = parse_multistatus(xml).unwrap();
        assert_eq!(entries.len(), 2);
        assert!(entries[0].is_collection);
        assert_eq!(entries[0].name, "shebao-backups");
        assert_eq!(
            (
                entries[1].name.as_str(),
                entries[1].is_collection,
                entries[1].size
            ),
            ("shebao-20261129-033000-123.sbk", false, Some(5))
        );
    }

    #[test]
    fn reads_nextcloud_style_default_namespace_and_full_urls() {
        let xml = r#"<?xml version="1.0"?>
<multistatus xmlns="DAV:" xmlns:oc="http://owncloud.org/ns">
 <response>
  <href>https://cloud.example.com/remote.php/dav/files/me/shebao-backups/a%20b.sbk</href>
  <propstat><prop><resourcetype/><getcontentlength>42</getcontentlength><oc:size>42</oc:size></prop>
  <status>HTTP/1.1 200 OK</status></propstat>
  <propstat><prop><getcontenttype/></prop><status>HTTP/1.1 404 Not Found</status></propstat>
 </response>
 <response><href>/x/&amp;y</href><propstat><prop><resourcetype><collection></collection></resourcetype></prop></propstat></response>
</multistatus>"#;
        let entries = parse_multistatus(xml).unwrap();
        assert_eq!(entries[0].name, "a b.sbk");
        assert_eq!(entries[0].size, Some(42));
        assert!(!entries[0].is_collection);
        assert_eq!(entries[1].name, "&y");
        assert!(entries[1].is_collection);
    }

    #[test]
    fn refuses_what_is_not_a_multistatus_without_panicking() {
        for bad in [
            "",
            "<html><body>404</body></html>",
            "<D:multistatus xmlns:D=\"DAV:\"><D:response></D:multistatus>",
            "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:propstat/></D:response></D:multistatus>",
            "<<<",
        ] {
            assert!(parse_multistatus(bad).is_err(), "{bad:?}");
        }
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%E7%A4%BE"), "社");
    }
}
