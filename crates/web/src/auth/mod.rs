//! Who is asking: sessions, CSRF, passwords, sign-in.

pub mod csrf;
pub mod password;
pub mod session;

pub use session::{ClientInfo, CurrentUser};
