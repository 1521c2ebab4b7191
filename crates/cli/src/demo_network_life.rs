//! The demo's national network life (*animation nationale*): a year of
//! monthly café-cités webinars (the first Thursday of each month at 11:00,
//! Paris time), the past ones with the Cités' coordinators and référents
//! registered and their attendance recorded, the next two ahead; two
//! thematic working groups; half a dozen shared resources, links and two
//! small documents generated here.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc, Weekday};
use maillage_domain::documents::{samples, NewDocument};
use maillage_domain::governance::rhythm::month_name;
use maillage_domain::network::{EventDraft, EventKind, ResourceContent, ResourceDraft, Theme};
use maillage_domain::time::{paris_date, paris_to_utc};
use maillage_store::{Actor, Scope, Store};

const WEBINAR: &str = "https://webinaire.agence-cohesion-territoires.gouv.fr/cafe-cites";

/// The first Thursday of the month of `day`, at 11:00 in Paris.
fn first_thursday(day: NaiveDate) -> Option<DateTime<Utc>> {
    let first = day.with_day(1)?;
    let thursday = first.iter_days().find(|d| d.weekday() == Weekday::Thu)?;
    Some(paris_to_utc(thursday.and_hms_opt(11, 0, 0)?))
}

fn event(kind: EventKind, title: String, theme: Theme, starts_at: DateTime<Utc>) -> EventDraft {
    let minutes = match kind {
        EventKind::CafeCites => 60,
        EventKind::WorkingGroup => 180,
    };
    EventDraft {
        kind,
        title,
        theme,
        starts_at,
        ends_at: starts_at + Duration::minutes(minutes),
        place: match kind {
            EventKind::CafeCites => String::new(),
            EventKind::WorkingGroup => "ANCT, 20 avenue de Ségur, Paris".into(),
        },
        video_url: WEBINAR.into(),
        capacity: match kind {
            EventKind::CafeCites => None,
            EventKind::WorkingGroup => Some(20),
        },
    }
}

/// Creates an event; the staff chosen by `registers` sign up a week
/// before, and for a past event those `attends` keeps are marked present.
async fn hold(
    store: &dyn Store,
    national: &Scope,
    staff: &[Scope],
    draft: &EventDraft,
    now: DateTime<Utc>,
    seed: usize,
) -> anyhow::Result<()> {
    let announced = Actor::system(draft.starts_at - Duration::days(21));
    let id = store.create_event(&announced, national, draft).await?;
    let week_before = draft.starts_at - Duration::days(7);
    let mut capacity = draft.capacity.map_or(usize::MAX, |c| c as usize);
    for (n, scope) in staff.iter().enumerate() {
        if (seed + n).is_multiple_of(3)
            || capacity == 0
            || (draft.starts_at > now && n.is_multiple_of(2))
        {
            continue;
        }
        let at = week_before.min(now);
        store
            .register_for_event(&Actor::system(at), scope, id, at)
            .await?;
        capacity -= 1;
    }
    if draft.starts_at <= now {
        let after = draft.ends_at;
        let sheet: Vec<_> = store
            .event_registrations(national, id)
            .await?
            .iter()
            .enumerate()
            .map(|(n, r)| (r.id, (seed * 7 + n) % 4 != 1))
            .collect();
        store
            .record_event_attendance(&Actor::system(after), national, id, &sheet, after)
            .await?;
    }
    Ok(())
}

pub async fn load(
    store: &dyn Store,
    national: &Scope,
    staff: &[Scope],
    angers_coordinator: &Scope,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let today = paris_date(now);
    // Ten months back to two ahead: the next two café-cités are announced.
    let start = today.checked_sub_months(Months::new(10)).unwrap_or(today);
    let mut upcoming = 0;
    for k in 0..14u32 {
        let Some(month) = start.checked_add_months(Months::new(k)) else {
            continue;
        };
        let Some(at) = first_thursday(month) else {
            continue;
        };
        if at > now && upcoming == 2 {
            break;
        }
        upcoming += usize::from(at > now);
        let theme = Theme::ALL[k as usize % Theme::ALL.len()];
        let title = format!(
            "Café-cités de {} : {}",
            month_name(month.month()),
            theme.label().to_lowercase()
        );
        let draft = event(EventKind::CafeCites, title, theme, at);
        hold(store, national, staff, &draft, now, k as usize).await?;
    }
    let groups = [
        (
            "Groupe de travail : la mobilité des habitants des QPV",
            Theme::Mobility,
            now - Duration::days(75),
        ),
        (
            "Groupe de travail : mesurer l'impact des Cités",
            Theme::Evaluation,
            now + Duration::days(40),
        ),
    ];
    for (n, (title, theme, around)) in groups.into_iter().enumerate() {
        let day = paris_date(around);
        let at = paris_to_utc(day.and_hms_opt(14, 0, 0).unwrap_or_default());
        let draft = event(EventKind::WorkingGroup, title.into(), theme, at);
        hold(store, national, staff, &draft, now, 20 + n).await?;
    }
    share_resources(store, national, angers_coordinator, now).await
}

