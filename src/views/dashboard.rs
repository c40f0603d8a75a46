//! The executive dashboard: one screen for the quarterly buy-in review. Tiles with the level, the
//! percent, the change and the distance to target; the charts; the three biggest improvements and
//! gaps; one line per stakeholder group; feed spend against value; the action plan's counts.

use maud::{Markup, html};

use super::feeds::money;
use super::layout::{Chrome, page};
use super::results::{level_change, level_label, points};
use crate::charts::Chart;
use crate::content::Questionnaire;
use crate::metrics::satisfaction::{GroupSummary, Summary};
use crate::scoring::format_percent;
use crate::web::dashboard::{ExecutiveData, FeedSummary, ManagerData};
use crate::web::survey_results::RoundSummaries;

/// The charts of the dashboard, drawn by the handler.
pub struct DashboardCharts {
    pub radar: std::sync::Arc<Chart>,
    pub trend: std::sync::Arc<Chart>,
}

fn section_title<'a>(questionnaire: &'a Questionnaire, id: &'a str) -> &'a str {
    questionnaire
        .sections()
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.title.as_str())
}

/// A chart with its text alternative and, one click away, the numbers behind it.
pub fn chart_figure(chart: &Chart) -> Markup {
    html! {
        figure.chart {
            (maud::PreEscaped(&chart.svg))
            details.chart-data {
                summary { "What it shows, and the numbers" }
                p.small { (chart.text) }
                div.table-wrap {
                    table.data {
                        thead { tr { @for column in &chart.table.columns { th { (column) } } } }
                        tbody { @for row in &chart.table.rows { tr { @for cell in row { td { (cell) } } } } }
                    }
                }
            }
        }
    }
}

/// The title of the executive dashboard's page.
pub const EXECUTIVE_TITLE: &str = "Dashboard";

/// The executive dashboard inside the page frame (which [`super::layout::page`] adds with
/// [`EXECUTIVE_TITLE`]); kept apart so that the handler can cache it for every viewer.
pub fn executive_body(
    slug: &str,
    data: &ExecutiveData,
    charts: Option<&DashboardCharts>,
) -> Markup {
    let Some(current) = data.current() else {
        return html! {
            h1 { "Dashboard" }
            p.notice { "No finalised quarter yet. The dashboard shows the practice once a quarter's assessment is finalised." }
            p { a href={ "/o/" (slug) } { "Assessments" } }
        };
    };
    let (model, questionnaire) = (&current.content.0, &current.content.1);
    let overall = &current.scorecard.overall;
    html! {
        div.dashboard-head {
            h1 { "Where we stand: " (current.period) }
            span.small {
                a href={ "/o/" (slug) "/review" } { "Quarterly review (printable)" }
                " · "
                a href={ "/o/" (slug) "/assessments/" (current.assessment_id) "/results" } { "Full results" }
            }
        }
        div.tiles {
            div.stat {
                div.label { "Maturity level" }
                div.value { (level_label(model, overall.level)) }
            }
            div.stat {
                div.label { "Overall" }
                div.value { (format_percent(overall.percent)) }
            }
            div.stat {
                div.label { "Since " (data.previous().map_or("last quarter", |p| p.period.as_str())) }
                @match &data.comparison {
                    Some(comparison) => {
                        div.value { (points(comparison.overall.percent_points)) }
                        div.small { (level_change(comparison.overall.levels)) }
                    }
                    None => div.value.muted { "—" },
                }
            }
            div.stat {
                div.label { "Targets" }
                @if data.distance.sections_with_target == 0 {
                    div.value.muted { "none set" }
                } @else if data.distance.sections_below == 0 {
                    div.value { "all met" }
                } @else {
                    div.value { (data.distance.sections_below) " of " (data.distance.sections_with_target) " below" }
                    div.small { (data.distance.levels_short) " levels short in all" }
                }
            }
        }
        @if let Some(charts) = charts {
            div.chart-pair {
                (chart_figure(&charts.radar))
                (chart_figure(&charts.trend))
            }
        }
        div.columns-4 {
            section.card {
                h2 { "Biggest improvements" }
                @if data.improvements.is_empty() {
                    p.muted.small { "No section gained since the previous quarter." }
                }
                ol {
                    @for improvement in &data.improvements {
                        li { (section_title(questionnaire, &improvement.section)) " " span.badge.final { (points(Some(improvement.points))) } }
                    }
                }
            }
            section.card {
                h2 { "Biggest gaps to target" }
                @if data.gaps.is_empty() {
                    p.muted.small { "No section is below its target." }
                }
                ol {
                    @for gap in &data.gaps {
                        li { (section_title(questionnaire, &gap.section)) " " span.badge.bad { (gap.levels) @if gap.levels == 1 { " level" } @else { " levels" } } }
                    }
                }
            }
            section.card {
                h2 { "Stakeholder satisfaction" }
                (satisfaction_lines(slug, data.satisfaction.as_ref()))
            }
            section.card {
                h2 { "Feeds: spend and value" }
                (feed_lines(slug, data.feeds.as_ref()))
                h2 { "Action plan" }
                p.action-counts {
                    a href={ "/o/" (slug) "/actions" } {
                        strong { (data.actions.open) } " open · "
                        strong.bad-text[data.actions.overdue > 0] { (data.actions.overdue) } " overdue · "
                        strong { (data.actions.done) } " done"
                    }
                }
            }
        }
    }
}

