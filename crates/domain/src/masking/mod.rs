//! Small-count masking (*secret statistique*): co-pilots and the national
//! team see persons only as counts, and a count under [`MIN_SHOWN_COUNT`]
//! could single someone out. Every count of persons shown to them goes
//! through [`masked_count`].

use crate::accounts::Role;
use crate::numbers;

/// The smallest count shown: fewer people could be recognised.
pub const MIN_SHOWN_COUNT: i64 = 5;

/// A count of persons as co-pilots and the national team see it: `< 5`
/// below the threshold, otherwise the French number (`500 000`).
pub fn masked_count(count: i64) -> String {
    if count > 0 && count < MIN_SHOWN_COUNT {
        format!("< {MIN_SHOWN_COUNT}")
    } else {
        numbers::integer(count)
    }
}

/// A count of persons as `role` may see it: the number for those who work
/// with the persons themselves, the masked count for everyone else.
pub fn count_for(role: Role, count: i64) -> String {
    if may_reveal(role, count) {
        numbers::integer(count)
    } else {
        masked_count(count)
    }
}

/// Whether `role` may learn `count` exactly, also through what it implies
/// (« action complète » says how many places are taken).
pub fn may_reveal(role: Role, count: i64) -> bool {
    role.sees_persons() || count == 0 || count >= MIN_SHOWN_COUNT
}

/// What is shown instead of a figure that would give away a masked one.
pub const WITHHELD: &str = "non communiqué";

/// The parts of a total shown beside it (the years of an indicator): for
/// `role`, all of them, or none when one would be masked — the total and
/// the other parts would give it away (*secret secondaire*).
pub fn parts_beside_total(role: Role, parts: &[i64]) -> Option<Vec<String>> {
    parts
        .iter()
        .all(|n| may_reveal(role, *n))
        .then(|| parts.iter().map(|n| numbers::integer(*n)).collect())
}

/// A total shown beside some of its parts: withheld from `role` when the
/// rest (the total minus the parts it may read exactly) would be masked.
pub fn total_beside_parts(role: Role, total: i64, parts: &[i64]) -> String {
    let exact: i64 = parts.iter().filter(|n| may_reveal(role, **n)).sum();
    if may_reveal(role, total - exact) {
        count_for(role, total)
    } else {
        WITHHELD.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_masked_and_large_ones_keep_their_thousands() {
        assert_eq!(masked_count(0), "0");
        assert_eq!(masked_count(1), "< 5");
        assert_eq!(masked_count(4), "< 5");
        assert_eq!(masked_count(5), "5");
        assert_eq!(masked_count(500_000), "500\u{202f}000");
    }

    #[test]
    fn only_those_who_see_persons_see_small_counts() {
        assert_eq!(count_for(Role::Coordinateur, 3), "3");
        assert_eq!(count_for(Role::Referent, 3), "3");
        for role in [Role::Pilote, Role::National, Role::Porteur] {
            assert_eq!(count_for(role, 3), "< 5");
            assert_eq!(count_for(role, 12_000), "12\u{202f}000");
            assert!(!may_reveal(role, 4) && may_reveal(role, 5) && may_reveal(role, 0));
        }
    }

    #[test]
    fn a_total_and_its_parts_never_give_a_masked_part_away() {
        // 2025 = 10, 2026 = 3: the years stay hidden, the total shows.
        assert_eq!(parts_beside_total(Role::Pilote, &[10, 3]), None);
        assert_eq!(
            parts_beside_total(Role::Pilote, &[10, 0, 7]),
            Some(vec!["10".into(), "0".into(), "7".into()])
        );
        assert_eq!(
            parts_beside_total(Role::Coordinateur, &[10, 3]),
            Some(vec!["10".into(), "3".into()])
        );
        // 156 met, of which 150 under an action's own figure: 6 elsewhere, shown.
        assert_eq!(total_beside_parts(Role::Pilote, 156, &[150]), "156");
        assert_eq!(total_beside_parts(Role::Pilote, 153, &[150]), WITHHELD);
        assert_eq!(total_beside_parts(Role::Pilote, 153, &[150, 3]), WITHHELD);
        assert_eq!(total_beside_parts(Role::Coordinateur, 153, &[150]), "153");
    }
}
