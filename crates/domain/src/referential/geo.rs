//! Découpage administratif : communes, arrondissements municipaux, EPCI,
//! départements et régions (`@etalab/decoupage-administratif` 6.0.0, MIT ;
//! sources INSEE, DGCL, La Poste).

use std::collections::HashMap;
use std::num::ParseIntError;
use std::sync::LazyLock;

use serde::Serialize;

use super::{non_empty, tsv_rows};

const COMMUNES_TSV: &str = include_str!("../../../../data/geo/communes.tsv");
const EPCI_TSV: &str = include_str!("../../../../data/geo/epci.tsv");
const DEPARTEMENTS_TSV: &str = include_str!("../../../../data/geo/departements.tsv");
const REGIONS_TSV: &str = include_str!("../../../../data/geo/regions.tsv");

/// Zone géographique d'une région, d'un département ou d'une collectivité.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Zone {
    /// France métropolitaine (`metro`).
    #[serde(rename = "metro")]
    Metropolitan,
    /// Départements et régions d'outre-mer : Guadeloupe, Martinique, Guyane,
    /// La Réunion, Mayotte (`drom`).
    #[serde(rename = "drom")]
    OverseasDepartment,
    /// Collectivités d'outre-mer et assimilées (Saint-Pierre-et-Miquelon,
    /// Polynésie française, Nouvelle-Calédonie, TAAF…), codes 975 à 989 (`com`).
    #[serde(rename = "com")]
    OverseasCollectivity,
}

impl Zone {
    fn parse(code: &str) -> Option<Zone> {
        match code {
            "metro" => Some(Zone::Metropolitan),
            "drom" => Some(Zone::OverseasDepartment),
            "com" => Some(Zone::OverseasCollectivity),
            _ => None,
        }
    }
}

/// Une commune (ou un arrondissement municipal de Paris, Lyon, Marseille).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// Code officiel géographique (INSEE), p. ex. `49007`, `2A004`.
    pub code: &'static str,
    /// Nom officiel, p. ex. `Angers`.
    pub name: &'static str,
    /// Code du département (ou de la collectivité d'outre-mer), p. ex. `49`, `2A`, `974`.
    pub departement: &'static str,
    /// Population municipale (INSEE) ; absente pour quelques territoires sans
    /// population permanente (TAAF, Clipperton).
    pub population: Option<u32>,
    /// Pour un arrondissement municipal : code de la commune dont il fait
    /// partie (`75056` Paris, `69123` Lyon, `13055` Marseille).
    pub parent: Option<&'static str>,
}

impl Commune {
    /// Vrai pour les 45 arrondissements municipaux de Paris, Lyon et Marseille.
    pub fn is_arrondissement_municipal(&self) -> bool {
        self.parent.is_some()
    }
}

/// Un département (ou une collectivité d'outre-mer, voir [`Zone`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Departement {
    /// Code, p. ex. `49`, `2A`, `974`.
    pub code: &'static str,
    /// Nom, p. ex. `Maine-et-Loire`.
    pub name: &'static str,
    /// Code de la région, p. ex. `52`.
    pub region: &'static str,
    pub zone: Zone,
}

/// Une région (ou une collectivité d'outre-mer, voir [`Zone`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// Code, p. ex. `52`.
    pub code: &'static str,
    /// Nom, p. ex. `Pays de la Loire`.
    pub name: &'static str,
    pub zone: Zone,
}

/// Un établissement public de coopération intercommunale à fiscalité propre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Epci {
    /// Numéro SIREN, p. ex. `244900015`.
    pub code: &'static str,
    /// Nom, p. ex. `CU Angers Loire Métropole`.
    pub name: &'static str,
    /// Nature juridique : `CC` (communauté de communes), `CA` (communauté
    /// d'agglomération), `CU` (communauté urbaine), `METRO` (métropole),
    /// `MET69` (Métropole de Lyon).
    pub kind: &'static str,
    /// Population municipale (somme des communes membres, telle que publiée
    /// avec la composition des EPCI ; millésime pouvant différer de
    /// [`Commune::population`]).
    pub population: u32,
    /// Codes INSEE des communes membres, triés.
    pub members: Vec<&'static str>,
}

