//! Administrative divisions (*découpage administratif*): communes, municipal
//! districts, EPCI, départements and regions (`@etalab/decoupage-administratif`
//! 6.0.0, MIT; sources INSEE, DGCL, La Poste).

use std::collections::HashMap;
use std::num::ParseIntError;
use std::sync::LazyLock;

use serde::Serialize;

use super::{non_empty, tsv_rows};

const COMMUNES_TSV: &str = include_str!("../../../../data/geo/communes.tsv");
const EPCI_TSV: &str = include_str!("../../../../data/geo/epci.tsv");
const DEPARTEMENTS_TSV: &str = include_str!("../../../../data/geo/departements.tsv");
const REGIONS_TSV: &str = include_str!("../../../../data/geo/regions.tsv");

/// The geographic zone of a region, a département or an overseas collectivity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Zone {
    /// Mainland France (*France métropolitaine*, `metro`).
    #[serde(rename = "metro")]
    Metropolitan,
    /// Overseas départements and regions (*DROM*): Guadeloupe, Martinique,
    /// Guyane, La Réunion, Mayotte (`drom`).
    #[serde(rename = "drom")]
    OverseasDepartment,
    /// Overseas collectivities (*collectivités d'outre-mer*) and the like
    /// (Saint-Pierre-et-Miquelon, Polynésie française, Nouvelle-Calédonie,
    /// TAAF…), codes 975 to 989 (`com`).
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

/// A commune, or a municipal district (*arrondissement municipal*) of Paris,
/// Lyon or Marseille.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// Official geographic code (INSEE), e.g. `49007`, `2A004`.
    pub code: &'static str,
    /// Official name, e.g. `Angers`.
    pub name: &'static str,
    /// Code of the département (or overseas collectivity), e.g. `49`, `2A`, `974`.
    pub departement: &'static str,
    /// Municipal population (INSEE); absent for the few territories with no
    /// permanent population (TAAF, Clipperton).
    pub population: Option<u32>,
    /// For a municipal district: the code of its commune (`75056` Paris,
    /// `69123` Lyon, `13055` Marseille).
    pub parent: Option<&'static str>,
}

impl Commune {
    /// True for the 45 municipal districts of Paris, Lyon and Marseille.
    pub fn is_municipal_district(&self) -> bool {
        self.parent.is_some()
    }
}

/// A département (or an overseas collectivity, see [`Zone`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Departement {
    /// Code, e.g. `49`, `2A`, `974`.
    pub code: &'static str,
    /// Name, e.g. `Maine-et-Loire`.
    pub name: &'static str,
    /// Code of its region, e.g. `52`.
    pub region: &'static str,
    pub zone: Zone,
}

/// A region (or an overseas collectivity, see [`Zone`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// Code, e.g. `52`.
    pub code: &'static str,
    /// Name, e.g. `Pays de la Loire`.
    pub name: &'static str,
    pub zone: Zone,
}

/// An inter-municipal body with its own tax base (*établissement public de
/// coopération intercommunale à fiscalité propre*, EPCI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Epci {
    /// SIREN number, e.g. `244900015`.
    pub code: &'static str,
    /// Name, e.g. `CU Angers Loire Métropole`.
    pub name: &'static str,
    /// Legal form: `CC` (communauté de communes), `CA` (communauté
    /// d'agglomération), `CU` (communauté urbaine), `METRO` (métropole),
    /// `MET69` (Métropole de Lyon).
    pub kind: &'static str,
    /// Municipal population (the sum over member communes, as published with
    /// the EPCI's composition; its year may differ from
    /// [`Commune::population`]'s).
    pub population: u32,
    /// INSEE codes of the member communes, sorted.
    pub members: Vec<&'static str>,
}

struct Geo {
    /// Current communes, by code.
    communes: Vec<Commune>,
    /// Municipal districts, by code.
    districts: Vec<Commune>,
    /// By code, overseas collectivities last.
    departements: Vec<Departement>,
    /// How many are départements, not overseas collectivities.
    departements_len: usize,
    /// By code, overseas collectivities last.
    regions: Vec<Region>,
    regions_len: usize,
    /// By SIREN code.
    epcis: Vec<Epci>,
    /// INSEE code of a member commune → index in `epcis`.
    epci_by_commune: HashMap<&'static str, usize>,
}

static GEO: LazyLock<Geo> = LazyLock::new(Geo::load);

/// Population: an empty cell is `None`; a malformed number is an error.
fn population(cell: &'static str) -> Result<Option<u32>, ParseIntError> {
    non_empty(cell).map(str::parse).transpose()
}

impl Geo {
    fn load() -> Geo {
        let (mut districts, mut communes): (Vec<_>, Vec<_>) = tsv_rows(COMMUNES_TSV, 5)
            .filter_map(|row| {
                Some(Commune {
                    code: row[0],
                    name: row[1],
                    departement: row[2],
                    population: population(row[3]).ok()?,
                    parent: non_empty(row[4]),
                })
            })
            .partition(Commune::is_municipal_district);
        communes.sort_by_key(|c| c.code);
        districts.sort_by_key(|c| c.code);

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
            districts,
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

/// The commune (or municipal district) of this INSEE code.
pub fn commune(code: &str) -> Option<&'static Commune> {
    let geo = &*GEO;
    find_sorted(&geo.communes, code, |c| c.code)
        .or_else(|| find_sorted(&geo.districts, code, |c| c.code))
}

/// Every current commune (without municipal districts), by code.
pub fn communes() -> &'static [Commune] {
    &GEO.communes
}

