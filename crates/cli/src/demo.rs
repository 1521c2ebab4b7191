//! The demo: the network of Cités (`demo_network`) with their QPVs, partners
//! and accounts, loaded through the same store code as the application.

use anyhow::Context;
use maillage_domain::accounts::Role;
use maillage_domain::cites::{CiteInput, QpvInput};
use maillage_domain::ids::{CiteId, PartnerId, UserId};
use maillage_domain::partners::PartnerInput;
use maillage_domain::services::Catalogue;
use maillage_domain::Scope;
use maillage_store::accounts::{NewAccount, NewMembership};
use maillage_store::{Actor, Store};

use crate::demo_network::{DemoCite, ACCOUNTS, CITES, EXTRA_MEMBERSHIP};
use crate::demo_trend::YEARS;

/// Around 50 services of Angers Loire Métropole in the data·inclusion shape
/// (structures and SIRETs are realistic but fictitious).
const SERVICES_ANGERS: &str = include_str!("../demo/services-angers.json");

pub const DEMO_DATABASE: &str = "maillage-demo.db";
/// Every demo account shares it; printed at start.
pub const DEMO_PASSWORD: &str = "demo-maillage-2026";

fn invalid(what: &str, errors: maillage_domain::FieldErrors) -> anyhow::Error {
    anyhow::anyhow!("donnée de démonstration invalide ({what}) : {errors}")
}

async fn load_cite(
    store: &dyn Store,
    actor: &Actor,
    demo: &DemoCite,
) -> anyhow::Result<(CiteId, Vec<(String, PartnerId)>)> {
    let [population, unemployment, employment, poverty, defm] = demo.figures;
    let profile = CiteInput {
        name: demo.name.into(),
        departement: demo.departement.into(),
        epci: demo.epci.into(),
        communes: demo.communes.into(),
        label_year: demo.label_year.into(),
        co_pilots: demo.co_pilots.into(),
        population: population.into(),
        unemployment_rate: unemployment.into(),
        employment_rate: employment.into(),
        poverty_rate: poverty.into(),
        defm_abc: defm.into(),
        target_publics: if demo.no_target_public {
            Vec::new()
        } else {
            vec!["residents-qpv-frr".into(), "jeunes".into(), "femmes".into()]
        },
        no_target_public: if demo.no_target_public { "oui" } else { "" }.into(),
        own_axes: demo.own_axes.join("\n"),
        axes: vec!["federate".into(), "reach_out".into(), "innovate".into()],
        // Angers follows each person 12 months, the national default.
        ..CiteInput::default()
    }
    .validate(actor.today())
    .map_err(|e| invalid(demo.code, e))?;
    let cite_id = store.create_cite(actor, demo.code, &profile).await?;
    // The coordinator's scope, as the loader acts for the Cité's coordination.
    let scope = Scope::Cite {
        user_id: UserId::new(0),
        cite_id,
        role: Role::Coordinateur,
        partner_id: None,
    };
    for (code, name, commune, population) in demo.qpvs {
        let qpv = QpvInput {
            code: (*code).into(),
            name: (*name).into(),
            communes: (*commune).into(),
            population: (*population).into(),
        }
        .validate(&profile.communes)
        .map_err(|e| invalid(name, e))?;
        store.add_qpv(actor, &scope, &qpv).await?;
    }
    let mut partners = Vec::new();
    for (name, category, network, siret, city, sensitive) in demo.partners {
        let draft = PartnerInput {
            name: (*name).into(),
            category: (*category).into(),
            network: (*network).into(),
            siret: (*siret).into(),
            city: (*city).into(),
            sensitive: sensitive.then(|| "on".into()),
            ..PartnerInput::default()
        }
        .validate()
        .map_err(|e| invalid(name, e))?;
        // Recorded when it joined, so that the years show the network grow.
        let joined = Actor {
            at: crate::demo_trend::partner_recorded_at(name)?,
            ..actor.clone()
        };
        partners.push((
            (*name).to_owned(),
            store.create_partner_in(&joined, cite_id, &draft).await?,
        ));
    }
    Ok((cite_id, partners))
}

