//! Pagination of API lists: `?page=` (from 1) and `?per_page=` (1 to [`MAX_PER_PAGE`]); each
//! reply says the total and gives the link to the next page, if there is one.
//!
//! The lists paged here (a user's organisations, an organisation's quarters) are small and read
//! whole from an index, so a page is cut from the full list: the total is then exact and pages
//! never skip or repeat an item when one is added between two requests' counts.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ApiResult};

pub const DEFAULT_PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 200;

#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The page, from 1 (default 1).
    pub page: Option<usize>,
    /// Items per page, 1 to 200 (default 50).
    pub per_page: Option<usize>,
}

/// Where a page sits in its list.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PageInfo {
    pub page: usize,
    pub per_page: usize,
    /// Items in the whole list.
    pub total: usize,
    /// The path and query of the next page; null on the last page.
    pub next: Option<String>,
}

impl PageQuery {
    /// The page number and size asked for, or 400 when they are out of range.
    pub fn checked(self) -> ApiResult<(usize, usize)> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 {
            return Err(ApiError::BadRequest("page starts at 1.".to_owned()));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::BadRequest(format!(
                "per_page is from 1 to {MAX_PER_PAGE}."
            )));
        }
        Ok((page, per_page))
    }
}

/// The items of page `page` of `all` (none past the end), and where that page sits; `path` is
/// the list's path, for the link to the next page.
pub fn cut<T>(all: Vec<T>, page: usize, per_page: usize, path: &str) -> (Vec<T>, PageInfo) {
    let total = all.len();
    let start = (page - 1).saturating_mul(per_page);
    let items: Vec<T> = all.into_iter().skip(start).take(per_page).collect();
    let more = start.saturating_add(per_page) < total;
    let next = more.then(|| format!("{path}?page={}&per_page={per_page}", page + 1));
    (
        items,
        PageInfo {
            page,
            per_page,
            total,
            next,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_the_list_once_and_link_to_the_next() {
        let all: Vec<u32> = (1..=5).collect();
        let (first, info) = cut(all.clone(), 1, 2, "/x");
        assert_eq!(first, vec![1, 2]);
        assert_eq!(info.total, 5);
        assert_eq!(info.next.as_deref(), Some("/x?page=2&per_page=2"));
        let (last, info) = cut(all.clone(), 3, 2, "/x");
        assert_eq!((last, info.next), (vec![5], None));
        let (past, info) = cut(all, 9, 2, "/x");
        assert!(past.is_empty() && info.next.is_none() && info.total == 5);
    }

    #[test]
    fn out_of_range_pages_are_refused() {
        let ask = |page, per_page| PageQuery { page, per_page }.checked();
        assert_eq!(ask(None, None).unwrap(), (1, DEFAULT_PER_PAGE));
        assert!(ask(Some(0), None).is_err());
        assert!(ask(None, Some(0)).is_err());
        assert!(ask(None, Some(MAX_PER_PAGE + 1)).is_err());
        assert_eq!(ask(Some(2), Some(MAX_PER_PAGE)).unwrap(), (2, MAX_PER_PAGE));
    }
}
