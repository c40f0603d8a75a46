//! One indicator in its canonical form, so that two feeds' spellings of it compare equal.

use std::borrow::Cow;
use std::fmt::Write;
use std::net::{IpAddr, Ipv6Addr};

use serde::Serialize;

/// What an indicator is, as recognised from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Ip,
    Domain,
    Url,
    Email,
    /// MD5, SHA-1, SHA-256 or SHA-512 in hexadecimal.
    Hash,
    /// Anything else (a CIDR block, a file name, a registry key…), kept as written once refanged.
    Other,
}

/// A normalised indicator; its kind follows from its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Indicator {
    kind: Kind,
    value: String,
}

impl Indicator {
    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn into_value(self) -> String {
        self.value
    }
}

/// Normalises one indicator: trimmed, refanged, then by kind: IP addresses canonical (an
/// IPv4-mapped IPv6 address becomes IPv4, a /32 or /128 block its address), domains, e-mail
/// addresses and hashes lowercase, URLs with a lowercase scheme and host, without a default port
/// and without the `/` of an empty path. `None` for an empty text.
pub fn normalise(raw: &str) -> Option<Indicator> {
    let mut value = String::new();
    let kind = normalise_into(raw, &mut value)?;
    Some(Indicator { kind, value })
}

/// [`normalise`] into a buffer that the caller reuses (`out` is cleared first): for reading
/// millions of values without an allocation each.
pub fn normalise_into(raw: &str, out: &mut String) -> Option<Kind> {
    out.clear();
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    let refanged = refang(trimmed);
    let text = refanged.trim();
    if text.is_empty() {
        return None;
    }
    Some(classify(text, out))
}

/// Writes the canonical form of `text` to the empty `out` and says what it is.
fn classify(text: &str, out: &mut String) -> Kind {
    // One pass over the bytes tells which kinds are possible at all.
    let (mut all_hex, mut ip_chars, mut colon, mut at) = (true, true, None, false);
    for (i, b) in text.bytes().enumerate() {
        let hex = b.is_ascii_hexdigit();
        all_hex &= hex;
        ip_chars &= hex || matches!(b, b'.' | b':' | b'/' | b'[' | b']');
        if b == b':' && colon.is_none() {
            colon = Some(i);
        }
        at |= b == b'@';
    }
    if ip_chars && write_ip(text, out) {
        return Kind::Ip;
    }
    if colon.is_some_and(|colon| write_url(text, colon, out)) {
        return Kind::Url;
    }
    out.clear();
    if all_hex && matches!(text.len(), 32 | 40 | 64 | 128) {
        out.push_str(text);
        out.make_ascii_lowercase();
        Kind::Hash
    } else if at && is_email(text) {
        push_lowercase(text, out);
        Kind::Email
    } else if let Some(name) = domain_name(text) {
        push_lowercase(name, out);
        Kind::Domain
    } else {
        out.push_str(text);
        Kind::Other
    }
}

fn push_lowercase(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&text.to_lowercase());
    }
}

/// Undoes the usual defanging: `hxxp(s)://` at the start, `[.]` `(.)` `{.}` `[dot]` → `.`, `[:]` →
/// `:`, `[://]` → `://`, `[at]` `[@]` → `@` (letters in any case).
pub fn refang(text: &str) -> Cow<'_, str> {
    let hxxp = text
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("hxxp"));
    let is_open = |b: u8| matches!(b, b'[' | b'(' | b'{');
    if !hxxp && !text.bytes().any(is_open) {
        return Cow::Borrowed(text);
    }
    const REPLACEMENTS: [(&str, &str); 8] = [
        ("[.]", "."),
        ("(.)", "."),
        ("{.}", "."),
        ("[dot]", "."),
        ("[://]", "://"),
        ("[:]", ":"),
        ("[at]", "@"),
        ("[@]", "@"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    if hxxp {
        out.push_str("http");
        rest = &text[4..];
    }
    // Brackets are ASCII, so every position found is a character boundary.
    'scan: while let Some(open) = rest.bytes().position(is_open) {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        for (from, to) in REPLACEMENTS {
            if rest
                .get(..from.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(from))
            {
                out.push_str(to);
                rest = &rest[from.len()..];
                continue 'scan;
            }
        }
        out.push_str(&rest[..1]);
        rest = &rest[1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Writes the canonical text of an IP address (also written `[v6]`, or as a /32 or /128 block).
fn write_ip(text: &str, out: &mut String) -> bool {
    let text = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    let address = match text.split_once('/') {
        Some((address, "32")) if !address.contains(':') => address,
        Some((address, "128")) if address.contains(':') => address,
        Some(_) => return false,
        None => text,
    };
    match address.parse::<IpAddr>() {
        // The IPv4 parser accepts only the canonical dotted-decimal form (no leading zeros).
        Ok(IpAddr::V4(_)) => out.push_str(address),
        Ok(IpAddr::V6(v6)) => write_ipv6(v6, false, out),
        Err(_) => return false,
    }
    true
}

/// An IPv6 address as RFC 5952 writes it (in brackets for a URL host), or IPv4 if it is mapped.
fn write_ipv6(v6: Ipv6Addr, bracketed: bool, out: &mut String) {
    let _ = match (v6.to_ipv4_mapped(), bracketed) {
        (Some(v4), _) => write!(out, "{v4}"),
        (None, false) => write!(out, "{v6}"),
        (None, true) => write!(out, "[{v6}]"),
    };
}

fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !local.contains(|c: char| c.is_whitespace() || c == '/' || c == ':')
                && domain_name(domain).is_some()
        }
        None => false,
    }
}

