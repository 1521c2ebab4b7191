//! URLs edited by hand: an id that cannot be an id is the French 404 of a
//! missing id (same status, same page), and a malformed query string is the
//! French 400, never axum's English text.

mod common;

use axum::http::StatusCode;
use common::{Backend, TestApp};

/// Every route with an id in its path (`{}` stands for the id), by method.
const ROUTES: &[(&str, &str)] = &[
    ("GET", "/cite/qpv/{}/retirer"),
    ("POST", "/cite/qpv/{}/retirer"),
    ("GET", "/cite/freins/{}"),
    ("POST", "/cite/freins/{}"),
    ("POST", "/cite/freins/{}/monter"),
    ("POST", "/cite/freins/{}/descendre"),
    ("GET", "/cite/freins/{}/retirer"),
    ("POST", "/cite/freins/{}/retirer"),
    ("GET", "/cites/{}"),
    ("GET", "/cites/{}/archiver"),
    ("POST", "/cites/{}/archiver"),
    ("POST", "/cites/{}/reactiver"),
    ("GET", "/partenaires/{}"),
    ("POST", "/partenaires/{}"),
    ("GET", "/partenaires/{}/modifier"),
    ("POST", "/partenaires/{}/archiver"),
    ("POST", "/partenaires/{}/restaurer"),
    ("POST", "/comptes/{}/mot-de-passe"),
    ("POST", "/cohortes/{}/cloturer"),
    ("POST", "/adressages/{}/accepter"),
    ("POST", "/adressages/{}/refuser"),
    ("GET", "/personnes/{}"),
    ("GET", "/personnes/{}/consultations"),
    ("POST", "/personnes/{}/referent"),
    ("POST", "/personnes/{}/freins"),
    ("POST", "/personnes/{}/freins/1/lever"),
    ("POST", "/personnes/1/freins/{}/lever"),
    ("POST", "/personnes/{}/etapes"),
    ("POST", "/personnes/{}/situations"),
    ("POST", "/personnes/{}/notes"),
    ("POST", "/personnes/{}/partages"),
    ("POST", "/personnes/{}/consentement/retirer"),
    ("GET", "/offres/{}"),
    ("POST", "/offres/{}"),
    ("GET", "/offres/{}/modifier"),
    ("POST", "/offres/{}/etape"),
    ("POST", "/offres/structures/{}"),
    ("GET", "/offres/structures/{}/modifier"),
    ("GET", "/offres/{}/retirer"),
    ("POST", "/offres/{}/retirer"),
    ("POST", "/offres/{}/retablir"),
    ("GET", "/offres/structures/{}/retirer"),
    ("POST", "/offres/structures/{}/retirer"),
    ("POST", "/offres/structures/{}/retablir"),
    ("GET", "/actions/{}"),
    ("POST", "/actions/{}"),
    ("GET", "/actions/{}/modifier"),
    ("GET", "/actions/{}/fse.xlsx"),
    ("POST", "/actions/{}/inscriptions"),
    ("POST", "/actions/{}/inscriptions/1/liberer"),
    ("POST", "/actions/1/inscriptions/{}/liberer"),
    ("POST", "/actions/{}/seances"),
    ("GET", "/actions/seances/{}"),
    ("POST", "/actions/seances/{}"),
    ("POST", "/actions/seances/{}/supprimer"),
    ("POST", "/actions/{}/indicateurs"),
    ("GET", "/actions/{}/indicateurs/1/retirer"),
    ("POST", "/actions/{}/indicateurs/1/retirer"),
    ("GET", "/actions/1/indicateurs/{}/retirer"),
    ("POST", "/actions/1/indicateurs/{}/retirer"),
    ("POST", "/actions/{}/resultats"),
    ("GET", "/actions/{}/publier"),
    ("POST", "/actions/{}/publier"),
    ("GET", "/financements/engagements/{}"),
    ("POST", "/financements/engagements/{}/echeances"),
    ("POST", "/financements/engagements/{}/versements"),
    ("GET", "/actions-innovantes/{}"),
    ("POST", "/actions-innovantes/{}/reutiliser"),
    ("POST", "/actions-innovantes/{}/retirer"),
    ("GET", "/appels-a-projets/{}"),
    ("POST", "/appels-a-projets/{}"),
    ("GET", "/appels-a-projets/{}/modifier"),
    ("GET", "/appels-a-projets/{}/publier"),
    ("POST", "/appels-a-projets/{}/publier"),
    ("GET", "/appels-a-projets/{}/clore"),
    ("POST", "/appels-a-projets/{}/clore"),
    ("GET", "/appels-a-projets/{}/proroger"),
    ("POST", "/appels-a-projets/{}/proroger"),
    ("GET", "/appels-a-projets/{}/candidater"),
    ("POST", "/appels-a-projets/{}/candidater"),
    ("GET", "/appels/{}"),
    ("GET", "/candidatures/{}"),
    ("POST", "/candidatures/{}"),
    ("GET", "/candidatures/{}/modifier"),
    ("GET", "/candidatures/{}/deposer"),
    ("POST", "/candidatures/{}/deposer"),
    ("GET", "/candidatures/{}/retirer"),
    ("POST", "/candidatures/{}/retirer"),
    ("GET", "/appels-a-projets/{}/grille"),
    ("GET", "/appels-a-projets/{}/grille/modifier"),
    ("POST", "/appels-a-projets/{}/grille/modifier"),
    ("GET", "/appels-a-projets/{}/instructeurs"),
    ("POST", "/appels-a-projets/{}/instructeurs"),
    ("GET", "/appels-a-projets/{}/instruction"),
    ("POST", "/appels-a-projets/{}/instruction"),
    ("GET", "/appels-a-projets/{}/decisions"),
    ("POST", "/appels-a-projets/{}/decisions"),
    ("GET", "/appels-a-projets/{}/conventionnement"),
    ("POST", "/appels-a-projets/{}/conventionnement"),
    ("GET", "/candidatures/{}/evaluation"),
    ("POST", "/candidatures/{}/evaluation"),
    ("GET", "/candidatures/{}/decision"),
    ("POST", "/candidatures/{}/decision"),
    ("POST", "/candidatures/{}/action"),
    ("POST", "/candidatures/{}/action/lier"),
    ("GET", "/appels-a-projets/{}/documents"),
    ("POST", "/appels-a-projets/{}/documents"),
    ("GET", "/candidatures/{}/documents"),
    ("POST", "/candidatures/{}/documents"),
    ("GET", "/documents/{}"),
    ("GET", "/documents/{}/retirer"),
    ("POST", "/documents/{}/retirer"),
    ("GET", "/appels/{}/demande-de-compte"),
    ("POST", "/appels/{}/demande-de-compte"),
    ("GET", "/demandes-de-compte/{}"),
    ("POST", "/demandes-de-compte/{}/accepter"),
    ("GET", "/demandes-de-compte/{}/refuser"),
    ("POST", "/demandes-de-compte/{}/refuser"),
    ("GET", "/candidatures/{}/convention"),
    ("POST", "/candidatures/{}/convention"),
    ("GET", "/conventions/{}"),
    ("POST", "/conventions/{}/signature"),
    ("GET", "/conventions/{}/convention.docx"),
    ("GET", "/bilans/{}"),
    ("POST", "/bilans/{}"),
    ("GET", "/bilans/{}/modele.xlsx"),
    ("GET", "/bilans/{}/bilan.docx"),
    ("POST", "/bilans/{}/fichier"),
    ("GET", "/conventions/{}/documents"),
    ("POST", "/conventions/{}/documents"),
    ("GET", "/bilans/{}/documents"),
    ("POST", "/bilans/{}/documents"),
    ("GET", "/instances/{}"),
    ("POST", "/instances/{}/membres"),
    ("POST", "/instances/{}/planifier"),
    ("POST", "/instances/{}/seances"),
    ("GET", "/instances/{}/presences.xlsx"),
    ("GET", "/seances/{}"),
    ("GET", "/seances/{}/seance.ics"),
    ("GET", "/seances/{}/annuler"),
    ("POST", "/seances/{}/annuler"),
    ("POST", "/seances/{}/convoquer"),
    ("POST", "/seances/{}/reponse"),
    ("GET", "/seances/{}/emargement"),
    ("POST", "/seances/{}/emargement"),
    ("GET", "/seances/{}/compte-rendu"),
    ("POST", "/seances/{}/compte-rendu"),
    ("POST", "/seances/{}/compte-rendu/publier"),
    ("GET", "/seances/{}/compte-rendu.docx"),
    ("POST", "/seances/{}/decisions"),
    ("POST", "/seances/{}/examens"),
    ("POST", "/seances/{}/examens/1/retirer"),
    ("POST", "/seances/1/examens/{}/retirer"),
    ("POST", "/seances/{}/examens/1/decision"),
    ("POST", "/seances/1/examens/{}/decision"),
    ("POST", "/seances/{}/suites"),
    ("POST", "/seances/{}/ordre-du-jour"),
    ("GET", "/ordre-du-jour/{}"),
    ("POST", "/ordre-du-jour/{}"),
    ("POST", "/ordre-du-jour/{}/monter"),
    ("POST", "/ordre-du-jour/{}/descendre"),
    ("GET", "/ordre-du-jour/{}/retirer"),
    ("POST", "/ordre-du-jour/{}/retirer"),
    ("GET", "/ordre-du-jour/{}/documents"),
    ("POST", "/ordre-du-jour/{}/documents"),
    ("GET", "/suites/{}/cloturer"),
    ("POST", "/suites/{}/cloturer"),
    ("GET", "/reseau/evenements/{}"),
    ("GET", "/reseau/evenements/{}/modifier"),
    ("POST", "/reseau/evenements/{}/modifier"),
    ("POST", "/reseau/evenements/{}/inscription"),
    ("POST", "/reseau/evenements/{}/desinscription"),
    ("GET", "/reseau/evenements/{}/presences"),
    ("POST", "/reseau/evenements/{}/presences"),
    ("GET", "/reseau/ressources/{}/telecharger"),
    ("GET", "/reseau/ressources/{}/retirer"),
    ("POST", "/reseau/ressources/{}/retirer"),
];

