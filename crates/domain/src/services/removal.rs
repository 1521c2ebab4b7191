//! Removing an entry of the catalogue (*retirer du catalogue*): a service or a
//! structure nothing points to is deleted; one that steps of a pathway (for
//! a service) or services (for a structure) point to is archived, so that
//! what was done keeps its name, and it leaves search, suggestions and
//! exports.

/// What removing an entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Deleted,
    Archived,
}

impl Removal {
    /// The removal of an entry that `references` records point to.
    pub fn of(references: i64) -> Removal {
        if references == 0 {
            Removal::Deleted
        } else {
            Removal::Archived
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_nothing_points_to_is_deleted() {
        assert_eq!(Removal::of(0), Removal::Deleted);
        assert_eq!(Removal::of(1), Removal::Archived);
    }
}
