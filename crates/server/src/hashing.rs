//! PINs and passwords, hashed with Argon2id: tens of milliseconds of CPU
//! and 19 MiB each, so they run on threads of their own, never more than
//! [`HASHES_AT_ONCE`] at a time, each reusing its memory, behind a short
//! line ([`Hashing`]); a request that finds the line full is told the
//! server is busy at once.

use std::cell::RefCell;
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex};

use argon2::password_hash::{self, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::secrets::random_bytes;

/// Argon2 hashes computed at once: each holds about 19 MiB while it runs,
/// so a flood of sign-ins costs at most this many times that.
pub const HASHES_AT_ONCE: usize = 4;
/// Requests that may wait for a turn beyond those hashing; the rest are
/// told the server is busy (503) without waiting.
pub const HASHES_WAITING: usize = 60;

/// There are already [`HASHES_AT_ONCE`] hashes running and
/// [`HASHES_WAITING`] waiting: try again in a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the server is checking too many PINs at once")]
pub struct Busy;

/// Work for a hashing thread.
type Job = Box<dyn FnOnce() + Send>;

/// The line for Argon2 hashes (PINs and passwords to hash or check): a
/// server's own [`HASHES_AT_ONCE`] threads hash, and at most
/// [`HASHES_WAITING`] more wait. Threads of their own, not the runtime's
/// blocking pool: that pool starts new threads as it likes, and every
/// thread that ever hashed keeps its 19 MiB in its allocator's arena, so a
/// flood once took a server to 3.8 GB.
#[derive(Clone)]
pub struct Hashing {
    places: Arc<Semaphore>,
    jobs: SyncSender<Job>,
}

impl Default for Hashing {
    fn default() -> Self {
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(HASHES_AT_ONCE + HASHES_WAITING);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..HASHES_AT_ONCE {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    loop {
                        // The lock is let go before the work runs.
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        // Every sender is gone: the server stopped.
                        let Ok(job) = job else { return };
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                })
                .expect("a hashing thread starts");
        }
        Self {
            places: Arc::new(Semaphore::new(HASHES_AT_ONCE + HASHES_WAITING)),
            jobs,
        }
    }
}

/// A place in the line for one hash. Taken before any other work for the
/// request, so that a flood is refused before it costs anything; kept
/// until the hash is done, even if the request that asked for it is gone.
pub struct Place {
    held: OwnedSemaphorePermit,
    jobs: SyncSender<Job>,
}

impl Hashing {
    /// A place in the line, or [`Busy`] when the line is full.
    pub fn place(&self) -> Result<Place, Busy> {
        let held = self.places.clone().try_acquire_owned().map_err(|_| Busy)?;
        Ok(Place {
            held,
            jobs: self.jobs.clone(),
        })
    }

    /// A place, waiting for one if the line is full (the server's own
    /// start and commands, which nobody floods).
    pub async fn wait_for_place(&self) -> Place {
        let held = self
            .places
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        Place {
            held,
            jobs: self.jobs.clone(),
        }
    }
}

impl Place {
    /// Runs `work` on one of the hashing threads when it is free. The
    /// place goes with the work, so that a client that hangs up does not
    /// free it while the hash still runs.
    async fn run<T: Send + 'static>(self, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let held = self.held;
        let job: Job = Box::new(move || {
            let out = work();
            drop(held);
            let _ = answer.send(out);
        });
        // Never full: the queue has room for every place.
        self.jobs
            .try_send(job)
            .expect("the hashing queue has room for every place");
        answered.await.expect("a hashing thread ended the work")
    }

    /// Hashes a PIN or password with Argon2id and a random salt.
    pub async fn hash(self, secret: String) -> String {
        self.run(move || {
            let salt =
                SaltString::encode_b64(&random_bytes()[..16]).expect("16 bytes is a valid salt");
            hash_with(&salt, secret.as_bytes())
                .expect("argon2 with default parameters cannot fail on a valid salt")
        })
        .await
    }

    /// Checks a PIN or password against its stored hash. With no stored
    /// hash (an unknown user) it still spends the same work, so timing
    /// tells nothing.
    pub async fn verify(self, secret: String, stored: Option<String>) -> bool {
        self.run(move || {
            let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
            let ok = verify_with(&stored, secret.as_bytes()).unwrap_or(false);
            ok && stored != DUMMY_HASH
        })
        .await
    }
}

