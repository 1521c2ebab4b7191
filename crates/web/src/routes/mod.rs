//! Routes, one module per area; URLs are French, as users read them.

pub(crate) mod account_requests;
mod accounts;
mod actions;
pub(crate) mod agreements;
mod api_tokens;
mod calls;
mod cite_barriers;
mod cites;
mod cites_labelling;
mod cohorts;
pub(crate) mod documents;
mod editing;
mod fiches;
pub(crate) mod follow_up;
mod funding;
pub(crate) mod governance;
mod home;
mod home_results;
mod home_work;
pub(crate) mod indicators;
mod my_account;
mod network;
mod notifications;
mod open_data;
mod pages;
mod participants;
mod partners;
pub(crate) mod password_reset;
mod proconnect;
mod referrals;
mod services;
mod session;

use axum::routing::{get, post};
use axum::Router;
use maillage_domain::partners::PartnerInput;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route(
            "/connexion",
            get(session::sign_in_page).post(session::sign_in),
        )
        .route("/connexion/proconnect", get(proconnect::start))
        .route("/connexion/proconnect/retour", get(proconnect::back))
        .route("/reconnexion/proconnect", get(proconnect::confirm))
        .route("/deconnexion", post(session::sign_out))
        .route("/compte", get(my_account::show))
        .route(
            notifications::PATH,
            get(notifications::show).post(notifications::save),
        )
        .route(
            api_tokens::PATH,
            get(api_tokens::show).post(api_tokens::create),
        )
        .route("/compte/jetons/{id}/revoquer", post(api_tokens::revoke))
        .route(
            "/reconnexion",
            get(session::reauth_page).post(session::reauth),
        )
        .route("/cite/choisir", post(session::switch_cite))
        .route("/cite", get(cites::own))
        .route("/cite/modifier", get(cites::edit).post(cites::update))
        .route("/cite/qpv", post(cites::add_qpv))
        .route(
            "/cite/qpv/{id}/retirer",
            get(cites::confirm_remove_qpv).post(cites::remove_qpv),
        )
        .route(
            "/cite/freins",
            get(cite_barriers::page).post(cite_barriers::add),
        )
        .route(
            "/cite/freins/{id}",
            get(cite_barriers::edit).post(cite_barriers::update),
        )
        .route("/cite/freins/{id}/monter", post(cite_barriers::move_up))
        .route(
            "/cite/freins/{id}/descendre",
            post(cite_barriers::move_down),
        )
        .route(
            "/cite/freins/{id}/retirer",
            get(cite_barriers::confirm_remove).post(cite_barriers::remove),
        )
        .route("/cites", get(cites::list))
        .route(
            "/cites/nouvelle",
            get(cites_labelling::new).post(cites_labelling::create),
        )
        .route("/cites/{id}", get(cites::show))
        .route(
            "/cites/{id}/archiver",
            get(cites_labelling::confirm_archive).post(cites_labelling::archive),
        )
        .route("/cites/{id}/reactiver", post(cites_labelling::restore))
        .route(
            "/partenaires",
            get(partners::list).post(editing::create::<PartnerInput>),
        )
        .route("/partenaires/nouveau", get(editing::new::<PartnerInput>))
        .route(
            "/partenaires/{id}",
            get(partners::show).post(editing::update::<PartnerInput>),
        )
        .route(
            "/partenaires/{id}/modifier",
            get(editing::edit::<PartnerInput>),
        )
        .route("/partenaires/{id}/archiver", post(partners::archive))
        .route("/partenaires/{id}/restaurer", post(partners::restore))
        .route("/comptes", get(accounts::list).post(accounts::create))
        .route("/comptes/nouveau", get(accounts::new))
        .route("/comptes/{id}/mot-de-passe", post(accounts::reset_password))
        .route(
            "/comptes/{id}/retirer",
            get(accounts::confirm_end_membership).post(accounts::end_membership),
        )
        .route(
            "/comptes/{id}/desactiver",
            get(accounts::confirm_deactivate).post(accounts::deactivate),
        )
        .route("/comptes/{id}/reactiver", post(accounts::reactivate))
        .route(
            "/comptes/{id}/role",
            get(accounts::role_page).post(accounts::change_role),
        )
        .route("/journal", get(pages::audit_log))
        .route("/accessibilite", get(pages::accessibility))
        .route("/healthz", get(pages::healthz))
        .merge(cohorts::routes())
        .merge(referrals::routes())
        .merge(participants::routes())
        .merge(follow_up::routes())
        .merge(actions::routes())
        .merge(funding::routes())
        .merge(calls::routes())
        .merge(agreements::routes())
        .merge(documents::routes())
        .merge(account_requests::routes())
        .merge(password_reset::routes())
        .merge(governance::routes())
        .merge(indicators::routes())
        .merge(open_data::routes())
        .merge(network::routes())
        .merge(fiches::routes())
        .merge(services::routes())
}

#[derive(serde::Deserialize, Default)]
pub struct NoticeQuery {
    pub fait: Option<String>,
}
