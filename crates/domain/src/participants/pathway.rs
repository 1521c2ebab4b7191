//! Pathway steps (*étapes*).

coded!(
    /// Where a step stands.
    StepStatus {
        Planned = "planned", "Prévue";
        InProgress = "in_progress", "En cours";
        Done = "done", "Réalisée";
        Dropped = "dropped", "Abandonnée";
        Cancelled = "cancelled", "Annulée";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for status in StepStatus::ALL {
            assert_eq!(StepStatus::parse(status.code()), Some(*status));
        }
        assert_eq!(StepStatus::parse("autre"), None);
    }
}
