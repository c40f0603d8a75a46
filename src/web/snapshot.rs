//! An assessment's frozen content (the questionnaire and model text stored with it), its stored
//! answers and targets, and its scorecard: what every assessment page starts from.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use crate::content::{
    Answer, Answers, Model, Questionnaire, Response, SourceFile, Targets, load_model,
    load_questionnaire,
};
use crate::scoring::{Scorecard, score};
use crate::store::{self, Db, answers::StoredAnswer, assessments::Assessment};

use super::error::{AppError, AppResult};

pub struct ScoredAssessment {
    pub assessment: Assessment,
    pub model: Model,
    pub questionnaire: Questionnaire,
    pub stored: Vec<StoredAnswer>,
    pub answers: Answers,
    pub targets: Targets,
    pub scorecard: Scorecard,
}

impl ScoredAssessment {
    pub fn stored_answer(&self, question_id: &str) -> Option<&StoredAnswer> {
        self.stored
            .iter()
            .find(|answer| answer.question_id == question_id)
    }
}

/// Checked content by the SHA-256 of its model and questionnaire text. An assessment's content
/// never changes, and a hash names exactly one text, so an entry can never be stale: the cache is
/// safe in every instance without coordination. Bounded: cleared when full.
/// A checked model and questionnaire, shared between the requests that use them.
pub type FrozenContent = Arc<(Model, Questionnaire)>;
type FrozenCache = Mutex<HashMap<(String, String), FrozenContent>>;

static FROZEN: LazyLock<FrozenCache> = LazyLock::new(Default::default);
const FROZEN_CAPACITY: usize = 256;

/// The model and questionnaire an assessment was started with, parsed once per process.
pub fn frozen_content(assessment: &Assessment) -> anyhow::Result<FrozenContent> {
    let key = (
        assessment.model_sha256.clone(),
        assessment.questionnaire_sha256.clone(),
    );
    if let Some(found) = FROZEN.lock().expect("cache lock").get(&key) {
        return Ok(Arc::clone(found));
    }
    let parsed = Arc::new(parse_frozen(assessment)?);
    let mut cache = FROZEN.lock().expect("cache lock");
    if cache.len() >= FROZEN_CAPACITY {
        cache.clear();
    }
    cache.insert(key, Arc::clone(&parsed));
    Ok(parsed)
}

/// The content with these hashes if this process has parsed it already (a hash names exactly one
/// text, so this is safe with any database).
pub fn content_by_hash(model_sha256: &str, questionnaire_sha256: &str) -> Option<FrozenContent> {
    let key = (model_sha256.to_owned(), questionnaire_sha256.to_owned());
    FROZEN.lock().expect("cache lock").get(&key).cloned()
}

/// They were valid when stored; an error here means the database was edited by hand.
fn parse_frozen(assessment: &Assessment) -> anyhow::Result<(Model, Questionnaire)> {
    let model_source = SourceFile {
        name: format!("assessment {} model", assessment.id),
        text: assessment.model_yaml.clone(),
    };
    let model =
        load_model(&model_source).map_err(|d| anyhow::anyhow!("stored model is invalid: {d}"))?;
    let questionnaire_source = SourceFile {
        name: format!("assessment {} questionnaire", assessment.id),
        text: assessment.questionnaire_yaml.clone(),
    };
    let questionnaire = load_questionnaire(&questionnaire_source, &model)
        .map_err(|d| anyhow::anyhow!("stored questionnaire is invalid: {d}"))?;
    Ok((model, questionnaire))
}

/// The answer a stored row gives; None for a row with neither a value nor N/A (a note saved
/// before choosing an answer), which counts as unanswered.
pub fn to_answer(stored: &StoredAnswer) -> Option<Answer> {
    let response = match (stored.not_applicable, stored.value) {
        (true, _) => Response::NotApplicable,
        (false, Some(value)) => Response::Value(value),
        (false, None) => return None,
    };
    Some(Answer {
        response,
        note: (!stored.note.is_empty()).then(|| stored.note.clone()),
        evidence: stored
            .evidence
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        needs_review: stored.needs_review,
    })
}

/// Answers as the scoring engine sees them.
pub fn to_answers(questionnaire: &Questionnaire, stored: &[StoredAnswer]) -> Answers {
    let mut answers = Answers::default();
    for (row, answer) in stored.iter().filter_map(|row| Some((row, to_answer(row)?))) {
        if let Err(problem) = answers.insert(questionnaire, &row.question_id, answer) {
            tracing::warn!(question = %row.question_id, %problem, "stored answer does not fit its questionnaire; left out");
        }
    }
    answers
}

pub async fn load_scored(
    db: &Db,
    organisation_id: i64,
    assessment_id: i64,
) -> AppResult<ScoredAssessment> {
    let assessment = store::assessments::get(db, organisation_id, assessment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (model, questionnaire) = frozen_content(&assessment)?.as_ref().clone();
    let stored = store::answers::list(db, organisation_id, assessment_id).await?;
    let mut answers = to_answers(&questionnaire, &stored);
    for section in store::not_relevant::list(db, organisation_id, assessment_id).await? {
        if let Err(problem) = answers.mark_not_relevant(&questionnaire, &section) {
            tracing::warn!(%section, %problem, "stored not-relevant section does not fit; left out");
        }
    }
    let mut targets = Targets::default();
    for target in store::targets::list(db, organisation_id, assessment_id).await? {
        if let Err(problem) = targets.insert(&questionnaire, &model, &target.scope_id, target.level)
        {
            tracing::warn!(scope = %target.scope_id, %problem, "stored target does not fit; left out");
        }
    }
    let scorecard = score(&questionnaire, &model, &answers, &targets);
    Ok(ScoredAssessment {
        assessment,
        model,
        questionnaire,
        stored,
        answers,
        targets,
        scorecard,
    })
}
