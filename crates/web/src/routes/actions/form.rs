//! The coordinator's action form: create and edit, with French messages next
//! to the fields and nothing saved when anything is wrong.

use std::ops::Deref;

use axum::response::Html;
use maillage_domain::actions::{ActionDraft, ActionInput};
use maillage_domain::cites::is_own_axis;
use maillage_domain::ids::ActionId;
use maillage_domain::money::euros_input;
use maillage_domain::referential;
use maillage_store::StoreResult;

use super::{axis_options, rule_options, status_options};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::routes::editing::{Cx, Drafted, FormParts, RecordForm};
use crate::routes::partners::partner_options;
use crate::views::codes::{self, ThematicGroup, THEMATIC_GROUPS};
use crate::views::notice::Notice;
use crate::views::render;

#[derive(askama::Template)]
#[template(path = "actions/form.html")]
struct FormPage {
    parts: FormParts<ActionInput>,
    axes: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    rules: Vec<(String, String)>,
    partners: Vec<(String, String)>,
    /// The Cité's own axes, by name (value and label alike).
    cite_axes: Vec<(String, String)>,
    thematic_groups: &'static [ThematicGroup],
    publics: Vec<(String, String)>,
}

/// The template reads `layout`, `form`… as its own fields.
impl Deref for FormPage {
    type Target = FormParts<ActionInput>;
    fn deref(&self) -> &Self::Target {
        &self.parts
    }
}

impl RecordForm for ActionInput {
    type Id = ActionId;
    type Draft = ActionDraft;
    const NEW_TITLE: &'static str = "Nouvelle action";
    const EDIT_TITLE: &'static str = "Modifier l'action";
    const MENU: &'static str = "/actions";
    const CREATED: Notice = Notice::ActionCreated;
    const UPDATED: Notice = Notice::ActionUpdated;

    fn authorise(user: &CurrentUser) -> AppResult<()> {
        user.require_coordinator()
    }

    fn blank() -> Self {
        ActionInput {
            status: "planned".into(),
            priority_rule: "request_date".into(),
            ..ActionInput::default()
        }
    }

    async fn load(cx: Cx<'_>, id: ActionId) -> AppResult<Self> {
        let row = cx.store().action(cx.scope(), id).await?;
        Ok(ActionInput {
            innovative: row.innovative.then(|| "on".to_owned()),
            carrier_partner_id: row
                .carrier_partner_id
                .map(|p| p.to_string())
                .unwrap_or_default(),
            thematics: row
                .thematic_codes()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            publics: row.public_codes().into_iter().map(str::to_owned).collect(),
            starts_on: row.starts_on.format("%Y-%m-%d").to_string(),
            ends_on: row
                .ends_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            planned_budget: row
                .planned_budget_cents
                .map(euros_input)
                .unwrap_or_default(),
            capacity: row.capacity.map(|c| c.to_string()).unwrap_or_default(),
            title: row.title,
            axis: row.axis.code().to_owned(),
            description: row.description.unwrap_or_default(),
            status: row.status.code().to_owned(),
            results: row.results.unwrap_or_default(),
            priority_rule: row.priority_rule.code().to_owned(),
            cite_axis: row.cite_axis.unwrap_or_default(),
        })
    }

    /// What only the database can check (a title already used, a capacity
    /// below the places taken) comes back from the store as a field error.
    async fn draft(&self, cx: Cx<'_>, _: Option<ActionId>) -> Drafted<ActionDraft> {
        let draft = self.validate(cx.state.today());
        let chosen = self.cite_axis.trim();
        if !chosen.is_empty() && !is_own_axis(&own_axes(cx).await?, chosen) {
            // Said along with the form's other errors, if any.
            let mut errors = draft.err().unwrap_or_default();
            errors.add(
                "cite_axis",
                "Choisissez un axe propre de la Cité dans la liste.",
            );
            return Ok(Err(errors));
        }
        Ok(draft)
    }

    async fn create(cx: Cx<'_>, draft: &ActionDraft) -> StoreResult<ActionId> {
        cx.store()
            .create_action(&cx.actor(), cx.scope(), draft)
            .await
    }

    async fn update(cx: Cx<'_>, id: ActionId, draft: &ActionDraft) -> StoreResult<()> {
        cx.store()
            .update_action(&cx.actor(), cx.scope(), id, draft)
            .await
    }

    fn location(id: ActionId) -> String {
        format!("/actions/{id}")
    }

    async fn page(cx: Cx<'_>, parts: FormParts<Self>) -> AppResult<Html<String>> {
        let partners = partner_options(cx).await?;
        let cite_axes = own_axes(cx)
            .await?
            .into_iter()
            .map(|axis| (axis.clone(), axis))
            .collect();
        render(&FormPage {
            parts,
            cite_axes,
            axes: axis_options(),
            statuses: status_options(),
            rules: rule_options(),
            partners,
            thematic_groups: &THEMATIC_GROUPS,
            publics: codes::options(referential::publics()),
        })
    }
}

/// The own axes of the coordinator's Cité.
async fn own_axes(cx: Cx<'_>) -> AppResult<Vec<String>> {
    let cite_id = cx.scope().cite_id().ok_or(AppError::NotFound)?;
    Ok(cx.store().cite(cx.scope(), cite_id).await?.own_axes())
}
