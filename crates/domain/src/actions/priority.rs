//! Priority rules (*règles de priorité*) of a waiting list: simple criteria a
//! coordinator can explain to the person, chosen per action.

use crate::codes::code_list;
use crate::ids::EnrolmentId;
use chrono::NaiveDate;

code_list!(
    /// How a freed place is given to the next person in line.
    PriorityRule {
        RequestDate = "request_date", "Date de la demande";
        SingleParentFirst = "single_parent_first", "Parents isolés d'abord, puis date de la demande";
        QpvResidentFirst = "qpv_resident_first", "Habitants d'un QPV d'abord, puis date de la demande";
    }
);

/// What the rule knows of a person waiting, as recorded when they asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub enrolment_id: EnrolmentId,
    pub requested_on: NaiveDate,
    pub single_parent: bool,
    pub qpv_resident: bool,
}

/// A candidate's place in line and why, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub enrolment_id: EnrolmentId,
    /// 1 for the next person to get a place.
    pub rank: usize,
    pub reason: String,
}

/// Who waits on an action's list: everyone, and those each rule favours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waiting {
    pub total: u32,
    pub single_parents: u32,
    pub qpv_residents: u32,
}

impl PriorityRule {
    /// Does the rule put a person with these facts first?
    pub fn favours_person(self, single_parent: bool, qpv_resident: bool) -> bool {
        match self {
            PriorityRule::RequestDate => false,
            PriorityRule::SingleParentFirst => single_parent,
            PriorityRule::QpvResidentFirst => qpv_resident,
        }
    }

    /// Does the candidate meet the rule's priority criterion?
    fn favours(self, candidate: &Candidate) -> bool {
        self.favours_person(candidate.single_parent, candidate.qpv_resident)
    }

    /// The place in line (1 = next) of someone asking today: behind
    /// everyone already waiting, or only behind those the rule also favours
    /// when it favours them (all of whom asked earlier).
    pub fn position(self, favoured: bool, waiting: Waiting) -> u32 {
        let ahead = match self {
            PriorityRule::SingleParentFirst if favoured => waiting.single_parents,
            PriorityRule::QpvResidentFirst if favoured => waiting.qpv_residents,
            _ => waiting.total,
        };
        ahead + 1
    }

    /// Orders the waiting list: those the rule favours first, then by date of
    /// request, then by enrolment (whoever was recorded first).
    pub fn rank(self, candidates: &[Candidate]) -> Vec<Ranked> {
        let mut ordered = candidates.to_vec();
        ordered.sort_by_key(|c| (!self.favours(c), c.requested_on, c.enrolment_id));
        ordered
            .iter()
            .enumerate()
            .map(|(i, c)| Ranked {
                enrolment_id: c.enrolment_id,
                rank: i + 1,
                reason: self.reason(c),
            })
            .collect()
    }

    /// The next person to get a freed place, if anyone waits.
    pub fn next(self, candidates: &[Candidate]) -> Option<EnrolmentId> {
        self.rank(candidates).first().map(|r| r.enrolment_id)
    }

    /// « Parent isolé·e, demande du 12/03/2026 ».
    fn reason(self, candidate: &Candidate) -> String {
        let date = format!("demande du {}", candidate.requested_on.format("%d/%m/%Y"));
        match self {
            PriorityRule::RequestDate => format!("Date de la {date}"),
            PriorityRule::SingleParentFirst if candidate.single_parent => {
                format!("Parent isolé·e, {date}")
            }
            PriorityRule::QpvResidentFirst if candidate.qpv_resident => {
                format!("Habitant·e d'un QPV, {date}")
            }
            PriorityRule::SingleParentFirst => {
                format!("Après les parents isolés, {date}")
            }
            PriorityRule::QpvResidentFirst => {
                format!("Après les habitants des QPV, {date}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn candidate(id: i64, d: u32, single_parent: bool, qpv_resident: bool) -> Candidate {
        Candidate {
            enrolment_id: EnrolmentId::new(id),
            requested_on: day(d),
            single_parent,
            qpv_resident,
        }
    }

    fn order(rule: PriorityRule, candidates: &[Candidate]) -> Vec<i64> {
        rule.rank(candidates)
            .iter()
            .map(|r| r.enrolment_id.get())
            .collect()
    }

    #[test]
    fn date_of_request_alone_then_enrolment_order() {
        let list = [
            candidate(1, 12, true, true),
            candidate(2, 3, false, false),
            candidate(4, 5, false, true),
            candidate(3, 5, true, false),
        ];
        assert_eq!(order(PriorityRule::RequestDate, &list), [2, 3, 4, 1]);
        let ranked = PriorityRule::RequestDate.rank(&list);
        assert_eq!(ranked[0].rank, 1);
        assert_eq!(ranked[0].reason, "Date de la demande du 03/03/2026");
    }

    #[test]
    fn single_parents_first_then_date() {
        let list = [
            candidate(1, 2, false, true),
            candidate(2, 20, true, false),
            candidate(3, 10, true, true),
            candidate(4, 1, false, false),
        ];
        assert_eq!(order(PriorityRule::SingleParentFirst, &list), [3, 2, 4, 1]);
        let ranked = PriorityRule::SingleParentFirst.rank(&list);
        assert_eq!(ranked[0].reason, "Parent isolé·e, demande du 10/03/2026");
        assert_eq!(
            ranked[2].reason,
            "Après les parents isolés, demande du 01/03/2026"
        );
        assert_eq!(
            PriorityRule::SingleParentFirst.next(&list),
            Some(EnrolmentId::new(3))
        );
    }

    #[test]
    fn qpv_residents_first_with_ties_by_enrolment() {
        let list = [
            candidate(9, 4, true, false),
            candidate(7, 4, false, true),
            candidate(5, 4, false, true),
        ];
        assert_eq!(order(PriorityRule::QpvResidentFirst, &list), [5, 7, 9]);
        assert_eq!(
            PriorityRule::QpvResidentFirst.rank(&list)[0].reason,
            "Habitant·e d'un QPV, demande du 04/03/2026"
        );
        assert_eq!(PriorityRule::QpvResidentFirst.next(&[]), None);
    }

    #[test]
    fn ranks_are_one_to_n_whatever_the_input_order() {
        let list: Vec<Candidate> = (0..10)
            .map(|i| candidate(10 - i, 1 + (i as u32 % 3), i % 2 == 0, i % 3 == 0))
            .collect();
        for rule in PriorityRule::ALL {
            let ranks: Vec<usize> = rule.rank(&list).iter().map(|r| r.rank).collect();
            assert_eq!(ranks, (1..=10).collect::<Vec<_>>());
            let mut reversed = list.clone();
            reversed.reverse();
            assert_eq!(order(rule, &list), order(rule, &reversed));
        }
    }

    #[test]
    fn a_favoured_newcomer_stands_behind_the_favoured_only() {
        let waiting = Waiting {
            total: 4,
            single_parents: 1,
            qpv_residents: 3,
        };
        let rule = PriorityRule::SingleParentFirst;
        assert!(rule.favours_person(true, false));
        assert_eq!(rule.position(true, waiting), 2);
        assert_eq!(rule.position(false, waiting), 5);
        assert_eq!(PriorityRule::QpvResidentFirst.position(true, waiting), 4);
        assert!(!PriorityRule::RequestDate.favours_person(true, true));
        assert_eq!(PriorityRule::RequestDate.position(true, waiting), 5);
    }
}
