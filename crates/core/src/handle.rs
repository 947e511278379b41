//! The background services' one handle: a spawned task with its cancellation token, cancelled
//! when the handle is dropped (so a shell that forgets to stop a service cannot leak it), or
//! stopped and awaited with [`ServiceHandle::stop`].

use std::future::Future;

use tokio_util::sync::CancellationToken;

pub struct ServiceHandle {
    cancel: CancellationToken,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl ServiceHandle {
    /// Spawns `run` with the token the handle cancels.
    pub fn spawn<F, Fut>(run: F) -> Self
    where
        F: FnOnce(CancellationToken) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let cancel = CancellationToken::new();
        let task = tokio::spawn(run(cancel.clone()));
        Self { cancel, task: Some(task) }
    }

    /// Cancels the service and waits until it has ended.
    pub async fn stop(mut self) {
        self.cancel.cancel();
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for ServiceHandle {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}
