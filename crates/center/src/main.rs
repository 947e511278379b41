//! `chengban-center` command line: serve the department API, optionally seeding the demo.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chengban_center::auth::Security;
use chengban_center::calendar::Calendar;
use chengban_center::{demo, open_state, start_with_state};

const USAGE: &str = "用法: chengban-center [--db 路径] [--addr 127.0.0.1:8787] [--calendar 节假日.json] [--policy 时限.json] [--demo]
                       [--token-idle-hours 336] [--token-max-hours 720] [--behind-proxy]
  --db                数据库文件 (默认 ./center.sqlite)
  --addr              监听地址 (默认 127.0.0.1:8787)
  --calendar          节假日与调休日历 JSON (默认内置 2026 年安排)
  --policy            办理时限表 JSON，如 {\"general\": {\"amount\": 3, \"unit\": \"working_days\"}}
  --demo              数据库为空时写入演示数据 (四平市 12345 案例)
  --token-idle-hours  登录闲置多少小时后失效 (默认 336，即 14 天)
  --token-max-hours   登录最长有效小时数 (默认 720，即 30 天)
  --behind-proxy      运行在本机反向代理 (如 nginx) 之后：来自本机的请求按 X-Forwarded-For 的最后一项记录客户端地址";

struct Args {
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
        db: "center.sqlite".into(),
        addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
        calendar: None,
        policy: None,
        demo: false,
        security: Security::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--db" => args.db = it.next().ok_or("--db 需要路径")?.into(),
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
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
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
            eprintln!("无法打开数据库 {}: {e}", args.db.display());
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
    let _ = tokio::signal::ctrl_c().await;
    running.stop().await;
    ExitCode::SUCCESS
}
