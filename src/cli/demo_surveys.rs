//! The demo organisation's stakeholder surveys: a closed round in each of the eight finalised
//! quarters and an open one in the current quarter, with responses that follow the maturity story.
//!
//! Satisfaction rises with maturity for most groups; business stakeholders lag (the practice has
//! no regular business-impact reporting yet, as step 9 of the assessment says); executives are few,
//! so some of their quarters fall below the minimum and stay hidden; IT architects and executives
//! get single-use links, so their response rate is known. Answers are deterministic.

use crate::content::{ItemAnswer, SourceFile, load_survey};
use crate::store::{self, Db, surveys::NewResponse, surveys::NewRound};
use crate::web::survey_groups::DEFAULT_GROUPS;
use crate::web::tokens::{hash_token, new_token};

const SURVEY_YAML: &str = include_str!("../../questionnaires/stakeholder-survey.yaml");

/// Per group (in [`DEFAULT_GROUPS`] order): mean rating in the first and the last quarter,
/// responses per quarter (cycled), and single-use links sent per quarter (0: a group link).
struct Story {
    start: f64,
    end: f64,
    responses: &'static [usize],
    single_use: usize,
    comments: &'static [&'static str],
}

const STORIES: [Story; 6] = [
    Story {
        start: 2.7,
        end: 4.4,
        responses: &[9, 11, 12, 10, 13, 12, 14, 13],
        single_use: 0,
        comments: &[
            "More context on why an indicator matters would speed up triage.",
            "The STIX feed straight into the SIEM saves us hours every week.",
            "Too many stale indicators in the early quarters; much better now.",
            "Please add confidence levels to every indicator.",
        ],
    },
    Story {
        start: 2.5,
        end: 4.1,
        responses: &[5, 6, 4, 6, 7, 5, 6, 7],
        single_use: 0,
        comments: &[
            "The weekly digest of exploited vulnerabilities is exactly what we need.",
            "Tell us sooner when a vulnerability is exploited in our sector.",
            "Link each advisory to the affected assets if you can.",
        ],
    },
    Story {
        start: 3.0,
        end: 4.5,
        responses: &[4, 5, 6, 5, 6, 7, 6, 7],
        single_use: 0,
        comments: &[
            "Fast answers on the ransomware case in March; keep that up.",
            "Attribution notes were helpful for the report to management.",
        ],
    },
    Story {
        start: 2.3,
        end: 2.9,
        responses: &[6, 7, 5, 8, 6, 7, 8, 6],
        single_use: 0,
        comments: &[
            "The reports are written for specialists; tell us what it means for our business.",
            "We rarely hear from the CTI team except after an incident.",
            "A short monthly note on threats to payments would help.",
            "Not sure which of these threats apply to our area.",
        ],
    },
    Story {
        start: 2.4,
        end: 3.9,
        responses: &[3, 4, 3, 4, 5, 4, 5, 6],
        single_use: 7,
        comments: &[
            "Warn us before we roll out a product with known exposures.",
            "The cloud configuration briefing was useful.",
        ],
    },
    Story {
        start: 2.9,
        end: 4.2,
        responses: &[2, 3, 3, 2, 4, 3, 4, 4],
        single_use: 5,
        comments: &["The quarterly one-page summary is the right length."],
    },
];

/// Rating items and how far each sits from a group's mean (accuracy better, timeliness worse).
const RATING_ITEMS: [(&str, f64); 6] = [
    ("requirement-met", 0.0),
    ("relevance", 0.2),
    ("timeliness", -0.3),
    ("accuracy", 0.3),
    ("actionability", -0.2),
    ("clarity", 0.1),
];

