//! The programme's indicators (*indicateurs du programme*): what ANCT asks
//! each Cité once a year, here counted from the records themselves, per
//! Cité and calendar year (Paris), and for the network.
//!
//! Each indicator is defined once, here: its section (the programme's three
//! axes, the cohort, the money), its unit, and in [`Indicator::definition`]
//! what exactly it counts, in the words the pages show. The store counts
//! the measures ([`Measure`]) on every backend; [`assemble`] turns them into
//! indicators, and [`network`] adds the Cités up.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::codes::code_list;
use crate::funding::Funder;
use crate::ids::CiteId;
use crate::participants::outcomes::{Outcome, OutcomeClass};
use crate::time::paris_to_utc;

pub mod bilan;
pub mod breakdown;
pub mod cohort;
pub mod referrals;

code_list!(
    /// A part of the programme's report.
    Section {
        Federate = "federate", "Recenser et fédérer";
        ReachOut = "reach_out", "Aller vers et raccrocher";
        Innovate = "innovate", "Innover";
        Cohort = "cohort", "La cohorte";
        Money = "money", "Les financements";
    }
);

code_list!(
    /// One indicator of the programme.
    Indicator {
        Partners = "partners", "Partenaires";
        Referents = "referents", "Référents";
        Committees = "committees", "Instances";
        CopilsHeld = "copils_held", "COPIL tenus";
        MeetingsHeld = "meetings_held", "Séances d'instances tenues";
        ActorTypes = "actor_types", "Types d'acteurs";
        ReachOutActions = "reach_out_actions", "Actions d'aller-vers";
        ReachOutSessions = "reach_out_sessions", "Séances d'aller-vers";
        ReachOutBeneficiaries = "reach_out_beneficiaries", "Bénéficiaires de l'aller-vers";
        InnovativeActions = "innovative_actions", "Actions innovantes";
        InnovativeBeneficiaries = "innovative_beneficiaries", "Bénéficiaires des actions innovantes";
        CatalogueReuses = "catalogue_reuses", "Actions reprises du catalogue national";
        PersonsFollowed = "persons_followed", "Personnes suivies";
        Referrals = "referrals", "Orientations proposées";
        BarriersIdentified = "barriers_identified", "Personnes avec un frein repéré";
        BarriersLifted = "barriers_lifted", "Personnes avec un frein levé";
        ExitDurable = "exit_durable", "Sorties en emploi durable";
        ExitTransition = "exit_transition", "Sorties en emploi de transition";
        ExitPositive = "exit_positive", "Autres sorties positives";
        ExitOther = "exit_other", "Autres situations de sortie";
        Committed = "committed", "Montants engagés";
        Paid = "paid", "Montants versés";
        StateEnvelope = "state_envelope", "Enveloppe de l'État (ANCT)";
        CoFunding = "co_funding", "Cofinancements";
    }
);

/// What an indicator's figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Things: partners, meetings, actions.
    Count,
    /// Persons: masked below the threshold for co-pilots and the national
    /// team (`masking`).
    Persons,
    /// Cents of euro.
    Euros,
}

impl Indicator {
    pub fn section(self) -> Section {
        use Indicator::*;
        match self {
            Partners | Referents | Committees | CopilsHeld | MeetingsHeld | ActorTypes => {
                Section::Federate
            }
            ReachOutActions | ReachOutSessions | ReachOutBeneficiaries => Section::ReachOut,
            InnovativeActions | InnovativeBeneficiaries | CatalogueReuses => Section::Innovate,
            PersonsFollowed | Referrals | BarriersIdentified | BarriersLifted | ExitDurable
            | ExitTransition | ExitPositive | ExitOther => Section::Cohort,
            Committed | Paid | StateEnvelope | CoFunding => Section::Money,
        }
    }

    pub fn unit(self) -> Unit {
        use Indicator::*;
        match self {
            ReachOutBeneficiaries
            | InnovativeBeneficiaries
            | PersonsFollowed
            | Referrals
            | BarriersIdentified
            | BarriersLifted
            | ExitDurable
            | ExitTransition
            | ExitPositive
            | ExitOther => Unit::Persons,
            Committed | Paid | StateEnvelope | CoFunding => Unit::Euros,
            _ => Unit::Count,
        }
    }

