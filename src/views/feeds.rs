//! Feed pages: the register with the renewal review of a period, the feed form, and one feed's
//! metrics, indicator lists and value per period.

use std::collections::HashMap;

use chrono::NaiveDate;
use maud::{Markup, html};

use super::layout::{Chrome, form_error, page};
use crate::metrics::feed_csv::COLUMNS;
use crate::metrics::feed_entry::RawFeedMetrics;
use crate::metrics::feed_period::FeedPeriod;
use crate::metrics::feed_value::{FeedValue, RenewalReview};
use crate::metrics::overlap::OverlapReport;
use crate::store::feed_lists::ListSummary;
use crate::store::feed_metrics::FeedMetricsRow;
use crate::store::feeds::Feed;
use crate::store::stakeholder_groups::StakeholderGroup;
use crate::web::feeds::{FeedForm, KINDS};

/// A renewal within this many days is "due soon".
pub const RENEWAL_NOTICE_DAYS: i64 = 90;

pub fn kind_label(kind: &str) -> &str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, label)| label)
}

/// 1234567 → "1,234,567".
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "EUR 12,000" (cents shown only below 100).
pub fn money(amount: f64, currency: &str) -> String {
    if amount.abs() < 100.0 {
        format!("{currency} {amount:.2}")
    } else {
        format!("{currency} {}", thousands(amount.round().max(0.0) as u64))
    }
}

fn optional_money(amount: Option<f64>, currency: Option<&str>) -> String {
    match (amount, currency) {
        (Some(amount), Some(currency)) => money(amount, currency),
        _ => "—".to_owned(),
    }
}

pub fn percent(share: Option<f64>) -> String {
    share.map_or("—".to_owned(), |s| format!("{:.1} %", s * 100.0))
}

fn one_decimal(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.1}"))
}

fn renewal_cell(date: Option<NaiveDate>, today: NaiveDate) -> Markup {
    html! {
        @match date {
            None => span.muted { "—" },
            Some(date) => {
                (date.to_string())
                @let days = (date - today).num_days();
                @if days < 0 {
                    " " span.badge.bad { "passed" }
                } @else if days <= RENEWAL_NOTICE_DAYS {
                    " " span.badge.draft { "in " (days) " days" }
                }
            }
        }
    }
}

pub struct RegisterPage<'a> {
    pub chrome: &'a Chrome<'a>,
    pub slug: &'a str,
    pub can_edit: bool,
    pub feeds: &'a [Feed],
    pub served: &'a HashMap<i64, Vec<String>>,
    pub periods: &'a [FeedPeriod],
    pub period: Option<FeedPeriod>,
    pub review: Option<&'a RenewalReview>,
    /// Why the period's feeds cannot be reviewed together, when they cannot.
    pub review_problem: Option<&'a str>,
    /// Cost against value of the period's ranked feeds.
    pub chart: Option<&'a crate::charts::Chart>,
    pub today: NaiveDate,
}

