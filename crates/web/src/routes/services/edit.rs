//! The service form (`/offres/nouvelle`, `/offres/{id}/modifier`). Its
//! fields carry data·inclusion's names; the form becomes a data·inclusion
//! record and goes through the same validation as an import.

use std::ops::Deref;

use askama::Template;
use axum::response::Html;
use maillage_domain::ids::{ServiceId, StructureId};
use maillage_domain::services::Service;
use maillage_domain::{referential, FieldErrors};
use maillage_store::services::StructureRow;
use maillage_store::StoreResult;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::require_editor;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::routes::editing::{Cx, Drafted, FormParts, RecordForm};
use crate::state::AppState;
use crate::views::codes::{options, ThematicGroup, THEMATIC_GROUPS};
use crate::views::notice::Notice;
use crate::views::render;

/// A text field as JSON: `null` when empty.
pub fn json_text(value: &str) -> Value {
    if value.trim().is_empty() {
        Value::Null
    } else {
        Value::String(value.to_owned())
    }
}

/// A list field as JSON: `null` when empty.
pub fn json_list(values: &[String]) -> Value {
    let values: Vec<Value> = values
        .iter()
        .filter(|v| !v.trim().is_empty())
        .map(|v| Value::String(v.trim().to_owned()))
        .collect();
    if values.is_empty() {
        Value::Null
    } else {
        Value::Array(values)
    }
}

/// A number typed in French (`4,5`); left as text when it is not one, so
/// that validation says so next to the field.
fn number(value: &str) -> Value {
    let value = value.trim();
    if value.is_empty() {
        return Value::Null;
    }
    let dotted = value.replace(',', ".");
    dotted
        .parse::<i64>()
        .map(Value::from)
        .ok()
        .or_else(|| {
            dotted
                .parse::<f64>()
                .ok()
                .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
        })
        .unwrap_or_else(|| Value::String(value.to_owned()))
}

/// The service form, as typed.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceForm {
    /// The row id of its structure, chosen in the list.
    pub structure: String,
    pub nom: String,
    pub description: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub thematiques: Vec<String>,
    pub publics: Vec<String>,
    pub publics_precisions: String,
    pub conditions_acces: String,
    pub frais: String,
    pub frais_precisions: String,
    pub adresse: String,
    pub complement_adresse: String,
    pub code_postal: String,
    pub commune: String,
    pub code_insee: String,
    /// Codes separated by spaces or commas.
    pub zone_eligibilite: String,
    pub modes_accueil: Vec<String>,
    pub horaires_accueil: String,
    pub contact_nom_prenom: String,
    pub telephone: String,
    pub courriel: String,
    pub modes_mobilisation: Vec<String>,
    pub mobilisable_par: Vec<String>,
    pub mobilisation_precisions: String,
    pub lien_mobilisation: String,
    pub volume_horaire_hebdomadaire: String,
    pub nombre_semaines: String,
    pub lien_source: String,
}

fn option_text<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn owned(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}

impl ServiceForm {
    fn from_service(structure: StructureId, s: &Service) -> ServiceForm {
        ServiceForm {
            structure: structure.to_string(),
            nom: s.name.clone(),
            description: s.description.clone(),
            kind: s.kind.unwrap_or_default().to_owned(),
            thematiques: owned(&s.thematics),
            publics: owned(&s.publics),
            publics_precisions: option_text(&s.publics_details),
            conditions_acces: option_text(&s.access_conditions),
            frais: s.fees.unwrap_or_default().to_owned(),
            frais_precisions: option_text(&s.fees_details),
            adresse: option_text(&s.address.street),
            complement_adresse: option_text(&s.address.complement),
            code_postal: option_text(&s.address.postal_code),
            commune: option_text(&s.address.commune),
            code_insee: option_text(&s.address.insee_code),
            zone_eligibilite: s.eligibility_zone.join(" "),
            modes_accueil: owned(&s.reception_modes),
            horaires_accueil: option_text(&s.opening_hours),
            contact_nom_prenom: option_text(&s.contact_name),
            telephone: option_text(&s.phone),
            courriel: option_text(&s.email),
            modes_mobilisation: owned(&s.mobilisation_modes),
            mobilisable_par: owned(&s.mobilisable_by),
            mobilisation_precisions: option_text(&s.mobilisation_details),
            lien_mobilisation: option_text(&s.mobilisation_link),
            volume_horaire_hebdomadaire: s
                .weekly_hours
                .map(|h| h.to_string().replace('.', ","))
                .unwrap_or_default(),
            nombre_semaines: option_text(&s.weeks),
            lien_source: option_text(&s.source_link),
        }
    }