struct Geo {
    /// Communes actuelles, triées par code.
    communes: Vec<Commune>,
    /// Arrondissements municipaux, triés par code.
    arrondissements: Vec<Commune>,
    /// Triés par code, les collectivités d'outre-mer en dernier.
    departements: Vec<Departement>,
    /// Nombre de départements hors collectivités d'outre-mer.
    departements_len: usize,
    /// Triées par code, les collectivités d'outre-mer en dernier.
    regions: Vec<Region>,
    regions_len: usize,
    /// Triés par code SIREN.
    epcis: Vec<Epci>,
    /// Code INSEE d'une commune membre → indice dans `epcis`.
    epci_by_commune: HashMap<&'static str, usize>,
}

static GEO: LazyLock<Geo> = LazyLock::new(Geo::load);

/// Population : cellule vide → `None` ; nombre mal formé → erreur.
fn population(cell: &'static str) -> Result<Option<u32>, ParseIntError> {
    non_empty(cell).map(str::parse).transpose()
}

impl Geo {
    fn load() -> Geo {
        let (mut arrondissements, mut communes): (Vec<_>, Vec<_>) = tsv_rows(COMMUNES_TSV, 5)
            .filter_map(|row| {
                Some(Commune {
                    code: row[0],
                    name: row[1],
                    departement: row[2],
                    population: population(row[3]).ok()?,
                    parent: non_empty(row[4]),
                })
            })
            .partition(Commune::is_arrondissement_municipal);
        communes.sort_by_key(|c| c.code);
        arrondissements.sort_by_key(|c| c.code);

        let mut departements: Vec<_> = tsv_rows(DEPARTEMENTS_TSV, 4)
            .filter_map(|row| {
                Some(Departement {
                    code: row[0],
                    name: row[1],
                    region: row[2],
                    zone: Zone::parse(row[3])?,
                })
            })
            .collect();
        departements.sort_by_key(|d| (d.zone == Zone::OverseasCollectivity, d.code));
        let departements_len =
            departements.partition_point(|d| d.zone != Zone::OverseasCollectivity);

        let mut regions: Vec<_> = tsv_rows(REGIONS_TSV, 3)
            .filter_map(|row| {
                Some(Region {
                    code: row[0],
                    name: row[1],
                    zone: Zone::parse(row[2])?,
                })
            })
            .collect();
        regions.sort_by_key(|r| (r.zone == Zone::OverseasCollectivity, r.code));
        let regions_len = regions.partition_point(|r| r.zone != Zone::OverseasCollectivity);

        let mut epcis: Vec<_> = tsv_rows(EPCI_TSV, 5)
            .filter_map(|row| {
                let mut members: Vec<_> = row[4].split(',').filter(|c| !c.is_empty()).collect();
                members.sort_unstable();
                Some(Epci {
                    code: row[0],
                    name: row[1],
                    kind: row[2],
                    population: row[3].parse().ok()?,
                    members,
                })
            })
            .collect();
        epcis.sort_by_key(|e| e.code);
        let epci_by_commune = epcis
            .iter()
            .enumerate()
            .flat_map(|(index, e)| e.members.iter().map(move |&code| (code, index)))
            .collect();

        Geo {
            communes,
            arrondissements,
            departements,
            departements_len,
            regions,
            regions_len,
            epcis,
            epci_by_commune,
        }
    }
}

fn find_sorted<T>(items: &'static [T], code: &str, key: fn(&T) -> &str) -> Option<&'static T> {
    items
        .binary_search_by(|item| key(item).cmp(code))
        .ok()
        .map(|index| &items[index])
}

/// La commune (ou l'arrondissement municipal) de ce code INSEE.
pub fn commune(code: &str) -> Option<&'static Commune> {
    let geo = &*GEO;
    find_sorted(&geo.communes, code, |c| c.code)
        .or_else(|| find_sorted(&geo.arrondissements, code, |c| c.code))
}

/// Toutes les communes actuelles (sans les arrondissements municipaux), par code.
pub fn communes() -> &'static [Commune] {
    &GEO.communes
}

