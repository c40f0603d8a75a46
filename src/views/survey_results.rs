//! Survey results: one round per group and item, and the trend across rounds. Numbers arrive
//! computed and already suppressed where a group is too small; this module only formats them.
//! Bars are SVG with classes (no inline style: the CSP forbids it).

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::dashboard::chart_figure;
use super::layout::{Chrome, page};
use super::surveys::{links_section, status_badge};
use crate::content::{Dimension, ItemDoc, ItemKind, Survey};
use crate::metrics::satisfaction::{
    GroupSummary, NpsSummary, RatingSummary, Summary, UsageSummary,
};
use crate::scoring::round_half_away;
use crate::store::stakeholder_groups::StakeholderGroup;
use crate::store::surveys::{GroupActivity, SurveyRound};

/// One group of a round: its link activity, its summary, and (managers, shown groups only) its
/// free-text answers by item id.
pub struct GroupResult<'a> {
    pub group: &'a StakeholderGroup,
    pub activity: &'a GroupActivity,
    pub summary: Summary<GroupSummary>,
    pub texts: Vec<(String, Vec<String>)>,
}

pub struct ResultsData<'a> {
    pub slug: &'a str,
    pub csrf: &'a str,
    pub round: &'a SurveyRound,
    pub survey: &'a Survey,
    pub rows: &'a [GroupResult<'a>],
    /// The groups shown, together (None with fewer than two shown).
    pub pooled: Option<&'a Summary<GroupSummary>>,
    pub can_manage: bool,
    /// Managers only: the groups that can be sent links, with their activity.
    pub link_rows: &'a [(&'a StakeholderGroup, &'a GroupActivity)],
}

/// A short column label for an item: its dimension, or its id.
pub fn short_label(item: &ItemDoc) -> String {
    match item.dimension {
        Some(Dimension::RequirementMet) => "Requirement met".to_owned(),
        Some(dimension) => {
            let name = dimension.as_str();
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        None => item.id.clone(),
    }
}

fn one_decimal(value: f64) -> String {
    format!("{:.1}", round_half_away(value, 1))
}

fn percent(share: f64) -> String {
    format!("{:.0}%", round_half_away(share * 100.0, 0))
}

fn nps_text(nps: f64) -> String {
    let value = round_half_away(nps, 0);
    if value > 0.0 {
        format!("+{value:.0}")
    } else {
        format!("{:.0}", value + 0.0)
    }
}

fn mean_class(mean: f64) -> &'static str {
    if mean >= 4.0 {
        "score hi"
    } else if mean >= 3.0 {
        "score mid"
    } else {
        "score lo"
    }
}

/// A stacked bar of counts, lowest value first; classes `seg-N` of `palette` colour it.
fn bar(counts: &[usize], palette: &str, title: &str) -> Markup {
    let total: usize = counts.iter().sum();
    let mut segments = Vec::new();
    let mut x = 0.0;
    for (index, &count) in counts.iter().enumerate() {
        if count > 0 && total > 0 {
            let width = count as f64 * 100.0 / total as f64;
            segments.push((index, format!("{x:.2}"), format!("{width:.2}")));
            x += width;
        }
    }
    html! {
        svg class={ "bar " (palette) } viewBox="0 0 100 10" preserveAspectRatio="none" role="img" {
            title { (title) }
            @for (index, x, width) in &segments {
                rect class={ "seg-" (index) } x=(x) y="0" width=(width) height="10" {}
            }
        }
    }
}

