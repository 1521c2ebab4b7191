//! The shared case file: cohorts, referrals, participants, outcomes.

pub mod cohorts;
pub mod outcomes;
pub mod person;