/// The current communes of a département (without municipal districts), by code.
pub fn communes_of_departement(code: &str) -> impl Iterator<Item = &'static Commune> + '_ {
    GEO.communes.iter().filter(move |c| c.departement == code)
}

/// The 45 municipal districts of Paris, Lyon and Marseille, by code.
pub fn municipal_districts() -> &'static [Commune] {
    &GEO.districts
}

/// The municipal districts of a commune (none but for `75056`, `69123`,
/// `13055`).
pub fn districts_of(commune_code: &str) -> impl Iterator<Item = &'static Commune> + '_ {
    GEO.districts
        .iter()
        .filter(move |c| c.parent == Some(commune_code))
}

/// The département (or overseas collectivity) of this code.
pub fn departement(code: &str) -> Option<&'static Departement> {
    GEO.departements.iter().find(|d| d.code == code)
}

/// The 101 départements (mainland and overseas), by code; without the
/// overseas collectivities, which [`departement`] finds all the same.
pub fn departements() -> &'static [Departement] {
    &GEO.departements[..GEO.departements_len]
}

/// The départements of a region, by code.
pub fn departements_of_region(code: &str) -> impl Iterator<Item = &'static Departement> + '_ {
    departements().iter().filter(move |d| d.region == code)
}

/// The region (or overseas collectivity) of this code.
pub fn region(code: &str) -> Option<&'static Region> {
    GEO.regions.iter().find(|r| r.code == code)
}

/// The 18 regions (mainland and overseas), by code; without the overseas
/// collectivities, which [`region`] finds all the same.
pub fn regions() -> &'static [Region] {
    &GEO.regions[..GEO.regions_len]
}

/// The EPCI of this SIREN number.
pub fn epci(code: &str) -> Option<&'static Epci> {
    find_sorted(&GEO.epcis, code, |e| e.code)
}

/// Every EPCI with its own tax base, by SIREN number.
pub fn epcis() -> &'static [Epci] {
    &GEO.epcis
}

/// The EPCI the commune belongs to; for a municipal district, its commune's.
/// `None` for the few communes in none (single-commune islands, overseas
/// collectivities).
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
            communes().len() + municipal_districts().len(),
            data_lines(COMMUNES_TSV)
        );
        assert_eq!(GEO.departements.len(), data_lines(DEPARTEMENTS_TSV));
        assert_eq!(GEO.regions.len(), data_lines(REGIONS_TSV));
        assert_eq!(epcis().len(), data_lines(EPCI_TSV));
    }

    #[test]
    fn counts() {
        assert_eq!(communes().len(), 34_969);
        assert_eq!(municipal_districts().len(), 45);
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
        for c in communes().iter().chain(municipal_districts()) {
            assert!(super::super::is_valid_insee_code(c.code), "{}", c.code);
            assert!(c.code.starts_with(c.departement), "{}", c.code);
            assert!(departement(c.departement).is_some(), "{}", c.code);
        }
        for a in municipal_districts() {
            assert!(commune(a.parent.unwrap()).is_some());
        }
        for d in &GEO.departements {
            assert!(region(d.region).is_some(), "{}", d.code);
        }
        for e in epcis() {
            assert_eq!(e.code.len(), 9);
            assert!(!e.members.is_empty());
            for m in &e.members {
                assert!(commune(m).is_some_and(|c| !c.is_municipal_district()));
            }
        }
    }

    #[test]
    fn angers_and_its_neighbours() {
        let angers = commune("49007").unwrap();
        assert_eq!(angers.name, "Angers");
        assert_eq!(angers.departement, "49");
        assert!(angers.population.unwrap() > 150_000);
        assert!(!angers.is_municipal_district());
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
    fn municipal_districts_and_their_city() {
        let lyon_8 = commune("69388").unwrap();
        assert!(lyon_8.is_municipal_district());
        assert_eq!(lyon_8.parent, Some("69123"));
        assert_eq!(districts_of("69123").count(), 9);
        assert_eq!(districts_of("75056").count(), 20);
        assert_eq!(districts_of("13055").count(), 16);
        assert_eq!(districts_of("49007").count(), 0);
        assert_eq!(epci_of_commune("69388").unwrap().kind, "MET69");
        assert!(communes_of_departement("69").all(|c| !c.is_municipal_district()));
    }

    #[test]
    fn corsica_overseas_and_unknown_codes() {
        assert_eq!(commune("2A004").unwrap().departement, "2A");
        assert_eq!(departement("2A").unwrap().region, "94");
        let saint_denis = commune("97411").unwrap();
        assert_eq!(saint_denis.departement, "974");
        assert_eq!(departement("974").unwrap().zone, Zone::OverseasDepartment);
        let noumea = commune("98818").unwrap();
        let new_caledonia = departement(noumea.departement).unwrap();
        assert_eq!(new_caledonia.zone, Zone::OverseasCollectivity);
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