/// A host name of at least two labels, the last not numeric, without its final dot.
fn domain_name(text: &str) -> Option<&str> {
    let name = text.strip_suffix('.').unwrap_or(text);
    if name.is_empty() || name.len() > 253 {
        return None;
    }
    let mut labels = 0;
    let mut last = "";
    for label in name.split('.') {
        let allowed = if label.is_ascii() {
            label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        } else {
            label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        };
        let valid = allowed
            && (1..=63).contains(&label.len())
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !valid {
            return None;
        }
        labels += 1;
        last = label;
    }
    if labels < 2 || last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(name)
}

/// Writes `scheme://[userinfo@]host[:port][path][?query][#fragment]` with a lowercase scheme and
/// host, no default port, no `/` for an empty path; path, query and fragment keep their case.
/// False (with `out` in any state) when the text is not such a URL; `colon` is where the first `:`
/// is.
fn write_url(text: &str, colon: usize, out: &mut String) -> bool {
    let Some(rest) = text[colon + 1..].strip_prefix("//") else {
        return false;
    };
    let scheme = &text[..colon];
    let mut chars = scheme.chars();
    let valid_scheme = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return false;
    }
    let authority_end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let (authority, mut tail) = rest.split_at(authority_end);
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, authority),
    };
    let Some((host, port)) = split_host_port(host_port) else {
        return false;
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return false;
    }
    let start = out.len();
    out.push_str(scheme);
    out[start..].make_ascii_lowercase();
    let port = match port {
        Some(port) if !port.is_empty() => match port.parse::<u16>() {
            Ok(number) => (default_port(&out[start..]) != Some(number)).then_some(number),
            Err(_) => return false,
        },
        _ => None,
    };
    out.push_str("://");
    if let Some(userinfo) = userinfo {
        out.push_str(userinfo);
        out.push('@');
    }
    write_host(host, out);
    if let Some(port) = port {
        let _ = write!(out, ":{port}");
    }
    if tail == "/" || tail.starts_with("/?") || tail.starts_with("/#") {
        tail = &tail[1..];
    }
    out.push_str(tail);
    true
}