/// Not a number, and a number past `i64::MAX`.
const NOT_IDS: &[&str] = &["abc", "99999999999999999999"];

/// An id no row has.
const MISSING: &str = "999999999";

both_backends!(
    an_id_that_cannot_be_one_is_a_missing_id,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let missing = coordinator.get(&format!("/offres/{MISSING}")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(missing.body.contains("Page introuvable"));
        for (method, route) in ROUTES {
            let mut cases: Vec<&str> = NOT_IDS.to_vec();
            // A GET needs no form: the missing id itself must answer the same.
            if *method == "GET" {
                cases.push(MISSING);
            }
            for id in cases {
                let path = route.replace("{}", id);
                let response = match *method {
                    "GET" => coordinator.get(&path).await,
                    _ => coordinator.post(&path, &[]).await,
                };
                assert_eq!(response.status, missing.status, "{method} {path}");
                assert_eq!(response.body, missing.body, "{method} {path}");
            }
        }
    }
);

/// List pages and the query parameter they read.
const QUERIES: &[(&str, &str)] = &[
    ("/cite", "fait"),
    ("/partenaires", "fait"),
    ("/partenaires/1", "fait"),
    ("/cohortes", "fait"),
    ("/adressages", "fait"),
    ("/offres", "fait"),
    ("/offres/structures", "fait"),
    ("/actions", "fait"),
    ("/financements", "annee"),
    ("/indicateurs", "annee"),
    ("/bilan", "annee"),
    ("/bilan.docx", "annee"),
    ("/appels-a-projets", "fait"),
    ("/actions-innovantes", "texte"),
    ("/personnes/1", "fait"),
    ("/personnes/1/consultations", "page"),
    ("/reseau/annuaire", "q"),
    ("/reseau/evenements", "fait"),
    ("/reseau/ressources", "theme"),
];

both_backends!(
    a_repeated_query_parameter_is_a_french_400,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        for (page, parameter) in QUERIES {
            let path = format!("{page}?{parameter}=a&{parameter}=b");
            let response = coordinator.get(&path).await;
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
            assert!(response.body.contains("Demande incorrecte"), "{path}");
            assert!(
                response
                    .body
                    .contains("paramètres inattendus ou mal formés"),
                "{path}"
            );
        }
        let mut anonymous = app.client();
        let sign_in = anonymous.get("/connexion?fin=a&fin=b").await;
        assert_eq!(sign_in.status, StatusCode::BAD_REQUEST);
        assert!(sign_in.body.contains("Demande incorrecte"));
    }
);