/// Les communes actuelles d'un département (sans les arrondissements municipaux), par code.
pub fn communes_of_departement(code: &str) -> impl Iterator<Item = &'static Commune> + '_ {
    GEO.communes.iter().filter(move |c| c.departement == code)
}

/// Les 45 arrondissements municipaux de Paris, Lyon et Marseille, par code.
pub fn arrondissements_municipaux() -> &'static [Commune] {
    &GEO.arrondissements
}

/// Les arrondissements municipaux d'une commune (vide sauf pour `75056`,
/// `69123`, `13055`).
pub fn arrondissements_of(commune_code: &str) -> impl Iterator<Item = &'static Commune> + '_ {
    GEO.arrondissements
        .iter()
        .filter(move |c| c.parent == Some(commune_code))
}

/// Le département (ou la collectivité d'outre-mer) de ce code.
pub fn departement(code: &str) -> Option<&'static Departement> {
    GEO.departements.iter().find(|d| d.code == code)
}

/// Les 101 départements (métropole et outre-mer), par code ; sans les
/// collectivités d'outre-mer, que [`departement`] trouve pourtant.
pub fn departements() -> &'static [Departement] {
    &GEO.departements[..GEO.departements_len]
}

/// Les départements d'une région, par code.
pub fn departements_of_region(code: &str) -> impl Iterator<Item = &'static Departement> + '_ {
    departements().iter().filter(move |d| d.region == code)
}

/// La région (ou la collectivité d'outre-mer) de ce code.
pub fn region(code: &str) -> Option<&'static Region> {
    GEO.regions.iter().find(|r| r.code == code)
}

/// Les 18 régions (métropole et outre-mer), par code ; sans les collectivités
/// d'outre-mer, que [`region`] trouve pourtant.
pub fn regions() -> &'static [Region] {
    &GEO.regions[..GEO.regions_len]
}

/// L'EPCI de ce numéro SIREN.
pub fn epci(code: &str) -> Option<&'static Epci> {
    find_sorted(&GEO.epcis, code, |e| e.code)
}

/// Tous les EPCI à fiscalité propre, par numéro SIREN.
pub fn epcis() -> &'static [Epci] {
    &GEO.epcis
}

