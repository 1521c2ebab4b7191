//! What the signed-in user may see: every store query that reads per-Cité data
//! takes a `Scope`, so forgetting the check is a compile error, not a data leak.

use crate::accounts::Role;
use crate::ids::{CiteId, PartnerId, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// ANCT national team: every Cité, counts only, never a person.
    National { user_id: UserId },
    /// A member of one Cité (the one currently selected in the session).
    Cite {
        user_id: UserId,
        cite_id: CiteId,
        role: Role,
        partner_id: Option<PartnerId>,
    },
}

impl Scope {
    pub fn user_id(&self) -> UserId {
        match self {
            Scope::National { user_id } | Scope::Cite { user_id, .. } => *user_id,
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Scope::National { .. } => Role::National,
            Scope::Cite { role, .. } => *role,
        }
    }

    /// The Cité whose rows this scope may read; `None` for the national team.
    pub fn cite_id(&self) -> Option<CiteId> {
        match self {
            Scope::National { .. } => None,
            Scope::Cite { cite_id, .. } => Some(*cite_id),
        }
    }

    pub fn partner_id(&self) -> Option<PartnerId> {
        match self {
            Scope::National { .. } => None,
            Scope::Cite { partner_id, .. } => *partner_id,
        }
    }

    /// Only a coordinator administers a Cité: partners, accounts, territory.
    pub fn can_administer_cite(&self) -> bool {
        self.role() == Role::Coordinateur
    }

    /// Who manages a file (*gère le dossier*): its sharing, its lead
    /// référent. The Cité's coordinators, and the référents of the partner
    /// that leads the file (`lead_partner_id`); a partner it was shared
    /// with reads and writes the pathway, but does not manage.
    pub fn manages(&self, lead_partner_id: PartnerId) -> bool {
        self.can_administer_cite()
            || (self.role() == Role::Referent && self.partner_id() == Some(lead_partner_id))
    }

    /// May this scope read the aggregated profile of a Cité?
    pub fn can_view_cite(&self, cite_id: CiteId) -> bool {
        match self {
            Scope::National { .. } => true,
            Scope::Cite { cite_id: own, .. } => *own == cite_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_sees_every_cite_but_administers_none() {
        let scope = Scope::National {
            user_id: UserId::new(1),
        };
        assert!(scope.can_view_cite(CiteId::new(42)));
        assert!(!scope.can_administer_cite());
        assert_eq!(scope.cite_id(), None);
    }

    #[test]
    fn members_are_confined_to_their_cite() {
        let scope = Scope::Cite {
            user_id: UserId::new(1),
            cite_id: CiteId::new(7),
            role: Role::Referent,
            partner_id: Some(PartnerId::new(3)),
        };
        assert!(scope.can_view_cite(CiteId::new(7)));
        assert!(!scope.can_view_cite(CiteId::new(8)));
        assert!(!scope.can_administer_cite());
        assert_eq!(scope.partner_id(), Some(PartnerId::new(3)));
    }
}