/// Splits `host[:port]` or `[v6][:port]`; `None` for an unclosed `[`.
fn split_host_port(text: &str) -> Option<(&str, Option<&str>)> {
    if let Some(bracketed) = text.strip_prefix('[') {
        let (host, after) = bracketed.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(port) => Some((host, Some(port))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    Some(match text.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (text, None),
    })
}

fn write_host(host: &str, out: &mut String) {
    if let Ok(v6) = host.parse::<Ipv6Addr>() {
        write_ipv6(v6, true, out);
    } else {
        // An IPv4 host that parses is already canonical; a name loses its final dot.
        push_lowercase(host.strip_suffix('.').unwrap_or(host), out);
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(raw: &str, kind: Kind, expected: &str) {
        let indicator = normalise(raw).expect("not empty");
        assert_eq!(
            (indicator.kind(), indicator.value()),
            (kind, expected),
            "{raw}"
        );
    }

    #[test]
    fn refang_undoes_the_usual_defanging() {
        assert_eq!(refang("hxxp://evil[.]com"), "http://evil.com");
        assert_eq!(refang("hXXps[://]a(.)b{.}c"), "https://a.b.c");
        assert_eq!(refang("1[.]2[.]3[.]4"), "1.2.3.4");
        assert_eq!(refang("x[at]y[dot]org"), "x@y.org");
        assert_eq!(refang("a[@]b[DOT]c"), "a@b.c");
        assert_eq!(refang("fe80[:]:1"), "fe80::1");
        assert!(matches!(refang("plain.example"), Cow::Borrowed(_)));
        assert_eq!(
            refang("[x]é[.]"),
            "[x]é.",
            "non-ASCII and unknown brackets survive"
        );
    }

    #[test]
    fn ips_are_canonical() {
        check(" 10.0.0.1 ", Kind::Ip, "10.0.0.1");
        check("10[.]0[.]0[.]1", Kind::Ip, "10.0.0.1");
        check("2001:DB8:0:0:0:0:0:1", Kind::Ip, "2001:db8::1");
        check("[2001:db8::1]", Kind::Ip, "2001:db8::1");
        check("::ffff:192.0.2.7", Kind::Ip, "192.0.2.7");
        check("::FFFF:c000:0207", Kind::Ip, "192.0.2.7");
        check("192.0.2.7/32", Kind::Ip, "192.0.2.7");
        check("2001:db8::1/128", Kind::Ip, "2001:db8::1");
        check("192.0.2.0/24", Kind::Other, "192.0.2.0/24");
        check("300.1.1.1", Kind::Other, "300.1.1.1");
    }

    #[test]
    fn domains_emails_and_hashes_are_lowercase() {
        check("Evil.Example.COM", Kind::Domain, "evil.example.com");
        check("evil.example.com.", Kind::Domain, "evil.example.com");
        check(
            "xn--bcher-kva.Example",
            Kind::Domain,
            "xn--bcher-kva.example",
        );
        check(
            "Bad[.]Actor[at]Mail.Example",
            Kind::Email,
            "bad.actor@mail.example",
        );
        check(
            "D41D8CD98F00B204E9800998ECF8427E",
            Kind::Hash,
            "d41d8cd98f00b204e9800998ecf8427e",
        );
        check(&"A".repeat(40), Kind::Hash, &"a".repeat(40));
        check(&"aB".repeat(32), Kind::Hash, &"ab".repeat(32));
        check("localhost", Kind::Other, "localhost");
        check("-bad-.example", Kind::Other, "-bad-.example");
    }

    #[test]
    fn urls_lowercase_scheme_and_host_only() {
        check(
            "HXXP://Evil[.]COM/Path?Q=A",
            Kind::Url,
            "http://evil.com/Path?Q=A",
        );
        check("https://Example.com:443/", Kind::Url, "https://example.com");
        check("http://example.com:80", Kind::Url, "http://example.com");
        check(
            "http://example.com:8080/",
            Kind::Url,
            "http://example.com:8080",
        );
        check(
            "http://example.com/?a=B",
            Kind::Url,
            "http://example.com?a=B",
        );
        check(
            "http://example.com/dir/",
            Kind::Url,
            "http://example.com/dir/",
        );
        check(
            "ftp://User@Files.Example:21/x",
            Kind::Url,
            "ftp://User@files.example/x",
        );
        check(
            "http://[2001:DB8::1]:80/a",
            Kind::Url,
            "http://[2001:db8::1]/a",
        );
        check("http://[::ffff:192.0.2.7]/", Kind::Url, "http://192.0.2.7");
        check("http://:80/", Kind::Other, "http://:80/");
        check(
            "http://example.com:99999/",
            Kind::Other,
            "http://example.com:99999/",
        );
    }

    #[test]
    fn normalise_into_reuses_one_buffer() {
        let mut buffer = String::from("left over");
        assert_eq!(normalise_into("Evil.COM", &mut buffer), Some(Kind::Domain));
        assert_eq!(buffer, "evil.com");
        assert_eq!(normalise_into("  ", &mut buffer), None);
        assert_eq!(buffer, "");
        // A URL given up half-written leaves nothing of itself behind.
        let kind = normalise_into("HTTP://X.example:99999/", &mut buffer);
        assert_eq!(
            (kind, buffer.as_str()),
            (Some(Kind::Other), "HTTP://X.example:99999/")
        );
    }

    #[test]
    fn empty_texts_are_not_indicators() {
        assert_eq!(normalise("   "), None);
        assert_eq!(normalise(""), None);
        check("some file.exe", Kind::Other, "some file.exe");
    }
}
