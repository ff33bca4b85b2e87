//! A background thread that runs slow work (git, parsing) so the UI never waits for it.
//!
//! Only the latest request matters: a user who flips through revisions quickly wants the
//! last one, so queued requests that a newer one supersedes are skipped, and results that
//! finish after a newer request was made are dropped, both by generation id.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

/// A worker running `f` on requests of type `Q`, answering with `R`.
pub struct Worker<Q, R> {
    tx: Option<Sender<(u64, Q)>>,
    rx: Receiver<(u64, R)>,
    latest: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl<Q: Send + 'static, R: Send + 'static> Worker<Q, R> {
    /// Starts the thread.
    pub fn spawn(mut f: impl FnMut(Q) -> R + Send + 'static) -> Self {
        let (tx, req_rx) = mpsc::channel::<(u64, Q)>();
        let (res_tx, rx) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = latest.clone();
        let thread = std::thread::Builder::new()
            .name("thutuc-review-worker".into())
            .spawn(move || {
                while let Ok(mut job) = req_rx.recv() {
                    // Skip everything a newer request has made pointless.
                    while let Ok(newer) = req_rx.try_recv() {
                        job = newer;
                    }
                    let (id, q) = job;
                    if id != seen.load(Ordering::SeqCst) {
                        continue;
                    }
                    let r = f(q);
                    if id == seen.load(Ordering::SeqCst) && res_tx.send((id, r)).is_err() {
                        break;
                    }
                }
            })
            .expect("spawn the worker thread");
        Worker {
            tx: Some(tx),
            rx,
            latest,
            thread: Some(thread),
        }
    }

    /// Asks for `q` under generation `id`; any earlier request becomes stale.
    pub fn request(&self, id: u64, q: Q) {
        self.latest.store(id, Ordering::SeqCst);
        if let Some(tx) = &self.tx {
            let _ = tx.send((id, q));
        }
    }

    /// A finished result of the latest request, if one is ready (stale ones are dropped).
    pub fn try_recv(&self) -> Option<(u64, R)> {
        while let Ok((id, r)) = self.rx.try_recv() {
            if id == self.latest.load(Ordering::SeqCst) {
                return Some((id, r));
            }
        }
        None
    }

    /// Like [`Worker::try_recv`], waiting up to `timeout` for the latest result.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<(u64, R)> {
        let end = std::time::Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(std::time::Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((id, r)) if id == self.latest.load(Ordering::SeqCst) => return Some((id, r)),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }
}

impl<Q, R> Drop for Worker<Q, R> {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop; a load in progress is not waited for,
        // so quitting is immediate even during a slow git read.
        self.tx.take();
        drop(self.thread.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn latest_request_wins() {
        let started = Arc::new(Mutex::new(Vec::new()));
        let seen = started.clone();
        let (gate_tx, gate_rx) = mpsc::channel::<()>();
        let gate = Mutex::new(gate_rx);
        let w = Worker::spawn(move |q: u32| {
            seen.lock().unwrap().push(q);
            // The first job blocks until the test has queued newer ones.
            if q == 1 {
                gate.lock().unwrap().recv().unwrap();
            }
            q * 10
        });
        w.request(1, 1);
        std::thread::sleep(Duration::from_millis(50));
        w.request(2, 2);
        w.request(3, 3);
        w.request(4, 4);
        gate_tx.send(()).unwrap();
        let (id, r) = w.recv_timeout(Duration::from_secs(5)).expect("a result");
        assert_eq!((id, r), (4, 40));
        // Job 1 ran (it had started) but its result was dropped; 2 and 3 never ran.
        assert_eq!(*started.lock().unwrap(), vec![1, 4]);
        assert!(w.recv_timeout(Duration::from_millis(100)).is_none());
    }
}