/// L'EPCI dont la commune est membre ; pour un arrondissement municipal, celui
/// de sa commune. `None` pour les quelques communes isolées (îles
/// mono-communales, collectivités d'outre-mer).
pub fn epci_of_commune(code: &str) -> Option<&'static Epci> {
    let code = commune(code).and_then(|c| c.parent).unwrap_or(code);
    GEO.epci_by_commune
        .get(code)
        .map(|&index| &GEO.epcis[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_lines(text: &str) -> usize {
        text.lines().skip(1).filter(|l| !l.is_empty()).count()
    }

    #[test]
    fn every_line_of_the_shipped_files_is_parsed() {
        assert_eq!(
            communes().len() + arrondissements_municipaux().len(),
            data_lines(COMMUNES_TSV)
        );
        assert_eq!(GEO.departements.len(), data_lines(DEPARTEMENTS_TSV));
        assert_eq!(GEO.regions.len(), data_lines(REGIONS_TSV));
        assert_eq!(epcis().len(), data_lines(EPCI_TSV));
    }

    #[test]
    fn counts() {
        assert_eq!(communes().len(), 34_969);
        assert_eq!(arrondissements_municipaux().len(), 45);
        assert_eq!(departements().len(), 101);
        assert_eq!(GEO.departements.len(), 109);
        assert_eq!(regions().len(), 18);
        assert_eq!(GEO.regions.len(), 26);
        assert_eq!(epcis().len(), 1_255);
        assert_eq!(GEO.epci_by_commune.len(), 34_871);
        assert_eq!(
            communes().iter().filter(|c| c.population.is_none()).count(),
            6
        );
    }

    #[test]
    fn every_reference_resolves() {
        for c in communes().iter().chain(arrondissements_municipaux()) {
            assert!(super::super::is_valid_insee_code(c.code), "{}", c.code);
            assert!(c.code.starts_with(c.departement), "{}", c.code);
            assert!(departement(c.departement).is_some(), "{}", c.code);
        }
        for a in arrondissements_municipaux() {
            assert!(commune(a.parent.unwrap()).is_some());
        }
        for d in &GEO.departements {
            assert!(region(d.region).is_some(), "{}", d.code);
        }
        for e in epcis() {
            assert_eq!(e.code.len(), 9);
            assert!(!e.members.is_empty());
            for m in &e.members {
                assert!(commune(m).is_some_and(|c| !c.is_arrondissement_municipal()));
            }
        }
    }

    #[test]
    fn angers_and_its_neighbours() {
        let angers = commune("49007").unwrap();
        assert_eq!(angers.name, "Angers");
        assert_eq!(angers.departement, "49");
        assert!(angers.population.unwrap() > 150_000);
        assert!(!angers.is_arrondissement_municipal());
        let maine_et_loire = departement(angers.departement).unwrap();
        assert_eq!(maine_et_loire.name, "Maine-et-Loire");
        assert_eq!(maine_et_loire.region, "52");
        assert_eq!(maine_et_loire.zone, Zone::Metropolitan);
        assert_eq!(region("52").unwrap().name, "Pays de la Loire");
        assert!(departements_of_region("52").any(|d| d.code == "49"));

        assert_eq!(commune("49353").unwrap().name, "Trélazé");
        assert_eq!(commune("69256").unwrap().name, "Vaulx-en-Velin");
        assert_eq!(commune("69256").unwrap().departement, "69");
        let le_mans = commune("72181").unwrap();
        assert_eq!((le_mans.name, le_mans.departement), ("Le Mans", "72"));

        let in_49: Vec<_> = communes_of_departement("49").collect();
        assert!(in_49.len() > 150);
        assert!(in_49.iter().all(|c| c.departement == "49"));
        assert!(in_49.iter().any(|c| c.code == "49353"));
    }

    #[test]
    fn angers_loire_metropole() {
        let alm = epci("244900015").unwrap();
        assert_eq!(alm.name, "CU Angers Loire Métropole");
        assert_eq!(alm.kind, "CU");
        assert!(alm.members.contains(&"49007"));
        assert!(alm.members.contains(&"49353"));
        assert!(alm.population > 300_000);
        assert_eq!(epci_of_commune("49353").map(|e| e.code), Some("244900015"));
        assert_eq!(
            epci_of_commune("72181").unwrap().name,
            "CU Le Mans Métropole"
        );
    }

    #[test]
    fn arrondissements_municipaux_and_their_city() {
        let lyon_8 = commune("69388").unwrap();
        assert!(lyon_8.is_arrondissement_municipal());
        assert_eq!(lyon_8.parent, Some("69123"));
        assert_eq!(arrondissements_of("69123").count(), 9);
        assert_eq!(arrondissements_of("75056").count(), 20);
        assert_eq!(arrondissements_of("13055").count(), 16);
        assert_eq!(arrondissements_of("49007").count(), 0);
        assert_eq!(epci_of_commune("69388").unwrap().kind, "MET69");
        assert!(communes_of_departement("69").all(|c| !c.is_arrondissement_municipal()));
    }

    #[test]
    fn corsica_overseas_and_unknown_codes() {
        assert_eq!(commune("2A004").unwrap().departement, "2A");
        assert_eq!(departement("2A").unwrap().region, "94");
        let saint_denis = commune("97411").unwrap();
        assert_eq!(saint_denis.departement, "974");
        assert_eq!(departement("974").unwrap().zone, Zone::OverseasDepartment);
        let noumea = commune("98818").unwrap();
        let caledonie = departement(noumea.departement).unwrap();
        assert_eq!(caledonie.zone, Zone::OverseasCollectivity);
        assert!(!departements().iter().any(|d| d.code == "988"));
        assert!(epci_of_commune("98818").is_none());
        assert!(epci_of_commune("85113").is_none()); // L'Île-d'Yeu
        for unknown in ["", "00000", "49000", "ABCDE", "2A", "244900015"] {
            assert!(commune(unknown).is_none(), "{unknown}");
        }
        assert!(departement("20").is_none());
        assert!(epci("000000000").is_none());
    }
}
