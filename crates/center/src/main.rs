//! `chengban-center` command line: serve the department API (optionally seeding the demo), and
//! the operator's database chores — `migrate`, `backup` (SQLite), `after-restore`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chengban_center::auth::Security;
use chengban_center::calendar::Calendar;
use chengban_center::db::{self, Db, Location};
use chengban_center::{demo, open_state, start_with_state};

const USAGE: &str =
    "用法: chengban-center [--db 路径或 postgres://…] [--addr 127.0.0.1:8787] [--calendar 节假日.json] [--policy 时限.json] [--demo]
                       [--token-idle-hours 336] [--token-max-hours 720] [--behind-proxy]
       chengban-center migrate --db …         建立或升级数据库结构后退出
       chengban-center backup --db 文件 --to 备份文件   运行中即可备份 SQLite 数据库 (PostgreSQL 请用 pg_dump)
       chengban-center after-restore --db …   恢复备份后、启动前执行：更换实例标识，各桌面端重新完整同步
  --db                SQLite 数据库文件 (默认 ./center.sqlite)，或 PostgreSQL 地址 postgres://用户:密码@主机/库名
  --addr              监听地址 (默认 127.0.0.1:8787)
  --calendar          节假日与调休日历 JSON (默认内置 2026 年安排)
  --policy            办理时限表 JSON，如 {\"general\": {\"amount\": 3, \"unit\": \"working_days\"}}
  --demo              数据库为空时写入演示数据 (四平市 12345 案例)
  --token-idle-hours  登录闲置多少小时后失效 (默认 336，即 14 天)
  --token-max-hours   登录最长有效小时数 (默认 720，即 30 天)
  --behind-proxy      运行在本机反向代理 (如 nginx) 之后：来自本机的请求按 X-Forwarded-For 的最后一项记录客户端地址
收到 SIGTERM 或 Ctrl-C 时不再接受新连接，处理完进行中的请求 (最多 30 秒) 后退出。";

/// How long a stopping server waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(30);

enum Task {
    Serve,
    Migrate,
    Backup(PathBuf),
    AfterRestore,
}

struct Args {
    task: Task,
    db: PathBuf,
    addr: SocketAddr,
    calendar: Option<PathBuf>,
    policy: Option<PathBuf>,
    demo: bool,
    security: Security,
}

fn hours(v: Option<String>, flag: &str) -> Result<Duration, String> {
    let h: u64 = v.ok_or(format!("{flag} 需要小时数"))?.parse().map_err(|_| format!("{flag} 须为正整数小时"))?;
    if h == 0 {
        return Err(format!("{flag} 须大于 0"));
    }
    Ok(Duration::from_secs(h.saturating_mul(3600)))
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        task: Task::Serve,
        db: "center.sqlite".into(),
        addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
        calendar: None,
        policy: None,
        demo: false,
        security: Security::default(),
    };
    let mut it = std::env::args().skip(1).peekable();
    let mut to = None;
    match it.peek().map(String::as_str) {
        Some("migrate") => args.task = Task::Migrate,
        Some("backup") => args.task = Task::Backup(PathBuf::new()),
        Some("after-restore") => args.task = Task::AfterRestore,
        _ => {}
    }
    if !matches!(args.task, Task::Serve) {
        it.next();
    }
    while let Some(a) = it.next() {
        match a.as_str() {
            "--db" => args.db = it.next().ok_or("--db 需要路径")?.into(),
            "--to" if matches!(args.task, Task::Backup(_)) => to = Some(PathBuf::from(it.next().ok_or("--to 需要路径")?)),
            "--addr" => args.addr = it.next().ok_or("--addr 需要地址")?.parse().map_err(|e| format!("--addr: {e}"))?,
            "--calendar" => args.calendar = Some(it.next().ok_or("--calendar 需要路径")?.into()),
            "--policy" => args.policy = Some(it.next().ok_or("--policy 需要路径")?.into()),
            "--demo" => args.demo = true,
            "--token-idle-hours" => args.security.token_idle = hours(it.next(), "--token-idle-hours")?,
            "--token-max-hours" => args.security.token_max = hours(it.next(), "--token-max-hours")?,
            "--behind-proxy" => args.security.behind_proxy = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("未知参数: {other}")),
        }
    }
    if let Task::Backup(target) = &mut args.task {
        *target = to.ok_or("backup 需要 --to 备份文件")?;
    }
    Ok(args)
}

