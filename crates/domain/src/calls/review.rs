//! The instruction of a call (« instruction »): a review grid
//! (« grille d'évaluation ») of weighted criteria, frozen once the
//! instruction opens, and the reviewers' (« instructeurs ») scores, written
//! only while the call is in instruction. A reviewer never reviews the
//! application of its own partner (« conflit d'intérêts »).

use crate::calls::CallStatus;
use crate::errors::{optional_text, required_text, FieldErrors};
use crate::ids::PartnerId;

/// The largest number of criteria of a grid.
pub const MAX_CRITERIA: usize = 12;
/// The largest weight of a criterion (« coefficient »).
pub const MAX_WEIGHT: i32 = 10;
/// The largest score a criterion may be marked on (« note maximale »).
pub const MAX_SCORE: i32 = 100;
/// Weighted averages are shown out of 20 (« note sur 20 »).
pub const OUT_OF: f64 = 20.0;

/// A criterion of the grid (« critère »), validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub label: String,
    pub weight: i32,
    /// Scores go from 0 to this.
    pub max_score: i32,
}

/// The grid form: parallel lists, one entry per row; blank rows are
/// ignored so the form offers empty rows without script.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct GridInput {
    pub label: Vec<String>,
    pub weight: Vec<String>,
    pub max_score: Vec<String>,
}

fn bounded(value: &str, range: std::ops::RangeInclusive<i32>) -> Option<i32> {
    value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| range.contains(n))
}

impl GridInput {
    /// At least one criterion, each with a label, a weight from 1 to
    /// [`MAX_WEIGHT`] and a maximum score from 1 to [`MAX_SCORE`]; every
    /// error goes to `criteria`.
    pub fn validate(&self) -> Result<Vec<Criterion>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let rows = self.label.len();
        if self.weight.len() != rows || self.max_score.len() != rows {
            errors.add("criteria", "La grille est incomplète : rechargez la page.");
            return Err(errors);
        }
        let mut criteria = Vec::new();
        for (row, ((label, weight), max)) in self
            .label
            .iter()
            .zip(&self.weight)
            .zip(&self.max_score)
            .enumerate()
        {
            if [label, weight, max].iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            let mut line = FieldErrors::new();
            let label = required_text(&mut line, "criteria", label, 200);
            let weight = bounded(weight, 1..=MAX_WEIGHT);
            let max_score = bounded(max, 1..=MAX_SCORE);
            match (weight, max_score) {
                (Some(weight), Some(max_score)) if line.is_empty() => criteria.push(Criterion {
                    label,
                    weight,
                    max_score,
                }),
                _ => errors.add(
                    "criteria",
                    format!(
                        "Ligne {} : indiquez un libellé, un coefficient entier de 1 à {MAX_WEIGHT} \
                         et une note maximale entière de 1 à {MAX_SCORE}.",
                        row + 1
                    ),
                ),
            }
        }
        if criteria.len() > MAX_CRITERIA {
            errors.add("criteria", format!("{MAX_CRITERIA} critères au maximum."));
        }
        if criteria.is_empty() && errors.is_empty() {
            errors.add("criteria", "Indiquez au moins un critère.");
        }
        match errors.is_empty() {
            true => Ok(criteria),
            false => Err(errors),
        }
    }
}

impl CallStatus {
    /// The grid changes until the instruction opens, then it is frozen.
    pub fn check_grid_change(self) -> Result<(), String> {
        match self < CallStatus::Instruction {
            true => Ok(()),
            false => Err(
                "La grille d'évaluation est figée depuis l'ouverture de l'instruction.".to_owned(),
            ),
        }
    }

    /// Reviewers are named until the instruction ends.
    pub fn check_reviewer_change(self) -> Result<(), String> {
        match self <= CallStatus::Instruction {
            true => Ok(()),
            false => Err("L'instruction de cet appel est terminée.".to_owned()),
        }
    }

    /// Scores exist only while the call is in instruction.
    pub fn check_scoring(self) -> Result<(), String> {
        match self == CallStatus::Instruction {
            true => Ok(()),
            false => Err(
                "Les évaluations ne se saisissent que pendant l'instruction de l'appel.".to_owned(),
            ),
        }
    }
}

/// A reviewer of `reviewer_partner` may not review an application of
/// `applicant`: its own organisation's.
pub fn check_conflict(
    reviewer_partner: Option<PartnerId>,
    applicant: PartnerId,
) -> Result<(), String> {
    match reviewer_partner == Some(applicant) {
        true => Err(
            "Un instructeur ne peut pas évaluer la candidature de sa propre structure.".to_owned(),
        ),
        false => Ok(()),
    }
}

/// A review (« évaluation »), validated: one score per criterion, in the
/// grid's order, `None` where a draft leaves it blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDraft {
    pub scores: Vec<Option<i32>>,
    pub comment: String,
    /// Submitted (« rendue »): final, and every score is given.
    pub submit: bool,
}

/// The review form: one `score` per criterion in the grid's order.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewInput {
    pub score: Vec<String>,
    pub comment: String,
    /// Present when the reviewer submits rather than saves a draft.
    pub submit: Option<String>,
}

