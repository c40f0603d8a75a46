//! `cti-maturity demo`: a demo organisation telling a plausible two-year improvement story, so that
//! a newcomer sees a living app at once. Eight finalised quarters, one draft in progress, targets,
//! an action plan, stakeholder survey rounds (see [`super::demo_surveys`]), intelligence feeds
//! with their metrics and lists ([`super::demo_feeds`]), and one user per role.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::content::{SourceFile, load_model, load_questionnaire};
use crate::store::{
    self, Db, Role, actions, assessments::CarriedAnswer, assessments::NewAssessment,
};
use crate::web::{password, tokens};

pub const SLUG: &str = "demo";
const QUESTIONNAIRE_YAML: &str = include_str!("../../questionnaires/ten-steps.yaml");
const MODEL_YAML: &str = include_str!("../../models/cti-practice.yaml");
const FINAL_QUARTERS: [&str; 8] = [
    "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3",
];
const DRAFT_QUARTER: &str = "2026-Q4";

/// The demo's sign-in details, printed for the newcomer.
pub struct DemoLogins {
    pub password: String,
    pub created: bool,
}

pub fn email(role: Role) -> String {
    format!("{}@demo.example", role.as_str())
}

/// Seeds the demo organisation unless it exists; `password` is generated when not given.
pub async fn seed(db: &Db, password: Option<String>) -> anyhow::Result<DemoLogins> {
    if store::organisations::find_by_slug(db, SLUG)
        .await?
        .is_some()
    {
        return Ok(DemoLogins {
            password: password.unwrap_or_else(|| "(unchanged)".to_owned()),
            created: false,
        });
    }
    let password = password.unwrap_or_else(|| tokens::new_token()[..16].to_owned());
    password::check_strength(&password).map_err(anyhow::Error::msg)?;
    let hash = password::hash(password.clone()).await?;
    let org = store::organisations::create(db, SLUG, "Demo Corp").await?;
    let mut user_ids = Vec::new();
    for role in Role::ALL {
        let user = match store::users::find_by_email(db, &email(role)).await? {
            Some(user) => user,
            None => {
                store::users::create(
                    db,
                    &email(role),
                    &format!("Demo {}", role.as_str()),
                    &hash,
                    false,
                )
                .await?
            }
        };
        store::organisations::set_membership(db, org.id, user.id, role).await?;
        user_ids.push((role, user.id));
    }
    let user = |role: Role| {
        user_ids
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, id)| *id)
            .unwrap_or_default()
    };

    let model = load_model(&SourceFile {
        name: "demo model".into(),
        text: MODEL_YAML.into(),
    })
    .map_err(anyhow::Error::msg)?;
    let questionnaire = load_questionnaire(
        &SourceFile {
            name: "demo questionnaire".into(),
            text: QUESTIONNAIRE_YAML.into(),
        },
        &model,
    )
    .map_err(anyhow::Error::msg)?;

    let mut previous = None;
    let mut last_final = 0;
    for (quarter, period) in FINAL_QUARTERS.iter().enumerate() {
        let answers = answers_for(&questionnaire, quarter, false);
        let id = create(
            db,
            org.id,
            period,
            previous,
            &answers,
            &targets_for(quarter),
            user(Role::Manager),
        )
        .await?;
        store::assessments::finalise(db, org.id, id, user(Role::Manager)).await?;
        let (started, finalised) = quarter_dates(period);
        store::assessments::set_dates(db, org.id, id, started, Some(finalised)).await?;
        previous = Some(id);
        last_final = id;
    }
    let draft_answers = answers_for(&questionnaire, FINAL_QUARTERS.len(), true);
    let draft = create(
        db,
        org.id,
        DRAFT_QUARTER,
        previous,
        &draft_answers,
        &targets_for(FINAL_QUARTERS.len()),
        user(Role::Manager),
    )
    .await?;
    seed_actions(db, org.id, last_final, draft, user(Role::Manager)).await?;
    super::demo_surveys::seed(
        db,
        org.id,
        &FINAL_QUARTERS,
        DRAFT_QUARTER,
        user(Role::Manager),
    )
    .await?;
    super::demo_feeds::seed(db, org.id, &FINAL_QUARTERS, user(Role::Manager)).await?;
    Ok(DemoLogins {
        password,
        created: true,
    })
}