pub fn register_page(data: &RegisterPage<'_>) -> Markup {
    let base = format!("/o/{}/feeds", data.slug);
    let (active, retired): (Vec<&Feed>, Vec<&Feed>) = data.feeds.iter().partition(|f| !f.retired);
    page(
        data.chrome,
        "Intelligence feeds",
        html! {
            h1 { "Intelligence feeds" }
            p.muted { "What each feed costs and what it delivers: the renewal review ranks feeds by value per cost and flags the bottom quarter, with the reasons." }
            div.toolbar {
                @if data.can_edit {
                    a.button href={ (base) "/new" } { "Add a feed" }
                    a.button.secondary href={ (base) "/import" } { "Import metrics (CSV)" }
                }
                a.button.secondary href={ (base) "/overlap" } { "Overlap of indicator lists" }
            }
            h2 { "Renewal review" }
            @if data.periods.is_empty() {
                p.notice { "No metrics yet. Enter a period's figures on a feed's page, or import them from a CSV file." }
            } @else {
                nav.toolbar aria-label="Periods" {
                    @for period in data.periods {
                        @if Some(*period) == data.period {
                            strong { (period) }
                        } @else {
                            a href={ (base) "?period=" (period) } { (period) }
                        }
                    }
                }
            }
            @if let Some(problem) = data.review_problem {
                p.warning { "No review for this period: " (problem) "." }
            }
            @if let (Some(review), Some(period)) = (data.review, data.period) {
                (review_table(review, period, data.feeds, &base))
            }
            @if let Some(chart) = data.chart {
                div.chart-single { (super::dashboard::chart_figure(chart)) }
            }
            h2 { "Register" }
            @if active.is_empty() {
                p.muted { "No feeds in the register." }
            } @else {
                (register_table(&active, data.served, data.today, &base))
            }
            @if !retired.is_empty() {
                details {
                    summary { "Retired feeds (" (retired.len()) ")" }
                    (register_table(&retired, data.served, data.today, &base))
                }
            }
        },
    )
}

fn feed_link(name: &str, feeds: &[Feed], base: &str) -> Markup {
    html! {
        @match feeds.iter().find(|f| f.name == name) {
            Some(feed) => a href={ (base) "/" (feed.id) } { (name) },
            None => (name),
        }
    }
}