/// "1: 0 · 2: 1 · 3: 4 · 4: 6 · 5: 2": how many answered each value.
fn distribution_legend(rating: &RatingSummary) -> String {
    (1..=5)
        .zip(rating.distribution)
        .map(|(value, count)| format!("{value}: {count}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn rating_bar(summary: &RatingSummary) -> Markup {
    let d = summary.distribution;
    let title = format!(
        "1: {}, 2: {}, 3: {}, 4: {}, 5: {}",
        d[0], d[1], d[2], d[3], d[4]
    );
    bar(&d, "five", &title)
}

fn usage_bar(usage: &UsageSummary) -> Markup {
    let title = format!(
        "yes: {}, partly: {}, no: {}",
        usage.yes, usage.partly, usage.no
    );
    bar(&[usage.no, usage.partly, usage.yes], "three", &title)
}

fn nps_bar(nps: &NpsSummary) -> Markup {
    let title = format!(
        "detractors (0-6): {}, passives (7-8): {}, promoters (9-10): {}",
        nps.detractors, nps.passives, nps.promoters
    );
    bar(
        &[nps.detractors, nps.passives, nps.promoters],
        "three",
        &title,
    )
}

fn rating_items(survey: &Survey) -> Vec<&ItemDoc> {
    survey
        .items()
        .iter()
        .filter(|item| item.kind == ItemKind::Rating)
        .collect()
}

fn has_kind(survey: &Survey, kind: ItemKind) -> bool {
    survey.items().iter().any(|item| item.kind == kind)
}

fn rate_cell(summary: &GroupSummary) -> Markup {
    html! {
        @match summary.response_rate {
            Some(rate) => { (percent(rate)) br; span.small.muted { "of " (summary.recipients.unwrap_or(0)) } },
            None => span.muted title="Recipients are known when a group is sent single-use links only" { "—" },
        }
    }
}

fn mean_cell(summary: Option<&Summary<RatingSummary>>) -> Markup {
    html! {
        @match summary {
            Some(Summary::Shown(rating)) => span class=(mean_class(rating.mean)) { (one_decimal(rating.mean)) },
            Some(Summary::Suppressed { .. }) => span.muted title="Too few answers to this item" { "—" },
            None => span.muted { "—" },
        }
    }
}

fn overview_row(label: Markup, summary: &GroupSummary, survey: &Survey) -> Markup {
    html! {
        tr {
            th scope="row" { (label) }
            td.num { (summary.responses) }
            td.num { (rate_cell(summary)) }
            @if has_kind(survey, ItemKind::Usage) {
                td.num {
                    @match &summary.usage {
                        Summary::Shown(usage) => { (percent(usage.yes_share)) " yes" (usage_bar(usage)) },
                        Summary::Suppressed { .. } => span.muted { "—" },
                    }
                }
            }
            @for item in rating_items(survey) {
                td.num { (mean_cell(summary.ratings.get(&item.id))) }
            }
            @if has_kind(survey, ItemKind::Recommend) {
                td.num {
                    @match &summary.recommend {
                        Summary::Shown(nps) => strong { (nps_text(nps.nps)) },
                        Summary::Suppressed { .. } => span.muted { "—" },
                    }
                }
            }
        }
    }
}

/// The share of single-use links used, for a group that was sent those only: participation, not
/// answers, so it is shown also while the group's results are hidden.
fn link_rate(activity: &GroupActivity) -> Markup {
    html! {
        @if activity.single_use_issued > 0 && activity.via_group_link == 0 {
            (percent(activity.single_use_used as f64 / activity.single_use_issued as f64))
            br; span.small.muted { "of " (activity.single_use_issued) }
        } @else {
            span.muted { "—" }
        }
    }
}

fn columns(survey: &Survey) -> usize {
    2 + usize::from(has_kind(survey, ItemKind::Usage))
        + rating_items(survey).len()
        + usize::from(has_kind(survey, ItemKind::Recommend))
}

fn not_enough(responses: usize, min: i64) -> Markup {
    html! {
        span.muted {
            "Not enough responses: " (responses) " of the " (min) " needed. Results stay hidden to protect respondents."
        }
    }
}

pub fn results_page(chrome: &Chrome<'_>, data: &ResultsData<'_>) -> Markup {
    let round = data.round;
    let survey = data.survey;
    let base = format!("/o/{}/surveys/{}", data.slug, round.id);
    let total: i64 = data.rows.iter().map(|row| row.activity.responses).sum();
    let shown = data
        .rows
        .iter()
        .filter(|r| r.summary.shown().is_some())
        .count();
    page(
        chrome,
        &format!("Survey {}", round.period),
        html! {
            p.breadcrumb { a href={ "/o/" (data.slug) "/surveys" } { "Surveys" } " / " (round.period) }
            div.title-row {
                h1 { "Stakeholder survey " (round.period) " " (status_badge(&round.status)) }
                div.toolbar {
                    @if data.can_manage && round.is_open() {
                        a.button.secondary href="#links" { "Send links" }
                    }
                    a.button.secondary href={ "/o/" (data.slug) "/surveys/trend?survey=" (round.survey_id) } { "Trend" }
                    @if data.can_manage {
                        form.inline method="post" action={ (base) (if round.is_open() { "/close" } else { "/reopen" }) } {
                            input type="hidden" name="csrf" value=(data.csrf);
                            button.secondary type="submit" { @if round.is_open() { "Close the round" } @else { "Reopen the round" } }
                        }
                    }
                }
            }
            p.muted {
                (survey.title()) " (" (survey.id()) " " (survey.version()) ") · "
                (total) " responses · " (data.rows.len()) " groups surveyed · "
                "a group's results are shown from " (round.min_responses) " responses"
            }
            @if data.rows.is_empty() {
                p { "No group has a link in this round yet." }
            } @else {
                h2 { "By group" }
                div.table-wrap {
                    table.data.results-overview {
                        thead { tr {
                            th { "Group" } th.num { "Responses" } th.num { "Response rate" }
                            @if has_kind(survey, ItemKind::Usage) { th { "Used it" } }
                            @for item in rating_items(survey) { th.num title=(item.text) { (short_label(item)) } }
                            @if has_kind(survey, ItemKind::Recommend) { th.num title="% promoters (9-10) minus % detractors (0-6)" { "NPS" } }
                        } }
                        tbody {
                            @for row in data.rows {
                                @match &row.summary {
                                    Summary::Shown(summary) => (overview_row(html! { a href={ "#group-" (row.group.id) } { (row.group.name) } }, summary, survey)),
                                    Summary::Suppressed { responses } => tr.suppressed {
                                        th scope="row" { (row.group.name) }
                                        td.num { (responses) }
                                        td.num { (link_rate(row.activity)) }
                                        td colspan=(columns(survey) - 2) { (not_enough(*responses, round.min_responses)) }
                                    },
                                }
                            }
                            @if let Some(Summary::Shown(pooled)) = data.pooled {
                                (overview_row(html! { "All groups shown" }, pooled, survey))
                            }
                        }
                    }
                }
                p.small.muted {
                    "Ratings are means from 1 (lowest) to 5 (highest). NPS runs from −100 to +100. "
                    @if data.pooled.is_some() {
                        "\"All groups shown\" leaves out the groups below the minimum, so that their answers cannot be worked out by subtraction."
                    }
                }
                @if shown > 0 {
                    h2 { "Details" }
                    @for row in data.rows {
                        @if let Summary::Shown(summary) = &row.summary {
                            (group_details(row, summary, survey, data.can_manage))
                        }
                    }
                }
                @if !data.can_manage {
                    p.muted { "Free-text answers are shown to managers only." }
                }
            }
            @if data.can_manage {
                (links_section(data.csrf, &base, round.is_open(), data.link_rows))
            }
        },
    )
}

fn group_details(
    row: &GroupResult<'_>,
    summary: &GroupSummary,
    survey: &Survey,
    can_manage: bool,
) -> Markup {
    html! {
        details.group-detail id={ "group-" (row.group.id) } open {
            summary { strong { (row.group.name) } " · " (summary.responses) " responses" }
            div.table-wrap {
                table.data.distribution {
                    thead { tr { th { "Question" } th.num { "Result" } th.num { "Answers" } th { "Distribution" } } }
                    tbody {
                        @for item in survey.items() {
                            @match item.kind {
                                ItemKind::Rating => tr {
                                    td { (item.text) }
                                    @match summary.ratings.get(&item.id) {
                                        Some(Summary::Shown(rating)) => {
                                            td.num { span class=(mean_class(rating.mean)) { (one_decimal(rating.mean)) } }
                                            td.num { (rating.responses) }
                                            td { (rating_bar(rating)) span.small.muted.legend { (distribution_legend(rating)) } }
                                        },
                                        Some(Summary::Suppressed { responses }) => td colspan="3" { span.muted { "Too few answers (" (responses) ")" } },
                                        None => td colspan="3" { span.muted { "No answers" } },
                                    }
                                },
                                ItemKind::Usage => tr {
                                    td { (item.text) }
                                    @match &summary.usage {
                                        Summary::Shown(usage) => {
                                            td.num { (percent(usage.yes_share)) " yes" }
                                            td.num { (usage.responses) }
                                            td { (usage_bar(usage)) span.small.muted.legend { "yes " (usage.yes) " · partly " (usage.partly) " · no " (usage.no) } }
                                        },
                                        Summary::Suppressed { responses } => td colspan="3" { span.muted { "Too few answers (" (responses) ")" } },
                                    }
                                },
                                ItemKind::Recommend => tr {
                                    td { (item.text) }
                                    @match &summary.recommend {
                                        Summary::Shown(nps) => {
                                            td.num { "NPS " strong { (nps_text(nps.nps)) } }
                                            td.num { (nps.responses) }
                                            td { (nps_bar(nps)) span.small.muted.legend { "detractors " (nps.detractors) " · passives " (nps.passives) " · promoters " (nps.promoters) } }
                                        },
                                        Summary::Suppressed { responses } => td colspan="3" { span.muted { "Too few answers (" (responses) ")" } },
                                    }
                                },
                                ItemKind::Text => {},
                            }
                        }
                    }
                }
            }
            @if can_manage {
                @if row.texts.is_empty() {
                    p.small.muted { "No written answers." }
                } @else {
                    h3 { "What they wrote " span.badge { "managers only" } }
                    @for (item_id, answers) in &row.texts {
                        @let label = survey.item(item_id).map_or(item_id.as_str(), |item| item.why.as_deref().filter(|_| item.kind == ItemKind::Usage).unwrap_or(&item.text));
                        p.small.muted { (label) }
                        ul.free-text { @for answer in answers { li { (answer) } } }
                    }
                }
            }
        }
    }
}

/// A round in the trend: a column.
pub struct TrendColumn {
    pub round_id: i64,
    pub period: String,
    pub min_responses: i64,
    /// Still collecting responses.
    pub open: bool,
}

pub struct TrendData<'a> {
    pub slug: &'a str,
    pub survey_ids: &'a [String],
    pub chosen: Option<&'a str>,
    /// The survey of the latest round: its items label the rows.
    pub latest: Option<&'a Survey>,
    pub columns: &'a [TrendColumn],
    pub groups: &'a [&'a StakeholderGroup],
    /// (group id, column index) → summary.
    pub cells: &'a BTreeMap<(i64, usize), Summary<GroupSummary>>,
    /// The mean rating per group over time, then the NPS when the survey asks for it.
    pub charts: &'a [std::sync::Arc<crate::charts::Chart>],
}