async fn create(
    db: &Db,
    organisation_id: i64,
    period: &str,
    previous: Option<i64>,
    answers: &[CarriedAnswer],
    targets: &[(String, i64)],
    user_id: i64,
) -> anyhow::Result<i64> {
    let new = NewAssessment {
        organisation_id,
        period,
        questionnaire_id: "ten-steps",
        questionnaire_version: "1.0.0",
        questionnaire_yaml: QUESTIONNAIRE_YAML,
        model_yaml: MODEL_YAML,
        started_from_id: previous,
        created_by: user_id,
        not_relevant: &[],
    };
    Ok(store::assessments::create(db, &new, answers, targets).await?)
}

fn quarter_dates(period: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    let year: i32 = period[..4].parse().unwrap_or(2025);
    let quarter: u32 = period[6..].parse().unwrap_or(1);
    let start = NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1)
        .unwrap_or_default()
        .and_hms_opt(9, 0, 0)
        .unwrap_or_default()
        .and_utc();
    (start + Duration::days(55), start + Duration::days(84))
}

/// The value of a question in a quarter: foundations start higher, most practices climb, feeds
/// (step 5) stall until the feed review starts, and measurement (step 10) starts late.
pub fn story_value(section: usize, question: usize, level: i64, quarter: usize) -> i64 {
    let seed = (section * 7 + question * 3) % 5;
    let start = i64::from(level <= 2 && seed != 4);
    let end = match section {
        3 | 8 => 2 + i64::from(seed % 2 == 0),
        4 | 9 => 2,
        _ => 1 + i64::from(seed != 1) + i64::from(seed == 0 && level <= 2),
    };
    let begins = match section {
        4 => 5,
        9 => 3,
        _ => seed % 3,
    };
    if quarter < begins {
        return start.min(end);
    }
    let span = (9 - begins) as f64;
    let progress = ((quarter - begins + 1) as f64 / span).min(1.0);
    (start + ((end - start) as f64 * progress).round() as i64).clamp(0, 3)
}

const NOTES: [&str; 10] = [
    "Charter and reporting line signed off by the CISO.",
    "IT platform team now runs the feed ingestion jobs.",
    "Second malware analyst hired; hunting rota in place.",
    "PIRs reviewed with the SOC and risk office this quarter.",
    "Feed review started: usage and cost per feed now tracked.",
    "TIP integrated with the SIEM and the ticketing system.",
    "Stakeholder interviews done for SOC, IR and vulnerability management.",
    "Quarterly buy-in review held with the executive committee.",
    "Weekly vulnerability intelligence digest launched.",
    "Satisfaction survey sent to every stakeholder group.",
];

fn answers_for(
    questionnaire: &crate::content::Questionnaire,
    quarter: usize,
    draft: bool,
) -> Vec<CarriedAnswer> {
    let mut answers = Vec::new();
    for (s, section) in questionnaire.sections().iter().enumerate() {
        for (q, question) in section.questions.iter().enumerate() {
            // The draft quarter is in progress: the last two sections are still open.
            if draft && s >= 8 && q % 2 == 0 {
                continue;
            }
            let not_applicable = question.allow_na && s == 8 && q == 4 && quarter < 3;
            let value = story_value(s, q, question.level.unwrap_or(1), quarter);
            let improved =
                quarter > 0 && value > story_value(s, q, question.level.unwrap_or(1), quarter - 1);
            answers.push(CarriedAnswer {
                question_id: question.id.clone(),
                value: (!not_applicable).then_some(value),
                not_applicable,
                note: if improved && q == 0 {
                    NOTES[s].to_owned()
                } else {
                    String::new()
                },
                evidence: if improved && q == 0 {
                    format!("https://intranet.example/cti/{}/{}", section.id, quarter)
                } else {
                    String::new()
                },
                needs_review: draft && s >= 5,
            });
        }
    }
    answers
}

