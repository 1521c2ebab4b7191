//! The list's filters as the URL carries them. They are read as text and
//! checked against the user's own choices here, so that a bad value becomes
//! a French notice instead of the extractor's English 400, and an id of
//! another Cité is never passed on.

use std::collections::HashMap;

use maillage_domain::accounts::Role;
use maillage_domain::ids::BarrierWordId;
use maillage_domain::participants::person::search_key;
use maillage_domain::referential;
use maillage_store::follow_up::SearchFilters;

use super::Status;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::codes::closed_list;

/// Pages past this are a typo, not a list (and would overflow the offset).
const MAX_PAGE: i64 = 100_000;

/// What the user may pick in the filter form: the values filters are checked against.
pub struct Choices {
    pub cohorts: Vec<(String, String)>,
    pub qpvs: Vec<(String, String)>,
    /// The Cité's référents, for coordinators; référents get « Suivis par moi ».
    pub referents: Vec<(String, String)>,
    pub statuses: Vec<(String, String)>,
    pub is_referent: bool,
    /// The Cité's barrier words (`mot-12`, « Mobilité ») and the codes each
    /// covers: the filter speaks the Cité's words first.
    pub words: Vec<(String, String)>,
    word_codes: Vec<(String, Vec<String>)>,
}

impl Choices {
    pub async fn load(state: &AppState, user: &CurrentUser) -> AppResult<Choices> {
        let cite_id = user.scope.cite_id().ok_or(AppError::NotFound)?;
        let cohorts = state.store.cohorts(&user.scope).await?;
        let qpvs = state.store.qpvs(&user.scope, cite_id).await?;
        let vocabulary = state.store.barrier_words(&user.scope, cite_id).await?;
        let value = |id: BarrierWordId| format!("mot-{id}");
        let is_referent = user.role() == Role::Referent;
        let referents = if is_referent {
            Vec::new()
        } else {
            let mut referents: Vec<(String, String)> = state
                .store
                .cite_accounts(&user.scope)
                .await?
                .into_iter()
                .filter(|a| a.role == Role::Referent)
                .map(|a| {
                    let label = match a.partner_name {
                        Some(partner) => format!("{} ({partner})", a.name),
                        None => a.name,
                    };
                    (a.user_id.to_string(), label)
                })
                .collect();
            referents.sort_by_key(|(_, label)| label.to_lowercase());
            referents
        };
        Ok(Choices {
            cohorts: cohorts
                .into_iter()
                .map(|c| (c.id.to_string(), c.name))
                .collect(),
            qpvs: qpvs
                .into_iter()
                .map(|q| (q.id.to_string(), q.name))
                .collect(),
            referents,
            statuses: closed_list::<Status>(),
            is_referent,
            words: vocabulary
                .words()
                .iter()
                .map(|w| (value(w.id), w.label.clone()))
                .collect(),
            word_codes: vocabulary
                .words()
                .iter()
                .map(|w| (value(w.id), w.thematics.clone()))
                .collect(),
        })
    }
}

fn offered(options: &[(String, String)], value: &str) -> bool {
    options.iter().any(|(code, _)| code == value)
}

/// The filters once checked: empty text means « no filter ».
#[derive(Debug)]
pub struct Filters {
    pub nom: String,
    pub cohorte: String,
    pub qpv: String,
    pub frein: String,
    pub statut: String,
    pub referent: String,
    pub moi: bool,
    /// One-based.
    pub page: i64,
    /// French names of the filters whose value was not recognised, and ignored.
    pub ignored: Vec<&'static str>,
}

impl Filters {
    /// Reads the raw query string; the last value of a repeated key wins.
    pub fn parse(raw: Option<&str>, choices: &Choices) -> Filters {
        let params: HashMap<String, String> =
            serde_urlencoded::from_str::<Vec<(String, String)>>(raw.unwrap_or_default())
                .unwrap_or_default()
                .into_iter()
                .collect();
        let mut ignored = Vec::new();
        let mut pick = |key: &str, label: &'static str, valid: &dyn Fn(&str) -> bool| {
            let value = params.get(key).map_or("", |v| v.trim());
            if value.is_empty() {
                String::new()
            } else if valid(value) {
                value.to_owned()
            } else {
                ignored.push(label);
                String::new()
            }
        };
        let nom = pick("nom", "nom", &|v| v.chars().count() <= 100);
        let cohorte = pick("cohorte", "cohorte", &|v| offered(&choices.cohorts, v));
        let qpv = pick("qpv", "quartier", &|v| offered(&choices.qpvs, v));
        let frein = pick("frein", "frein", &|v| {
            referential::thematic(v).is_some() || offered(&choices.words, v)
        });
        let statut = pick("statut", "statut", &|v| Status::parse(v).is_some());
        let referent = pick("referent", "référent", &|v| {
            offered(&choices.referents, v)
        });
        let moi = !pick("moi", "suivis par moi", &|v| {
            choices.is_referent && matches!(v, "1" | "on")
        })
        .is_empty();
        let page = pick("page", "page", &|v| {
            v.parse::<i64>().is_ok_and(|p| (1..=MAX_PAGE).contains(&p))
        });
        Filters {
            nom,
            cohorte,
            qpv,
            frein,
            statut,
            referent,
            moi,
            page: page.parse().unwrap_or(1),
            ignored,
        }
    }

    /// The query string of these filters, for links (pagination, exports).
    pub fn query(&self, page: Option<i64>) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("nom", &self.nom),
            ("cohorte", &self.cohorte),
            ("qpv", &self.qpv),
            ("frein", &self.frein),
            ("statut", &self.statut),
            ("referent", &self.referent),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| (key, value.clone()))
        .collect();
        if self.moi {
            pairs.push(("moi", "1".to_owned()));
        }
        if let Some(page) = page.filter(|p| *p > 1) {
            pairs.push(("page", page.to_string()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// The store's filters; the name is folded the way names are stored.
    pub fn search(
        &self,
        user: &CurrentUser,
        choices: &Choices,
        page: i64,
        per_page: i64,
    ) -> SearchFilters {
        let text = search_key(&self.nom, "");
        let word = choices
            .word_codes
            .iter()
            .find(|(value, _)| *value == self.frein);
        let thematics = match word {
            Some((_, codes)) => codes.clone(),
            None if self.frein.is_empty() => Vec::new(),
            None => vec![self.frein.clone()],
        };
        SearchFilters {
            text: (!text.is_empty()).then_some(text),
            cohort_id: self.cohorte.parse().ok(),
            qpv_id: self.qpv.parse().ok(),
            thematics,
            status: (!self.statut.is_empty()).then(|| self.statut.clone()),
            lead_user_id: if self.moi {
                Some(user.user_id)
            } else {
                self.referent.parse().ok()
            },
            page,
            per_page,
        }
    }
}
