//! The coordinator's call form: create a draft, change it while a draft.

use std::ops::Deref;

use axum::response::Html;
use maillage_domain::calls::{CallDraft, CallInput};
use maillage_domain::cites::Axis;
use maillage_domain::ids::CallId;
use maillage_domain::money::euros_input;
use maillage_domain::time::in_paris;
use maillage_store::StoreResult;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::routes::editing::{Cx, Drafted, FormParts, RecordForm};
use crate::views::codes::{closed_list, ThematicGroup, THEMATIC_GROUPS};
use crate::views::notice::Notice;
use crate::views::render;

#[derive(askama::Template)]
#[template(path = "calls/form.html")]
struct FormPage {
    parts: FormParts<CallInput>,
    axes: Vec<(String, String)>,
    thematic_groups: &'static [ThematicGroup],
}

/// The template reads `layout`, `form`… as its own fields.
impl Deref for FormPage {
    type Target = FormParts<CallInput>;
    fn deref(&self) -> &Self::Target {
        &self.parts
    }
}

impl RecordForm for CallInput {
    type Id = CallId;
    type Draft = CallDraft;
    const NEW_TITLE: &'static str = "Nouvel appel à projets";
    const EDIT_TITLE: &'static str = "Modifier l'appel à projets";
    const MENU: &'static str = "/appels-a-projets";
    const CREATED: Notice = Notice::CallCreated;
    const UPDATED: Notice = Notice::CallUpdated;

    fn authorise(user: &CurrentUser) -> AppResult<()> {
        user.require_coordinator()
    }

    fn blank() -> Self {
        CallInput {
            years: "1".into(),
            deadline_time: "12:00".into(),
            ..CallInput::default()
        }
    }

    async fn load(cx: Cx<'_>, id: CallId) -> AppResult<Self> {
        let row = cx.store().call(cx.scope(), id).await?;
        let deadline = in_paris(row.deadline);
        Ok(CallInput {
            thematics: row
                .thematic_codes()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            axes: row.axes.0.iter().map(|a| a.code().to_owned()).collect(),
            total_amount: euros_input(row.total_cents),
            yearly_amount: euros_input(row.yearly_cents),
            years: row.years.to_string(),
            opens_on: row.opens_on.format("%Y-%m-%d").to_string(),
            deadline_date: deadline.format("%Y-%m-%d").to_string(),
            deadline_time: deadline.format("%H:%M").to_string(),
            title: row.title,
            text: row.text,
        })
    }

    async fn draft(&self, cx: Cx<'_>, _: Option<CallId>) -> Drafted<CallDraft> {
        Ok(self.validate(cx.state.today()))
    }

    async fn create(cx: Cx<'_>, draft: &CallDraft) -> StoreResult<CallId> {
        cx.store().create_call(&cx.actor(), cx.scope(), draft).await
    }

    async fn update(cx: Cx<'_>, id: CallId, draft: &CallDraft) -> StoreResult<()> {
        cx.store()
            .update_call(&cx.actor(), cx.scope(), id, draft)
            .await
    }

    fn location(id: CallId) -> String {
        format!("/appels-a-projets/{id}")
    }

    async fn page(_: Cx<'_>, parts: FormParts<Self>) -> AppResult<Html<String>> {
        render(&FormPage {
            parts,
            axes: closed_list::<Axis>(),
            thematic_groups: &THEMATIC_GROUPS,
        })
    }
}
