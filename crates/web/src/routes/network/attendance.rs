//! An event's attendance sheet (*feuille de présence*): from the event's
//! day on, the national team ticks who came among those registered, on
//! one page, and records it in one go.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maillage_domain::governance::attendance_open;
use maillage_domain::ids::{NetworkEventId, RegistrationId};
use maillage_domain::FieldErrors;

use super::events::EventLine;
use super::layout;
use crate::auth::CurrentUser;
use crate::error::{checked, AppError, AppResult};
use crate::extract::Path;
use crate::form::Form;
use crate::state::AppState;
use crate::views::notice::Notice;
use crate::views::{form_status, render, Layout};

pub fn routes() -> Router<AppState> {
    Router::new().route("/reseau/evenements/{id}/presences", get(sheet).post(record))
}

/// A registration on the sheet.
pub struct SheetLine {
    pub id: RegistrationId,
    /// « Élodie Meunier (Mission locale angevine, Cité d'Angers) ».
    pub label: String,
    pub present: bool,
}

#[derive(Template)]
#[template(path = "network/attendance.html")]
struct SheetPage {
    layout: Layout,
    event: EventLine,
    lines: Vec<SheetLine>,
    open: bool,
    errors: FieldErrors,
}

async fn sheet_page(
    state: &AppState,
    user: &CurrentUser,
    id: NetworkEventId,
    ticked: Option<&[RegistrationId]>,
    errors: FieldErrors,
) -> AppResult<Response> {
    if user.role() != maillage_domain::accounts::Role::National {
        return Err(AppError::NotFound);
    }
    let (row, registrations) = tokio::try_join!(
        state.store.network_event(&user.scope, id),
        state.store.event_registrations(&user.scope, id),
    )?;
    let open = attendance_open(row.starts_at, state.now());
    let title = format!("Présences : {}", row.title);
    let page = SheetPage {
        layout: layout(&title, user, "/reseau/evenements").with_breadcrumb(
            &[
                ("/reseau", "Réseau"),
                ("/reseau/evenements", "Événements"),
                (&format!("/reseau/evenements/{id}"), &row.title),
            ],
            "Présences",
        ),
        lines: registrations
            .into_iter()
            .map(|r| {
                let organisation = match r.partner {
                    Some(partner) => format!("{partner}, {}", r.cite_name),
                    None => r.cite_name,
                };
                SheetLine {
                    present: match ticked {
                        Some(ticked) => ticked.contains(&r.id),
                        None => r.attended.unwrap_or(false),
                    },
                    label: format!("{} ({organisation})", r.name),
                    id: r.id,
                }
            })
            .collect(),
        event: EventLine::from(row),
        open,
        errors,
    };
    let status = form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

pub async fn sheet(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<NetworkEventId>,
) -> AppResult<Response> {
    sheet_page(&state, &user, id, None, FieldErrors::new()).await
}

/// Every registration of the sheet, and those ticked present.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SheetInput {
    registration: Vec<RegistrationId>,
    present: Vec<RegistrationId>,
}

pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<NetworkEventId>,
    Form(input): Form<SheetInput>,
) -> AppResult<Response> {
    if user.role() != maillage_domain::accounts::Role::National {
        return Err(AppError::NotFound);
    }
    let sheet: Vec<(RegistrationId, bool)> = input
        .registration
        .iter()
        .map(|r| (*r, input.present.contains(r)))
        .collect();
    let errors = if input
        .present
        .iter()
        .any(|p| !input.registration.contains(p))
    {
        FieldErrors::single(
            "attendance",
            "La feuille de présence envoyée est incomplète. Rechargez la page et recommencez.",
        )
    } else {
        let recorded = state
            .store
            .record_event_attendance(&user.actor(), &user.scope, id, &sheet, state.now())
            .await;
        match checked(recorded)? {
            Ok(()) => {
                let to = Notice::NetworkAttendanceRecorded.at(&format!("/reseau/evenements/{id}"));
                return Ok(Redirect::to(&to).into_response());
            }
            Err(errors) => errors,
        }
    };
    sheet_page(&state, &user, id, Some(&input.present), errors).await
}
