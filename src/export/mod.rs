//! Exports of one assessment.

pub mod pdf;
pub mod pdf_data;
