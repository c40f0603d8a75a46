//! Pages of indicator lists: the progress of an upload being read, and the overlap of a period's
//! lists (per feed figures and the pairwise matrix).

use maud::{Markup, html};

use super::dashboard::chart_figure;
use super::feeds::{percent, thousands};
use super::layout::{Chrome, page, page_refreshing};
use crate::charts::Chart;
use crate::metrics::feed_period::FeedPeriod;
use crate::metrics::overlap::OverlapReport;
use crate::store::feed_lists::Job;
use crate::store::feeds::Feed;

pub fn job_page(chrome: &Chrome<'_>, slug: &str, feed: &Feed, job: &Job, stale: bool) -> Markup {
    let feed_url = format!("/o/{slug}/feeds/{}", feed.id);
    let running = job.status == "running" && !stale;
    page_refreshing(
        chrome,
        "Reading an indicator list",
        running.then_some(1),
        html! {
            p.breadcrumb { a href={ "/o/" (slug) "/feeds" } { "Feeds" } " / " a href=(feed_url) { (feed.name) } " / list for " (job.period) }
            h1 { "Indicator list for " (job.period) }
            @if stale {
                p.error role="alert" { "This upload stopped without finishing (the server was restarted). Nothing was stored from it; upload the list again." }
            } @else if job.status == "running" {
                p role="status" {
                    @if job.stage == "comparing" {
                        "Read " (thousands(job.values_read.max(0) as u64)) " indicators; comparing with the other feeds of the period…"
                    } @else {
                        "Reading: " (thousands(job.values_read.max(0) as u64)) " indicators so far…"
                    }
                }
                @match job.fraction {
                    Some(fraction) => progress max="100" value=(format!("{:.0}", fraction * 100.0)) { (format!("{:.0} %", fraction * 100.0)) },
                    None => progress {},
                }
                p.muted.small { "This page refreshes by itself; you may leave it, the list is read in the background." }
            } @else if job.status == "failed" {
                p.error role="alert" { (job.message) }
                p { a href=(feed_url) { "Back to " (feed.name) } }
            } @else {
                p.notice role="status" { (job.message) }
                p {
                    a.button href={ "/o/" (slug) "/feeds/overlap?period=" (job.period) } { "See the overlap for " (job.period) }
                    " "
                    a.button.secondary href=(feed_url) { "Back to " (feed.name) }
                }
            }
        },
    )
}

pub struct OverlapPage<'a> {
    pub chrome: &'a Chrome<'a>,
    pub slug: &'a str,
    pub periods: &'a [FeedPeriod],
    pub period: Option<FeedPeriod>,
    pub report: Option<&'a OverlapReport>,
    pub feeds: &'a [Feed],
    /// The pairwise overlap as a heatmap (with its numbers), when the period has two feeds or more.
    pub overlap_chart: Option<&'a Chart>,
}

/// The feed a report names by id, or a placeholder for a feed no longer in the register.
pub fn feed_name<'a>(feeds: &'a [Feed], id: &str) -> &'a str {
    feeds
        .iter()
        .find(|f| f.id.to_string() == id)
        .map_or("(removed feed)", |f| f.name.as_str())
}

pub fn overlap_page(data: &OverlapPage<'_>) -> Markup {
    let base = format!("/o/{}/feeds", data.slug);
    page(
        data.chrome,
        "Overlap of indicator lists",
        html! {
            p.breadcrumb { a href=(base) { "Feeds" } " / overlap" }
            h1 { "Overlap of indicator lists" }
            p.muted { "For each feed's list of a period: novelty (share new since its previous list), churn (share of the previous list gone), exclusive share (in no other feed), and in the matrix |row ∩ column| / |row|: how much of the row's feed the column's feed delivers too." }
            @if data.periods.is_empty() {
                p.notice { "No indicator lists yet. Upload one on a feed's page." }
            } @else {
                nav.toolbar aria-label="Periods" {
                    @for period in data.periods {
                        @if Some(*period) == data.period { strong { (period) } }
                        @else { a href={ (base) "/overlap?period=" (period) } { (period) } }
                    }
                }
            }
            @if let Some(report) = data.report {
                div.table-wrap {
                    table.data {
                        thead { tr { th { "Feed" } th.num { "Distinct indicators" } th.num { "Exclusive" } th.num { "Exclusive share" } th.num { "Novelty" } th.num { "Churn" } } }
                        tbody {
                            @for feed in &report.feeds {
                                tr {
                                    td { a href={ (base) "/" (feed.name) } { (feed_name(data.feeds, &feed.name)) } }
                                    td.num { (thousands(feed.volume as u64)) }
                                    td.num { (thousands(feed.exclusive as u64)) }
                                    td.num { (percent(feed.exclusive_share)) }
                                    td.num { (percent(feed.novelty)) }
                                    td.num { (percent(feed.churn)) }
                                }
                            }
                        }
                    }
                }
                @if let Some(chart) = data.overlap_chart {
                    h2 { "Pairwise overlap" }
                    (chart_figure(chart))
                }
            }
        },
    )
}
