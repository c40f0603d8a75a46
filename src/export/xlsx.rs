//! The XLSX workbook of an assessment: a Summary with a native Excel radar chart (current,
//! previous quarter, target per section), every Answer, the Gaps and actions to work from, the
//! stakeholder Satisfaction and the Feeds review. A sheet without data says so in one line.
//!
//! Text cells pass through [`neutralise`]; numbers and dates are written as numbers and dates so
//! that a team can sort, filter and chart them.

use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::cells::neutralise;
use super::document::ExportDocument;
use crate::metrics::satisfaction::Summary;
use crate::scoring::format_percent;
use crate::views::results::level_label;

const SUMMARY: &str = "Summary";
const HEADER_FILL: u32 = 0x1F3A5F;

/// The shared cell formats.
struct Styles {
    title: Format,
    header: Format,
    label: Format,
    text: Format,
    wrap: Format,
    percent: Format,
    number: Format,
    date: Format,
    datetime: Format,
    note: Format,
}

impl Styles {
    fn new() -> Self {
        Self {
            title: Format::new().set_bold().set_font_size(16),
            header: Format::new()
                .set_bold()
                .set_font_color(0xFFFFFF)
                .set_background_color(HEADER_FILL)
                .set_border(FormatBorder::Thin)
                .set_text_wrap(),
            label: Format::new().set_bold(),
            text: Format::new().set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            percent: Format::new()
                .set_num_format("0.0")
                .set_align(FormatAlign::Top),
            number: Format::new()
                .set_num_format("0")
                .set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Top),
            datetime: Format::new()
                .set_num_format("yyyy-mm-dd hh:mm")
                .set_align(FormatAlign::Top),
            note: Format::new().set_italic().set_font_color(0x555555),
        }
    }
}

pub fn render(doc: &ExportDocument) -> anyhow::Result<Vec<u8>> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    summary(printable(workbook.add_worksheet()), doc, &styles)?;
    answers(printable(workbook.add_worksheet()), doc, &styles)?;
    actions(printable(workbook.add_worksheet()), doc, &styles)?;
    satisfaction(printable(workbook.add_worksheet()), doc, &styles)?;
    feeds(printable(workbook.add_worksheet()), doc, &styles)?;
    Ok(workbook.save_to_buffer()?)
}

/// Printed landscape, one page wide (as many pages long as needed).
fn printable(sheet: &mut Worksheet) -> &mut Worksheet {
    sheet.set_landscape().set_print_fit_to_pages(1, 0)
}

/// Writes neutralised text.
fn text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if !value.is_empty() {
        sheet.write_string_with_format(row, col, neutralise(value), format)?;
    }
    Ok(())
}

fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(value) = value {
        sheet.write_number_with_format(row, col, value, format)?;
    }
    Ok(())
}

