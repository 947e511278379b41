//! The app started on a damaged cache: the clerk is still logged in (the session and the key are
//! in the work file and the keyring), is told in Chinese that the cache was set aside and where,
//! and the slips come back from the center; the damaged file stays beside for support.

use std::io::{Seek, SeekFrom, Write};

use chengban_e2e::{App, CenterProc};

fn scribble(path: &std::path::Path, from: u64) {
    let Ok(meta) = std::fs::metadata(path) else { return };
    let mut f = std::fs::OpenOptions::new().write(true).open(path).expect("open");
    let mut at = from;
    while at < meta.len() {
        f.seek(SeekFrom::Start(at)).expect("seek");
        f.write_all(&[0x5A; 4096]).expect("write");
        at += 4096;
    }
    f.sync_all().expect("sync");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cache_scribbled_over_is_said_set_aside_and_pulled_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let center = CenterProc::start(dir.path()).await;
    let data = dir.path().join("data");
    let app = App::launch(&data, &center.url()).await;
    app.login(&center.url(), "tiexi.handler", "demo1234").await;
    app.until(20, "demo slips", || async { app.text_of_all("tr.slip-row").await.len() == 4 }).await;
    // The round's checkpoint puts the slips in the file itself.
    let cache = data.join("chengban/cache.sqlite");
    app.until(20, "the checkpoint", || async { std::fs::metadata(&cache).map(|m| m.len() > 16 * 4096).unwrap_or(false) }).await;
    app.close().await;

    // Garbage over every page but the first (the header and the schema still read), and over
    // the write-ahead log's frames (which alone would only undo its last commits).
    scribble(&cache, 4096);
    scribble(&data.join("chengban/cache.sqlite-wal"), 32);

    let app = App::launch(&data, &center.url()).await;
    app.find(".inbox").await;
    app.until(20, "the notice", || async {
        app.text_of_all("[data-testid=storage-notice]")
            .await
            .iter()
            .any(|t| t.contains("本地缓存文件已损坏") && t.contains("cache.damaged-"))
    })
    .await;
    app.until(20, "slips pulled again", || async { app.text_of_all("tr.slip-row").await.len() == 4 }).await;
    let kept = std::fs::read_dir(data.join("chengban"))
        .expect("data")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("cache.damaged-"))
        .count();
    assert_eq!(kept, 1, "the damaged file kept beside");
    app.screenshot("damaged-cache.png").await;
    app.close().await;
}