fn review_table(review: &RenewalReview, period: FeedPeriod, feeds: &[Feed], base: &str) -> Markup {
    html! {
        @if review.ranked.is_empty() && review.unranked.is_empty() {
            p.muted { "No feed has metrics for " (period) "." }
        }
        @if !review.ranked.is_empty() {
            p.muted.small { "Feeds with a cost in " (period) ", best value per cost first. Value = actioned indicators × relevance/5 × (0.5 + 0.5 × exclusive share); the bottom quarter is flagged, with the reasons." }
            div.table-wrap {
                table.data {
                    thead { tr {
                        th.num { "Rank" } th { "Feed" } th.num { "Cost in period" } th.num { "Value" } th.num { "Value per 1,000 " (review.currency.as_deref().unwrap_or("")) }
                        th.num { "Actionable" } th.num { "Detections / 1,000" } th.num { "False positives" } th.num { "Exclusive" }
                        th.num { "Cost per detection" } th { "Review" }
                    } }
                    tbody {
                        @for feed in &review.ranked {
                            tr.overdue[feed.flagged] {
                                td.num { (feed.rank) }
                                td { (feed_link(&feed.feed, feeds, base)) }
                                td.num { (optional_money(Some(feed.period_cost), review.currency.as_deref())) }
                                td.num { (format!("{:.1}", feed.value)) }
                                td.num { (format!("{:.2}", feed.value_per_cost * 1000.0)) }
                                td.num { (percent(feed.metrics.actionable_rate)) }
                                td.num { (one_decimal(feed.metrics.detections_per_1000)) }
                                td.num { (percent(feed.metrics.false_positive_rate)) }
                                td.num { (percent(feed.metrics.exclusive_share)) }
                                td.num { (optional_money(feed.metrics.cost_per_detection, feed.metrics.currency.as_deref())) }
                                td {
                                    @if feed.flagged { span.badge.bad { "review" } }
                                    @else { span.badge.final { "keep" } }
                                }
                            }
                            @if feed.flagged || !feed.notes.is_empty() {
                                tr.reasons.overdue[feed.flagged] {
                                    td {}
                                    td colspan="10" {
                                        ul.small {
                                            @for reason in &feed.reasons { li { (reason) } }
                                            @for note in &feed.notes { li.muted { (note) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !review.unranked.is_empty() {
            h3 { "Not ranked" }
            ul {
                @for feed in &review.unranked {
                    li { (feed_link(&feed.feed, feeds, base)) ": " (feed.reason) }
                }
            }
        }
    }
}

fn register_table(
    feeds: &[&Feed],
    served: &HashMap<i64, Vec<String>>,
    today: NaiveDate,
    base: &str,
) -> Markup {
    html! {
        div.table-wrap {
            table.data {
                thead { tr {
                    th { "Feed" } th { "Provider" } th { "Kind" } th.num { "Annual cost" } th { "Renewal" } th { "Owner" } th { "Serves" }
                } }
                tbody {
                    @for feed in feeds {
                        tr {
                            td { a href={ (base) "/" (feed.id) } { (feed.name) }
                                @if !feed.category.is_empty() { br; span.small.muted { (feed.category) } } }
                            td { (feed.provider) }
                            td { (kind_label(&feed.kind)) }
                            td.num { (optional_money(feed.annual_cost, Some(&feed.currency))) }
                            td.nowrap { (renewal_cell(feed.renewal_date, today)) }
                            td { (feed.owner) }
                            td.small {
                                (served.get(&feed.id).map(|g| g.join(", ")).unwrap_or_default())
                                @if !feed.pirs.is_empty() { br; span.muted { "PIRs: " (feed.pirs) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn feed_form_page(
    chrome: &Chrome<'_>,
    slug: &str,
    feed: Option<&Feed>,
    form: &FeedForm,
    groups: &[StakeholderGroup],
    error: Option<&str>,
) -> Markup {
    let (title, action) = match feed {
        Some(feed) => (
            format!("Edit {}", feed.name),
            format!("/o/{slug}/feeds/{}", feed.id),
        ),
        None => ("Add a feed".to_owned(), format!("/o/{slug}/feeds")),
    };
    page(
        chrome,
        &title,
        html! {
            p.breadcrumb { a href={ "/o/" (slug) "/feeds" } { "Feeds" } " / " (title) }
            h1 { (title) }
            (form_error(error))
            form.stack method="post" action=(action) {
                input type="hidden" name="csrf" value=(chrome.csrf);
                label { "Name" input type="text" name="name" value=(form.name) required maxlength="80"; }
                label { "Provider" input type="text" name="provider" value=(form.provider); }
                label { "Kind"
                    select name="kind" {
                        @for (kind, label) in KINDS {
                            option value=(kind) selected[form.kind == kind] { (label) }
                        }
                    }
                }
                label { "Source category (e.g. malware C2, phishing URLs, vulnerability intelligence)" input type="text" name="category" value=(form.category); }
                div.answer-meta {
                    label { "Annual cost" input type="text" name="annual_cost" inputmode="decimal" value=(form.annual_cost) placeholder="48000"; }
                    label { "Currency" input type="text" name="currency" value=(form.currency) maxlength="3" placeholder="EUR"; }
                }
                label { "Renewal date" input type="date" name="renewal_date" value=(form.renewal_date); }
                label { "Owner" input type="text" name="owner" value=(form.owner); }
                fieldset {
                    legend { strong { "Stakeholder groups it serves" } }
                    @for group in groups {
                        label.checkbox {
                            input type="checkbox" name="group" value=(group.id) checked[form.groups.contains(&group.id)];
                            (group.name)
                        }
                    }
                }
                label { "Priority intelligence requirements it serves" textarea name="pirs" { (form.pirs) } }
                button type="submit" { @if feed.is_some() { "Save" } @else { "Add the feed" } }
            }
        },
    )
}

pub struct DetailPage<'a> {
    pub chrome: &'a Chrome<'a>,
    pub slug: &'a str,
    pub csrf: &'a str,
    pub can_edit: bool,
    pub feed: &'a Feed,
    pub served: &'a [String],
    /// Each period's metrics and value, newest first.
    pub values: &'a [(FeedMetricsRow, Option<FeedValue>)],
    pub lists: &'a [ListSummary],
    pub reports: &'a HashMap<String, OverlapReport>,
    /// The metrics form as last typed (after a refusal) or empty.
    pub entry: &'a RawFeedMetrics,
    pub error: Option<&'a str>,
}

pub fn detail_page(data: &DetailPage<'_>) -> Markup {
    let feed = data.feed;
    let base = format!("/o/{}/feeds/{}", data.slug, feed.id);
    page(
        data.chrome,
        &feed.name,
        html! {
            p.breadcrumb { a href={ "/o/" (data.slug) "/feeds" } { "Feeds" } " / " (feed.name) }
            h1 { (feed.name) @if feed.retired { " " span.badge { "retired" } } }
            (form_error(data.error))
            dl.facts {
                dt { "Provider" } dd { (feed.provider) }
                dt { "Kind" } dd { (kind_label(&feed.kind)) }
                dt { "Category" } dd { (feed.category) }
                dt { "Annual cost" } dd { (optional_money(feed.annual_cost, Some(&feed.currency))) }
                dt { "Renewal" } dd { (feed.renewal_date.map(|d| d.to_string()).unwrap_or("—".to_owned())) }
                dt { "Owner" } dd { (feed.owner) }
                dt { "Serves" } dd { (data.served.join(", ")) }
                dt { "PIRs" } dd { (feed.pirs) }
            }
            @if data.can_edit {
                div.toolbar {
                    a.button.secondary href={ (base) "?edit" } { "Edit" }
                    form.inline method="post" action=(base) {
                        input type="hidden" name="csrf" value=(data.csrf);
                        @if feed.retired {
                            input type="hidden" name="action" value="restore";
                            button.secondary type="submit" { "Restore" }
                        } @else {
                            input type="hidden" name="action" value="retire";
                            button.secondary type="submit" { "Retire" }
                        }
                    }
                }
            }
            h2 { "Metrics per period" }
            @if data.values.is_empty() {
                p.muted { "No metrics yet." }
            } @else {
                (metrics_table(data, &base))
            }
            @if data.can_edit {
                h2 { "Enter a period" }
                p.muted.small { "A period is a quarter (2026-Q3) or a month (2026-07). Entering a period again replaces its figures." }
                (metrics_form(data.entry, data.csrf, &base))
            }
            h2 { "Indicator lists" }
            (lists_section(data, &base))
        },
    )
}

fn metrics_table(data: &DetailPage<'_>, base: &str) -> Markup {
    html! {
        div.table-wrap {
            table.data {
                thead { tr {
                    th { "Period" } th.num { "Received" } th.num { "Actioned" } th.num { "Detections" } th.num { "False positives" }
                    th.num { "Lead time (h)" } th.num { "Relevance" } th.num { "Analyst hours" }
                    th.num { "Actionable" } th.num { "Cost per detection" } th.num { "Exclusive" }
                    @if data.can_edit { th {} }
                } }
                tbody {
                    @for (row, value) in data.values {
                        tr {
                            td.nowrap { (row.period) }
                            td.num { (thousands(row.received.max(0) as u64)) }
                            td.num { (thousands(row.actioned.max(0) as u64)) }
                            td.num { (thousands(row.detections.max(0) as u64)) }
                            td.num { (thousands(row.false_positives.max(0) as u64)) }
                            td.num { (one_decimal(row.median_lead_time_hours)) }
                            td.num { (row.relevance.map(|r| format!("{r}/5")).unwrap_or("—".to_owned())) }
                            td.num { (one_decimal(row.analyst_hours)) }
                            td.num { (percent(value.as_ref().and_then(|v| v.actionable_rate))) }
                            td.num { (optional_money(value.as_ref().and_then(|v| v.cost_per_detection), value.as_ref().and_then(|v| v.currency.as_deref()))) }
                            td.num { (percent(value.as_ref().and_then(|v| v.exclusive_share))) }
                            @if data.can_edit {
                                td {
                                    form.inline method="post" action={ (base) "/metrics/delete" } {
                                        input type="hidden" name="csrf" value=(data.csrf);
                                        input type="hidden" name="period" value=(row.period);
                                        button.link type="submit" aria-label={ "Delete " (row.period) } { "Delete" }
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

fn metrics_form(entry: &RawFeedMetrics, csrf: &str, base: &str) -> Markup {
    let fields: [(&str, &str, &str); 8] = [
        ("period", "Period", &entry.period),
        ("received", "Indicators received", &entry.received),
        (
            "actioned",
            "Actioned (detection, block, hunt, report)",
            &entry.actioned,
        ),
        ("detections", "Of which detections", &entry.detections),
        ("false_positives", "False positives", &entry.false_positives),
        (
            "median_lead_time_hours",
            "Median lead time, hours (optional)",
            &entry.median_lead_time_hours,
        ),
        ("relevance", "Relevance 1-5 (optional)", &entry.relevance),
        (
            "analyst_hours",
            "Analyst hours spent (optional)",
            &entry.analyst_hours,
        ),
    ];
    debug_assert!(fields.iter().all(|(name, _, _)| COLUMNS.contains(name)));
    html! {
        form.stack method="post" action={ (base) "/metrics" } {
            input type="hidden" name="csrf" value=(csrf);
            div.answer-meta {
                @for (name, label, value) in fields {
                    label { (label)
                        input type="text" name=(name) value=(value) required[COLUMNS[..6].contains(&name)]
                            inputmode=[(name != "period").then_some("decimal")];
                    }
                }
            }
            button type="submit" { "Save the period" }
        }
    }
}

fn lists_section(data: &DetailPage<'_>, base: &str) -> Markup {
    let id = data.feed.id.to_string();
    html! {
        p.muted.small { "Upload what the feed delivered in a period: one indicator per line, a CSV file with an indicator column, or a STIX 2.1 bundle. Values are normalised (refanged, lower-case domains and hashes, canonical IP addresses and URLs) and de-duplicated; the text is not kept, only fingerprints of the two latest periods, for novelty, churn and overlap." }
        @if !data.lists.is_empty() {
            div.table-wrap {
                table.data {
                    thead { tr {
                        th { "Period" } th { "Format" } th.num { "Read" } th.num { "Distinct" } th.num { "Novelty" } th.num { "Churn" } th.num { "Exclusive" } th { "Uploaded" }
                        @if data.can_edit { th {} }
                    } }
                    tbody {
                        @for list in data.lists {
                            @let figures = data.reports.get(&list.period).and_then(|r| r.feeds.iter().find(|f| f.name == id));
                            tr {
                                td.nowrap { a href={ "/o/" (data.slug) "/feeds/overlap?period=" (list.period) } { (list.period) } }
                                td { (list.format) }
                                td.num { (thousands(list.values_read.max(0) as u64)) }
                                td.num { (thousands(list.volume.max(0) as u64)) }
                                td.num { (percent(figures.and_then(|f| f.novelty))) }
                                td.num { (percent(figures.and_then(|f| f.churn))) }
                                td.num { (percent(figures.and_then(|f| f.exclusive_share))) }
                                td.small { (list.uploaded_at.format("%Y-%m-%d %H:%M")) @if !list.kept { br; span.muted { "fingerprints dropped" } } }
                                @if data.can_edit {
                                    td {
                                        form.inline method="post" action={ (base) "/lists/delete" } {
                                            input type="hidden" name="csrf" value=(data.csrf);
                                            input type="hidden" name="period" value=(list.period);
                                            button.link type="submit" aria-label={ "Delete the list of " (list.period) } { "Delete" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if data.can_edit {
            h3 { "Upload a list" }
            form.stack method="post" enctype="multipart/form-data" action={ (base) "/lists?csrf=" (data.csrf) } {
                label { "Period" input type="text" name="period" required placeholder="2026-Q3"; }
                label { "File (up to 64 MiB)" input type="file" name="list" required; }
                label { "CSV column (optional: the column named indicator, ioc, value… is found by itself)" input type="text" name="column"; }
                button type="submit" { "Upload the list" }
            }
        }
    }
}