/// A deterministic number in [0, 1) for `seed` (splitmix64).
fn unit(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

const REASONS: [&[&str]; 3] = [
    &[
        "Did not reach me in a form I could use.",
        "Nothing in it concerned my area.",
        "I did not know where to find it.",
    ],
    &[
        "Some reports came after we had already acted.",
        "Useful, but it took a while to find the part relevant to us.",
        "Only the indicator feed; the reports are too long to read.",
    ],
    &[
        "Used it in our weekly planning.",
        "Blocked the domains from the phishing report the same day.",
        "Patched two systems earlier than planned because of the advisory.",
        "Briefed my team with the quarterly summary.",
    ],
];

fn answers_for(
    story: &Story,
    mean: f64,
    group: usize,
    quarter: usize,
    respondent: usize,
) -> Vec<ItemAnswer> {
    let seed = (group * 10_000 + quarter * 100 + respondent) as u64 * 64;
    let noise = |salt: u64, spread: f64| (unit(seed + salt) - 0.5) * spread;
    let mut answers = Vec::new();
    let number = |item: &str, value: i64| ItemAnswer {
        item_id: item.to_owned(),
        value: Some(value),
        text: None,
    };
    let felt = mean + noise(1, 2.0);
    let usage: i64 = if felt >= 3.4 {
        2
    } else if felt >= 2.4 {
        1
    } else {
        0
    };
    let why = (respondent % 4 == 1).then(|| {
        let pool = REASONS[usage as usize];
        pool[(quarter + respondent + group) % pool.len()].to_owned()
    });
    answers.push(ItemAnswer {
        item_id: "used".to_owned(),
        value: Some(usage),
        text: why,
    });
    let mut total = 0;
    for (index, (item, offset)) in RATING_ITEMS.iter().enumerate() {
        let value = (mean + offset + noise(2 + index as u64, 2.4)).round() as i64;
        total += value.clamp(1, 5);
        // One respondent in six skips actionability: an optional item.
        if *item == "actionability" && respondent % 6 == 5 {
            continue;
        }
        answers.push(number(item, value.clamp(1, 5)));
    }
    // Whether they would recommend the service follows from their own ratings.
    let own = total as f64 / RATING_ITEMS.len() as f64;
    let recommend = (2.0 * own + 0.3 + noise(9, 3.4)).round() as i64;
    answers.push(number("recommend", recommend.clamp(0, 10)));
    if respondent % 3 == 0 && !story.comments.is_empty() {
        let comment = story.comments[(quarter + respondent / 3) % story.comments.len()];
        answers.push(ItemAnswer {
            item_id: "differently".to_owned(),
            value: None,
            text: Some(comment.to_owned()),
        });
    }
    answers
}

/// Seeds one round per quarter in `closed` (closed) and one in `open` (open, fewer responses).
pub async fn seed(
    db: &Db,
    organisation_id: i64,
    closed: &[&str],
    open: &str,
    manager_id: i64,
) -> anyhow::Result<()> {
    let survey = load_survey(&SourceFile {
        name: "demo survey".into(),
        text: SURVEY_YAML.into(),
    })
    .map_err(anyhow::Error::msg)?;
    store::stakeholder_groups::seed_once(db, organisation_id, &DEFAULT_GROUPS).await?;
    let groups = store::stakeholder_groups::list(db, organisation_id, false).await?;
    let quarters = closed.len().max(2);
    let periods = closed.iter().chain(std::iter::once(&open));
    for (quarter, period) in periods.enumerate() {
        let is_open = quarter == closed.len();
        let links: Vec<(i64, String)> = groups
            .iter()
            .map(|g| (g.id, hash_token(&new_token())))
            .collect();
        let new = NewRound {
            organisation_id,
            period,
            survey_id: survey.id(),
            survey_version: survey.version(),
            survey_yaml: SURVEY_YAML,
            min_responses: 3,
            created_by: manager_id,
        };
        let round = store::surveys::create_round(db, &new, &links).await?;
        for (index, (group, story)) in groups.iter().zip(&STORIES).enumerate() {
            let progress = (quarter as f64 / (quarters - 1) as f64).min(1.0);
            let mean = story.start + (story.end - story.start) * progress;
            let mut count = story.responses[quarter % story.responses.len()];
            if is_open {
                // The current quarter has only started: some groups are still below the minimum.
                count = [6, 4, 3, 2, 1, 0][index];
            }
            if story.single_use > 0 {
                let hashes: Vec<String> = (0..story.single_use)
                    .map(|_| hash_token(&new_token()))
                    .collect();
                store::surveys::add_single_use_links(db, organisation_id, round, group.id, &hashes)
                    .await?;
                count = count.min(story.single_use);
            }
            let responses: Vec<NewResponse> = (0..count)
                .map(|respondent| NewResponse {
                    via_single_use: story.single_use > 0,
                    answers: answers_for(story, mean, index, quarter, respondent),
                })
                .collect();
            store::surveys::record_responses(db, organisation_id, round, group.id, &responses)
                .await?;
        }
        if !is_open {
            store::surveys::set_status(db, organisation_id, round, false).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::content::RawAnswer;

    #[test]
    fn every_demo_answer_fits_the_shipped_survey() {
        let survey = load_survey(&SourceFile {
            name: "survey".into(),
            text: SURVEY_YAML.into(),
        })
        .unwrap();
        for (group, story) in STORIES.iter().enumerate() {
            for quarter in 0..9 {
                for respondent in 0..15 {
                    let answers = answers_for(
                        story,
                        story.start + 0.2 * quarter as f64,
                        group,
                        quarter,
                        respondent,
                    );
                    let raw: HashMap<String, RawAnswer> = answers
                        .iter()
                        .map(|a| {
                            let choice = match (a.item_id.as_str(), a.value) {
                                ("used", Some(v)) => crate::content::Usage::from_value(v)
                                    .unwrap()
                                    .as_str()
                                    .to_owned(),
                                (_, Some(v)) => v.to_string(),
                                (_, None) => String::new(),
                            };
                            let raw = RawAnswer {
                                choice,
                                text: a.text.clone().unwrap_or_default(),
                            };
                            (a.item_id.clone(), raw)
                        })
                        .collect();
                    assert_eq!(survey.check_answers(&raw).unwrap(), answers);
                }
            }
        }
    }
}