/// Gives `row` the height its wrapped texts need: spreadsheet programs do not always grow rows
/// for wrapped text in a file they open, and overlapping lines are unreadable. Each text is
/// given with its column width in characters.
fn fit_row(sheet: &mut Worksheet, row: u32, texts: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = texts
        .iter()
        .map(|(text, width)| {
            text.split('\n')
                .map(|line| {
                    (line.chars().count() as f64 / (width * 0.95))
                        .ceil()
                        .max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    if lines > 1.0 {
        sheet.set_row_height(row, 15.0 * lines)?;
    }
    Ok(())
}

/// A header row with a frozen pane below it, an autofilter over `rows` data rows, and widths.
fn table_header(
    sheet: &mut Worksheet,
    row: u32,
    headers: &[(&str, f64)],
    rows: usize,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (col, (name, width)) in headers.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(row, col, *name, &styles.header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_row_height(row, 30)?;
    sheet.set_freeze_panes(row + 1, 0)?;
    let last_col = headers.len().saturating_sub(1) as u16;
    sheet.autofilter(row, 0, row + rows.max(1) as u32, last_col)?;
    Ok(())
}

fn summary(sheet: &mut Worksheet, doc: &ExportDocument, styles: &Styles) -> anyhow::Result<()> {
    sheet.set_name(SUMMARY)?;
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 14)?;
    for col in 2..=6 {
        sheet.set_column_width(col, 13)?;
    }
    let a = &doc.assessment;
    let title = format!(
        "{} — {} maturity assessment",
        doc.organisation.name, a.period
    );
    text(sheet, 0, 0, &title, &styles.title)?;
    let facts = [
        (
            "Questionnaire",
            format!("{} {}", doc.questionnaire.title(), a.questionnaire_version),
        ),
        (
            "Model",
            format!("{} {}", doc.model.title(), doc.model.version()),
        ),
        (
            "Status",
            if a.is_final() {
                "Final".to_owned()
            } else {
                "Draft".to_owned()
            },
        ),
        ("Started", a.created_at.format("%Y-%m-%d").to_string()),
        (
            "Finalised",
            a.finalised_at
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| "not yet".to_owned()),
        ),
        ("Assessors", doc.assessors.join(", ")),
        (
            "Exported",
            doc.generated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        ),
    ];
    for (i, (label, value)) in facts.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string_with_format(row, 0, *label, &styles.label)?;
        text(sheet, row, 1, value, &styles.text)?;
    }

    let overall = &doc.scorecard.overall;
    let row = 10;
    sheet.write_string_with_format(row, 0, "Overall", &styles.label)?;
    let level = level_label(&doc.model, overall.level);
    let percent = format_percent(overall.percent);
    text(sheet, row, 1, &format!("{level}, {percent}"), &styles.text)?;
    sheet.write_string_with_format(row + 1, 0, "Change since last quarter", &styles.label)?;
    let change = match &doc.previous {
        Some(previous) => match previous.comparison.overall.percent_points {
            // In words: a text starting with + or - would be neutralised as a formula.
            Some(points) => format!(
                "{:.1} points {} since {}",
                crate::scoring::round_half_away(points.abs(), 1),
                if points < 0.0 { "down" } else { "up" },
                previous.period
            ),
            None => format!("no comparable score in {}", previous.period),
        },
        None => "no earlier final quarter".to_owned(),
    };
    text(sheet, row + 1, 1, &change, &styles.text)?;
    sheet.write_string_with_format(row + 2, 0, "Completion", &styles.label)?;
    text(
        sheet,
        row + 2,
        1,
        &format!(
            "{:.0} % ({} answered, {} N/A, {} unanswered of {})",
            overall.counts.completion,
            overall.counts.answered,
            overall.counts.na,
            overall.counts.unanswered,
            overall.counts.total
        ),
        &styles.text,
    )?;

    let head = 14;
    let headers = [
        "Section",
        "Percent",
        "Level",
        "Previous level",
        "Target",
        "Gap",
        "Completion %",
    ];
    for (col, name) in headers.iter().enumerate() {
        sheet.write_string_with_format(head, col as u16, *name, &styles.header)?;
    }
    sheet.set_row_height(head, 30)?;
    for (i, section) in doc.scorecard.sections.iter().enumerate() {
        let row = head + 1 + i as u32;
        let title = doc
            .questionnaire
            .sections()
            .iter()
            .find(|s| s.id == section.id)
            .map_or(section.id.as_str(), |s| s.title.as_str());
        text(sheet, row, 0, title, &styles.text)?;
        number(sheet, row, 1, section.percent, &styles.percent)?;
        number(
            sheet,
            row,
            2,
            section.level.map(|l| l as f64),
            &styles.number,
        )?;
        let previous = doc
            .previous
            .as_ref()
            .and_then(|p| p.scorecard.section(&section.id))
            .and_then(|s| s.level);
        number(sheet, row, 3, previous.map(|l| l as f64), &styles.number)?;
        number(
            sheet,
            row,
            4,
            section.target.map(|l| l as f64),
            &styles.number,
        )?;
        number(sheet, row, 5, section.gap.map(|l| l as f64), &styles.number)?;
        number(
            sheet,
            row,
            6,
            Some(section.counts.completion),
            &styles.percent,
        )?;
    }
    let last = head + doc.scorecard.sections.len() as u32;
    if !doc.scorecard.sections.is_empty() {
        sheet.insert_chart(last + 2, 0, &radar(doc, head + 1, last))?;
    }
    Ok(())
}

/// The native radar of the Summary's table: current, previous and target levels per section.
fn radar(doc: &ExportDocument, first: u32, last: u32) -> Chart {
    let mut chart = Chart::new(ChartType::RadarWithMarkers);
    chart.title().set_name("Maturity level by section");
    let mut series = vec![("Current", 2u16)];
    if doc.previous.is_some() {
        series.push(("Previous quarter", 3));
    }
    if doc.scorecard.sections.iter().any(|s| s.target.is_some()) {
        series.push(("Target", 4));
    }
    for (name, col) in series {
        chart
            .add_series()
            .set_name(name)
            .set_categories((SUMMARY, first, 0, last, 0))
            .set_values((SUMMARY, first, col, last, col));
    }
    chart
        .y_axis()
        .set_min(doc.model.lowest_level().min(0) as f64)
        .set_max(doc.model.highest_level() as f64)
        .set_major_unit(1);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(720).set_height(420);
    chart
}

fn answers(sheet: &mut Worksheet, doc: &ExportDocument, styles: &Styles) -> anyhow::Result<()> {
    sheet.set_name("Answers")?;
    let headers = [
        ("Section", 22.0),
        ("Question id", 18.0),
        ("Question", 60.0),
        ("Value", 7.0),
        ("Answer", 22.0),
        ("Note", 40.0),
        ("Evidence", 40.0),
        ("Needs review", 8.0),
        ("Answered by", 26.0),
        ("Answered at", 17.0),
    ];
    table_header(sheet, 0, &headers, doc.answers.len(), styles)?;
    for (i, answer) in doc.answers.iter().enumerate() {
        let row = 1 + i as u32;
        text(sheet, row, 0, &answer.section_title, &styles.wrap)?;
        text(sheet, row, 1, &answer.question_id, &styles.text)?;
        text(sheet, row, 2, &answer.question_text, &styles.wrap)?;
        number(
            sheet,
            row,
            3,
            answer.value().map(|v| v as f64),
            &styles.number,
        )?;
        let label = if answer.stored.is_none() {
            "Unanswered"
        } else {
            answer.label.as_str()
        };
        text(sheet, row, 4, label, &styles.text)?;
        text(sheet, row, 5, answer.note(), &styles.wrap)?;
        let evidence = answer.evidence().join("\n");
        text(sheet, row, 6, &evidence, &styles.wrap)?;
        fit_row(
            sheet,
            row,
            &[
                (&answer.section_title, 22.0),
                (&answer.question_text, 60.0),
                (answer.note(), 40.0),
                (&evidence, 40.0),
            ],
        )?;
        if let Some(stored) = &answer.stored {
            if stored.needs_review {
                text(sheet, row, 7, "yes", &styles.text)?;
            }
            text(
                sheet,
                row,
                8,
                stored.answered_by_email.as_deref().unwrap_or(""),
                &styles.text,
            )?;
            sheet.write_datetime_with_format(
                row,
                9,
                stored.answered_at.naive_utc(),
                &styles.datetime,
            )?;
        }
    }
    Ok(())
}

fn actions(sheet: &mut Worksheet, doc: &ExportDocument, styles: &Styles) -> anyhow::Result<()> {
    sheet.set_name("Gaps and actions")?;
    let gaps: Vec<_> = doc
        .scorecard
        .sections
        .iter()
        .filter(|s| s.gap.is_some_and(|g| g > 0))
        .collect();
    let headers = [
        ("Priority", 9.0),
        ("Action", 50.0),
        ("About", 28.0),
        ("Owner", 20.0),
        ("Due date", 12.0),
        ("Status", 12.0),
        ("Overdue", 9.0),
        ("Impact", 8.0),
        ("Effort", 8.0),
        ("Current level", 9.0),
        ("Target", 8.0),
        ("Gap", 7.0),
    ];
    table_header(sheet, 0, &headers, doc.actions.len(), styles)?;
    if doc.actions.is_empty() {
        text(
            sheet,
            1,
            1,
            "No actions were raised from this assessment.",
            &styles.note,
        )?;
    }
    for (i, planned) in doc.actions.iter().enumerate() {
        let row = 1 + i as u32;
        let action = &planned.action;
        number(
            sheet,
            row,
            0,
            Some(f64::from(planned.priority)),
            &styles.number,
        )?;
        text(sheet, row, 1, &action.title, &styles.wrap)?;
        let about = scope_title(doc, &action.scope_kind, &action.scope_id);
        text(sheet, row, 2, &about, &styles.wrap)?;
        text(sheet, row, 3, &action.owner, &styles.text)?;
        fit_row(sheet, row, &[(&action.title, 50.0), (&about, 28.0)])?;
        if let Some(due) = action
            .due_date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            sheet.write_datetime_with_format(row, 4, due, &styles.date)?;
        }
        text(sheet, row, 5, action.status().label(), &styles.text)?;
        if planned.overdue {
            text(sheet, row, 6, "yes", &styles.text)?;
        }
        number(sheet, row, 7, Some(action.impact as f64), &styles.number)?;
        number(sheet, row, 8, Some(action.effort as f64), &styles.number)?;
        if action.scope_kind == "section" {
            if let Some(section) = doc.scorecard.section(&action.scope_id) {
                number(
                    sheet,
                    row,
                    9,
                    section.level.map(|l| l as f64),
                    &styles.number,
                )?;
                number(
                    sheet,
                    row,
                    10,
                    section.target.map(|l| l as f64),
                    &styles.number,
                )?;
                number(
                    sheet,
                    row,
                    11,
                    section.gap.map(|l| l as f64),
                    &styles.number,
                )?;
            }
        }
    }
    let below = 3 + doc.actions.len().max(1) as u32;
    sheet.write_string_with_format(below, 0, "Sections below target", &styles.label)?;
    if gaps.is_empty() {
        text(
            sheet,
            below + 1,
            0,
            "No section is below its target.",
            &styles.note,
        )?;
    }
    for (i, section) in gaps.iter().enumerate() {
        let row = below + 1 + i as u32;
        number(sheet, row, 0, section.gap.map(|g| g as f64), &styles.number)?;
        text(
            sheet,
            row,
            1,
            &scope_title(doc, "section", &section.id),
            &styles.text,
        )?;
        text(
            sheet,
            row,
            2,
            &format!(
                "level {} of target {}",
                section.level.map_or("—".into(), |l| l.to_string()),
                section.target.unwrap_or_default()
            ),
            &styles.text,
        )?;
    }
    Ok(())
}

/// A section's title, a capability's name or a question's text, with its kind.
fn scope_title(doc: &ExportDocument, kind: &str, id: &str) -> String {
    let name = match kind {
        "section" => doc
            .questionnaire
            .sections()
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.title.clone()),
        "capability" => doc
            .model
            .capabilities()
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone()),
        _ => doc.questionnaire.question(id).map(|q| q.doc.text.clone()),
    };
    match name {
        Some(name) => format!("{name} ({kind})"),
        None => format!("{id} ({kind})"),
    }
}

