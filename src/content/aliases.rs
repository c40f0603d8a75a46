//! A limit on what YAML anchors and aliases expand to.
//!
//! An alias repeats the node its anchor names, so a few kilobytes of nested aliases ("billion
//! laughs") can stand for billions of nodes. serde_yaml gives up replaying aliases only after a
//! number of jumps proportional to the file's length, which still let a 20 KB questionnaire with
//! its aliases in accepted fields (sections × questions × capabilities) cost minutes of CPU and
//! gigabytes of memory before it was refused. This pass counts the nodes a document stands for,
//! without expanding anything, and stops at a limit that no file within the size limit reaches
//! without aliases.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};

/// More nodes than a file of [`super::load::MAX_CONTENT_BYTES`] can hold written out (at least two
/// bytes each).
pub(crate) const MAX_EXPANDED_NODES: u64 = 1 << 20;

/// The place (line, column, from 1) where the expanded document first exceeds
/// [`MAX_EXPANDED_NODES`], or `None` when it stays within it. Syntax errors are left to the parser
/// that reports them.
pub(crate) fn alias_past_limit(source: &str) -> Option<(usize, usize)> {
    // An alias is written `*name` and needs an anchor `&name`: without both characters there is
    // nothing to expand, and most content files are spared a second parse.
    if !(source.contains('*') && source.contains('&')) {
        return None;
    }
    // Expanded size of each anchored node, by anchor id (0 means no anchor).
    let mut sizes: HashMap<usize, u64> = HashMap::new();
    // Each open collection: its anchor id and its expanded size so far, itself included.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut total: u64 = 0;
    let mut parser = Parser::new_from_str(source);
    while let Ok((event, mark)) = parser.next_token() {
        let nodes = match event {
            Event::StreamEnd => break,
            Event::Scalar(_, _, anchor, _) => {
                if anchor != 0 {
                    sizes.insert(anchor, 1);
                }
                1
            }
            // An alias to an anchor still open (a recursive document) counts as one node here;
            // serde_yaml refuses recursion itself.
            Event::Alias(anchor) => sizes.get(&anchor).copied().unwrap_or(1),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                // Added to its parent, whole, when it closes.
                open.push((anchor, 1));
                total += 1;
                if total > MAX_EXPANDED_NODES {
                    return Some((mark.line(), mark.col() + 1));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, size)) = open.pop() {
                    if anchor != 0 {
                        sizes.insert(anchor, size);
                    }
                    if let Some(parent) = open.last_mut() {
                        parent.1 = parent.1.saturating_add(size);
                    }
                }
                continue;
            }
            _ => continue,
        };
        total = total.saturating_add(nodes);
        if total > MAX_EXPANDED_NODES {
            return Some((mark.line(), mark.col() + 1));
        }
        if let Some(parent) = open.last_mut() {
            parent.1 = parent.1.saturating_add(nodes);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_aliases_are_accepted() {
        let source = "scales:\n  a: &s [0, 1, 2]\n  b: *s\n  c: *s\n";
        assert_eq!(alias_past_limit(source), None);
    }

    #[test]
    fn nested_aliases_past_the_limit_are_located_at_the_alias() {
        // a = 1 sequence + 32 scalars = 33 nodes; b = 1 + 32 × 33 = 1,057; c = 1 + 32 × 1,057 =
        // 33,825. Before the aliases in `e`: root 1, keys a b c e 4, a + b + c written out
        // 34,915, e's sequence 1 = 34,921. With k aliases to c: 34,921 + 33,825 k > 2^20 from
        // k = 30, the alias at column 5 + 29 × 4 = 121 of line 4.
        let mut source = String::from("a: &a [");
        source.push_str(&["x"; 32].join(", "));
        source.push_str("]\n");
        for (name, previous) in [("b", "a"), ("c", "b")] {
            let aliases = vec![format!("*{previous}"); 32].join(", ");
            source.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        }
        let within = format!("{source}e: [{}]\n", ["*c"; 29].join(", "));
        assert_eq!(alias_past_limit(&within), None);
        let beyond = format!("{source}e: [{}]\n", ["*c"; 31].join(", "));
        assert_eq!(alias_past_limit(&beyond), Some((4, 121)));
    }

    #[test]
    fn counts_nested_collections_once() {
        // `a` is 1 sequence + 2 mappings + 4 scalars each = 11 nodes; 95,000 aliases to it stay
        // under 2^20 (root, keys a b and b's sequence: 15 nodes, plus 1,045,000), 96,000 do not
        // (1,056,015).
        let head = "a: &a [{ k: v, l: w }, { k: v, l: w }]\nb: [";
        let within = format!("{head}{}]\n", vec!["*a"; 95_000].join(","));
        assert_eq!(alias_past_limit(&within), None);
        let beyond = format!("{head}{}]\n", vec!["*a"; 96_000].join(","));
        assert!(alias_past_limit(&beyond).is_some());
    }
}
