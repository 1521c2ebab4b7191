//! Persons' names (*noms*): « NOM Prénom » in lists, « Prénom Nom » in
//! prose, and lists in the same folded order on SQLite and PostgreSQL.

mod common;
#[allow(dead_code)]
#[path = "participant_file/fixtures.rs"]
mod file_fixtures;

use common::{html, Backend, TestApp};
use file_fixtures::person_named;

/// In the order every list must show them: family name, then first name,
/// accents and case folded.
const NAMES: [(&str, &str); 6] = [
    ("Anne", "Élie"),
    ("Émile", "Martin"),
    ("eric", "Martin"),
    ("Ève", "Martin"),
    ("Zoé", "Martin"),
    ("Jean", "martinez"),
];

both_backends!(
    names_are_written_and_sorted_alike_on_every_backend,
    |app: TestApp| async move {
        let mut ids = Vec::new();
        // Written in another order than the expected one.
        for (first, last) in NAMES.iter().rev() {
            ids.push(person_named(&app, first, last, &[]).await);
        }
        let mut client = app.signed_in("coord@angers.fr").await;
        let list = client.get("/personnes").await.body;
        let listed = [
            "ÉLIE Anne",
            "MARTIN Émile",
            "MARTIN eric",
            "MARTIN Ève",
            "MARTIN Zoé",
            "MARTINEZ Jean",
        ];
        let positions: Vec<usize> = listed
            .iter()
            .map(|name| {
                list.find(&format!(">{}<", html(name)))
                    .unwrap_or_else(|| panic!("{name} listed"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "the persons' list in folded order: {positions:?}"
        );
        // The file's title is prose: « Prénom Nom ».
        let emile = ids[4];
        let file = client.get(&format!("/personnes/{emile}")).await.body;
        assert!(file.contains("<h1 class=\"fr-mb-1w\">Émile Martin</h1>"));
    }
);