pub fn trend_page(chrome: &Chrome<'_>, data: &TrendData<'_>) -> Markup {
    page(
        chrome,
        "Survey trend",
        html! {
            p.breadcrumb { a href={ "/o/" (data.slug) "/surveys" } { "Surveys" } " / trend" }
            h1 { "Stakeholder satisfaction over time" }
            @if data.survey_ids.len() > 1 {
                form.inline method="get" {
                    label.checkbox { "Survey "
                        select name="survey" {
                            @for id in data.survey_ids { option value=(id) selected[Some(id.as_str()) == data.chosen] { (id) } }
                        }
                    }
                    button.secondary type="submit" { "Show" }
                }
            }
            @match data.latest {
                None => p { "No survey round yet." },
                Some(survey) => {
                    div.chart-pair {
                        @for chart in data.charts { (chart_figure(chart)) }
                    }
                    h2 { "By group and question" }
                    p.small.muted {
                        "Means from 1 to 5 (the spread of answers shows on hover, and in full on each round's page); questions are matched across rounds by id. "
                        "A number with * is a count of responses below the round's minimum: that quarter's results stay hidden. "
                        "A dash: hidden, or no link that quarter."
                    }
                    @for group in data.groups {
                        (group_trend(data, group, survey))
                    }
                }
            }
        },
    )
}

