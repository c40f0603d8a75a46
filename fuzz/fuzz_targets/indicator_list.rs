//! Any bytes given as an indicator list, in each format: reading ends in a list or an error, never
//! a panic, and a list read twice is the same list.
#![no_main]

use cti_maturity::metrics::indicators::{CsvColumn, ListFormat, parse_list, pattern_comparisons};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    // The first byte picks the format, so one corpus explores all of them.
    let Some((&selector, bytes)) = input.split_first() else {
        return;
    };
    let format = match selector % 5 {
        0 => ListFormat::Lines,
        1 => ListFormat::Csv(CsvColumn::Auto),
        2 => ListFormat::Csv(CsvColumn::Index(usize::from(selector / 5 % 4))),
        3 => ListFormat::Csv(CsvColumn::Name("ioc".to_owned())),
        _ => ListFormat::Stix,
    };
    if let Ok(list) = parse_list(bytes, &format) {
        let again = parse_list(bytes, &format).expect("the same bytes read again");
        assert_eq!(list.len(), again.len());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = pattern_comparisons(text);
    }
});
