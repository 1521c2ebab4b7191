//! Password hashing: argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes on a blocking thread: argon2 takes tens of milliseconds of CPU.
pub async fn hash(password: String) -> String {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
    .await
    .unwrap_or_default()
}

/// A hash of a random password, verified against when the account does not
/// exist so that both cases take the same time.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4+Lxqd0jyvyrsd2nqwxhZkuWTmcB4j8Yc6Fo/WKzw8c";

/// Checks a password; `Some(needs_rehash)` when it matches.
pub async fn verify(password: String, stored: String) -> Option<bool> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored).ok()?;
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .ok()?;
        Some(is_weaker(&parsed))
    })
    .await
    .ok()
    .flatten()
}

/// A hash made with another algorithm or weaker parameters than today's.
fn is_weaker(hash: &PasswordHash<'_>) -> bool {
    let param = |name: &str| hash.params.get_decimal(name).unwrap_or(0);
    hash.algorithm.as_str() != "argon2id"
        || param("m") < MEMORY_KIB
        || param("t") < ITERATIONS
        || param("p") != LANES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_detect_weak_parameters() {
        let hashed = hash("correct cheval batterie".into()).await;
        assert!(hashed.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            verify("correct cheval batterie".into(), hashed.clone()).await,
            Some(false)
        );
        assert_eq!(verify("mauvais mot de passe".into(), hashed).await, None);
        assert_eq!(verify("x".into(), "pas un hash".into()).await, None);

        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        )
        .hash_password(
            b"correct cheval batterie",
            &SaltString::generate(&mut OsRng),
        )
        .unwrap()
        .to_string();
        assert_eq!(
            verify("correct cheval batterie".into(), weak).await,
            Some(true)
        );
    }

    #[tokio::test]
    async fn dummy_hash_is_well_formed() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert_eq!(verify("anything".into(), DUMMY_HASH.into()).await, None);
    }
}