/// `migrate`, `backup`, `after-restore`: done, and the process ends.
fn chore(args: &Args) -> ExitCode {
    let at = Location::parse(&args.db);
    let done = match (&args.task, &at) {
        (Task::Backup(_), Location::Postgres(_)) => {
            eprintln!("PostgreSQL 数据库请用 pg_dump 备份（见 README「备份与恢复」）");
            return ExitCode::from(2);
        }
        (Task::Backup(to), Location::Sqlite(from)) => {
            db::sqlite::backup(from, to).map(|_| format!("已备份 {} 到 {}", from.display(), to.display())).map_err(|e| e.to_string())
        }
        (Task::Migrate, _) => Db::connect(&at).map(|_| format!("数据库结构已是最新：{}", at.display())).map_err(|e| e.to_string()),
        (Task::AfterRestore, _) => Db::connect(&at).map_err(|e| e.to_string()).and_then(|db| {
            let renewed = db.with_writer(|c| db::meta::renew_instance(c)).map_err(|e| e.to_string())?;
            renewed.map(|id| format!("已更换实例标识 ({id})：各桌面端下次同步时将重新完整同步")).map_err(|e| e.to_string())
        }),
        (Task::Serve, _) => return ExitCode::SUCCESS,
    };
    match done {
        Ok(said) => {
            println!("{said}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", at.display());
            ExitCode::FAILURE
        }
    }
}

/// SIGTERM (systemd, a load balancer's orchestration) or Ctrl-C.
async fn stop_asked() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(t) => t,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("{e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !matches!(args.task, Task::Serve) {
        // The chores block on the database; off the async threads.
        return tokio::task::spawn_blocking(move || chore(&args)).await.unwrap_or(ExitCode::FAILURE);
    }
    let calendar = match &args.calendar {
        Some(p) => match Calendar::load(p) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
        None => Calendar::builtin(),
    };
    let state = match open_state(&args.db, calendar.clone()) {
        Ok(s) => s.with_security(args.security.clone()),
        Err(e) => {
            eprintln!("无法打开数据库 {}: {e}", Location::parse(&args.db).display());
            return ExitCode::FAILURE;
        }
    };
    if let Some(path) = &args.policy {
        let limits = match std::fs::read_to_string(path).map_err(Into::into).and_then(|t| chengban_center::policy::parse_policy_file(&t)) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
        let applied =
            state.db.with_writer(|c| limits.iter().try_for_each(|(tier, limit)| chengban_center::db::policy::set(c, *tier, *limit)));
        if let Err(e) = applied.map_err(|e| e.to_string()).and_then(|r| r.map_err(|e| e.to_string())) {
            eprintln!("无法写入办理时限表: {e}");
            return ExitCode::FAILURE;
        }
    }
    if args.demo {
        let seeded = state.db.with_writer(|c| -> Result<(), chengban_center::error::ApiErr> {
            if !demo::is_seeded(c)? {
                demo::seed(c, &calendar, chrono::Utc::now())?;
            }
            Ok(())
        });
        if let Err(e) = seeded.and_then(|r| r) {
            eprintln!("写入演示数据失败: {e}");
            return ExitCode::FAILURE;
        }
        println!("演示账号（密码均为 {}）：", demo::DEMO_PASSWORD);
        for l in demo::logins() {
            println!("  {:<20} {:<6} {}", l.username, l.role.label(), l.department);
        }
    }
    let running = match start_with_state(state, args.addr).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    println!("chengban-center listening on {}", running.url());
    stop_asked().await;
    tracing::info!("stopping: no new connections; finishing the requests in flight");
    if tokio::time::timeout(DRAIN, running.stop()).await.is_err() {
        tracing::warn!("requests still running after {} s; stopping anyway", DRAIN.as_secs());
        return ExitCode::FAILURE;
    }
    tracing::info!("stopped");
    ExitCode::SUCCESS
}
