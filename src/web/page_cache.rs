//! Rendered page bodies kept per organisation, so that a dashboard loaded again and again
//! (executives open it on every meeting screen) is not gathered, scored and drawn each time.
//!
//! Why it is safe with several app instances: the key comes from the database. Every table the
//! cached page is drawn from raises the organisation's `data_revision` in a trigger (migration
//! 0008), and that number is read with the organisation at the start of every request
//! ([`super::org::OrgContext::data_revision`]). The page's data is read after it, so a body is
//! never older than its key: a write by any instance, or by hand in the database, gives the next
//! request a new key and a fresh body. The date is part of the key too, as what is overdue
//! changes at midnight (UTC, like the action plan) without any write.
//!
//! Only the body (inside `<main>`) is kept: the frame around it carries the viewer's email, CSRF
//! token and role, and is rendered for each request. One entry per organisation and page; bounded
//! (cleared when full).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

/// Organisations whose pages are kept before the cache starts again.
const CAPACITY: usize = 4096;

/// What a cached body was drawn from; a body is served only for an equal key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageKey {
    pub data_revision: i64,
    /// The day it was drawn (UTC): overdue counts change with it.
    pub today: NaiveDate,
    /// The organisation's slug, which the body's links carry.
    pub slug: String,
}

/// The pages that may be cached, one entry each per organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CachedPage {
    Executive,
}

#[derive(Default)]
pub struct PageCache(Mutex<HashMap<(CachedPage, i64), (PageKey, Arc<str>)>>);

impl PageCache {
    /// The body of `page` for `organisation_id` drawn under `key`, if it is kept.
    pub fn get(&self, page: CachedPage, organisation_id: i64, key: &PageKey) -> Option<Arc<str>> {
        let cache = self.0.lock().expect("cache lock");
        let (kept, body) = cache.get(&(page, organisation_id))?;
        (kept == key).then(|| Arc::clone(body))
    }

    /// Keeps `body`, drawn under `key`, in place of any older body of the same page.
    pub fn put(&self, page: CachedPage, organisation_id: i64, key: PageKey, body: Arc<str>) {
        let mut cache = self.0.lock().expect("cache lock");
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        cache.insert((page, organisation_id), (key, body));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(revision: i64, day: u32) -> PageKey {
        PageKey {
            data_revision: revision,
            today: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            slug: "acme".to_owned(),
        }
    }

    #[test]
    fn a_body_is_served_only_under_the_key_it_was_drawn_with() {
        let cache = PageCache::default();
        assert!(cache.get(CachedPage::Executive, 1, &key(3, 28)).is_none());
        cache.put(CachedPage::Executive, 1, key(3, 28), Arc::from("three"));
        assert_eq!(
            cache.get(CachedPage::Executive, 1, &key(3, 28)).as_deref(),
            Some("three")
        );
        assert!(
            cache.get(CachedPage::Executive, 1, &key(4, 28)).is_none(),
            "newer data"
        );
        assert!(
            cache.get(CachedPage::Executive, 1, &key(3, 29)).is_none(),
            "next day"
        );
        assert!(
            cache.get(CachedPage::Executive, 2, &key(3, 28)).is_none(),
            "another organisation"
        );
        let renamed = PageKey {
            slug: "acme-2".to_owned(),
            ..key(3, 28)
        };
        assert!(
            cache.get(CachedPage::Executive, 1, &renamed).is_none(),
            "links change"
        );
        cache.put(CachedPage::Executive, 1, key(4, 28), Arc::from("four"));
        assert_eq!(
            cache.get(CachedPage::Executive, 1, &key(4, 28)).as_deref(),
            Some("four")
        );
        assert!(
            cache.get(CachedPage::Executive, 1, &key(3, 28)).is_none(),
            "replaced"
        );
    }
}