fn satisfaction_lines(slug: &str, summaries: Option<&RoundSummaries>) -> Markup {
    html! {
        @match summaries {
            None => p.muted.small { "No survey round yet." },
            Some(summaries) => {
                table.compact {
                    caption.small.muted {
                        a href={ "/o/" (slug) "/surveys/" (summaries.round.id) } { (summaries.round.period) }
                        @if summaries.round.is_open() { " (still open)" }
                        ": mean rating of 5, NPS"
                    }
                    tbody {
                        @for (group, summary) in &summaries.rows {
                            tr {
                                th scope="row" { (group.name) }
                                @match satisfaction_figures(summary) {
                                    Some((mean, nps, responses)) => {
                                        td.num { (mean) }
                                        td.num { (nps) }
                                        td.num.muted { "(" (responses) ")" }
                                    }
                                    None => td.muted colspan="3" { "not enough responses" },
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Mean rating (over every rating answer, as the satisfaction chart draws it), NPS and the number
/// of responses, or None when suppressed.
pub fn satisfaction_figures(summary: &Summary<GroupSummary>) -> Option<(String, String, usize)> {
    let shown = summary.shown()?;
    let mean = crate::charts::mean_rating(shown).map_or("—".to_owned(), |m| format!("{m:.1}"));
    let nps = shown
        .recommend
        .shown()
        .map_or("—".to_owned(), |n| format!("{:+.0}", n.nps));
    Some((mean, nps, shown.responses))
}

fn feed_lines(slug: &str, feeds: Option<&FeedSummary>) -> Markup {
    html! {
        @match feeds {
            None => p.muted { "No feed metrics yet." },
            Some(FeedSummary { period, review: Err(problem) }) => p.warning.small { (period) ": " (problem) },
            Some(summary @ FeedSummary { review: Ok(review), .. }) => {
                @let spend: f64 = review.ranked.iter().map(|f| f.period_cost).sum();
                @let flagged: Vec<&str> = review.ranked.iter().filter(|f| f.flagged).map(|f| f.feed.as_str()).collect();
                p {
                    a href={ "/o/" (slug) "/feeds?period=" (summary.period) } { (summary.period) } ": "
                    (review.ranked.len()) " paid feeds, "
                    (review.currency.as_deref().map(|c| money(spend, c)).unwrap_or_default()) " in the period"
                    @if !review.unranked.is_empty() { "; " (review.unranked.len()) " free or without a cost" }
                    "."
                }
                @if flagged.is_empty() {
                    p.muted { "No feed flagged for review." }
                } @else {
                    p { span.badge.bad { "review" } " Worst value per cost: " (flagged.join(", ")) "." }
                }
            }
        }
    }
}

/// The manager dashboard: the quarter in progress (per section and per assessor), overdue
/// actions, survey response rates, and feeds due for a renewal review.
pub fn manager_page(chrome: &Chrome<'_>, slug: &str, data: &ManagerData) -> Markup {
    let today = chrono::Utc::now().date_naive();
    page(
        chrome,
        "Manager dashboard",
        html! {
            div.dashboard-head {
                h1 { "This quarter's work" }
                a.small href={ "/o/" (slug) "/dashboard" } { "Executive dashboard" }
            }
            div.chart-pair {
                section.card {
                    @match &data.draft {
                        None => {
                            h2 { "Assessment in progress" }
                            p.muted { "No draft assessment. " a href={ "/o/" (slug) "/assessments/new" } { "Start this quarter's" } }
                        }
                        Some(draft) => {
                            h2 {
                                a href={ "/o/" (slug) "/assessments/" (draft.assessment_id) } { (draft.period) }
                                ": " (draft.answered) " of " (draft.total) " questions answered"
                            }
                            (chart_figure(&draft.completion))
                        }
                    }
                }
                section.card {
                    h2 { "Answers by assessor" }
                    @match &data.draft {
                        Some(draft) if !draft.by_assessor.is_empty() => {
                            table.compact {
                                tbody {
                                    @for (who, count) in &draft.by_assessor {
                                        tr { th scope="row" { (who) } td.num { (count) } }
                                    }
                                }
                            }
                        }
                        _ => p.muted.small { "No answers yet." },
                    }
                    h2 { "Overdue actions" }
                    @if data.overdue_actions.is_empty() {
                        p.muted.small { "None." }
                    } @else {
                        ul.plain.small {
                            @for action in &data.overdue_actions {
                                li {
                                    a href={ "/o/" (slug) "/actions/" (action.id) } { (action.title) }
                                    " · " (if action.owner.is_empty() { "no owner" } else { &action.owner })
                                    " · " span.badge.bad { "due " (action.due_date.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
            }
            div.columns-2 {
                section.card {
                    h2 { "Survey response rates" }
                    @match &data.satisfaction {
                        None => p.muted.small { "No survey round yet." },
                        Some(round) => {
                            table.compact {
                                caption.small.muted {
                                    a href={ "/o/" (slug) "/surveys/" (round.round.id) } { (round.round.period) }
                                    @if round.round.is_open() { " (open)" } @else { " (closed)" }
                                }
                                tbody {
                                    @for (group, summary) in &round.rows {
                                        tr {
                                            th scope="row" { (group.name) }
                                            @match summary {
                                                Summary::Shown(shown) => {
                                                    td.num { (shown.responses) " responses" }
                                                    td.num { (shown.response_rate.map_or("rate unknown (group link)".to_owned(), |r| format!("{:.0} % of recipients", r * 100.0))) }
                                                }
                                                Summary::Suppressed { responses } => {
                                                    td.num { (responses) " responses" }
                                                    td.num.muted { "below the minimum" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section.card {
                    h2 { "Feeds due for a renewal review" }
                    @if data.renewals.is_empty() {
                        p.muted.small { "No renewal in the next " (super::feeds::RENEWAL_NOTICE_DAYS) " days." }
                    } @else {
                        ul.plain.small {
                            @for feed in &data.renewals {
                                @let days = feed.renewal_date.map_or(0, |d| (d - today).num_days());
                                li {
                                    a href={ "/o/" (slug) "/feeds/" (feed.id) } { (feed.name) }
                                    " renews " (feed.renewal_date.map(|d| d.to_string()).unwrap_or_default())
                                    @if days < 0 { " " span.badge.bad { "passed" } } @else { " (in " (days) " days)" }
                                }
                            }
                        }
                    }
                    (feed_lines(slug, data.feeds.as_ref()))
                }
            }
        },
    )
}