    /// What is counted, for a year, as the pages explain it.
    pub fn definition(self) -> &'static str {
        use Indicator::*;
        match self {
            Partners => "Partenaires de la Cité enregistrés avant la fin de l'année et non archivés avant son début.",
            Referents => "Comptes de référents de la Cité créés avant la fin de l'année.",
            Committees => "Instances de la Cité créées avant la fin de l'année.",
            CopilsHeld => "Séances de COPIL tenues dans l'année (passées, non annulées).",
            MeetingsHeld => "Séances de toutes les instances tenues dans l'année (passées, non annulées).",
            ActorTypes => "Familles d'acteurs (État, collectivités, service public de l'emploi, formation, associations, acteurs sociaux, entreprises, habitants) parmi les partenaires de l'année ; pour le réseau, familles présentes dans au moins une Cité.",
            ReachOutActions => "Actions de l'axe « Aller vers et raccrocher » prévues, en cours ou terminées, qui couvrent une partie de l'année.",
            ReachOutSessions => "Séances collectives de ces actions tenues dans l'année (une séance s'enregistre une fois tenue).",
            ReachOutBeneficiaries => "Personnes inscrites aux séances de ces actions ou placées dans l'année (chacune une fois), plus les personnes rencontrées sans dossier.",
            InnovativeActions => "Actions marquées innovantes, prévues, en cours ou terminées, qui couvrent une partie de l'année.",
            InnovativeBeneficiaries => "Personnes inscrites aux séances des actions innovantes ou placées dans l'année (chacune une fois), plus les personnes rencontrées sans dossier.",
            CatalogueReuses => "Actions créées dans l'année à partir d'une fiche du catalogue national.",
            PersonsFollowed => "Personnes entrées en parcours dont le suivi couvre une partie de l'année.",
            Referrals => "Orientations vers la Cité proposées dans l'année, quelle que soit leur suite.",
            BarriersIdentified => "Personnes dont au moins un frein a été repéré dans l'année.",
            BarriersLifted => "Personnes dont au moins un frein a été levé dans l'année.",
            ExitDurable => "Personnes sorties dans l'année en CDI, CDD ou intérim de 6 mois ou plus, ou en création d'entreprise.",
            ExitTransition => "Personnes sorties dans l'année en CDD ou intérim de moins de 6 mois.",
            ExitPositive => "Personnes sorties dans l'année en formation qualifiante ou en contrat aidé / IAE.",
            ExitOther => "Personnes sorties dans l'année dans une autre situation.",
            Committed => "Engagements datés de l'année, toutes lignes d'enveloppe confondues.",
            Paid => "Versements datés de l'année.",
            StateEnvelope => "Lignes de l'enveloppe de l'année financées par l'ANCT.",
            CoFunding => "Lignes de l'enveloppe de l'année financées par d'autres que l'ANCT (FSE+, Département, CAF, communes…).",
        }
    }

    /// The indicators of a section, in their order.
    pub fn of(section: Section) -> impl Iterator<Item = Indicator> {
        Indicator::ALL
            .into_iter()
            .filter(move |indicator| indicator.section() == section)
    }

    /// The situation class an exit indicator counts.
    fn of_class(class: OutcomeClass) -> Indicator {
        match class {
            OutcomeClass::DurableEmployment => Indicator::ExitDurable,
            OutcomeClass::TransitionEmployment => Indicator::ExitTransition,
            OutcomeClass::PositiveExit => Indicator::ExitPositive,
            OutcomeClass::Other => Indicator::ExitOther,
        }
    }
}

/// A calendar year in Paris, as the store's queries bound it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Year {
    pub year: i32,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Its first instant, Paris midnight on 1 January.
    pub from: DateTime<Utc>,
    /// The next year's first instant.
    pub until: DateTime<Utc>,
}

