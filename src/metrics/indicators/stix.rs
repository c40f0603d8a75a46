//! Indicators in a STIX 2.1 bundle: the values stated by indicator patterns and by cyber
//! observables.
//!
//! Read: `indicator` objects with a STIX pattern (other pattern languages, such as Sigma or YARA,
//! are counted and skipped), and the observables `ipv4-addr`, `ipv6-addr`, `domain-name`, `url`,
//! `email-addr` (their `value`) and `file` (its hex `hashes`: MD5, SHA-1, SHA-256, SHA-512, SHA3).
//! From patterns: equality comparisons on those objects' `value` and `file:hashes.*`, and on any
//! reference's value (`network-traffic:dst_ref.value`). Revoked objects are skipped; every other
//! object type (identity, relationship, malware, report…) is counted and ignored.
//!
//! Only the fields read are kept in memory (not a whole JSON tree), so a large bundle costs little
//! more than its text.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::stix_pattern::pattern_comparisons;
use super::{IndicatorList, ListError, decode_utf8, quote};

/// What a bundle held besides its indicators.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StixSummary {
    /// Objects by type, revoked ones included.
    pub objects: BTreeMap<String, usize>,
    pub revoked: usize,
    /// Indicators whose pattern is not a STIX pattern, which are not read.
    pub other_patterns: usize,
}

const OBSERVABLES_WITH_VALUE: [&str; 5] =
    ["ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr"];

#[derive(Deserialize)]
struct Bundle {
    #[serde(rename = "type")]
    kind: Option<Value>,
    objects: Option<Vec<Object>>,
}

#[derive(Deserialize)]
struct Object {
    #[serde(rename = "type")]
    kind: Option<Value>,
    id: Option<Value>,
    pattern: Option<Value>,
    pattern_type: Option<Value>,
    value: Option<Value>,
    hashes: Option<Value>,
    revoked: Option<Value>,
}

/// Reads the indicators of a STIX 2.1 bundle, normalised and de-duplicated.
pub fn parse_stix(bytes: &[u8]) -> Result<(IndicatorList, StixSummary), ListError> {
    let mut list = IndicatorList::new();
    let summary = read_stix(bytes, &mut |value| {
        list.push(value);
    })?;
    Ok((list, summary))
}

/// Calls `each` with every indicator value of a STIX 2.1 bundle, as written.
pub fn read_stix(bytes: &[u8], each: &mut dyn FnMut(&str)) -> Result<StixSummary, ListError> {
    let text = decode_utf8(bytes)?;
    let bundle: Bundle = serde_json::from_str(text).map_err(|error| {
        ListError::Bundle(if error.is_data() {
            format!("not a STIX bundle: {error}")
        } else {
            format!("not valid JSON: {error}")
        })
    })?;
    match &bundle.kind {
        Some(Value::String(kind)) if kind == "bundle" => {}
        Some(other) => {
            return Err(ListError::Bundle(format!(
                "not a STIX bundle: the top-level `type` is {other}, not \"bundle\""
            )));
        }
        None => {
            return Err(ListError::Bundle(
                "not a STIX bundle: the top-level object has no `type`".to_owned(),
            ));
        }
    }
    let mut summary = StixSummary::default();
    for (index, object) in bundle.objects.unwrap_or_default().iter().enumerate() {
        read_object(object, index, each, &mut summary)?;
    }
    Ok(summary)
}

fn read_object(
    object: &Object,
    index: usize,
    each: &mut dyn FnMut(&str),
    summary: &mut StixSummary,
) -> Result<(), ListError> {
    let error = |message: String| ListError::Object {
        object: match &object.id {
            Some(Value::String(id)) => format!("objects[{index}] ({id})"),
            _ => format!("objects[{index}]"),
        },
        message,
    };
    let kind = match &object.kind {
        Some(Value::String(kind)) => kind.as_str(),
        _ => return Err(error("no `type` string".to_owned())),
    };
    *summary.objects.entry(kind.to_owned()).or_default() += 1;
    if matches!(object.revoked, Some(Value::Bool(true))) {
        summary.revoked += 1;
        return Ok(());
    }
    match kind {
        "indicator" => {
            match &object.pattern_type {
                None => {}
                Some(Value::String(t)) if t == "stix" => {}
                Some(_) => {
                    summary.other_patterns += 1;
                    return Ok(());
                }
            }
            let Some(Value::String(pattern)) = &object.pattern else {
                return Err(error("an indicator needs a `pattern` string".to_owned()));
            };
            let comparisons =
                pattern_comparisons(pattern).map_err(|e| error(format!("pattern: {e}")))?;
            for comparison in comparisons {
                if states_indicator(&comparison.object_type, &comparison.path) {
                    each(&comparison.value);
                }
            }
        }
        kind if OBSERVABLES_WITH_VALUE.contains(&kind) => match &object.value {
            Some(Value::String(value)) if !value.trim().is_empty() => each(value),
            Some(Value::String(_)) => return Err(error("`value` is empty".to_owned())),
            Some(other) => return Err(error(format!("`value` is not a string: {other}"))),
            None => return Err(error(format!("a {kind} needs a `value`"))),
        },
        "file" => match &object.hashes {
            None => {}
            Some(Value::Object(hashes)) => {
                for (algorithm, hash) in hashes {
                    let Value::String(hash) = hash else {
                        return Err(error(format!("hashes.{algorithm} is not a string")));
                    };
                    if is_hex_algorithm(algorithm) {
                        if !hash.bytes().all(|b| b.is_ascii_hexdigit()) || hash.is_empty() {
                            return Err(error(format!(
                                "hashes.{algorithm} is not hexadecimal: {}",
                                quote(hash)
                            )));
                        }
                        each(hash);
                    }
                }
            }
            Some(other) => return Err(error(format!("`hashes` is not an object: {other}"))),
        },
        _ => {}
    }
    Ok(())
}

