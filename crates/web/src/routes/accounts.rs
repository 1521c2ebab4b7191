//! Accounts of the Cité (coordinators): list, create, reset a password.
//! Where e-mail is configured, a new account gets an invitation (a link to
//! choose its password, valid 72 hours) and a reset sends such a link;
//! elsewhere a temporary password is generated and shown once, for the
//! coordinator to pass on.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::accounts::{AccountInput, Role, RoleInput};
use maillage_domain::ids::{CiteId, UserId};
use maillage_domain::mail::{invitation, password_link, INVITATION_LIFETIME};
use maillage_domain::FieldErrors;
use maillage_store::accounts::{AccountRow, NewAccount, NewMembership};
use rand::Rng;
use serde::Deserialize;

use super::password_reset::link_request;
use super::NoticeQuery;
use crate::auth::{password, CurrentUser};
use crate::error::{checked, AppError, AppResult};
use crate::extract::{Path, Query};
use crate::form::Form;
use crate::state::AppState;
use crate::views::confirm::ConfirmPage;
use crate::views::notice::Notice;
use crate::views::{format, render, Layout};

pub struct AccountView {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub partner: Option<String>,
    pub active: bool,
    pub created: String,
    /// Shared with a Cité the viewer does not coordinate: its password is
    /// not theirs to reset (`may_take_over`).
    pub shared: bool,
}

impl From<AccountRow> for AccountView {
    fn from(row: AccountRow) -> Self {
        AccountView {
            user_id: row.user_id,
            role: row.role.label(),
            name: row.name,
            email: row.email,
            partner: row.partner_name,
            active: row.active,
            shared: !maillage_domain::accounts::may_take_over(row.foreign_cites),
            created: format::date(maillage_domain::time::paris_date(row.created_at)),
        }
    }
}

