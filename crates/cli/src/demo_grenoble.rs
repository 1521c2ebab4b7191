//! Grenoble Alpes Métropole in the demo: a Cité co-piloted by the
//! metropolis, France Travail, the DDETS and the Préfecture, which started
//! in January 2022 with a job dating for women. Its three rhythms: a COPIL
//! once a year, held with the contrat de ville's COPIL; a COTECH of the
//! co-pilots every six weeks; a COMOP with the partners each month. A year
//! of meetings held, all minutes published, and the next ones planned.

use anyhow::Context;
use chrono::{Datelike, NaiveDate, Utc, Weekday};
use maillage_domain::accounts::Role;
use maillage_domain::governance::rhythm::nth_weekday;
use maillage_domain::governance::{CommitteeKind, DecisionSubject, MemberRole, Rhythm};
use maillage_domain::ids::ActionId;
use maillage_domain::Scope;
use maillage_store::governance::{MeetingRow, NewMember};
use maillage_store::{Actor, Store};

use crate::demo_actions::{input, invalid, seance};
use crate::demo_governance::{Committee, FollowUp, Governance, Seat};

/// A year and a day back, so that the yearly COPIL is always among the
/// meetings held (two on its anniversary); four months ahead.
const HELD_DAYS: i64 = 366;
const AHEAD_DAYS: i64 = 120;

pub const JOB_DATING: &str = "Job dating pour les femmes";
/// Its first edition launched the Cité, the last Thursday of January 2022;
/// one each January since.
const FIRST_EDITION_YEAR: i32 = 2022;
const JOB_DATING_PLACE: &str = "Maison des habitants Le Patio, Villeneuve";

const COPILOTS: [&str; 4] = [
    "Grenoble-Alpes Métropole",
    "France Travail Grenoble",
    "DDETS de l'Isère",
    "Préfecture de l'Isère",
];

/// What the last COMOP leaves to follow: the item, who carries it (a
/// partner, or the coordination when empty), in how many days it is due
/// (late when negative) and, once done, the closing note.
type Item = (
    &'static str,
    &'static str,
    Option<i64>,
    Option<&'static str>,
);
const COMOP_FOLLOW_UPS: [Item; 3] = [
    (
        "Recenser les employeurs du prochain job dating pour les femmes",
        "FACE Isère",
        Some(21),
        None,
    ),
    (
        "Diffuser l'invitation au job dating dans les maisons des habitants",
        "Mission locale de Grenoble",
        Some(-4),
        None,
    ),
    (
        "Réserver la garde d'enfants du job dating auprès du CCAS",
        "",
        None,
        Some("Accord du CCAS : deux animatrices et la salle attenante."),
    ),
];

const COPIL: Committee = Committee {
    kind: CommitteeKind::Copil,
    name: "COPIL de la Cité de l'emploi (avec le COPIL du contrat de ville)",
    place: "Hôtel de Métropole, Le Forum, Grenoble",
    rhythm: Rhythm::Yearly { month: 1, day: 22 },
    slot: (10, 150),
};

const COTECH: Committee = Committee {
    kind: CommitteeKind::Cotech,
    name: "COTECH des co-pilotes",
    place: "DDETS de l'Isère, Grenoble",
    rhythm: Rhythm::EveryWeeks {
        interval: 6,
        weekday: Weekday::Tue,
    },
    slot: (14, 120),
};

const COMOP: Committee = Committee {
    kind: CommitteeKind::Comop,
    name: "COMOP des partenaires",
    place: JOB_DATING_PLACE,
    rhythm: Rhythm::MonthlyOnWeekday {
        ordinal: 2,
        weekday: Weekday::Thu,
    },
    slot: (9, 120),
};

