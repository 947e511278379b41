//! The one list of commands the window may call, served alike by every shell (the Tauri app,
//! and the browser mode to come): each shell hands a command's name and JSON arguments to
//! [`call`] and returns its answer or its [`IpcError`]. What only a shell can do (start at
//! login) it provides through [`Shell`]. The TypeScript map of names, arguments and answers is
//! generated from the same list ([`typescript`]), so the window cannot call a command that is
//! not here, or with other arguments.

mod args;
mod error;

use std::time::Duration;

use base64::Engine;
use serde::Deserialize;
use serde_json::Value;
use ts_rs::TS;

pub use args::*;
pub use error::{ErrorCode, IpcError};

use crate::alerts::rules::AlertSettings;
use crate::error::{CoreError, Result};
use crate::sheet::Sheet;
use crate::view::{
    CitizenContact, DeadlineCounts, InboxPage, LoginDefaults, ReplyLibrary, SessionInfo, SimilarCases, SlipDetail, SlipRow, StatsPage,
    SyncStatus, TabCounts, UiConfig,
};
use crate::Desk;
use chengban_protocol::review::Finding;
use chengban_protocol::{AttachmentRef, DepartmentUser, StatsReport};

/// What a shell does for the commands that need it.
pub trait Shell: Send + Sync {
    /// Whether the desk starts when the user logs in to the PC.
    fn autostart(&self) -> bool;
    /// Turns starting at login on or off; the state after it.
    fn set_autostart(&self, enabled: bool) -> Result<bool>;
    /// Where files the user exports go (their Downloads folder).
    fn export_dir(&self) -> std::path::PathBuf;
    /// Where to save a file the user exports, asked with the OS's save dialog offering
    /// `file_name`; None when they cancel. Blocks until they answer. By default: the export folder.
    fn save_path(&self, file_name: &str) -> Option<std::path::PathBuf> {
        Some(self.export_dir().join(file_name))
    }
    /// The shell's own facts for a support export (its name, the webview's version), one a line.
    fn about(&self) -> String;
}

/// How long "sync now" waits for its round before answering with the status so far.
pub const SYNC_NOW_WAIT: Duration = Duration::from_secs(15);

/// Declares the commands once: the [`Command`] enum the arguments decode into, its names, the
/// TypeScript map, and what each does.
macro_rules! commands {
    ($($name:literal => $variant:ident($args:ty) -> $out:ty = |$desk:ident, $shell:ident, $a:pat_param| $body:expr;)+) => {
        /// A command with its arguments, as decoded from what the window sent.
        #[derive(Debug, Deserialize)]
        #[serde(tag = "command", content = "args")]
        pub enum Command {
            $(#[serde(rename = $name)] $variant($args),)+
        }

        impl Command {
            /// Every command's name, as the window calls it.
            pub const NAMES: &'static [&'static str] = &[$($name),+];
        }

        async fn run(desk: &Desk, shell: &dyn Shell, command: Command) -> Result<Value> {
            match command {
                $(Command::$variant($a) => {
                    let $desk = desk;
                    let $shell = shell;
                    let answer: $out = $body;
                    serde_json::to_value(answer).map_err(|e| CoreError::Internal(format!("answer of {}: {e}", $name)))
                })+
            }
        }

        /// `Commands`: each command's arguments and answer, for `ui/src/ipc/`.
        pub fn typescript() -> String {
            let mut decls: Vec<String> = Vec::new();
            $(
                let decl = <$args as TS>::decl();
                if !decls.contains(&decl) {
                    decls.push(decl);
                }
            )+
            let mut out = decls.into_iter().map(|d| format!("export {d}\n\n")).collect::<String>();
            out.push_str("/** Every command the desk serves: its arguments and its answer. */\nexport type Commands = {\n");
            $(out.push_str(&format!("  {}: {{ args: {}; result: {} }};\n", $name, <$args as TS>::name(), <$out as TS>::name()));)+
            out.push('}');
            out
        }
    };
}

