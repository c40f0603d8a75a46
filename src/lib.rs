//! cti-maturity: measure and grow a cyber threat intelligence practice.
//!
//! Data flows one way: YAML content is checked ([`content`]), facts are stored ([`store`]), the pure
//! core computes ([`scoring`], [`metrics`]), and the edges render ([`views`], [`charts`], [`web`],
//! [`api`], [`cli`]).

pub mod api;
pub mod charts;
pub mod cli;
pub mod config;
pub mod content;
pub mod export;
pub mod fonts;
pub mod metrics;
pub mod scoring;
pub mod store;
pub mod views;
pub mod web;