impl Year {
    /// `None` outside the dates the calendar holds.
    pub fn new(year: i32) -> Option<Year> {
        let first_day = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1)?;
        Some(Year {
            year,
            first_day,
            last_day: next.pred_opt()?,
            from: paris_to_utc(first_day.and_hms_opt(0, 0, 0)?),
            until: paris_to_utc(next.and_hms_opt(0, 0, 0)?),
        })
    }
}

/// What the store counts, for one Cité and year: an indicator's code, an
/// actor family as `actor_type:<category>`, or a situation at exit as
/// `exit:<outcome code>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub cite_id: CiteId,
    pub year: i32,
    pub measure: String,
    pub value: i64,
}

/// Indicators by (year, indicator) for one Cité, or for the network.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    values: BTreeMap<(i32, Indicator), i64>,
    /// The actor families seen each year, which the network counts once.
    actor_types: BTreeMap<i32, BTreeSet<String>>,
}

impl Figures {
    pub fn get(&self, year: i32, indicator: Indicator) -> i64 {
        match indicator {
            Indicator::ActorTypes => self.actor_types.get(&year).map_or(0, |t| t.len() as i64),
            _ => self.values.get(&(year, indicator)).copied().unwrap_or(0),
        }
    }

    fn add(&mut self, year: i32, indicator: Indicator, value: i64) {
        *self.values.entry((year, indicator)).or_default() += value;
    }
}

/// Each Cité's figures from the store's measures; measures the domain does
/// not know (a code from a newer version) are left out.
pub fn assemble(measures: &[Measure]) -> BTreeMap<CiteId, Figures> {
    let mut cites: BTreeMap<CiteId, Figures> = BTreeMap::new();
    for m in measures {
        let figures = cites.entry(m.cite_id).or_default();
        if let Some(category) = m.measure.strip_prefix("actor_type:") {
            if m.value > 0 {
                let types = figures.actor_types.entry(m.year).or_default();
                types.insert(category.to_owned());
            }
        } else if let Some(code) = m.measure.strip_prefix("exit:") {
            if let Some(outcome) = Outcome::parse(code) {
                figures.add(m.year, Indicator::of_class(outcome.class()), m.value);
            }
        } else if let Some(indicator) = Indicator::parse(&m.measure) {
            figures.add(m.year, indicator, m.value);
        }
    }
    cites
}

/// The network's figures: each indicator added up over the Cités, actor
/// families counted once.
pub fn network<'a>(cites: impl IntoIterator<Item = &'a Figures>) -> Figures {
    let mut total = Figures::default();
    for figures in cites {
        for (key, value) in &figures.values {
            *total.values.entry(*key).or_default() += value;
        }
        for (year, types) in &figures.actor_types {
            total
                .actor_types
                .entry(*year)
                .or_default()
                .extend(types.iter().cloned());
        }
    }
    total
}

/// The fewest Cités a median is shown for: with two, a Cité that knows its
/// own figure would read the other's.
pub const MEDIAN_MIN_CITES: usize = 3;

/// The median of the Cités' figures for one indicator and year: the lower
/// middle one, a figure some Cité has (the mean of the two middle ones
/// would give one away to the other); `None` under [`MEDIAN_MIN_CITES`].
pub fn median<'a>(
    cites: impl IntoIterator<Item = &'a Figures>,
    year: i32,
    indicator: Indicator,
) -> Option<i64> {
    let mut values: Vec<i64> = cites.into_iter().map(|f| f.get(year, indicator)).collect();
    values.sort_unstable();
    (values.len() >= MEDIAN_MIN_CITES).then(|| values[(values.len() - 1) / 2])
}

/// Co-funding leverage (*effet levier*) of a year, as the funding page
/// counts it (`funding::leverage`).
pub fn leverage(figures: &Figures, year: i32) -> Option<f64> {
    crate::funding::leverage(&[
        (Funder::Anct, figures.get(year, Indicator::StateEnvelope)),
        (Funder::Other, figures.get(year, Indicator::CoFunding)),
    ])
}

/// The years a report may cover: from the programme's start to this one.
pub fn report_years(today: NaiveDate) -> std::ops::RangeInclusive<i32> {
    crate::funding::FIRST_YEAR..=today.year()
}

#[cfg(test)]
mod tests;