    /// The data·inclusion record this form describes; `identity` gives
    /// its source, its structure's id, its own id, and where it is on a map.
    fn record(&self, identity: &Identity) -> Map<String, Value> {
        let zones: Vec<String> = self
            .zone_eligibilite
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(str::to_owned)
            .collect();
        let pairs = [
            ("source", Value::String(identity.source.clone())),
            ("structure_id", Value::String(identity.structure_id.clone())),
            ("id", Value::String(identity.id.clone())),
            ("date_maj", Value::String(identity.today.clone())),
            ("longitude", serde_json::json!(identity.longitude)),
            ("latitude", serde_json::json!(identity.latitude)),
            ("nom", json_text(&self.nom)),
            ("description", json_text(&self.description)),
            ("type", json_text(&self.kind)),
            ("thematiques", json_list(&self.thematiques)),
            ("publics", json_list(&self.publics)),
            ("publics_precisions", json_text(&self.publics_precisions)),
            ("conditions_acces", json_text(&self.conditions_acces)),
            ("frais", json_text(&self.frais)),
            ("frais_precisions", json_text(&self.frais_precisions)),
            ("adresse", json_text(&self.adresse)),
            ("complement_adresse", json_text(&self.complement_adresse)),
            ("code_postal", json_text(&self.code_postal)),
            ("commune", json_text(&self.commune)),
            ("code_insee", json_text(&self.code_insee)),
            ("zone_eligibilite", json_list(&zones)),
            ("modes_accueil", json_list(&self.modes_accueil)),
            ("horaires_accueil", json_text(&self.horaires_accueil)),
            ("contact_nom_prenom", json_text(&self.contact_nom_prenom)),
            ("telephone", json_text(&self.telephone)),
            ("courriel", json_text(&self.courriel)),
            ("modes_mobilisation", json_list(&self.modes_mobilisation)),
            ("mobilisable_par", json_list(&self.mobilisable_par)),
            (
                "mobilisation_precisions",
                json_text(&self.mobilisation_precisions),
            ),
            ("lien_mobilisation", json_text(&self.lien_mobilisation)),
            (
                "volume_horaire_hebdomadaire",
                number(&self.volume_horaire_hebdomadaire),
            ),
            ("nombre_semaines", number(&self.nombre_semaines)),
            ("lien_source", json_text(&self.lien_source)),
        ];
        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }
}

/// What the form does not show: who the record is, and its coordinates.
pub struct Identity {
    pub source: String,
    pub structure_id: String,
    pub id: String,
    pub today: String,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
}

/// A new record's data·inclusion id, unique without asking anyone.
pub fn new_id() -> String {
    let uuid = uuid::Uuid::new_v4().simple().to_string();
    format!("maillage--{}", &uuid[..12])
}

#[derive(Template)]
#[template(path = "services/form.html")]
struct FormPage {
    parts: FormParts<ServiceForm>,
    structures: Vec<(String, String)>,
    thematics: &'static [ThematicGroup],
    publics: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    fees: Vec<(String, String)>,
    reception_modes: Vec<(String, String)>,
    mobilisation_modes: Vec<(String, String)>,
    mobilising_persons: Vec<(String, String)>,
}

/// The template reads `layout`, `form`… as its own fields.
impl Deref for FormPage {
    type Target = FormParts<ServiceForm>;
    fn deref(&self) -> &Self::Target {
        &self.parts
    }
}

