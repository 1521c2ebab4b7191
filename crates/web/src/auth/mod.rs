//! Who is asking: sessions, CSRF, passwords, sign-in.

pub mod csrf;
pub mod password;
pub mod proconnect;
pub mod session;

pub use session::{ClientInfo, CurrentUser};
