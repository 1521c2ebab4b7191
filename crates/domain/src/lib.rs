//! Maillage's domain: plain types and pure rules (validation, policies, codes).
//! No IO here: every function can be tested with values alone.

pub mod accounts;
pub mod cites;
pub mod errors;
pub mod fiches;
// `coded!` (closed code lists) is shared with the modules declared after it.
#[macro_use]
pub mod participants;
pub mod partners;
// After `participants`, whose `coded!` macro it uses.
pub mod actions;
pub mod money;
pub mod referential;
pub mod scope;
pub mod services;
pub mod suggestions;

pub use errors::FieldErrors;
pub use scope::Scope;