/// Whether a pattern's `object_type:path` names an indicator value.
fn states_indicator(object_type: &str, path: &str) -> bool {
    (path == "value" && OBSERVABLES_WITH_VALUE.contains(&object_type))
        || (object_type == "file" && path.strip_prefix("hashes.").is_some_and(is_hex_algorithm))
        || path.ends_with("_ref.value")
        || path.ends_with("_refs[*].value")
}

/// The hash algorithms whose values are hexadecimal (not SSDEEP or TLSH).
fn is_hex_algorithm(name: &str) -> bool {
    let name = name.replace('-', "").to_ascii_uppercase();
    matches!(
        name.as_str(),
        "MD5" | "SHA1" | "SHA256" | "SHA512" | "SHA3256" | "SHA3512"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<(IndicatorList, StixSummary), ListError> {
        parse_stix(json.as_bytes())
    }

    #[test]
    fn patterns_and_observables_are_read() {
        let json = r#"{"type": "bundle", "id": "bundle--1", "objects": [
            {"type": "indicator", "id": "indicator--1", "pattern_type": "stix",
             "pattern": "[ipv4-addr:value = '198.51.100.7'] OR [domain-name:value = 'Evil.Example']"},
            {"type": "indicator", "id": "indicator--2", "pattern_type": "sigma", "pattern": "title: x"},
            {"type": "domain-name", "id": "domain-name--1", "value": "evil[.]example"},
            {"type": "file", "id": "file--1", "hashes": {"MD5": "D41D8CD98F00B204E9800998ECF8427E", "SSDEEP": "3:a:b"}},
            {"type": "malware", "id": "malware--1", "name": "x", "is_family": true},
            {"type": "url", "id": "url--1", "value": "hxxp://evil.example/a", "revoked": true}
        ]}"#;
        let (list, summary) = parse(json).unwrap();
        assert_eq!(
            list.values().collect::<Vec<_>>(),
            [
                "198.51.100.7",
                "evil.example",
                "d41d8cd98f00b204e9800998ecf8427e"
            ]
        );
        assert_eq!(list.duplicates(), 1);
        assert_eq!((summary.revoked, summary.other_patterns), (1, 1));
        assert_eq!(summary.objects["indicator"], 2);
        assert_eq!(summary.objects["url"], 1);
    }

    #[test]
    fn an_empty_bundle_has_no_indicators() {
        let (list, _) = parse(r#"{"type": "bundle", "id": "bundle--1"}"#).unwrap();
        assert!(list.is_empty());
    }

    #[test]
    fn errors_name_the_object() {
        let error = |json: &str| parse(json).unwrap_err().to_string();
        assert_eq!(
            error(
                r#"{"type": "bundle", "objects": [{"type": "identity", "id": "identity--1"},
                {"type": "indicator", "id": "indicator--9", "pattern": "[url:value = 'x'"}]}"#
            ),
            "objects[1] (indicator--9): pattern: expected `]`, found the end of the pattern"
        );
        assert_eq!(
            error(
                r#"{"type": "bundle", "objects": [{"type": "ipv4-addr", "id": "ipv4-addr--1"}]}"#
            ),
            "objects[0] (ipv4-addr--1): a ipv4-addr needs a `value`"
        );
        assert_eq!(
            error(r#"{"type": "bundle", "objects": [{"id": "x--1"}]}"#),
            "objects[0] (x--1): no `type` string"
        );
        assert_eq!(
            error(
                r#"{"type": "bundle", "objects": [{"type": "file", "hashes": {"SHA-256": "xyz"}}]}"#
            ),
            "objects[0]: hashes.SHA-256 is not hexadecimal: `xyz`"
        );
        assert_eq!(
            error(
                r#"{"type": "bundle", "objects": [{"type": "indicator", "id": "indicator--2"}]}"#
            ),
            "objects[0] (indicator--2): an indicator needs a `pattern` string"
        );
    }

    #[test]
    fn what_is_not_a_bundle_is_refused() {
        let error = |json: &str| parse(json).unwrap_err().to_string();
        assert_eq!(
            error(r#"{"type": "indicator"}"#),
            "not a STIX bundle: the top-level `type` is \"indicator\", not \"bundle\""
        );
        assert!(error(r#"{"type": "bundle", "objects": ["#).starts_with("not valid JSON: "));
        assert!(
            error(r#"{"type": "bundle", "objects": [1]}"#)
                .starts_with("not a STIX bundle: invalid type: integer")
        );
        assert!(error(r#"[1, 2]"#).starts_with("not a STIX bundle: invalid type"));
        assert!(error(r#"{"type": "bundle", "objects": {}}"#).contains("line 1 column"));
    }
}
