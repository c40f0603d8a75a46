//! The printable quarterly review: one document for the buy-in meeting. Print CSS sets A4 and
//! Letter margins and keeps charts and sections from splitting across pages.

use maud::{Markup, html};

use super::dashboard::chart_figure;
use super::layout::{Chrome, page};
use super::results::{is_web_link, level_change, level_label, points};
use crate::scoring::format_percent;
use crate::web::review::ReviewData;

pub fn review_page(
    chrome: &Chrome<'_>,
    organisation: &str,
    slug: &str,
    data: &ReviewData,
) -> Markup {
    let executive = &data.executive;
    let Some(current) = executive.current() else {
        return page(
            chrome,
            "Quarterly review",
            html! {
                h1 { "Quarterly review" }
                p.notice { "No finalised quarter yet: the review is made from finalised quarters." }
            },
        );
    };
    let model = &current.content.0;
    let overall = &current.scorecard.overall;
    page(
        chrome,
        &format!("Quarterly review {}", current.period),
        html! {
            article.review {
                header.review-head {
                    p.muted { (organisation) " · threat intelligence practice" }
                    h1 { "Quarterly review: " (current.period) }
                    p.no-print.small { "Print this page (A4 or Letter) for the meeting. " a href={ "/o/" (slug) "/dashboard" } { "Dashboard" } }
                }
                section.keep {
                    h2 { "Where we stand" }
                    p.lead {
                        "Maturity level " strong { (level_label(model, overall.level)) } ", overall " strong { (format_percent(overall.percent)) }
                        @if let (Some(previous), Some(comparison)) = (executive.previous(), &executive.comparison) {
                            ": " (points(comparison.overall.percent_points)) " and " (level_change(comparison.overall.levels)) " since " (previous.period) "."
                        } @else { "." }
                        @if executive.distance.sections_below > 0 {
                            " " (executive.distance.sections_below) " of " (executive.distance.sections_with_target) " sections are below target (" (executive.distance.levels_short) " levels short in all)."
                        }
                    }
                    @if let Some(charts) = &data.charts {
                        div.chart-pair {
                            (chart_figure(&charts.radar))
                            (chart_figure(&charts.trend))
                        }
                    }
                }
                @if !data.history.is_empty() {
                    section {
                        h2 { "Each section over time" }
                        @for chart in &data.history { div.keep { (chart_figure(chart)) } }
                    }
                }
                section {
                    h2 { "What changed, and why" }
                    @if data.moved.is_empty() {
                        p.muted { "No answer changed since the previous quarter." }
                    } @else {
                        p.small.muted { (data.moved.len()) " answers changed since " (executive.previous().map_or("the previous quarter", |p| p.period.as_str())) ", with the notes and evidence given this quarter." }
                        table.data.moved {
                            thead { tr { th { "Section" } th { "Question" } th.num { "Before" } th.num { "Now" } th { "Why (note, evidence)" } } }
                            tbody {
                                @for answer in &data.moved {
                                    tr.keep {
                                        td { (answer.section) }
                                        td { (answer.question) }
                                        td.num { (answer.before) }
                                        td.num { @if answer.up { span.badge.final { (answer.after) " ▲" } } @else { span.badge.bad { (answer.after) " ▼" } } }
                                        td.small {
                                            (answer.note)
                                            @for link in &answer.evidence {
                                                br;
                                                @if is_web_link(link) { a href=(link) rel="noopener noreferrer" { (link) } } @else { (link) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section.keep {
                    h2 { "Promised and delivered" }
                    @if data.delivered.is_empty() {
                        p.muted { "No action was completed since the previous quarter." }
                    } @else {
                        ul {
                            @for action in &data.delivered {
                                li { (action.title) @if !action.owner.is_empty() { " (" (action.owner) ")" } " " span.badge.final { "done" } }
                            }
                        }
                    }
                }
                section.keep {
                    h2 { "What comes next" }
                    @if !executive.gaps.is_empty() {
                        p { "Biggest gaps to target: "
                            @for (i, gap) in executive.gaps.iter().enumerate() {
                                @if i > 0 { ", " }
                                (current.content.1.sections().iter().find(|s| s.id == gap.section).map_or(gap.section.as_str(), |s| s.title.as_str()))
                                " (" (gap.levels) @if gap.levels == 1 { " level)" } @else { " levels)" }
                            }
                            "."
                        }
                    }
                    @if data.next.is_empty() {
                        p.muted { "No open action." }
                    } @else {
                        table.data {
                            thead { tr { th { "Action" } th { "Owner" } th { "Due" } th.num { "Priority" } } }
                            tbody {
                                @for (action, priority) in &data.next {
                                    tr {
                                        td { (action.title) }
                                        td { (action.owner) }
                                        td.nowrap { (action.due_date.as_deref().unwrap_or("—")) }
                                        td.num { (priority) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
