//! Pathway steps (*étapes*) and the offers they mobilise.

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

coded!(
    /// An offer of the Cité's catalogue: an existing service of the territory
    /// (*droit commun*) or an action the Cité runs.
    OfferKind {
        Service = "service", "Service (offre de droit commun)";
        Action = "action", "Action de la Cité";
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
        assert_eq!(OfferKind::parse("action"), Some(OfferKind::Action));
        assert_eq!(OfferKind::parse("autre"), None);
    }
}
