//! The demo's national catalogue: the Cités' innovative actions published as
//! fiches by their coordinators (Angers' childcare answers, Est Ensemble's
//! cafés emploi, Roubaix's digital inclusion), and reused elsewhere so the
//! national page shows counts: Le Mans took up Par'Emploi, Vaulx-en-Velin the
//! cafés emploi.

use anyhow::Context;
use chrono::NaiveDate;
use maillage_domain::accounts::Role;
use maillage_domain::ids::ActionId;
use maillage_domain::Scope;
use maillage_store::actions::ActionFilter;
use maillage_store::{Actor, Store};

use crate::demo_network::ACCOUNTS;

/// What the coordinator adds to the action's own fields when publishing.
struct DemoFiche {
    cite: &'static str,
    /// The action's title, as `demo_actions` creates it.
    action: &'static str,
    contact_role: &'static str,
    contact_email: &'static str,
    /// Partners beyond the carrier, one per line; empty to keep the carrier.
    partners: &'static str,
    /// Results to publish when the action has none recorded yet.
    results: &'static str,
}

const FICHES: [DemoFiche; 5] = [
    DemoFiche {
        cite: "angers",
        action: "Par'Emploi : solutions de garde pour reprendre un emploi",
        contact_role: "Chargée de mission Cité de l'emploi",
        contact_email: "cite-emploi.angers@demo.maillage.fr",
        partners: "Association Par'Emploi\nCAF de Maine-et-Loire\nFrance Travail Angers Saint-Serge\nMission locale angevine",
        results: "",
    },
    DemoFiche {
        cite: "angers",
        action: "Places en crèche AVIP",
        contact_role: "Chargée de mission Cité de l'emploi",
        contact_email: "cite-emploi.angers@demo.maillage.fr",
        partners: "CAF de Maine-et-Loire\nFrance Travail Angers Saint-Serge",
        results: "Les 8 places sont occupées toute l'année ; la liste d'attente donne la priorité \
                  aux parents isolés, et la place reste acquise pendant les premiers mois d'emploi.",
    },
    DemoFiche {
        cite: "angers",
        action: "Solidair'Mam : garde solidaire entre parents",
        contact_role: "Chargée de mission Cité de l'emploi",
        contact_email: "cite-emploi.angers@demo.maillage.fr",
        partners: "",
        results: "",
    },
    DemoFiche {
        cite: "est-ensemble",
        action: "Cafés emploi en pied d'immeuble",
        contact_role: "Coordinatrice de la Cité de l'emploi",
        contact_email: "cite-emploi.estensemble@demo.maillage.fr",
        partners: "France Travail Montreuil\nMission locale d'Est Ensemble\nPLIE d'Est Ensemble",
        results: "",
    },
    DemoFiche {
        cite: "roubaix",
        action: "Inclusion numérique : du premier pas à la candidature en ligne",
        contact_role: "Chef de projet Cité de l'emploi",
        contact_email: "cite-emploi.roubaix@demo.maillage.fr",
        partners: "Centre social de l'Alma\nFrance Travail Roubaix",
        results: "Sur les trois premières sessions : 31 personnes équipées d'un ordinateur, \
                  22 ont activé leur espace France Travail.",
    },
];

/// Reuser Cité, origin Cité, action title of the fiche reused.
const REUSES: [(&str, &str, &str); 2] = [
    (
        "le-mans",
        "angers",
        "Par'Emploi : solutions de garde pour reprendre un emploi",
    ),
    (
        "vaulx-en-velin",
        "est-ensemble",
        "Cafés emploi en pied d'immeuble",
    ),
];

/// The coordinator of a demo Cité, as their own scope.
async fn coordinator(store: &dyn Store, cite: &str) -> anyhow::Result<Scope> {
    let (email, ..) = ACCOUNTS
        .iter()
        .find(|(_, _, role, code, _)| *role == Role::Coordinateur && *code == cite)
        .with_context(|| format!("pas de coordination de démonstration pour {cite}"))?;
    let user_id = store
        .credentials(email)
        .await?
        .context("compte de coordination absent")?
        .user_id;
    let cite_id = store
        .cite_id_by_code(cite)
        .await?
        .context("Cité de démonstration absente")?;
    Ok(Scope::Cite {
        user_id,
        cite_id,
        role: Role::Coordinateur,
        partner_id: None,
    })
}

async fn action_id(store: &dyn Store, scope: &Scope, title: &str) -> anyhow::Result<ActionId> {
    store
        .actions(scope, &ActionFilter::default())
        .await?
        .into_iter()
        .find(|a| a.title == title)
        .map(|a| a.id)
        .with_context(|| format!("action de démonstration absente : {title}"))
}

/// Publishes the demo fiches, then the reuses.
pub async fn load(store: &dyn Store, today: NaiveDate) -> anyhow::Result<()> {
    let actor = Actor::system(chrono::Utc::now());
    let mut published = Vec::new();
    for demo in &FICHES {
        let scope = coordinator(store, demo.cite).await?;
        let action = action_id(store, &scope, demo.action).await?;
        let source = store.fiche_source(&scope, action).await?;
        let mut input = source.fiche_input(demo.contact_role, demo.contact_email);
        if !demo.partners.is_empty() {
            input.partners = demo.partners.to_owned();
        }
        if input.results.is_empty() {
            input.results = demo.results.to_owned();
        }
        let draft = input.validate().map_err(|e| {
            anyhow::anyhow!("fiche de démonstration invalide ({}) : {e}", demo.action)
        })?;
        let fiche = store.publish_fiche(&actor, &scope, action, &draft).await?;
        published.push((demo.cite, demo.action, fiche));
    }
    for (reuser, origin, title) in REUSES {
        let fiche = published
            .iter()
            .find(|(cite, action, _)| *cite == origin && *action == title)
            .map(|(_, _, id)| *id)
            .context("fiche de démonstration absente")?;
        let scope = coordinator(store, reuser).await?;
        store.reuse_fiche(&actor, &scope, fiche, today).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use maillage_domain::ids::UserId;
    use maillage_domain::Scope;
    use maillage_store::fiches::{FicheFilters, FicheSort};
    use maillage_store::FicheStore;

    #[tokio::test]
    async fn the_demo_catalogue_spans_three_regions_with_two_reuses() {
        let (store, path) = crate::demo::loaded_for_test("demo-fiches").await;
        let filters = FicheFilters {
            sort: FicheSort::Reuses,
            ..FicheFilters::default()
        };
        let fiches = store
            .fiches(
                &Scope::National {
                    user_id: UserId::new(1),
                },
                &filters,
            )
            .await
            .unwrap();
        assert_eq!(fiches.len(), super::FICHES.len());
        let mut reused: Vec<(&str, i64)> = fiches
            .iter()
            .filter(|f| f.reuses > 0)
            .map(|f| (f.title.as_str(), f.reuses))
            .collect();
        reused.sort_unstable();
        assert_eq!(
            reused,
            [
                ("Cafés emploi en pied d'immeuble", 1),
                (
                    "Par'Emploi : solutions de garde pour reprendre un emploi",
                    1
                ),
            ]
        );
        let mut regions: Vec<&str> = fiches
            .iter()
            .filter_map(|f| f.region().map(|r| r.name))
            .collect();
        regions.sort_unstable();
        regions.dedup();
        assert_eq!(
            regions,
            ["Hauts-de-France", "Pays de la Loire", "Île-de-France"]
        );
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}