fn satisfaction(
    sheet: &mut Worksheet,
    doc: &ExportDocument,
    styles: &Styles,
) -> anyhow::Result<()> {
    sheet.set_name("Satisfaction")?;
    let Some(round) = &doc.satisfaction else {
        text(
            sheet,
            0,
            0,
            "No data: no stakeholder survey round was closed by this period.",
            &styles.note,
        )?;
        sheet.set_column_width(0, 70)?;
        return Ok(());
    };
    let title = format!("Stakeholder survey {}", round.round.period);
    text(sheet, 0, 0, &title, &styles.title)?;
    let mut items: Vec<&str> = round
        .rows
        .iter()
        .filter_map(|(_, s)| s.shown())
        .flat_map(|s| s.ratings.keys().map(String::as_str))
        .collect();
    items.sort_unstable();
    items.dedup();
    let mut headers: Vec<(String, f64)> = vec![
        ("Group".into(), 28.0),
        ("Responses".into(), 11.0),
        ("Response rate %".into(), 11.0),
        ("Used it (yes) %".into(), 11.0),
        ("NPS".into(), 8.0),
    ];
    headers.extend(items.iter().map(|i| (format!("{i} (mean 1-5)"), 16.0)));
    let refs: Vec<(&str, f64)> = headers.iter().map(|(n, w)| (n.as_str(), *w)).collect();
    table_header(sheet, 2, &refs, round.rows.len(), styles)?;
    for (i, (group, summary)) in round.rows.iter().enumerate() {
        let row = 3 + i as u32;
        text(sheet, row, 0, &group.name, &styles.text)?;
        match summary {
            Summary::Suppressed { responses } => {
                number(sheet, row, 1, Some(*responses as f64), &styles.number)?;
                text(sheet, row, 2, "too few responses to show", &styles.note)?;
            }
            Summary::Shown(s) => {
                number(sheet, row, 1, Some(s.responses as f64), &styles.number)?;
                number(
                    sheet,
                    row,
                    2,
                    s.response_rate.map(|r| r * 100.0),
                    &styles.percent,
                )?;
                number(
                    sheet,
                    row,
                    3,
                    s.usage.shown().map(|u| u.yes_share * 100.0),
                    &styles.percent,
                )?;
                number(
                    sheet,
                    row,
                    4,
                    s.recommend.shown().map(|n| n.nps),
                    &styles.percent,
                )?;
                for (j, item) in items.iter().enumerate() {
                    let mean = s.ratings.get(*item).and_then(|r| r.shown()).map(|r| r.mean);
                    number(sheet, row, 5 + j as u16, mean, &styles.percent)?;
                }
            }
        }
    }
    Ok(())
}

