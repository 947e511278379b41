//! 4. Dispatch → notification latency over a live connection: the center's event stream, the
//!    pull, the alert pass — to the notifier, as the desk runs it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chengban_core::alerts::{service as alerts, RecordingNotifier};
use chengban_core::sync::live;
use chengban_core::sync::service::{self, SyncConfig};
use chengban_testkit::{Dispatch, Operator};

use crate::common::{center_with, desk, e, ms, percentile, Report, Size};

pub async fn run(size: &Size, report: &mut Report) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(e)?;
    let (center, dept) = center_with(dir.path(), 100).await?;
    let d = desk(dir.path(), &center).await?;
    let _sync = service::start(d.clone(), SyncConfig { interval: Duration::from_secs(3600), ..Default::default() });
    let _live = live::start(d.clone());
    let notifier = Arc::new(RecordingNotifier::default());
    let _alerts = alerts::start(d.clone(), notifier.clone());
    let ready = Instant::now();
    while !(d.is_live() && d.status().last_synced_at.is_some()) {
        if ready.elapsed() > Duration::from_secs(20) {
            return Err("live stream did not connect".into());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    notifier.taken();

    let operator = Operator::login(&center.url()).await?;
    let mut latencies = Vec::new();
    for i in 0..size.latency_dispatches {
        let title = format!("燃气泄漏第{i}起");
        let slip =
            Dispatch { tier: "emergency", title: &title, content: "来电人反映：楼道内燃气味很浓。", ..Dispatch::default() };
        let started = Instant::now();
        let slip = operator.dispatch_to(dept, &slip).await?;
        let number = slip["number"].as_str().ok_or("no number")?.to_string();
        loop {
            if notifier.taken().iter().any(|n| n.title.contains(&number)) {
                latencies.push(started.elapsed());
                break;
            }
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!("no notification for {number} within 10 s"));
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
    let p50 = percentile(latencies.clone(), 0.5);
    let p95 = percentile(latencies, 0.95);
    report.add(
        format!("dispatch → notification, live connection, {} dispatches", size.latency_dispatches),
        format!("p50 {} / p95 {}", ms(p50), ms(p95)),
        "—",
        "—",
        "p95 ≤ 1 s",
        Some(p95 <= Duration::from_secs(1)),
    );
    Ok(())
}
