//! The `cti-maturity` command as users run it: the real binary, on the shipped content and on
//! small fixtures, one per kind of error a content file can have.

mod cli;
mod cti_cmm;
mod feeds;
mod helpers;
mod invalid;