/// `accounts`: Grenoble's demo accounts, as their scopes in the Cité.
pub async fn load(store: &dyn Store, accounts: &[Scope], today: NaiveDate) -> anyhow::Result<()> {
    let coordinator = accounts
        .iter()
        .find(|s| s.role() == Role::Coordinateur)
        .context("coordination absente")?;
    let partners = store.partners(coordinator, false).await?;
    let partner = |name: &str| {
        partners
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.id)
            .with_context(|| format!("partenaire absent : {name}"))
    };
    let job_dating = job_dating(store, coordinator, partner("CIDFF de l'Isère")?, today).await?;

    // A partner's seat, answered by the co-pilot or référent of the
    // partner when the demo has one.
    let seat = |name: &str, role| -> anyhow::Result<Seat> {
        let id = partner(name)?;
        Ok(Seat {
            member: NewMember::Partner(id),
            role,
            answers: accounts
                .iter()
                .find(|s| s.role() != Role::Coordinateur && s.partner_id() == Some(id)),
        })
    };
    let mut cotech_seats = vec![Seat::account(coordinator, MemberRole::Member)];
    for name in COPILOTS {
        cotech_seats.push(seat(name, MemberRole::CoPilot)?);
    }
    let mut copil_seats = cotech_seats.clone();
    copil_seats.push(seat("CIDFF de l'Isère", MemberRole::Guest)?);
    // The metropolis and France Travail work with the partners day to day.
    let mut comop_seats = cotech_seats[..3].to_vec();
    for (name, role) in [
        ("Mission locale de Grenoble", MemberRole::Member),
        ("CIDFF de l'Isère", MemberRole::Member),
        ("CCAS de Grenoble", MemberRole::Member),
        ("FACE Isère", MemberRole::Guest),
    ] {
        comop_seats.push(seat(name, role)?);
    }
    let governance = Governance::new(store, coordinator, today, HELD_DAYS, AHEAD_DAYS);
    let copil = governance
        .convene(&COPIL, &copil_seats, &copil_minutes, false)
        .await?;
    let cotech = governance
        .convene(&COTECH, &cotech_seats, &cotech_minutes, false)
        .await?;
    let comop = governance
        .convene(&COMOP, &comop_seats, &comop_minutes, false)
        .await?;

    if let Some(meeting) = copil.last() {
        let year = paris(meeting).year();
        let decisions = [(
            format!(
                "Le COPIL valide le plan d'action {year} de la Cité de l'emploi : priorité aux femmes \
                 éloignées de l'emploi des quatre QPV, aux jeunes sans solution et à la mobilité vers \
                 les zones d'activité de l'agglomération."
            ),
            DecisionSubject::None,
        )];
        governance.record_decisions(meeting, &decisions).await?;
    }
    if let Some(meeting) = cotech.last() {
        let date = paris(meeting);
        let edition = if date < edition_day(date.year())? {
            date.year()
        } else {
            date.year() + 1
        };
        let decisions = [
            (
                format!(
                    "Le COTECH retient la {}e édition du {} le dernier jeudi de janvier {edition}, \
                     à la Maison des habitants Le Patio : le CIDFF de l'Isère porte l'action, FACE \
                     Isère mobilise les employeurs, une garde d'enfants est assurée sur place.",
                    edition - FIRST_EDITION_YEAR + 1,
                    JOB_DATING.to_lowercase()
                ),
                DecisionSubject::ActionCreated(job_dating.get()),
            ),
            (
                "Le COTECH demande à France Travail et à la Mission locale un état mensuel des \
                 femmes des QPV orientées vers la Cité."
                    .into(),
                DecisionSubject::None,
            ),
        ];
        governance.record_decisions(meeting, &decisions).await?;
    }
    if let Some(meeting) = comop.last() {
        let today = maillage_domain::time::paris_date(governance.now);
        let items = COMOP_FOLLOW_UPS
            .iter()
            .map(|&(title, owner, due_in, done)| {
                Ok(FollowUp {
                    title,
                    due_on: due_in.map(|days| today + chrono::Duration::days(days)),
                    owner: if owner.is_empty() {
                        NewMember::Account(coordinator.user_id())
                    } else {
                        NewMember::Partner(partner(owner)?)
                    },
                    done,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        governance.add_follow_ups(meeting, items).await?;
    }
    Ok(())
}

/// The women a job dating met: 64 at the first, more each year.
fn women_met(year: i32) -> u32 {
    64 + 9 * u32::try_from(year - FIRST_EDITION_YEAR).unwrap_or_default()
}

/// A job dating's day: the last Thursday of January.
fn edition_day(year: i32) -> anyhow::Result<NaiveDate> {
    nth_weekday(year, 1, -1, Weekday::Thu).context("date")
}

fn paris(meeting: &MeetingRow) -> NaiveDate {
    maillage_domain::time::paris_date(meeting.starts_at)
}

/// The minutes' heading: the committee and the day.
fn heading(meeting: &MeetingRow) -> String {
    format!(
        "{} du {}",
        meeting.committee_name,
        paris(meeting).format("%d/%m/%Y")
    )
}

fn copil_minutes(_: usize, meeting: &MeetingRow) -> String {
    let year = paris(meeting).year();
    let last = year - 1;
    let next =
        edition_day(year).map_or_else(|_| String::new(), |d| d.format(" du %d/%m/%Y").to_string());
    format!(
        "{}\nPrésidence : le secrétaire général de la Préfecture et la vice-présidente de la \
         Métropole chargée de l'emploi.\n\nOrdre du jour\n1. Bilan {last} de la Cité de l'emploi\n\
         2. Plan d'action {year}\n3. Place de la Cité dans le contrat de ville\n\nRelevé\n\
         1. Le job dating pour les femmes de janvier {last} a reçu {} femmes ; les co-pilotes notent \
         que la garde d'enfants sur place a fait venir des mères jusque-là absentes des agences.\n\
         2. La coordinatrice présente le plan d'action {year}, ouvert par le job dating{next} ; il \
         est validé (décision ci-dessous).\n3. Les indicateurs de la Cité nourriront le pilier \
         emploi du contrat de ville : un point commun sera fait au prochain COPIL.",
        heading(meeting),
        women_met(last),
    )
}

fn cotech_minutes(rank: usize, meeting: &MeetingRow) -> String {
    let body = match rank % 3 {
        0 => {
            "Ordre du jour\n1. Orientations vers la Cité depuis le dernier COTECH\n2. Préparation \
             du COMOP\n\nRelevé\nFrance Travail et la Mission locale présentent les orientations : \
             les femmes des QPV restent moins nombreuses que les hommes parmi les entrées. La DDETS \
             propose une permanence du CIDFF aux Essarts. L'ordre du jour du COMOP est arrêté."
        }
        1 => {
            "Ordre du jour\n1. Suivi des crédits\n2. Mobilisation des employeurs\n\nRelevé\nLa \
             Métropole présente la consommation des crédits de l'année. La Préfecture rappelle les \
             engagements des entreprises signataires du PaQte ; FACE Isère sera invité au prochain \
             COMOP pour présenter son club d'employeurs."
        }
        _ => {
            "Ordre du jour\n1. Retour du COMOP\n2. Freins signalés par les partenaires\n\nRelevé\n\
             La garde d'enfants reste le premier frein cité par les référents ; le CCAS étudie des \
             places en crèche à vocation d'insertion. France Travail signale trois semaines \
             d'attente pour l'atelier mobilité : la Métropole sollicite la plateforme mobilité."
        }
    };
    format!("{}\n\n{body}", heading(meeting))
}

fn comop_minutes(rank: usize, meeting: &MeetingRow) -> String {
    let body = match rank % 4 {
        0 => {
            "Ordre du jour\n1. Tour de table des partenaires\n2. Offres à pourvoir\n\nRelevé\nLa \
             Mission locale a reçu douze jeunes de la Villeneuve orientés par les éducateurs de \
             prévention. France Travail partage les offres du secteur de l'aide à domicile ; deux \
             informations collectives sont calées au Patio."
        }
        1 => {
            "Ordre du jour\n1. Situations bloquées (sans nom)\n2. Agenda du mois\n\nRelevé\nTrois \
             parcours bloqués faute de garde d'enfants : le CCAS propose des places d'accueil \
             ponctuel. Le CIDFF ouvre une permanence le mardi matin à Échirolles."
        }
        2 => {
            "Ordre du jour\n1. Préparation du job dating pour les femmes\n2. Communication dans \
             les quartiers\n\nRelevé\nFACE Isère annonce une vingtaine d'employeurs intéressés. \
             Les partenaires se répartissent les maisons des habitants pour diffuser l'invitation ; \
             le CIDFF prépare deux ateliers « se présenter à un recruteur »."
        }
        _ => {
            "Ordre du jour\n1. Bilan des actions du trimestre\n2. Questions diverses\n\nRelevé\nLes \
             ateliers numériques de Saint-Martin-d'Hères affichent complet. La Mission locale \
             signale la fin du contrat d'engagement jeune de quatre jeunes suivis ; un relais est \
             organisé avec France Travail."
        }
    };
    format!("{}\n\n{body}", heading(meeting))
}

/// The job dating for women: created as running since its first edition,
/// with one séance a January, the women met counted, not named.
async fn job_dating(
    store: &dyn Store,
    coordinator: &Scope,
    carrier: maillage_domain::ids::PartnerId,
    today: NaiveDate,
) -> anyhow::Result<ActionId> {
    let actor = Actor::system(Utc::now());
    let cite_id = coordinator.cite_id().context("coordination sans Cité")?;
    let mut dating = input(
        JOB_DATING,
        "reach_out",
        &[
            "choisir-un-metier--connaitre-les-opportunites-demploi",
            "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
        ],
        &["femmes", "residents-qpv-frr", "demandeurs-emploi"],
        edition_day(FIRST_EDITION_YEAR)?,
    );
    dating.carrier_partner_id = carrier.to_string();
    dating.planned_budget = "12 000".into();
    dating.description = "Chaque fin janvier, une matinée où des femmes des quatre quartiers \
        rencontrent des employeurs qui recrutent, sans CV. Le CIDFF prépare les candidates la \
        semaine d'avant ; une garde d'enfants est assurée sur place."
        .into();
    dating.results = "La première édition, en janvier 2022, a lancé la Cité de l'emploi : \
        64 femmes reçues, 19 employeurs présents."
        .into();
    let draft = dating.validate(today).map_err(invalid)?;
    let id = store.create_action(&actor, coordinator, &draft).await?;
    for year in FIRST_EDITION_YEAR..=today.year() {
        let held_on = edition_day(year)?;
        if held_on <= today {
            let women = women_met(year);
            let draft = seance(today, "job_dating", held_on, JOB_DATING_PLACE, women, &[])?;
            store.add_seance(&actor, coordinator, id, &draft).await?;
        }
    }
    crate::demo_results::declare(
        store,
        &actor,
        cite_id,
        id,
        &[("éditions", "seances"), ("femmes reçues", "persons_met")],
    )
    .await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Duration, Utc, Weekday};
    use maillage_domain::actions::SeanceKind;
    use maillage_domain::governance::{CommitteeKind, DecisionSubject, MemberRole, Rhythm};
    use maillage_domain::time::paris_date;
    use maillage_store::actions::ActionFilter;
    use maillage_store::{ActionStore, CommitteeRecordStore, GovernanceStore, MeetingRecordStore};

    #[tokio::test]
    async fn grenoble_holds_its_copil_cotech_and_comop_and_runs_its_job_dating() {
        let (store, path, coordinator) = crate::demo::coordinator_for_test("grenoble").await;
        let now = Utc::now();
        let today = paris_date(now);

        let actions = store
            .actions(&coordinator, &ActionFilter::default())
            .await
            .unwrap();
        let job_dating = actions
            .iter()
            .find(|a| a.title == super::JOB_DATING)
            .expect("le job dating pour les femmes");
        assert_eq!(
            (job_dating.starts_on.year(), job_dating.starts_on.month()),
            (2022, 1)
        );
        assert_eq!(
            job_dating.carrier_partner_name.as_deref(),
            Some("CIDFF de l'Isère")
        );
        assert!(job_dating.publics.contains("femmes"));
        let seances = store.seances(&coordinator, job_dating.id).await.unwrap();
        assert!(seances.len() >= 5, "une édition chaque janvier depuis 2022");
        assert!(seances
            .iter()
            .all(|s| s.kind == SeanceKind::JobDating && s.held_on.month() == 1));

        let committees = store.committees(&coordinator, now).await.unwrap();
        assert_eq!(committees.len(), 3);
        for committee in &committees {
            let rhythm = committee.schedule().unwrap().rhythm;
            let meetings = store
                .committee_meetings(&coordinator, committee.id)
                .await
                .unwrap();
            let held: Vec<_> = meetings.iter().filter(|m| m.ends_at < now).collect();
            let days: Vec<_> = held.iter().map(|m| paris_date(m.starts_at)).collect();
            let gaps: Vec<i64> = days.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
            match committee.kind {
                CommitteeKind::Copil => {
                    assert!(committee.name.contains("contrat de ville"));
                    assert!(matches!(rhythm, Rhythm::Yearly { month: 1, .. }));
                    // A year and a day back: the last one, and on its
                    // anniversary the one of the year before.
                    assert!((1..=2).contains(&held.len()), "{}", held.len());
                    assert!(gaps.iter().all(|g| (365..=366).contains(g)), "{gaps:?}");
                }
                CommitteeKind::Cotech => {
                    assert_eq!(
                        rhythm,
                        Rhythm::EveryWeeks {
                            interval: 6,
                            weekday: Weekday::Tue
                        }
                    );
                    assert!(held.len() >= 8, "{}", held.len());
                    assert!(gaps.iter().all(|g| *g == 42), "{gaps:?}");
                }
                CommitteeKind::Comop => {
                    assert!(matches!(
                        rhythm,
                        Rhythm::MonthlyOnWeekday { ordinal: 2, .. }
                    ));
                    // A year back from the day after one: eleven of them.
                    assert!(held.len() >= 11, "{}", held.len());
                    assert!(days
                        .iter()
                        .all(|d| d.weekday() == Weekday::Thu && (8..=14).contains(&d.day())));
                    assert!(gaps.iter().all(|g| (28..=35).contains(g)), "{gaps:?}");
                }
                kind => panic!("instance inattendue : {kind:?}"),
            }
            // The demo counts days in UTC, the meetings in Paris.
            assert!(days[0] >= today - Duration::days(super::HELD_DAYS + 1));
            let next = committee.next_meeting.expect("la prochaine séance");
            assert!(next > now);
            let members = store
                .committee_members(&coordinator, committee.id)
                .await
                .unwrap();
            let co_pilots = members
                .iter()
                .filter(|m| m.role == MemberRole::CoPilot)
                .count();
            let guests = members
                .iter()
                .filter(|m| m.role == MemberRole::Guest)
                .count();
            match committee.kind {
                CommitteeKind::Comop => assert_eq!((co_pilots, guests), (2, 1)),
                CommitteeKind::Copil => assert_eq!((co_pilots, guests), (4, 1)),
                _ => assert_eq!((co_pilots, guests), (4, 0)),
            }
            for meeting in held {
                assert!(meeting.minutes_published_revision.is_some());
                let invitations = store.invitations(&coordinator, meeting.id).await.unwrap();
                assert_eq!(invitations.len(), members.len());
                assert!(invitations.iter().all(|i| i.attendance.is_some()));
            }
        }

        let register = store.cite_decisions(&coordinator, None).await.unwrap();
        let numbers: Vec<String> = register.iter().map(|d| d.number().to_string()).collect();
        let copil = register
            .iter()
            .find(|d| d.kind == CommitteeKind::Copil)
            .expect("le COPIL valide le plan d'action");
        assert!(copil.text.contains("plan d'action"));
        assert_eq!(copil.rank, 1);
        let dating = register
            .iter()
            .find(|d| d.subject() == DecisionSubject::ActionCreated(job_dating.id.get()))
            .expect("le COTECH décide du job dating");
        assert_eq!(dating.kind, CommitteeKind::Cotech);
        assert_eq!(
            dating.number().to_string(),
            format!("{}-COTECH-01", dating.year)
        );
        assert_eq!(register.len(), 3, "{numbers:?}");
        let items = store.cite_follow_ups(&coordinator).await.unwrap();
        assert_eq!(items.len(), 3);
        assert!(items
            .iter()
            .all(|i| i.committee_name == "COMOP des partenaires"));
        store.close().await;
        let _ = std::fs::remove_file(path);
    }
}
