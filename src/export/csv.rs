//! CSV exports of an assessment: its answers (every question, answered or not) and its actions.
//! Two files, because one table cannot hold both; the CLI and the web route ask which.
//!
//! Text cells pass through [`neutralise`] so that no note or title runs as a formula.

use super::cells::neutralise;
use super::document::ExportDocument;

/// Which table to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    Answers,
    Actions,
}

impl CsvTable {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answers => "answers",
            Self::Actions => "actions",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Answers, Self::Actions]
            .into_iter()
            .find(|t| t.as_str() == text)
    }
}

pub fn render(doc: &ExportDocument, table: CsvTable) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    match table {
        CsvTable::Answers => write_answers(doc, &mut writer)?,
        CsvTable::Actions => write_actions(doc, &mut writer)?,
    }
    Ok(writer.into_inner().map_err(|e| e.into_error())?)
}

fn write_answers(doc: &ExportDocument, writer: &mut csv::Writer<Vec<u8>>) -> anyhow::Result<()> {
    writer.write_record([
        "section",
        "question",
        "question_text",
        "value",
        "label",
        "not_applicable",
        "note",
        "evidence",
        "needs_review",
        "answered_by",
        "answered_at",
    ])?;
    for row in &doc.answers {
        let stored = row.stored.as_ref();
        let value = row.value().map(|v| v.to_string()).unwrap_or_default();
        let evidence = row.evidence().join(" ");
        let answered_at = stored
            .map(|s| s.answered_at.to_rfc3339())
            .unwrap_or_default();
        let flag = |on: bool| if on { "yes" } else { "" };
        writer.write_record([
            neutralise(&row.section_id).as_ref(),
            &neutralise(&row.question_id),
            &neutralise(&row.question_text),
            &value,
            &neutralise(&row.label),
            flag(row.not_applicable()),
            &neutralise(row.note()),
            &neutralise(&evidence),
            flag(stored.is_some_and(|s| s.needs_review)),
            &neutralise(
                stored
                    .and_then(|s| s.answered_by_email.as_deref())
                    .unwrap_or(""),
            ),
            &answered_at,
        ])?;
    }
    Ok(())
}

fn write_actions(doc: &ExportDocument, writer: &mut csv::Writer<Vec<u8>>) -> anyhow::Result<()> {
    writer.write_record([
        "priority",
        "title",
        "scope_kind",
        "scope",
        "owner",
        "due_date",
        "impact",
        "effort",
        "status",
        "overdue",
    ])?;
    for planned in &doc.actions {
        let action = &planned.action;
        writer.write_record([
            planned.priority.to_string().as_str(),
            &neutralise(&action.title),
            &action.scope_kind,
            &neutralise(&action.scope_id),
            &neutralise(&action.owner),
            action.due_date.as_deref().unwrap_or(""),
            &action.impact.to_string(),
            &action.effort.to_string(),
            action.status().label(),
            if planned.overdue { "yes" } else { "" },
        ])?;
    }
    Ok(())
}
