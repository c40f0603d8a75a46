pub mod cli;
pub mod content;
pub mod scoring;
