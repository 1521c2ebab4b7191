//! Following the person up: outcomes (*situations*) at entry, exit, +6 and
//! +12 months, and notes.

use axum::extract::State;
use axum::response::Response;
use maillage_domain::errors::required_text;
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::FieldErrors;
use serde::Deserialize;

use super::file::{file_page, Forms};
use super::{back_to, today, FileId};
use crate::auth::CurrentUser;
use crate::error::checked;
use crate::error::AppResult;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use maillage_domain::dates::DateField;

/// The longest note: a note is not a report.
const NOTE_MAX_CHARS: usize = 5000;

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct OutcomeForm {
    pub checkpoint: String,
    pub outcome: String,
    pub recorded_on: String,
}

pub async fn record_outcome(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
    Form(form): Form<OutcomeForm>,
) -> AppResult<Response> {
    let today = today(&state);
    let mut errors = FieldErrors::new();
    let checkpoint = Checkpoint::parse(form.checkpoint.trim());
    if checkpoint.is_none() {
        errors.add("checkpoint", "Choisissez une échéance dans la liste.");
    }
    let outcome = Outcome::parse(form.outcome.trim());
    if outcome.is_none() {
        errors.add("outcome", "Choisissez une situation dans la liste.");
    }
    let recorded_on = DateField::past("recorded_on", "La date du constat").required(
        &mut errors,
        &form.recorded_on,
        today,
    );
    if let (Some(checkpoint), Some(outcome), Some(recorded_on)) = (checkpoint, outcome, recorded_on)
    {
        let recorded = state
            .store
            .record_outcome(
                &user.actor(),
                &user.scope,
                id,
                checkpoint,
                outcome,
                recorded_on,
            )
            .await;
        match checked(recorded)? {
            Ok(()) => return Ok(back_to(id, Notice::OutcomeRecorded, "sorties")),
            Err(refused) => errors = refused,
        }
    }
    let forms = Forms {
        outcome: form,
        ..Forms::failed(today, "situation", errors)
    };
    file_page(&state, &user, id, forms, None).await
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct NoteForm {
    pub body: String,
    /// Read by the author's organisation only.
    pub private: Option<String>,
}

pub async fn add_note(
    State(state): State<AppState>,
    user: CurrentUser,
    FileId(id): FileId,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let body = required_text(&mut errors, "body", &form.body, NOTE_MAX_CHARS);
    if errors.is_empty() {
        let added = state
            .store
            .add_note(
                &user.actor(),
                &user.scope,
                id,
                &body,
                form.private.is_some(),
            )
            .await;
        match checked(added)? {
            Ok(_) => return Ok(back_to(id, Notice::NoteAdded, "notes")),
            Err(refused) => errors = refused,
        }
    }
    let forms = Forms {
        note: form,
        ..Forms::failed(today(&state), "note", errors)
    };
    file_page(&state, &user, id, forms, None).await
}