async fn share_resources(
    store: &dyn Store,
    national: &Scope,
    angers: &Scope,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let link = |title: &str, theme, description: &str, url: &str| ResourceDraft {
        title: title.into(),
        theme,
        description: description.into(),
        content: ResourceContent::Link(url.into()),
    };
    let guide = NewDocument::check(
        "Guide aller-vers.pdf",
        "",
        samples::pdf(
            "Guide de l'aller-vers",
            &[
                "Repérer les habitants éloignés de l'emploi : cafés emploi, pieds d'immeubles.",
                "Associer les bailleurs, les centres sociaux et les clubs de prévention.",
            ],
        ),
    )?;
    let creche = NewDocument::check(
        "Bilan creche AVIP.docx",
        "",
        samples::docx(
            "Crèche AVIP d'Angers : bilan",
            &["15 familles accueillies, 14 retours à l'emploi."],
        ),
    )?;
    let national_team = [
        link(
            "Programme des Cités de l'emploi",
            Theme::Governance,
            "La page de l'ANCT : les Cités labellisées, leurs axes et le cahier des charges.",
            "https://agence-cohesion-territoires.gouv.fr/cites-de-lemploi-457",
        ),
        link(
            "data·inclusion : l'offre d'insertion du territoire",
            Theme::Digital,
            "Le référentiel commun des services d'insertion, pour rendre l'offre lisible.",
            "https://www.data.inclusion.beta.gouv.fr/",
        ),
        link(
            "Aides à la mobilité de France Travail",
            Theme::Mobility,
            "Aide au permis, aides aux déplacements pour un entretien ou une formation.",
            "https://www.francetravail.fr/candidat/mes-droits-aux-aides-et-allocati/aides-financieres.html",
        ),
        ResourceDraft {
            title: "Guide de l'aller-vers".into(),
            theme: Theme::ReachingOut,
            description: "Méthodes et partenaires pour aller au-devant des habitants des QPV."
                .into(),
            content: ResourceContent::Document(guide),
        },
    ];
    for (n, draft) in national_team.iter().enumerate() {
        let at = now - Duration::days(120 - 25 * n as i64);
        store
            .share_resource(&Actor::system(at), national, draft)
            .await?;
    }
    let from_angers = [
        link(
            "Crèches à vocation d'insertion professionnelle (AVIP)",
            Theme::Childcare,
            "Le label AVIP : des places en crèche pour les parents en recherche d'emploi.",
            "https://solidarites.gouv.fr/les-creches-vocation-dinsertion-professionnelle-avip",
        ),
        ResourceDraft {
            title: "Crèche AVIP d'Angers : le bilan".into(),
            theme: Theme::Childcare,
            description:
                "15 familles accueillies, 14 retours à l'emploi : comment nous l'avons monté."
                    .into(),
            content: ResourceContent::Document(creche),
        },
    ];
    for (n, draft) in from_angers.iter().enumerate() {
        let at = now - Duration::days(30 - 10 * n as i64);
        store
            .share_resource(&Actor::system(at), angers, draft)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use maillage_store::network::{EventList, ResourceFilters};
    use maillage_store::{NetworkEventStore, NetworkStore};

    #[tokio::test]
    async fn the_demo_network_has_a_year_of_cafes_and_shared_resources() {
        let (store, path, national) = crate::demo::national_for_test("demo-network").await;
        let now = chrono::Utc::now();
        let upcoming = store
            .network_events(&national, EventList::Upcoming, now, 50)
            .await
            .unwrap();
        let cafes = upcoming
            .iter()
            .filter(|e| e.title.starts_with("Café-cités"));
        assert_eq!(cafes.count(), 2);
        assert_eq!(upcoming.len(), 3, "two café-cités and a working group");
        let past = store
            .network_events(&national, EventList::Past, now, 50)
            .await
            .unwrap();
        assert!(past.len() >= 10);
        assert!(past
            .iter()
            .all(|e| e.attendance_recorded_at.is_some() && e.registered > e.attended));
        let resources = store
            .shared_resources(&national, &ResourceFilters::default())
            .await
            .unwrap();
        assert_eq!(resources.len(), 6);
        assert_eq!(resources.iter().filter(|r| r.kind.is_some()).count(), 2);
        store.close().await;
        std::fs::remove_file(path).ok();
    }
}
