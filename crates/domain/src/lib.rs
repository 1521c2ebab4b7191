//! Maillage's domain: plain types and pure rules (validation, policies, codes).
//! No IO here: every function can be tested with values alone.

pub mod account_requests;
pub mod accounts;
pub mod actions;
pub mod agreements;
pub mod api_tokens;
pub mod barriers;
pub mod calls;
pub mod cites;
pub mod codes;
pub mod dates;
pub mod documents;
pub mod errors;
pub mod fiches;
pub mod follow_up;
pub mod funding;
pub mod governance;
pub mod ids;
pub mod indicators;
pub mod journal;
pub mod mail;
pub mod masking;
pub mod money;
pub mod names;
pub mod network;
pub mod notifications;
pub mod numbers;
pub mod participants;
pub mod partners;
pub mod referential;
pub mod scope;
pub mod services;
pub mod suggestions;
pub mod text;
pub mod time;

pub use errors::FieldErrors;
pub use scope::Scope;
