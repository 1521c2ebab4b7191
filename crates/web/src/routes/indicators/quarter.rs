//! The quarter filter (*filtre par quartier*) of the indicators: `?qpv=`
//! narrows the cohort's figures and tables to the residents of one of the
//! Cité's QPVs, of any QPV, or to those outside; anything else (another
//! Cité's QPV, one QPV on the network's page) answers 404.

use maillage_domain::indicators::cohort::QpvFilter;
use maillage_store::cites::QpvRow;

use crate::error::{AppError, AppResult};

/// The quarters a Cité's page may be narrowed to, and the one chosen.
pub struct Quarters {
    pub chosen: QpvFilter,
    /// Each choice: its query value, its label, whether it is the one chosen.
    pub options: Vec<(String, String, bool)>,
    /// « quartier Belle-Beille », « hors QPV »; `None` for all.
    pub name: Option<String>,
}

impl Quarters {
    /// The choice `asked` among the Cité's `qpvs` (none for the network).
    pub fn new(qpvs: &[QpvRow], asked: Option<&str>) -> AppResult<Quarters> {
        let chosen = QpvFilter::parse(asked.unwrap_or_default()).ok_or(AppError::NotFound)?;
        let name = match chosen {
            QpvFilter::All => None,
            QpvFilter::Inside => Some("habitants des QPV".to_owned()),
            QpvFilter::Outside => Some("hors QPV".to_owned()),
            QpvFilter::In(id) => {
                let qpv = qpvs.iter().find(|q| q.id == id).ok_or(AppError::NotFound)?;
                Some(format!("quartier {}", qpv.name))
            }
        };
        let choices = std::iter::once((QpvFilter::All, "Tous les quartiers".to_owned()))
            .chain(qpvs.iter().map(|q| (QpvFilter::In(q.id), q.name.clone())))
            .chain([
                (QpvFilter::Inside, "Habitants des QPV".to_owned()),
                (QpvFilter::Outside, "Hors QPV".to_owned()),
            ]);
        Ok(Quarters {
            chosen,
            options: choices
                .map(|(filter, label)| (filter.code(), label, filter == chosen))
                .collect(),
            name,
        })
    }

    /// `?qpv=…&` to keep the choice in a link, empty for all.
    pub fn query(&self) -> String {
        match self.chosen {
            QpvFilter::All => String::new(),
            chosen => format!("qpv={}&", chosen.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use maillage_domain::ids::{CiteId, QpvId};

    use super::*;

    fn qpv(id: i64, name: &str) -> QpvRow {
        QpvRow {
            id: QpvId::new(id),
            cite_id: CiteId::new(1),
            code: format!("QN0490{id}M"),
            name: name.into(),
            communes: "49007".into(),
            population: None,
        }
    }

    #[test]
    fn a_quarter_is_one_of_the_cite_s_or_outside() {
        let qpvs = [qpv(3, "Belle-Beille"), qpv(4, "Monplaisir")];
        let chosen = Quarters::new(&qpvs, Some("4")).unwrap();
        assert_eq!(chosen.chosen, QpvFilter::In(QpvId::new(4)));
        assert_eq!(chosen.name.as_deref(), Some("quartier Monplaisir"));
        assert_eq!(chosen.query(), "qpv=4&");
        let labels: Vec<&str> = chosen.options.iter().map(|o| o.1.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Tous les quartiers",
                "Belle-Beille",
                "Monplaisir",
                "Habitants des QPV",
                "Hors QPV"
            ]
        );
        assert!(chosen.options[2].2);
        assert_eq!(Quarters::new(&qpvs, None).unwrap().query(), "");
        assert_eq!(Quarters::new(&qpvs, Some("")).unwrap().name, None);
        assert_eq!(
            Quarters::new(&qpvs, Some("hors")).unwrap().name.as_deref(),
            Some("hors QPV")
        );
        // Another Cité's QPV, or no QPV at all, is not found; the network
        // has no QPV of its own.
        assert!(Quarters::new(&qpvs, Some("5")).is_err());
        assert!(Quarters::new(&qpvs, Some("belle-beille")).is_err());
        assert!(Quarters::new(&[], Some("3")).is_err());
        let network = Quarters::new(&[], Some("en-qpv")).unwrap();
        assert_eq!(network.options.len(), 3);
        assert_eq!(network.name.as_deref(), Some("habitants des QPV"));
    }
}
