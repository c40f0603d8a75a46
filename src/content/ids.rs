//! Checks shared by every file kind: identifiers, versions, and the list of problems a check collects.

/// A problem found by a semantic check, at a node path such as `sections[2].questions[0].scale`;
/// [`super::locate`] turns the path into a line and column of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub at: String,
    pub message: String,
}

/// Collects problems so that a check reports all of them, not only the first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn add(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            at: at.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Records a problem unless `id` is well formed: lowercase letters, digits, `-`, `_` and `.`.
    pub fn check_id(&mut self, at: impl Into<String>, what: &str, id: &str) {
        if !is_valid_id(id) {
            self.add(
                at,
                format!(
                    "{what} id `{id}` is not valid: use lowercase letters, digits, `-`, `_` and `.`"
                ),
            );
        }
    }

    pub fn check_version(&mut self, at: impl Into<String>, version: &str) {
        if semver::Version::parse(version).is_err() {
            self.add(
                at,
                format!("version `{version}` is not a semantic version such as 1.0.0"),
            );
        }
    }

    /// Records a problem for each id seen before; `ids` yields (node path, id).
    pub fn check_unique<'a>(
        &mut self,
        what: &str,
        ids: impl IntoIterator<Item = (String, &'a str)>,
    ) {
        let mut seen = std::collections::HashSet::new();
        for (at, id) in ids {
            if !seen.insert(id) {
                self.add(at, format!("duplicate {what} id `{id}`"));
            }
        }
    }
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
}

/// Organisation short names in links: lowercase letters, digits and `-`, 1 to 40 characters.
pub fn is_valid_slug(slug: &str) -> bool {
    (1..=40).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_allow_lowercase_digits_and_separators() {
        assert!(is_valid_id("step-01.charter_v2"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Step-01"));
        assert!(!is_valid_id("step 01"));
        assert!(!is_valid_id("étape"));
    }

    #[test]
    fn versions_must_be_semver() {
        let mut problems = Problems::default();
        problems.check_version("version", "1.0.0");
        assert!(problems.is_empty());
        problems.check_version("version", "1.0");
        assert_eq!(problems.0.len(), 1);
    }

    #[test]
    fn duplicates_are_reported_at_the_second_occurrence() {
        let mut problems = Problems::default();
        problems.check_unique(
            "area",
            [
                ("a[0]".into(), "x"),
                ("a[1]".into(), "y"),
                ("a[2]".into(), "x"),
            ],
        );
        assert_eq!(
            problems.0,
            vec![Problem {
                at: "a[2]".into(),
                message: "duplicate area id `x`".into()
            }]
        );
    }
}
