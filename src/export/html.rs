//! The standalone HTML scorecard: one file a consultant can mail or print. Its CSS is inlined in a
//! `<style>` element, its charts are inline SVG drawn by [`crate::charts`], and it holds no
//! script. Print rules keep tables and charts whole across pages.
//!
//! Every text comes from users or content files and is escaped by maud.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::document::{AnswerRow, ExportDocument};
use crate::charts::{RadarInput, svg};
use crate::metrics::satisfaction::Summary;
use crate::scoring::{format_percent, round_half_away};
use crate::views::results::level_label;

const CSS: &str = include_str!("scorecard.css");

pub fn render(doc: &ExportDocument) -> anyhow::Result<Vec<u8>> {
    let radar = radar_svg(doc)?;
    Ok(page(doc, &radar).into_string().into_bytes())
}

/// The radar of section levels (current, previous quarter, target), with section titles.
fn radar_svg(doc: &ExportDocument) -> anyhow::Result<String> {
    let mut input = RadarInput::from_scorecards(
        &doc.scorecard,
        doc.previous.as_ref().map(|p| &p.scorecard),
        doc.model.highest_level(),
    );
    for axis in &mut input.axes {
        if let Some(section) = doc.questionnaire.sections().iter().find(|s| &s.id == axis) {
            axis.clone_from(&section.title);
        }
    }
    Ok(svg(&input)?.svg)
}

fn page(doc: &ExportDocument, radar: &str) -> Markup {
    let a = &doc.assessment;
    let title = format!(
        "{} — {} maturity scorecard",
        doc.organisation.name, a.period
    );
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header.cover {
                    p.kicker { "CTI maturity scorecard" }
                    h1 { (doc.organisation.name) }
                    p.period { (a.period) " · " (doc.questionnaire.title()) " " (a.questionnaire_version) }
                    dl.facts {
                        dt { "Status" } dd { @if a.is_final() { "Final" } @else { "Draft" } }
                        dt { "Assessors" } dd { @if doc.assessors.is_empty() { "—" } @else { (doc.assessors.join(", ")) } }
                        dt { "Finalised" } dd { (a.finalised_at.map_or("not yet".to_owned(), |t| t.format("%Y-%m-%d").to_string())) }
                        dt { "Exported" } dd { (doc.generated_at.format("%Y-%m-%d %H:%M UTC")) }
                    }
                }
                (summary(doc, radar))
                (sections(doc))
                (actions(doc))
                (satisfaction(doc))
                (feeds(doc))
                (answers(doc))
                footer {
                    p { "Scores follow the rules of model " (doc.model.title()) " " (doc.model.version())
                        " (" (doc.model.level_rule().as_str()) " rule). N/A and unanswered questions are left out of every score; "
                        "a section's percent is the weighted mean of its answers on their scales." }
                }
            }
        }
    }
}

fn summary(doc: &ExportDocument, radar: &str) -> Markup {
    let overall = &doc.scorecard.overall;
    html! {
        section.summary {
            h2 { "Executive summary" }
            div.tiles {
                div.tile { p.label { "Overall level" } p.value { (level_label(&doc.model, overall.level)) } }
                div.tile { p.label { "Overall score" } p.value { (format_percent(overall.percent)) } }
                div.tile {
                    p.label { "Change since last quarter" }
                    p.value { (change_text(doc)) }
                }
                div.tile {
                    p.label { "Completion" }
                    p.value { (format!("{:.0}%", round_half_away(overall.counts.completion, 0))) }
                    p.small { (overall.counts.answered) " answered, " (overall.counts.na) " N/A, " (overall.counts.unanswered) " open of " (overall.counts.total) }
                }
            }
            figure.chart { (PreEscaped(radar)) }
        }
    }
}

fn change_text(doc: &ExportDocument) -> String {
    match &doc.previous {
        None => "no earlier final quarter".to_owned(),
        Some(previous) => match previous.comparison.overall.percent_points {
            Some(points) => format!(
                "{:+.1} points since {}",
                round_half_away(points, 1),
                previous.period
            ),
            None => format!("no comparable score in {}", previous.period),
        },
    }
}

