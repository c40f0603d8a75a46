//! The consultant portfolio page: one table per questionnaire, an organisation per row, the
//! latest level of each section in columns, the overall trend as a sparkline, completion of the
//! assessment in progress, and the last assessment date (overdue flagged).

use std::collections::BTreeMap;

use maud::{Markup, PreEscaped, html};

use super::layout::{Chrome, page};
use crate::charts::sparkline;
use crate::scoring::format_percent;
use crate::web::portfolio::PortfolioRow;

/// A level cell's shade: light for low levels, dark for high.
fn level_class(level: Option<i64>) -> &'static str {
    match level {
        None => "shade-none",
        Some(..=1) => "shade-0",
        Some(2) => "shade-1",
        Some(3) => "shade-2",
        Some(4) => "shade-3",
        Some(_) => "shade-4",
    }
}

pub fn portfolio_page(
    chrome: &Chrome<'_>,
    rows: &[PortfolioRow],
    anonymised: bool,
    overdue_days: i64,
) -> Markup {
    // Rows grouped by the questionnaire of their latest final quarter; never assessed ones last.
    let mut groups: BTreeMap<String, Vec<&PortfolioRow>> = BTreeMap::new();
    let mut never = Vec::new();
    for row in rows {
        match row.latest() {
            Some(latest) => groups
                .entry(latest.questionnaire_id.clone())
                .or_default()
                .push(row),
            None => never.push(row),
        }
    }
    page(
        chrome,
        "Portfolio",
        html! {
            div.dashboard-head {
                h1 { "Portfolio" }
                @if anonymised {
                    a.small href="/portfolio" { "Show names" }
                } @else {
                    a.small href="/portfolio?anonymised=1" { "Anonymise (A, B, C…) to share" }
                }
            }
            p.muted.small { (rows.len()) " organisations. Levels of each section in the latest finalised quarter; overdue when last assessed more than " (overdue_days) " days ago." }
            @for (questionnaire, group) in &groups {
                (questionnaire_table(questionnaire, group))
            }
            @if !never.is_empty() {
                h2 { "Not assessed yet" }
                ul {
                    @for row in &never {
                        li { (name_cell(row)) @if let Some((period, share)) = &row.draft { " · " (period) " in progress, " (format!("{:.0} %", share * 100.0)) " answered" } }
                    }
                }
            }
        },
    )
}

fn name_cell(row: &PortfolioRow) -> Markup {
    html! {
        @match &row.slug {
            Some(slug) => a href={ "/o/" (slug) "/dashboard" } { (row.name) },
            None => (row.name),
        }
    }
}

fn questionnaire_table(questionnaire: &str, rows: &[&PortfolioRow]) -> Markup {
    let sections = rows[0]
        .latest()
        .map(|l| l.content.1.sections().to_vec())
        .unwrap_or_default();
    html! {
        h2 { (rows[0].latest().map_or(questionnaire, |l| l.content.1.title())) }
        div.table-wrap {
            table.data.matrix.portfolio {
                thead { tr {
                    th { "Organisation" } th { "Level" } th.num { "Overall" } th { "Trend" }
                    @for (number, section) in sections.iter().enumerate() { th.num title=(section.title) { (number + 1) } }
                    th { "In progress" } th { "Last assessed" }
                } }
                tbody {
                    @for row in rows {
                        @let latest = row.latest().expect("grouped rows have a final quarter");
                        @let percents: Vec<Option<f64>> = row.finals.iter().map(|f| f.scorecard.overall.percent).collect();
                        tr {
                            th { (name_cell(row)) }
                            td.nowrap { (latest.content.0.level_name(latest.scorecard.overall.level.unwrap_or(0)).map_or("—".to_owned(), |name| format!("{} · {name}", latest.scorecard.overall.level.unwrap_or(0)))) }
                            td.num { (format_percent(latest.scorecard.overall.percent)) }
                            td { (PreEscaped(sparkline(&percents, &format!("{}: overall percent over {} quarters", row.name, percents.len()), 84, 20))) }
                            @for section in &sections {
                                @let level = latest.scorecard.section(&section.id).and_then(|s| s.level);
                                td class=(format!("num {}", level_class(level))) { (level.map_or("—".to_owned(), |l| l.to_string())) }
                            }
                            td.nowrap { @match &row.draft { Some((period, share)) => { (period) " · " (format!("{:.0} %", share * 100.0)) }, None => span.muted { "—" } } }
                            td.nowrap {
                                (latest.finalised_at.format("%Y-%m-%d"))
                                @if row.overdue { " " span.badge.bad { "overdue" } }
                            }
                        }
                    }
                }
            }
        }
        p.small.muted.legend {
            "Sections: "
            @for (number, section) in sections.iter().enumerate() {
                span.nowrap { (number + 1) " " (section.title) } @if number + 1 < sections.len() { " · " }
            }
        }
    }
}