fn feeds(sheet: &mut Worksheet, doc: &ExportDocument, styles: &Styles) -> anyhow::Result<()> {
    sheet.set_name("Feeds")?;
    let Some(feeds) = &doc.feeds else {
        text(
            sheet,
            0,
            0,
            "No data: no feed metrics were recorded for this period.",
            &styles.note,
        )?;
        sheet.set_column_width(0, 70)?;
        return Ok(());
    };
    text(
        sheet,
        0,
        0,
        &format!("Feed renewal review {}", feeds.period),
        &styles.title,
    )?;
    let review = match &feeds.review {
        Ok(review) => review,
        Err(problem) => {
            text(sheet, 2, 0, &format!("No ranking: {problem}"), &styles.note)?;
            return Ok(());
        }
    };
    let currency = review.currency.clone().unwrap_or_default();
    let cost = format!("Period cost {currency}");
    let per_action = format!("Cost per actionable {currency}");
    let headers = [
        ("Rank", 7.0),
        ("Feed", 28.0),
        ("Value", 10.0),
        (cost.as_str(), 14.0),
        ("Value per cost", 12.0),
        ("Actionable %", 12.0),
        ("Detections per 1000", 12.0),
        ("False positives %", 12.0),
        (per_action.as_str(), 14.0),
        ("Flagged", 9.0),
        ("Why", 50.0),
    ];
    table_header(
        sheet,
        2,
        &headers,
        review.ranked.len() + review.unranked.len(),
        styles,
    )?;
    for (i, feed) in review.ranked.iter().enumerate() {
        let row = 3 + i as u32;
        let m = &feed.metrics;
        number(sheet, row, 0, Some(feed.rank as f64), &styles.number)?;
        text(sheet, row, 1, &feed.feed, &styles.text)?;
        number(sheet, row, 2, Some(feed.value), &styles.percent)?;
        number(sheet, row, 3, Some(feed.period_cost), &styles.percent)?;
        number(sheet, row, 4, Some(feed.value_per_cost), &styles.percent)?;
        number(
            sheet,
            row,
            5,
            m.actionable_rate.map(|r| r * 100.0),
            &styles.percent,
        )?;
        number(sheet, row, 6, m.detections_per_1000, &styles.percent)?;
        number(
            sheet,
            row,
            7,
            m.false_positive_rate.map(|r| r * 100.0),
            &styles.percent,
        )?;
        number(sheet, row, 8, m.cost_per_actionable, &styles.percent)?;
        if feed.flagged {
            text(sheet, row, 9, "yes", &styles.text)?;
        }
        let reasons = feed.reasons.join("; ");
        text(sheet, row, 10, &reasons, &styles.wrap)?;
        fit_row(sheet, row, &[(&reasons, 50.0)])?;
    }
    for (i, feed) in review.unranked.iter().enumerate() {
        let row = 3 + (review.ranked.len() + i) as u32;
        text(sheet, row, 1, &feed.feed, &styles.text)?;
        text(
            sheet,
            row,
            10,
            &format!("Not ranked: {}", feed.reason),
            &styles.wrap,
        )?;
    }
    Ok(())
}