commands! {
    "login" => Login(LoginArgs) -> SessionInfo = |d, _s, a| d.login(&a.server_url, &a.username, &a.password).await?;
    "logout" => Logout(NoArgs) -> () = |d, _s, _a| d.logout().await?;
    "current_session" => CurrentSession(NoArgs) -> Option<SessionInfo> = |d, _s, _a| d.session_info();
    "login_defaults" => LoginDefaults(NoArgs) -> LoginDefaults = |d, _s, _a| login_defaults(d).await?;
    "ui_config" => UiConfig(NoArgs) -> UiConfig = |_d, _s, _a| ui_config();
    "inbox_page" => InboxPage(InboxPageArgs) -> InboxPage = |d, _s, a| d.inbox(a.tab, a.scope.unwrap_or_default(), a.page, a.page_size).await?;
    "tab_counts" => TabCounts(ScopeArgs) -> TabCounts = |d, _s, a| d.counts(a.scope.unwrap_or_default()).await?;
    "assignable" => Assignable(NoArgs) -> Vec<DepartmentUser> = |d, _s, _a| d.assignable().await?;
    "slip_detail" => SlipDetail(SlipArgs) -> SlipDetail = |d, _s, a| d.slip(a.id).await?;
    "slip_sheet" => SlipSheet(SlipArgs) -> Sheet = |d, _s, a| d.slip_sheet(a.id).await?;
    "export_slip_pdf" => ExportSlipPdf(SlipArgs) -> Option<String> = |d, s, a| export_slip_pdf(d, s, a.id).await?;
    "similar_cases" => SimilarCasesCmd(SlipArgs) -> SimilarCases = |d, _s, a| d.similar_cases(a.id).await?;
    "reveal_contact" => RevealContact(SlipArgs) -> CitizenContact = |d, _s, a| d.reveal_contact(a.id).await?;
    "search_slips" => SearchSlips(SearchArgs) -> Vec<SlipRow> = |d, _s, a| d.search(a.query).await?;
    "sync_status" => SyncStatus(NoArgs) -> SyncStatus = |d, _s, _a| d.status();
    "sync_now" => SyncNow(NoArgs) -> SyncStatus = |d, _s, _a| d.sync_now(SYNC_NOW_WAIT).await;
    "act" => Act(ActArgs) -> SlipDetail = |d, _s, a| d.act(a.id, a.action).await?;
    "check_reply" => CheckReply(CheckReplyArgs) -> Vec<Finding> = |d, _s, a| d.check_reply(a.id, a.reply).await?;
    "reply_library" => ReplyLibraryCmd(NoArgs) -> ReplyLibrary = |d, _s, _a| d.library().await?;
    "fill_template" => FillTemplate(FillTemplateArgs) -> String = |d, _s, a| d.fill_template(a.id, a.body).await?;
    "add_personal_template" => AddPersonalTemplate(TemplateArgs) -> i64 = |d, _s, a| d.add_personal_template(a.template).await?;
    "remove_personal_template" => RemovePersonalTemplate(EntryArgs) -> () = |d, _s, a| d.remove_personal_template(a.id).await?;
    "save_department_template" => SaveDepartmentTemplate(SaveTemplateArgs) -> () = |d, _s, a| d.save_department_template(a.id, a.template).await?;
    "save_department_policy" => SaveDepartmentPolicy(SavePolicyArgs) -> () = |d, _s, a| d.save_department_policy(a.id, a.policy).await?;
    "delete_department_entry" => DeleteDepartmentEntry(DeleteEntryArgs) -> () = |d, _s, a| d.delete_department_entry(a.policy, a.id).await?;
    "add_attachment" => AddAttachment(AddAttachmentArgs) -> AttachmentRef = |d, _s, a| add_attachment(d, a).await?;
    "dismiss_rejected" => DismissRejected(DismissArgs) -> () = |d, _s, a| d.dismiss_rejected(a.mutation_id).await?;
    "pending_count" => PendingCount(NoArgs) -> u32 = |d, _s, _a| d.pending_count().await?;
    "alert_settings" => AlertSettings(NoArgs) -> AlertSettings = |d, _s, _a| d.alert_settings().await?;
    "set_alert_settings" => SetAlertSettings(AlertSettingsArgs) -> AlertSettings = |d, _s, a| d.set_alert_settings(a.settings).await?;
    "deadline_counts" => DeadlineCounts(NoArgs) -> DeadlineCounts = |d, _s, _a| d.deadline_counts().await?;
    "autostart" => Autostart(NoArgs) -> bool = |_d, s, _a| s.autostart();
    "set_autostart" => SetAutostart(AutostartArgs) -> bool = |_d, s, a| s.set_autostart(a.enabled)?;
    "stats" => Stats(StatsArgs) -> StatsReport = |d, _s, a| d.stats(a.month).await?;
    "stats_page" => StatsPageCmd(StatsArgs) -> StatsPage = |d, _s, a| d.stats_page(a.month).await?;
    "export_month" => ExportMonth(StatsArgs) -> Option<String> = |d, s, a| export_month(d, s, a.month).await?;
    "export_diagnostics" => ExportDiagnostics(NoArgs) -> String = |d, s, _a| d.export_diagnostics(s.about(), s.export_dir()).await?.display().to_string();
}