fn targets_for(quarter: usize) -> Vec<(String, i64)> {
    let level = if quarter < 4 { 3 } else { 4 };
    let mut targets: Vec<(String, i64)> = (1..=10)
        .map(|step| {
            (
                format!("step-{step:02}"),
                if [4, 5, 9, 10].contains(&step) {
                    level + 1
                } else {
                    level
                },
            )
        })
        .collect();
    targets.extend([
        ("requirements".to_owned(), level + 1),
        ("measurement".to_owned(), level),
    ]);
    targets
}

async fn seed_actions(
    db: &Db,
    organisation_id: i64,
    last_final: i64,
    draft: i64,
    user_id: i64,
) -> anyhow::Result<()> {
    use actions::{ActionFields, ActionStatus, ScopeKind};
    let today = Utc::now().date_naive();
    let due = |days: i64| {
        (today + Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let plan = [
        (
            last_final,
            ScopeKind::Section,
            "step-05",
            "Run the annual feed renewal review with cost per detection",
            "Head of CTI",
            due(-20),
            3,
            2,
            ActionStatus::InProgress,
        ),
        (
            last_final,
            ScopeKind::Section,
            "step-10",
            "Send the stakeholder satisfaction survey every quarter",
            "CTI manager",
            due(-5),
            3,
            1,
            ActionStatus::Open,
        ),
        (
            last_final,
            ScopeKind::Capability,
            "measurement",
            "Define actionability metrics for every intelligence product",
            "CTI manager",
            due(30),
            3,
            2,
            ActionStatus::Open,
        ),
        (
            last_final,
            ScopeKind::Section,
            "step-06",
            "Automate indicator expiry in the TIP",
            "Platform engineer",
            due(60),
            2,
            2,
            ActionStatus::Open,
        ),
        (
            last_final,
            ScopeKind::Question,
            "step-04.pirs",
            "Review PIRs with the risk committee",
            "CTI manager",
            due(-40),
            3,
            1,
            ActionStatus::Done,
        ),
        (
            last_final,
            ScopeKind::Section,
            "step-03",
            "Critical-thinking training for all analysts",
            "Team lead",
            due(90),
            2,
            3,
            ActionStatus::Open,
        ),
        (
            draft,
            ScopeKind::Section,
            "step-09",
            "Monthly threat briefing for IT architects",
            "Senior analyst",
            due(45),
            2,
            1,
            ActionStatus::Open,
        ),
        (
            last_final,
            ScopeKind::Section,
            "step-02",
            "Agree a change window with the IT platform team",
            "Head of CTI",
            due(-70),
            1,
            2,
            ActionStatus::Dropped,
        ),
    ];
    for (assessment, kind, scope, title, owner, due_date, impact, effort, status) in plan {
        let fields = ActionFields {
            title,
            owner,
            due_date: Some(&due_date),
            impact,
            effort,
            status,
        };
        actions::create(
            db,
            organisation_id,
            assessment,
            kind,
            scope,
            &fields,
            user_id,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_story_never_declines_and_stays_on_the_scale() {
        for section in 0..10 {
            for question in 0..6 {
                for level in 1..=5 {
                    let values: Vec<i64> = (0..=FINAL_QUARTERS.len())
                        .map(|quarter| story_value(section, question, level, quarter))
                        .collect();
                    assert!(
                        values.windows(2).all(|w| w[0] <= w[1]),
                        "{section}/{question}: {values:?}"
                    );
                    assert!(values.iter().all(|v| (0..=3).contains(v)));
                }
            }
        }
    }

    #[test]
    fn feeds_stall_before_the_feed_review_starts() {
        assert_eq!(story_value(4, 1, 3, 0), story_value(4, 1, 3, 4));
        assert!(story_value(4, 1, 3, 8) > story_value(4, 1, 3, 4));
    }
}