fn group_trend(data: &TrendData<'_>, group: &StakeholderGroup, survey: &Survey) -> Markup {
    let cell = |index: usize| data.cells.get(&(group.id, index));
    let shown = |index: usize| cell(index).and_then(Summary::shown);
    html! {
        section.group-trend {
            h3 { (group.name) @if group.archived { " " span.badge { "archived" } } }
            div.table-wrap {
                table.data.trend {
                    thead { tr {
                        th { "" }
                        @for column in data.columns {
                            th.num {
                                a href={ "/o/" (data.slug) "/surveys/" (column.round_id) } { (column.period) }
                                @if column.open { br; span.small.muted { "open" } }
                            }
                        }
                    } }
                    tbody {
                        tr {
                            th scope="row" { "Responses" }
                            @for index in 0..data.columns.len() {
                                td.num {
                                    @match cell(index) {
                                        Some(Summary::Shown(summary)) => (summary.responses),
                                        Some(Summary::Suppressed { responses }) => span.muted title={ "Fewer than " (data.columns[index].min_responses) ": results hidden" } { (responses) "*" },
                                        None => span.muted { "—" },
                                    }
                                }
                            }
                        }
                        tr {
                            th scope="row" { "Response rate" }
                            @for index in 0..data.columns.len() {
                                td.num { @match shown(index).and_then(|s| s.response_rate) { Some(rate) => (percent(rate)), None => span.muted { "—" } } }
                            }
                        }
                        @if has_kind(survey, ItemKind::Usage) {
                            tr {
                                th scope="row" { "Used it (yes)" }
                                @for index in 0..data.columns.len() {
                                    td.num { @match shown(index).and_then(|s| s.usage.shown()) { Some(usage) => (percent(usage.yes_share)), None => span.muted { "—" } } }
                                }
                            }
                        }
                        @for item in rating_items(survey) {
                            tr {
                                th scope="row" title=(item.text) { (short_label(item)) }
                                @for index in 0..data.columns.len() {
                                    td.num {
                                        @match shown(index).and_then(|s| s.ratings.get(&item.id)).and_then(Summary::shown) {
                                            Some(rating) => span class=(mean_class(rating.mean)) title=(distribution_legend(rating)) { (one_decimal(rating.mean)) },
                                            None => span.muted { "—" },
                                        }
                                    }
                                }
                            }
                        }
                        @if has_kind(survey, ItemKind::Recommend) {
                            tr {
                                th scope="row" { "NPS" }
                                @for index in 0..data.columns.len() {
                                    td.num { @match shown(index).and_then(|s| s.recommend.shown()) { Some(nps) => strong { (nps_text(nps.nps)) }, None => span.muted { "—" } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