impl RecordForm for ServiceForm {
    type Id = ServiceId;
    type Draft = Service;
    const NEW_TITLE: &'static str = "Nouveau service";
    const EDIT_TITLE: &'static str = "Modifier le service";
    const MENU: &'static str = "/offres";
    const CREATED: Notice = Notice::ServiceCreated;
    const UPDATED: Notice = Notice::ServiceUpdated;

    fn authorise(user: &CurrentUser) -> AppResult<()> {
        require_editor(user)
    }

    async fn load(cx: Cx<'_>, id: ServiceId) -> AppResult<Self> {
        let row = cx.store().service(cx.scope(), id).await?;
        Ok(ServiceForm::from_service(
            row.structure_id,
            &row.to_domain(),
        ))
    }

    /// The record carries its structure's source and id, and keeps the
    /// stored service's id and coordinates.
    async fn draft(&self, cx: Cx<'_>, id: Option<ServiceId>) -> Drafted<Service> {
        let structures = cx.store().structures(cx.scope()).await?;
        let current = match id {
            Some(id) => Some(cx.store().service(cx.scope(), id).await?),
            None => None,
        };
        // An archived structure takes no new service; one already under it stays.
        let offered = |s: &&StructureRow| {
            s.archived_at.is_none() || current.as_ref().is_some_and(|c| c.structure_id == s.id)
        };
        let structure = self
            .structure
            .trim()
            .parse::<StructureId>()
            .ok()
            .and_then(|chosen| structures.iter().filter(offered).find(|s| s.id == chosen));
        let Some(structure) = structure else {
            let mut errors = FieldErrors::single(
                "structure",
                "Choisissez la structure qui propose le service.",
            );
            if let Err(rejected) =
                Service::from_json(&self.record(&placeholder(cx.state)), cx.state.today())
            {
                for (field, message) in rejected.fields.iter() {
                    errors.add(field, message);
                }
            }
            return Ok(Err(errors));
        };
        let existing = current.map(|row| row.to_domain());
        let identity = Identity {
            source: structure.source.clone(),
            structure_id: structure.source_id.clone(),
            id: existing.as_ref().map_or_else(new_id, |s| s.id.clone()),
            today: cx.state.today().format("%Y-%m-%d").to_string(),
            longitude: existing.as_ref().and_then(|s| s.address.longitude),
            latitude: existing.as_ref().and_then(|s| s.address.latitude),
        };
        Ok(
            Service::from_json(&self.record(&identity), cx.state.today())
                .map_err(|rejected| rejected.fields),
        )
    }

    async fn create(cx: Cx<'_>, service: &Service) -> StoreResult<ServiceId> {
        cx.store()
            .create_service(&cx.actor(), cx.scope(), service)
            .await
    }

    async fn update(cx: Cx<'_>, id: ServiceId, service: &Service) -> StoreResult<()> {
        cx.store()
            .update_service(&cx.actor(), cx.scope(), id, service)
            .await
    }

    fn location(id: ServiceId) -> String {
        format!("/offres/{id}")
    }

    async fn page(cx: Cx<'_>, parts: FormParts<Self>) -> AppResult<Html<String>> {
        let structures = cx
            .store()
            .structures(cx.scope())
            .await?
            .into_iter()
            .filter(|s| s.archived_at.is_none() || s.id.to_string() == parts.form.structure)
            .map(|s| (s.id.to_string(), s.name))
            .collect();
        render(&FormPage {
            parts,
            structures,
            thematics: &THEMATIC_GROUPS,
            publics: options(referential::publics()),
            kinds: options(referential::service_types()),
            fees: options(referential::fees()),
            reception_modes: options(referential::reception_modes()),
            mobilisation_modes: options(referential::mobilisation_modes()),
            mobilising_persons: options(referential::mobilising_persons()),
        })
    }
}

/// An identity good enough to check the other fields when no structure was chosen.
fn placeholder(state: &AppState) -> Identity {
    Identity {
        source: "maillage".into(),
        structure_id: "maillage".into(),
        id: "maillage".into(),
        today: state.today().format("%Y-%m-%d").to_string(),
        longitude: None,
        latitude: None,
    }
}