fn sections(doc: &ExportDocument) -> Markup {
    html! {
        section {
            h2 { "Results by section" }
            table {
                thead { tr { th { "Section" } th.num { "Score" } th { "Level" } th { "Previous" } th { "Target" } th.num { "Gap" } th.num { "Completion" } } }
                tbody {
                    @for section in &doc.scorecard.sections {
                        @let title = doc.questionnaire.sections().iter().find(|s| s.id == section.id).map_or(section.id.as_str(), |s| s.title.as_str());
                        @let previous = doc.previous.as_ref().and_then(|p| p.scorecard.section(&section.id)).and_then(|s| s.level);
                        tr {
                            td { (title) }
                            td.num { (format_percent(section.percent)) }
                            td.level { (level_label(&doc.model, section.level)) }
                            td { (previous.map_or("—".to_owned(), |l| l.to_string())) }
                            td { (section.target.map_or("—".to_owned(), |l| l.to_string())) }
                            td.num { (section.gap.map_or("—".to_owned(), |g| g.to_string())) }
                            td.num { (format!("{:.0}%", round_half_away(section.counts.completion, 0))) }
                        }
                    }
                }
            }
        }
    }
}

fn actions(doc: &ExportDocument) -> Markup {
    html! {
        section {
            h2 { "Gaps and action plan" }
            @if doc.actions.is_empty() {
                p.none { "No actions were raised from this assessment." }
            } @else {
                table {
                    thead { tr { th.num { "Priority" } th { "Action" } th { "Owner" } th { "Due" } th { "Status" } } }
                    tbody {
                        @for planned in &doc.actions {
                            tr {
                                td.num { (planned.priority) }
                                td { (planned.action.title) }
                                td { (planned.action.owner) }
                                td { (planned.action.due_date.as_deref().unwrap_or("—")) @if planned.overdue { " " span.overdue { "overdue" } } }
                                td { (planned.action.status().label()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn satisfaction(doc: &ExportDocument) -> Markup {
    html! {
        section {
            h2 { "Stakeholder satisfaction" }
            @match &doc.satisfaction {
                None => p.none { "No stakeholder survey round was closed by this period." },
                Some(round) => {
                    p { "Survey round " (round.round.period) "." }
                    table {
                        thead { tr { th { "Group" } th.num { "Responses" } th.num { "Used it" } th.num { "NPS" } } }
                        tbody {
                            @for (group, summary) in &round.rows {
                                tr {
                                    td { (group.name) }
                                    @match summary {
                                        Summary::Suppressed { responses } => {
                                            td.num { (responses) }
                                            td colspan="2" { "too few responses to show" }
                                        }
                                        Summary::Shown(s) => {
                                            td.num { (s.responses) }
                                            td.num { (s.usage.shown().map_or("—".to_owned(), |u| format_percent(Some(u.yes_share * 100.0)))) }
                                            td.num { (s.recommend.shown().map_or("—".to_owned(), |n| format!("{:+.0}", round_half_away(n.nps, 0)))) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn feeds(doc: &ExportDocument) -> Markup {
    html! {
        section {
            h2 { "Feed renewal review" }
            @match &doc.feeds {
                None => p.none { "No feed metrics were recorded for this period." },
                Some(feeds) => @match &feeds.review {
                    Err(problem) => p.none { "No ranking for " (feeds.period) ": " (problem) },
                    Ok(review) => {
                        table {
                            thead { tr { th.num { "Rank" } th { "Feed" } th.num { "Value per cost" } th { "Renewal" } } }
                            tbody {
                                @for feed in &review.ranked {
                                    tr {
                                        td.num { (feed.rank) }
                                        td { (feed.feed) }
                                        td.num { (format!("{:.2}", feed.value_per_cost)) }
                                        td { @if feed.flagged { span.overdue { "review" } " " (feed.reasons.join("; ")) } @else { "keep" } }
                                    }
                                }
                                @for feed in &review.unranked {
                                    tr { td.num { "—" } td { (feed.feed) } td.num { "—" } td { (feed.reason) } }
                                }
                            }
                        }
                    }
                },
            }
        }
    }
}

fn answers(doc: &ExportDocument) -> Markup {
    html! {
        section.answers {
            h2 { "Every answer" }
            @for section in doc.questionnaire.sections() {
                h3 { (section.title) }
                table {
                    thead { tr { th { "Question" } th { "Answer" } th { "Note and evidence" } } }
                    tbody {
                        @for row in doc.answers.iter().filter(|r| r.section_id == section.id) {
                            (answer_row(row))
                        }
                    }
                }
            }
        }
    }
}

fn answer_row(row: &AnswerRow) -> Markup {
    html! {
        tr {
            td { (row.question_text) br; span.id { (row.question_id) } }
            td {
                @match (&row.stored, row.value()) {
                    (None, _) => span.open { "Unanswered" },
                    (Some(_), Some(value)) => { (value) "/" (row.scale_max) " · " (row.label) },
                    (Some(_), None) => { (if row.not_applicable() { "Not applicable" } else { "Unanswered" }) },
                }
            }
            td {
                @if !row.note().is_empty() { p { (row.note()) } }
                @for link in row.evidence() { p.evidence { (link) } }
            }
        }
    }
}
