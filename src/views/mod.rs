//! HTML pages (maud). Views render data they are given; they never query the database.
//! No inline script or style: the Content-Security-Policy forbids both.

pub mod actions;
pub mod answering;
pub mod api_tokens;
pub mod assessments;
pub mod audit;
pub mod dashboard;
pub mod exports;
pub mod feed_import;
pub mod feed_lists;
pub mod feeds;
pub mod layout;
pub mod members;
pub mod portfolio;
pub mod results;
pub mod review;
pub mod survey_public;
pub mod survey_results;
pub mod surveys;
