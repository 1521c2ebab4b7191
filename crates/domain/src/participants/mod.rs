//! The shared case file: cohorts, referrals, participants, outcomes.

pub mod cohorts;
pub mod indicators;
pub mod outcomes;
pub mod pathway;
pub mod person;