/// Runs the command `name` with the window's JSON `args` (absent or `null` for none).
pub async fn call(desk: &Desk, shell: &dyn Shell, name: &str, args: Value) -> std::result::Result<Value, IpcError> {
    let args = if args.is_null() { Value::Object(Default::default()) } else { args };
    let command: Command = serde_json::from_value(serde_json::json!({ "command": name, "args": args })).map_err(|e| {
        // Names and field names only: serde quotes neither the values nor citizens' data here.
        tracing::warn!(command = name, error = %e, "command arguments not understood");
        IpcError::bad_arguments(name)
    })?;
    Ok(run(desk, shell, command).await?)
}

/// 导出 Excel: asks where (the save dialog, which blocks a worker thread of its own while open),
/// then writes the workbook there; None when the user cancelled.
async fn export_month(desk: &Desk, shell: &dyn Shell, month: Option<String>) -> Result<Option<String>> {
    let name = desk.month_workbook_name(month.as_deref());
    let Some(path) = ask_save_path(shell, &name) else { return Ok(None) };
    Ok(Some(desk.export_month(month, path).await?.display().to_string()))
}

/// 导出 PDF: asks where (the save dialog), then writes the slip's 处理单 there; None when the
/// user cancelled.
async fn export_slip_pdf(desk: &Desk, shell: &dyn Shell, id: i64) -> Result<Option<String>> {
    // Built once: its number names the file, then it is drawn.
    let sheet = desk.slip_sheet(id).await?;
    let Some(path) = ask_save_path(shell, &sheet.file_name()) else { return Ok(None) };
    Ok(Some(desk.export_sheet_pdf(sheet, path).await?.display().to_string()))
}

/// The save dialog blocks: on the multi-threaded runtime it gets a worker thread of its own.
fn ask_save_path(shell: &dyn Shell, name: &str) -> Option<std::path::PathBuf> {
    let ask = || shell.save_path(name);
    match tokio::runtime::Handle::current().runtime_flavor() {
        tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(ask),
        _ => ask(),
    }
}

async fn login_defaults(desk: &Desk) -> Result<LoginDefaults> {
    let mut defaults = desk.login_defaults().await?;
    // Started with CHENGBAN_SERVER (the demo, tests, an IT department's shortcut): that address
    // is what was asked for this time, over the one used last.
    if let Some(server) = std::env::var("CHENGBAN_SERVER").ok().filter(|s| !s.trim().is_empty()) {
        defaults.server_url = Some(server);
    }
    Ok(defaults)
}

fn ui_config() -> UiConfig {
    UiConfig { reduce_motion: std::env::var_os("CHENGBAN_REDUCE_MOTION").is_some_and(|v| v == "1") }
}

/// The window sends a file's bytes as base64: a webview has no paths to give.
async fn add_attachment(desk: &Desk, a: AddAttachmentArgs) -> Result<AttachmentRef> {
    let data = base64::engine::general_purpose::STANDARD
        .decode(a.data_base64.as_bytes())
        .map_err(|_| CoreError::InvalidInput("附件数据无法读取".into()))?;
    desk.add_attachment(&a.name, &a.content_type, a.class.unwrap_or_default(), data).await
}
