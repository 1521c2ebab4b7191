//! Maillage's domain: plain types and pure rules (validation, policies, codes).
//! No IO here: every function can be tested with values alone.

pub mod accounts;
pub mod cites;
pub mod errors;
pub mod participants;
pub mod partners;
pub mod referential;
pub mod scope;

pub use errors::FieldErrors;
pub use scope::Scope;