/// Loads the demo unless the database already holds it.
pub async fn load_if_empty(store: &dyn Store) -> anyhow::Result<()> {
    if store.cite_id_by_code(CITES[0].code).await?.is_some() {
        return Ok(());
    }
    let actor = Actor::system(chrono::Utc::now());
    let mut cites = Vec::new();
    let mut partners = Vec::new();
    for demo in &CITES {
        let (id, cite_partners) = load_cite(store, &actor, demo).await?;
        cites.push((demo.code, id));
        partners.extend(cite_partners);
    }
    let cite_id = |code: &str| cites.iter().find(|(c, _)| *c == code).map(|(_, id)| *id);
    let password_hash = maillage_web::auth::password::hash(DEMO_PASSWORD.to_owned()).await;
    let mut users = Vec::new();
    for (email, name, role, cite, partner) in ACCOUNTS {
        let membership = match role {
            Role::National => None,
            _ => Some(NewMembership {
                cite_id: cite_id(cite).context("Cité de démonstration absente")?,
                role,
                partner_id: partners
                    .iter()
                    .find(|(n, _)| n == partner)
                    .map(|(_, id)| *id),
            }),
        };
        let account = NewAccount {
            email: email.into(),
            name: name.into(),
            password_hash: password_hash.clone(),
            membership,
        };
        // Created when the person joined, for the référents' indicator.
        let joined = Actor::system(crate::demo_trend::account_created_at(email)?);
        users.push((email, store.create_account(&joined, account).await?));
    }
    let user = |email: &str| {
        users
            .iter()
            .find(|(e, _)| *e == email)
            .map(|(_, id)| *id)
            .context("compte absent")
    };
    let (email, role, cite) = EXTRA_MEMBERSHIP;
    let membership = NewMembership {
        cite_id: cite_id(cite).context("Cité absente")?,
        role,
        partner_id: None,
    };
    store
        .add_membership(&actor, user(email)?, membership)
        .await?;

    // A demo account's scope in its Cité, with its role and partner.
    let scope_in = |email: &str, cite: &str| -> anyhow::Result<Scope> {
        let (_, _, role, _, partner) = ACCOUNTS
            .iter()
            .find(|(e, _, _, c, _)| *e == email && *c == cite)
            .context("compte absent")?;
        Ok(Scope::Cite {
            user_id: user(email)?,
            cite_id: cite_id(cite).context("Cité absente")?,
            role: *role,
            partner_id: partners
                .iter()
                .find(|(n, _)| n == partner)
                .map(|(_, id)| *id),
        })
    };
    // The Cité's accounts whose role is kept, as their scopes.
    let scopes_in = |cite: &str, keep: &dyn Fn(Role) -> bool| {
        ACCOUNTS
            .iter()
            .filter(|(_, _, role, c, _)| keep(*role) && *c == cite)
            .map(|(email, ..)| scope_in(email, cite))
            .collect::<anyhow::Result<Vec<_>>>()
    };
    let coordinator = scope_in("coordination@demo.maillage.fr", "angers")?;
    let referents = scopes_in("angers", &|r| r == Role::Referent)?;
    // Its partners and QPVs before the catalogue brings its structures.
    let actors = crate::demo_cohort::Actors::of(store, coordinator, referents).await?;
    let catalogue = Catalogue::parse(
        SERVICES_ANGERS,
        maillage_domain::time::paris_date(chrono::Utc::now()),
    )
    .map_err(|report| anyhow::anyhow!("catalogue de démonstration invalide : {report:?}"))?;
    store
        .import_data_inclusion(&actor, &actors.coordinator, &catalogue)
        .await?;
    let today = chrono::Utc::now().date_naive();
    crate::demo_barriers::load(store, &actors.coordinator).await?;
    let admitted = crate::demo_cohort::load(store, &actors, today).await?;
    crate::demo_actions::load(store, &actors.coordinator, today, &admitted).await?;
    crate::demo_funding::load(store, &actors.coordinator, today).await?;
    let pilote = scope_in("pilote@demo.maillage.fr", "angers")?;
    let porteur = scope_in("porteur@demo.maillage.fr", "angers")?;
    crate::demo_governance::load(store, &actors, &pilote, &porteur, today).await?;
    crate::demo_case_review::load(store, &actors, &pilote, today, &admitted).await?;
    let carriers = scopes_in("le-mans", &|r| r == Role::Porteur)?;
    let le_mans_coordinator = scope_in("coordination.lemans@demo.maillage.fr", "le-mans")?;
    let (call_id, carriers) =
        crate::demo_calls::load(store, &le_mans_coordinator, &carriers, today).await?;
    crate::demo_documents::load(store, &le_mans_coordinator, call_id).await?;
    crate::demo_agreements::load(store, &le_mans_coordinator, &carriers).await?;
    crate::demo_next_call::load(store, &le_mans_coordinator, &carriers).await?;
    let grenoble = scopes_in("grenoble", &|_| true)?;
    crate::demo_grenoble::load(store, &grenoble, today).await?;
    for (code, first, plan) in crate::demo_trend::COHORTS {
        let accounts = scopes_in(code, &|_| true)?;
        crate::demo_trend::cohorts(store, &accounts, (first, plan), today).await?;
    }
    let coordinators = ACCOUNTS
        .iter()
        .filter(|(_, _, role, ..)| *role == Role::Coordinateur)
        .map(|(email, _, _, cite, _)| Ok((*cite, scope_in(email, cite)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let funded: [(&str, &[i32]); 2] = [("angers", &[2025, 2026]), ("le-mans", &YEARS[..1])];
    crate::demo_trend::load(store, &coordinators, &funded, today).await?;
    // The national network: every Cité's coordinators and référents.
    let national = Scope::National {
        user_id: user("national@demo.maillage.fr")?,
    };
    let staff = ACCOUNTS
        .iter()
        .filter(|(_, _, role, ..)| matches!(role, Role::Coordinateur | Role::Referent))
        .map(|(email, _, _, cite, _)| scope_in(email, cite))
        .collect::<anyhow::Result<Vec<_>>>()?;
    crate::demo_network_life::load(
        store,
        &national,
        &staff,
        &actors.coordinator,
        chrono::Utc::now(),
    )
    .await?;
    crate::demo_fiches::load(store, today).await
}

/// The demo's accounts, printed at start-up.
pub fn accounts_text() -> String {
    let mut text = format!("Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :\n");
    for (email, name, role, code, _) in ACCOUNTS {
        // Named as people know them, not by the slug the CLI uses.
        let cite = CITES
            .iter()
            .find(|c| c.code == code)
            .map_or_else(String::new, |c| format!(", {}", c.name));
        text.push_str(&format!(
            "  {:<42} {} ({}{cite})\n",
            email,
            name,
            role.label()
        ));
    }
    text
}

/// A fresh SQLite database (`name` in the temporary folder) with the demo
/// loaded, for the demo's tests; they close the store and remove the file.
#[cfg(test)]
pub async fn loaded_for_test(
    name: &str,
) -> (maillage_store_sqlite::SqliteStore, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "maillage-{name}-{}-{}.db",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    let store = maillage_store_sqlite::SqliteStore::open(path.to_str().unwrap())
        .await
        .unwrap();
    load_if_empty(&store).await.unwrap();
    (store, path)
}

/// A fresh demo (see [`loaded_for_test`]) with the national account's scope.
#[cfg(test)]
pub async fn national_for_test(
    name: &str,
) -> (
    maillage_store_sqlite::SqliteStore,
    std::path::PathBuf,
    Scope,
) {
    use maillage_store::AccountStore;
    let (store, path) = loaded_for_test(name).await;
    let user_id = store
        .credentials("national@demo.maillage.fr")
        .await
        .unwrap()
        .unwrap()
        .user_id;
    (store, path, Scope::National { user_id })
}

/// A fresh demo (see [`loaded_for_test`]) with the scope of the
/// coordinator of the Cité `code`.
#[cfg(test)]
pub async fn coordinator_for_test(
    code: &str,
) -> (
    maillage_store_sqlite::SqliteStore,
    std::path::PathBuf,
    Scope,
) {
    use maillage_store::CiteStore;
    let (email, ..) = ACCOUNTS
        .iter()
        .find(|(_, _, role, cite, _)| *role == Role::Coordinateur && *cite == code)
        .unwrap();
    let (store, path) = loaded_for_test(&format!("demo-{code}")).await;
    let cite_id = store.cite_id_by_code(code).await.unwrap().unwrap();
    let coordinator = member(&store, email, cite_id, Role::Coordinateur).await;
    (store, path, coordinator)
}

/// The demo account `email`'s scope in `cite_id` as `role`, with the
/// partner of its first membership.
#[cfg(test)]
pub async fn member(
    store: &dyn Store,
    email: &str,
    cite_id: maillage_domain::ids::CiteId,
    role: Role,
) -> Scope {
    let user_id = store.credentials(email).await.unwrap().unwrap().user_id;
    let partner_id = match store.memberships(user_id).await.unwrap().first() {
        Some(m) => m.partner_id,
        None => None,
    };
    Scope::Cite {
        user_id,
        cite_id,
        role,
        partner_id,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_accounts_name_their_cite_as_people_know_it() {
        let text = super::accounts_text();
        assert!(text.contains("Cité de l'emploi d'Angers Loire Métropole"));
        assert!(!text.contains(", angers)"));
    }
}