/// A temporary password (« mot de passe provisoire »): 16 letters and
/// digits from an alphabet without look-alikes (0/O, 1/l/I), in groups of
/// four for dictating it. New accounts and resets get one, and so does the
/// first coordinator of a new Cité.
pub(crate) fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..4)
        .map(|_| {
            (0..4)
                .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[derive(Template)]
#[template(path = "accounts/list.html")]
struct ListPage {
    layout: Layout,
    accounts: Vec<AccountView>,
    me: UserId,
    /// A reset sends a link rather than showing a password.
    mail_enabled: bool,
    /// Only ProConnect signs in: passwords are not reset.
    proconnect_only: bool,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let accounts = state.store.cite_accounts(&user.scope).await?;
    let page = ListPage {
        layout: Layout::new("Comptes", &user, "/comptes")
            .with_notice(Notice::of(query.fait.as_deref())),
        accounts: accounts.into_iter().map(Into::into).collect(),
        me: user.scope.user_id(),
        mail_enabled: state.config.mail_enabled,
        proconnect_only: state.config.password_sign_in_disabled,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct AccountForm {
    email: String,
    name: String,
    role: String,
    partner_id: String,
}

#[derive(Template)]
#[template(path = "accounts/form.html")]
struct FormPage {
    layout: Layout,
    form: AccountForm,
    errors: FieldErrors,
    roles: Vec<(String, String)>,
    partners: Vec<(String, String)>,
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    form: AccountForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let status = crate::views::form_status(&errors);
    let page = FormPage {
        layout: Layout::new("Nouveau compte", user, "/comptes"),
        form,
        errors,
        roles: role_choices(),
        partners: partner_choices(state, user).await?,
    };
    Ok((status, render(&page)?).into_response())
}

fn role_choices() -> Vec<(String, String)> {
    Role::CITE_ROLES
        .iter()
        .map(|r| (r.code().to_owned(), r.label().to_owned()))
        .collect()
}

async fn partner_choices(state: &AppState, user: &CurrentUser) -> AppResult<Vec<(String, String)>> {
    let partners = state.store.partners(&user.scope, false).await?;
    Ok(partners
        .into_iter()
        .map(|p| (p.id.to_string(), p.name))
        .collect())
}

pub async fn new(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    user.require_coordinator()?;
    form_page(&state, &user, AccountForm::default(), FieldErrors::new()).await
}

/// The new password, shown once.
#[derive(Template)]
#[template(path = "accounts/password.html")]
pub(crate) struct PasswordPage {
    pub layout: Layout,
    pub name: String,
    pub email: String,
    /// `None` where only ProConnect signs in: the account has no password.
    pub password: Option<String>,
    pub created: bool,
    /// Where the page leads back, and its link's text.
    pub back: (&'static str, &'static str),
}

/// A link sent by e-mail in place of a password shown.
#[derive(Template)]
#[template(path = "accounts/link_sent.html")]
struct LinkSentPage {
    layout: Layout,
    name: String,
    email: String,
    created: bool,
    /// Only ProConnect signs in: no link, no password.
    proconnect_only: bool,
}

/// A password nobody knows, for an account until its link is used.
async fn unknown_password() -> String {
    password::hash(crate::auth::session::random_token()).await
}

/// A new account's first password, to show once, and its hash; where only
/// ProConnect signs in, none to show and one nobody knows.
pub(crate) async fn first_password(state: &AppState) -> (Option<String>, String) {
    if state.config.password_sign_in_disabled {
        return (None, unknown_password().await);
    }
    let password = temporary_password();
    let hash = password::hash(password.clone()).await;
    (Some(password), hash)
}

/// The coordinator's Cité, as a message names it.
fn cite_name(user: &CurrentUser) -> String {
    user.membership()
        .map_or_else(String::new, |m| m.cite_name.clone())
}

/// Where a password page leads back in the Cité's accounts.
const BACK_TO_ACCOUNTS: (&str, &str) = ("/comptes", "Retour aux comptes");

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<AccountForm>,
) -> AppResult<Response> {
    user.require_coordinator()?;
    let input = AccountInput {
        email: form.email.clone(),
        name: form.name.clone(),
        role: form.role.clone(),
        partner_id: form.partner_id.clone(),
    };
    let draft = match input.validate() {
        Ok(draft) => draft,
        Err(errors) => return form_page(&state, &user, form, errors).await,
    };
    let proconnect_only = state.config.password_sign_in_disabled;
    let mailed = state.config.mail_enabled && !proconnect_only;
    let password = temporary_password();
    let account = NewAccount {
        email: draft.email.as_str().to_owned(),
        name: draft.name.clone(),
        password_hash: match mailed || proconnect_only {
            true => unknown_password().await,
            false => password::hash(password.clone()).await,
        },
        membership: Some(NewMembership {
            cite_id: CiteId::new(0),
            role: draft.role,
            partner_id: draft.partner_id,
        }),
    };
    let (actor, store) = (user.actor(), &state.store);
    let created = match mailed {
        true => {
            let cite = cite_name(&user);
            let link = link_request(&state, INVITATION_LIFETIME, |l| invitation(&cite, l));
            let created = store.create_invited_account(&actor, &user.scope, account, &link);
            created.await
        }
        false => {
            store
                .create_cite_account(&actor, &user.scope, account)
                .await
        }
    };
    match checked(created)? {
        Ok(_) if mailed || proconnect_only => {
            state.mail_queued.notify_one();
            let page = LinkSentPage {
                layout: Layout::new("Compte créé", &user, "/comptes"),
                name: draft.name,
                email: draft.email.into_string(),
                created: true,
                proconnect_only,
            };
            Ok(render(&page)?.into_response())
        }
        Ok(_) => {
            let page = PasswordPage {
                layout: Layout::new("Compte créé", &user, "/comptes"),
                name: draft.name,
                email: draft.email.into_string(),
                password: Some(password),
                created: true,
                back: BACK_TO_ACCOUNTS,
            };
            Ok(render(&page)?.into_response())
        }
        Err(errors) => form_page(&state, &user, form, errors).await,
    }
}

pub async fn reset_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Response> {
    if state.config.password_sign_in_disabled {
        return Err(AppError::NotFound);
    }
    let account = cite_account(&state, &user, id).await?;
    if state.config.mail_enabled {
        let cite = cite_name(&user);
        let link = link_request(&state, INVITATION_LIFETIME, |l| password_link(&cite, l));
        let hash = unknown_password().await;
        state
            .store
            .send_password_link(&user.actor(), &user.scope, id, &hash, &link)
            .await?;
        state.mail_queued.notify_one();
        let page = LinkSentPage {
            layout: Layout::new("Lien envoyé", &user, "/comptes"),
            name: account.name,
            email: account.email,
            created: false,
            proconnect_only: false,
        };
        return Ok(render(&page)?.into_response());
    }
    let password = temporary_password();
    let hash = password::hash(password.clone()).await;
    state
        .store
        .reset_password(&user.actor(), &user.scope, id, &hash)
        .await?;
    let page = PasswordPage {
        layout: Layout::new("Nouveau mot de passe", &user, "/comptes"),
        name: account.name,
        email: account.email,
        password: Some(password),
        created: false,
        back: BACK_TO_ACCOUNTS,
    };
    Ok(render(&page)?.into_response())
}

/// The Cité's account `id`, as the coordinator sees it.
async fn cite_account(state: &AppState, user: &CurrentUser, id: UserId) -> AppResult<AccountRow> {
    user.require_coordinator()?;
    let accounts = state.store.cite_accounts(&user.scope).await?;
    accounts
        .into_iter()
        .find(|a| a.user_id == id)
        .ok_or(AppError::NotFound)
}

/// Asks before removing an account from the Cité.
pub async fn confirm_end_membership(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Response> {
    let account = cite_account(&state, &user, id).await?;
    let title = format!("Retirer {} de la Cité", account.name);
    let refusal = (id == user.scope.user_id())
        .then(|| "Vous ne pouvez pas vous retirer vous-même de la Cité.".to_owned());
    let page = ConfirmPage {
        layout: Layout::new(title.clone(), &user, "/comptes")
            .with_breadcrumb(&[("/comptes", "Comptes")], &title),
        question: format!(
            "Retirer le compte de {} ({}) de votre Cité ?",
            account.name, account.email
        ),
        consequences: vec![
            "Ses sessions ouvertes sont fermées tout de suite.".to_owned(),
            "Les dossiers qu'il ou elle suivait reviennent à son partenaire, dont les autres référents les voient.".to_owned(),
            "Son compte reste ouvert dans les autres Cités où il figure.".to_owned(),
        ],
        action: format!("/comptes/{id}/retirer"),
        button: "Retirer de la Cité",
        back: "/comptes".to_owned(),
        refusal,
    };
    Ok(render(&page)?.into_response())
}

pub async fn end_membership(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Redirect> {
    user.require_coordinator()?;
    state
        .store
        .end_membership(&user.actor(), &user.scope, id)
        .await?;
    Ok(Redirect::to(&Notice::MembershipEnded.at("/comptes")))
}

/// Asks before deactivating an account; the password must have been typed
/// in the last ten minutes.
pub async fn confirm_deactivate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Response> {
    let account = cite_account(&state, &user, id).await?;
    let here = format!("/comptes/{id}/desactiver");
    if let Err(confirm) = user.recent_sign_in(state.now(), &here) {
        return Ok(confirm.into_response());
    }
    let title = format!("Désactiver le compte de {}", account.name);
    let refusal = if id == user.scope.user_id() {
        Some("Vous ne pouvez pas désactiver votre propre compte.".to_owned())
    } else if !maillage_domain::accounts::may_take_over(account.foreign_cites) {
        Some(maillage_domain::accounts::SHARED_ACCOUNT.to_owned())
    } else {
        None
    };
    let page = ConfirmPage {
        layout: Layout::new(title.clone(), &user, "/comptes")
            .with_breadcrumb(&[("/comptes", "Comptes")], &title),
        question: format!(
            "Désactiver le compte de {} ({}) ?",
            account.name, account.email
        ),
        consequences: vec![
            "Ses sessions ouvertes sont fermées tout de suite ; il ne peut plus se connecter."
                .to_owned(),
            "Ce qu'il a saisi reste, et le compte peut être réactivé.".to_owned(),
        ],
        action: here,
        button: "Désactiver le compte",
        back: "/comptes".to_owned(),
        refusal,
    };
    Ok(render(&page)?.into_response())
}

pub async fn deactivate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Response> {
    set_active(&state, &user, id, false).await
}

pub async fn reactivate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Response> {
    set_active(&state, &user, id, true).await
}

async fn set_active(
    state: &AppState,
    user: &CurrentUser,
    id: UserId,
    active: bool,
) -> AppResult<Response> {
    user.require_coordinator()?;
    if let Err(confirm) = user.recent_sign_in(state.now(), "/comptes") {
        return Ok(confirm.into_response());
    }
    state
        .store
        .set_account_active(&user.actor(), &user.scope, id, active)
        .await?;
    let done = if active {
        Notice::AccountReactivated
    } else {
        Notice::AccountDeactivated
    };
    Ok(Redirect::to(&done.at("/comptes")).into_response())
}

#[derive(Template)]
#[template(path = "accounts/role.html")]
struct RolePage {
    layout: Layout,
    user_id: UserId,
    name: String,
    email: String,
    current: &'static str,
    form: RoleInput,
    errors: FieldErrors,
    roles: Vec<(String, String)>,
    partners: Vec<(String, String)>,
}

async fn role_form(
    state: &AppState,
    user: &CurrentUser,
    account: AccountRow,
    form: RoleInput,
    errors: FieldErrors,
) -> AppResult<Response> {
    let title = format!("Rôle de {}", account.name);
    let page = RolePage {
        layout: Layout::new(title.clone(), user, "/comptes")
            .with_breadcrumb(&[("/comptes", "Comptes")], &title),
        user_id: account.user_id,
        current: account.role.label(),
        name: account.name,
        email: account.email,
        form,
        errors,
        roles: role_choices(),
        partners: partner_choices(state, user).await?,
    };
    let status = crate::views::form_status(&page.errors);
    Ok((status, render(&page)?).into_response())
}

/// The form that changes an account's role in the Cité, after a recent sign-in.
pub async fn role_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Response> {
    let account = cite_account(&state, &user, id).await?;
    if let Err(confirm) = user.recent_sign_in(state.now(), &format!("/comptes/{id}/role")) {
        return Ok(confirm.into_response());
    }
    let form = RoleInput {
        role: account.role.code().to_owned(),
        partner_id: account
            .partner_id
            .map(|p| p.to_string())
            .unwrap_or_default(),
    };
    role_form(&state, &user, account, form, FieldErrors::new()).await
}

pub async fn change_role(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
    Form(form): Form<RoleInput>,
) -> AppResult<Response> {
    let account = cite_account(&state, &user, id).await?;
    if let Err(confirm) = user.recent_sign_in(state.now(), &format!("/comptes/{id}/role")) {
        return Ok(confirm.into_response());
    }
    let (role, partner_id) = match form.validate() {
        Ok(role) => role,
        Err(errors) => return role_form(&state, &user, account, form, errors).await,
    };
    let changed = state
        .store
        .change_role(&user.actor(), &user.scope, id, role, partner_id)
        .await;
    match checked(changed)? {
        Ok(()) => Ok(Redirect::to(&Notice::RoleChanged.at("/comptes")).into_response()),
        Err(errors) => role_form(&state, &user, account, form, errors).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_meet_the_policy() {
        let a = temporary_password();
        assert_eq!(a.len(), 19);
        assert!(maillage_domain::accounts::check_password(&a).is_ok());
        assert_ne!(a, temporary_password());
    }
}
