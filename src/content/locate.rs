//! Finds where a node sits in a YAML source, by its path (`sections[2].questions[0].scale`).
//!
//! serde_yaml locates syntax and type errors itself, but the checks that run after parsing (duplicate
//! ids, unresolved references) work on Rust values that no longer know their place. This index walks
//! the YAML events once and remembers the start of every node, so those errors can still name a line
//! and a column.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};

/// Start (line, column), both from 1, of every node of a document, keyed by path.
pub(crate) struct Locations(HashMap<String, (usize, usize)>);

enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, next_index: usize },
}

impl Locations {
    pub fn index(source: &str) -> Self {
        let mut places = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(source);
        while let Ok((event, mark)) = parser.next_token() {
            let place = (mark.line(), mark.col() + 1);
            match event {
                Event::StreamEnd => break,
                Event::Scalar(text, ..) => {
                    if let Some(Frame::Mapping {
                        key: key @ None, ..
                    }) = stack.last_mut()
                    {
                        *key = Some(text);
                        continue;
                    }
                    if let Some(path) = child_path(&mut stack) {
                        places.entry(path).or_insert(place);
                    }
                }
                Event::Alias(_) => {
                    if let Some(Frame::Mapping {
                        key: key @ None, ..
                    }) = stack.last_mut()
                    {
                        *key = Some(String::from("*"));
                        continue;
                    }
                    if let Some(path) = child_path(&mut stack) {
                        places.entry(path).or_insert(place);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let path = if stack.is_empty() {
                        Some(String::new())
                    } else {
                        child_path(&mut stack)
                    };
                    // A collection used as a mapping key has no path of its own.
                    let path = path.unwrap_or_else(|| String::from("?"));
                    places.entry(path.clone()).or_insert(place);
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Mapping { path, key: None }
                    } else {
                        Frame::Sequence {
                            path,
                            next_index: 0,
                        }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Self(places)
    }

    /// The place of `path`, or of its nearest located ancestor.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(place) = self.0.get(path) {
                return Some(*place);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

/// The path of the value that comes next in the innermost collection, advancing that collection.
fn child_path(stack: &mut [Frame]) -> Option<String> {
    match stack.last_mut()? {
        Frame::Mapping { path, key } => {
            let key = key.take()?;
            Some(if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            })
        }
        Frame::Sequence { path, next_index } => {
            let child = format!("{path}[{next_index}]");
            *next_index += 1;
            Some(child)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "kind: questionnaire\nsections:\n  - id: a\n    questions:\n      - { id: a.one, capabilities: [x, y] }\n";

    #[test]
    fn finds_block_and_flow_nodes() {
        let locations = Locations::index(SOURCE);
        assert_eq!(locations.find("kind"), Some((1, 7)));
        assert_eq!(locations.find("sections[0].id"), Some((3, 9)));
        assert_eq!(locations.find("sections[0].questions[0].id"), Some((5, 15)));
        assert_eq!(
            locations.find("sections[0].questions[0].capabilities[1]"),
            Some((5, 40))
        );
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let locations = Locations::index(SOURCE);
        assert_eq!(
            locations.find("sections[0].title"),
            locations.find("sections[0]")
        );
        assert_eq!(locations.find("nowhere"), None);
    }
}
