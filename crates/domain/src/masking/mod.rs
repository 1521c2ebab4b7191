//! Small-count masking (*secret statistique*): co-pilots and the national
//! team see persons only as counts, and a count under [`MIN_SHOWN_COUNT`]
//! could single someone out. Every count of persons shown to them goes
//! through [`masked_count`]; a table published with its totals goes
//! through [`mask_table`], which also masks what would give a small count
//! away (*secret secondaire*).

use crate::accounts::Role;
use crate::numbers;

pub mod table;

pub use table::{mask_column, mask_table, MaskedTable, Shown};

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
    fn a_total_never_gives_a_masked_rest_away() {
        // 156 met, of which 150 under an action's own figure: 6 elsewhere, shown.
        assert_eq!(total_beside_parts(Role::Pilote, 156, &[150]), "156");
        assert_eq!(total_beside_parts(Role::Pilote, 153, &[150]), WITHHELD);
        assert_eq!(total_beside_parts(Role::Pilote, 153, &[150, 3]), WITHHELD);
        assert_eq!(total_beside_parts(Role::Coordinateur, 153, &[150]), "153");
    }
}