impl ReviewInput {
    /// `max_scores`: each criterion's maximum, in the grid's order.
    pub fn validate(&self, max_scores: &[i32]) -> Result<ReviewDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let submit = self.submit.is_some();
        let comment =
            optional_text(&mut errors, "comment", &self.comment, 5000).unwrap_or_default();
        if self.score.len() != max_scores.len() {
            errors.add("scores", "La grille a changé : rechargez la page.");
            return Err(errors);
        }
        let mut scores = Vec::new();
        for (row, (value, max)) in self.score.iter().zip(max_scores).enumerate() {
            if value.trim().is_empty() {
                if submit {
                    errors.add(
                        "scores",
                        format!(
                            "Critère {} : notez-le avant de rendre l'évaluation.",
                            row + 1
                        ),
                    );
                }
                scores.push(None);
                continue;
            }
            match bounded(value, 0..=*max) {
                Some(score) => scores.push(Some(score)),
                None => errors.add(
                    "scores",
                    format!(
                        "Critère {} : indiquez une note entière de 0 à {max}.",
                        row + 1
                    ),
                ),
            }
        }
        match errors.is_empty() {
            true => Ok(ReviewDraft {
                scores,
                comment,
                submit,
            }),
            false => Err(errors),
        }
    }
}

/// A review's weighted score out of [`OUT_OF`]: each score is read as a
/// share of its criterion's maximum, weighted. `scores`: (score, max,
/// weight) per criterion. `None` when nothing weighs.
pub fn weighted_score(scores: &[(i32, i32, i32)]) -> Option<f64> {
    let weights: i32 = scores.iter().map(|(_, _, w)| *w).sum();
    if weights <= 0 {
        return None;
    }
    let total: f64 = scores
        .iter()
        .filter(|(_, max, _)| *max > 0)
        .map(|(score, max, weight)| f64::from(*score) / f64::from(*max) * f64::from(*weight))
        .sum();
    Some(total / f64::from(weights) * OUT_OF)
}

/// Average, lowest and highest of some values (« moyenne et écart »).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub average: f64,
    pub min: f64,
    pub max: f64,
    pub count: usize,
}

pub fn spread(values: &[f64]) -> Option<Spread> {
    let first = *values.first()?;
    let (min, max) = values
        .iter()
        .fold((first, first), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    Some(Spread {
        average: values.iter().sum::<f64>() / values.len() as f64,
        min,
        max,
        count: values.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[(&str, &str, &str)]) -> GridInput {
        GridInput {
            label: rows.iter().map(|r| r.0.to_owned()).collect(),
            weight: rows.iter().map(|r| r.1.to_owned()).collect(),
            max_score: rows.iter().map(|r| r.2.to_owned()).collect(),
        }
    }

    #[test]
    fn a_grid_needs_weighted_criteria() {
        let ok = grid(&[("Pertinence", "3", "5"), ("", "", ""), ("Budget", "1", "5")]);
        assert_eq!(ok.validate().unwrap().len(), 2);
        for bad in [
            grid(&[("Pertinence", "0", "5")]),
            grid(&[("Pertinence", "2", "0")]),
            grid(&[("", "2", "5")]),
            grid(&[("", "", "")]),
        ] {
            assert!(bad.validate().unwrap_err().get("criteria").is_some());
        }
    }

    #[test]
    fn the_grid_freezes_and_scores_exist_in_instruction_only() {
        assert!(CallStatus::Closed.check_grid_change().is_ok());
        assert!(CallStatus::Instruction.check_grid_change().is_err());
        assert!(CallStatus::Instruction.check_scoring().is_ok());
        for status in [CallStatus::Closed, CallStatus::Decided] {
            assert!(status.check_scoring().is_err());
        }
        assert!(CallStatus::Decided.check_reviewer_change().is_err());
    }

    #[test]
    fn a_reviewer_never_reviews_its_own_partner() {
        let own = PartnerId::new(3);
        assert!(check_conflict(Some(own), own).is_err());
        assert!(check_conflict(Some(PartnerId::new(4)), own).is_ok());
        assert!(check_conflict(None, own).is_ok());
    }

    #[test]
    fn a_submitted_review_scores_every_criterion_within_its_maximum() {
        let input = |scores: &[&str], submit: bool| ReviewInput {
            score: scores.iter().map(|s| (*s).to_owned()).collect(),
            comment: "Solide".into(),
            submit: submit.then(|| "on".to_owned()),
        };
        let draft = input(&["4", ""], false).validate(&[5, 5]).unwrap();
        assert_eq!(draft.scores, vec![Some(4), None]);
        assert!(input(&["4", ""], true).validate(&[5, 5]).is_err());
        assert!(input(&["6", "1"], false).validate(&[5, 5]).is_err());
        assert!(input(&["4"], false).validate(&[5, 5]).is_err());
    }

    #[test]
    fn weighted_scores_are_out_of_twenty_with_their_spread() {
        // 5/5 weighted 3 and 0/5 weighted 1: 15/20.
        assert_eq!(weighted_score(&[(5, 5, 3), (0, 5, 1)]), Some(15.0));
        assert_eq!(weighted_score(&[]), None);
        let s = spread(&[12.0, 16.0]).unwrap();
        assert_eq!((s.average, s.min, s.max, s.count), (14.0, 12.0, 16.0, 2));
        assert!(spread(&[]).is_none());
    }
}
