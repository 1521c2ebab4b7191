//! The year's referrals by partner (*orientations par partenaire*): who
//! proposes persons to the Cité, and what became of the proposals. Each
//! row is a partner, its referrals by decision; the table's total is the
//! year's `Indicator::Referrals`.

use std::collections::BTreeMap;

use crate::participants::cohorts::ReferralStatus;

/// What the store counts: one partner's referrals of the year with one
/// status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralCount {
    pub partner: String,
    pub status: String,
    pub referrals: i64,
}

/// The columns, in order: a proposal still waiting (or expired) has no
/// decision.
pub const COLUMNS: [&str; 3] = ["Acceptées", "Refusées", "En attente ou expirées"];

fn column(status: &str) -> usize {
    match ReferralStatus::parse(status) {
        Some(ReferralStatus::Accepted) => 0,
        Some(ReferralStatus::Refused) => 1,
        _ => 2,
    }
}

/// Each partner's referrals by [`COLUMNS`], the partners who propose most
/// first, then by name.
pub fn by_partner(counts: &[ReferralCount]) -> Vec<(String, [i64; 3])> {
    let mut rows: BTreeMap<&str, [i64; 3]> = BTreeMap::new();
    for count in counts {
        rows.entry(&count.partner).or_default()[column(&count.status)] += count.referrals;
    }
    let mut rows: Vec<(String, [i64; 3])> = rows
        .into_iter()
        .map(|(partner, row)| (partner.to_owned(), row))
        .collect();
    rows.sort_by_key(|(partner, row)| (-row.iter().sum::<i64>(), partner.clone()));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(partner: &str, status: &str, referrals: i64) -> ReferralCount {
        ReferralCount {
            partner: partner.into(),
            status: status.into(),
            referrals,
        }
    }

    #[test]
    fn partners_who_propose_most_come_first_with_their_decisions() {
        let rows = by_partner(&[
            count("CCAS", "accepted", 2),
            count("Mission locale", "accepted", 3),
            count("Mission locale", "refused", 1),
            count("Mission locale", "proposed", 2),
            count("CCAS", "expired", 1),
            count("CIDFF", "proposed", 3),
        ]);
        assert_eq!(
            rows,
            [
                ("Mission locale".to_owned(), [3, 1, 2]),
                ("CCAS".to_owned(), [2, 0, 1]),
                ("CIDFF".to_owned(), [0, 0, 3]),
            ]
        );
    }
}