thread_local! {
    /// A hashing thread's Argon2 memory (19 MiB with the default settings),
    /// made at its first hash and used for every one after: allocating it
    /// for each hash leaves the freed memory with the allocator, and a
    /// flood of sign-ins once grew a server by hundreds of megabytes.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Argon2 of `secret` and `salt` by `argon` into `out`, in this thread's
/// memory.
fn argon2_into(argon: &Argon2, secret: &[u8], salt: &[u8], out: &mut [u8]) -> argon2::Result<()> {
    let blocks = argon.params().block_count();
    MEMORY.with_borrow_mut(|memory| {
        if memory.len() < blocks {
            memory.resize(blocks, Block::new());
        }
        argon.hash_password_into_with_memory(secret, salt, out, &mut memory[..blocks])
    })
}

/// The PHC string of an Argon2id hash (default settings) of `secret`.
fn hash_with(salt: &SaltString, secret: &[u8]) -> password_hash::Result<String> {
    let argon = Argon2::default();
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        argon2_into(&argon, secret, salt_bytes, out).map_err(password_hash::Error::from)
    })?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Whether `secret` is the one whose Argon2 hash is the PHC string
/// `stored` (its own algorithm, version and settings).
fn verify_with(stored: &str, secret: &[u8]) -> password_hash::Result<bool> {
    let hash = PasswordHash::new(stored)?;
    let algorithm = Algorithm::try_from(hash.algorithm)?;
    let version = hash
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let params = Params::try_from(&hash)?;
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return Err(password_hash::Error::PhcStringField);
    };
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    let argon = Argon2::new(algorithm, version, params);
    let computed = Output::init_with(expected.len(), |out| {
        argon2_into(&argon, secret, salt_bytes, out).map_err(password_hash::Error::from)
    })?;
    // Output's equality takes the same time whatever the bytes.
    Ok(computed == expected)
}

/// An Argon2id hash of a random string, used to spend equal time on unknown users.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0bY1Yp7xpmP1aHR2tZ+5Cj2bcMsyGEZ0qyFiuN2Ri7Y";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_pin_verifies_and_a_wrong_one_does_not() {
        let line = Hashing::default();
        let hash = line.place().unwrap().hash("482193".into()).await;
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            line.place()
                .unwrap()
                .verify("482193".into(), Some(hash.clone()))
                .await
        );
        assert!(
            !line
                .place()
                .unwrap()
                .verify("482194".into(), Some(hash))
                .await
        );
    }

    #[test]
    fn hashes_made_here_and_by_the_argon2_crate_check_each_other() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::encode_b64(&random_bytes()[..16]).unwrap();
        let ours = hash_with(&salt, b"975310").unwrap();
        let theirs = Argon2::default().hash_password(b"975310", &salt).unwrap();
        assert_eq!(ours, theirs.to_string());
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"975310", &parsed)
                .is_ok()
        );
        assert_eq!(verify_with(&theirs.to_string(), b"975310"), Ok(true));
        assert_eq!(verify_with(&ours, b"975311"), Ok(false));
        assert!(verify_with("not a hash", b"975310").is_err());
        // Other settings than ours (a smaller memory) check as they are.
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"975310", &salt)
        .unwrap();
        assert_eq!(verify_with(&small.to_string(), b"975310"), Ok(true));
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        let line = Hashing::default();
        assert!(!line.place().unwrap().verify("anything".into(), None).await);
    }

    #[tokio::test]
    async fn a_full_line_is_refused_at_once_and_frees_as_hashes_end() {
        let line = Hashing::default();
        let mut held: Vec<Place> = (0..HASHES_AT_ONCE + HASHES_WAITING)
            .map(|_| line.place().unwrap())
            .collect();
        assert_eq!(line.place().err(), Some(Busy));
        let one = held.pop().unwrap();
        assert!(!one.verify("123456".into(), None).await);
        assert!(line.place().is_ok(), "a finished hash gives its place back");
    }
}
