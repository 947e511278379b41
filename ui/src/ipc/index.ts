// The only module that reaches the desk: typed calls to the Rust commands and the core's events,
// through the Tauri app's bridge or, in a browser (the browser mode), over HTTP to 127.0.0.1 —
// chosen when the page starts. Everything else imports from here, and tests mock this module.
import { tauriTransport } from "./tauri";
import { inTauri, type Transport, type Unlisten } from "./transport";
import { takeLaunch, webTransport } from "./web";
import type { Action, AlertSettings, AttachmentClass, PolicyInput, Reply, TemplateInput, Commands, DeadlineCounts, ErrorCode, Events, InboxScope, InboxTab, IpcError, SyncStatus } from "./bindings";

export * from "./bindings";

const transport: Transport = inTauri() ? tauriTransport : webTransport(takeLaunch());

/** Calls a desk command: its name, arguments and answer are checked against the Rust list. */
function call<K extends keyof Commands>(name: K, ...args: Commands[K]["args"] extends Record<string, never> ? [] : [Commands[K]["args"]]) {
  return transport.invoke<Commands[K]["result"]>(name, args[0] ?? {});
}

function on<K extends keyof Events>(name: K, cb: (payload: Events[K]) => void): Promise<Unlisten> {
  return transport.listen(name, (payload) => cb(payload as Events[K]));
}

export function errorMessage(e: unknown): string {
  if (e && typeof e === "object" && "message" in e && typeof (e as IpcError).message === "string") {
    return (e as IpcError).message;
  }
  return "操作失败，请重试";
}

export function errorCode(e: unknown): ErrorCode | undefined {
  return e && typeof e === "object" && "code" in e ? (e as IpcError).code : undefined;
}

export const api = {
  login: (serverUrl: string, username: string, password: string) => call("login", { serverUrl, username, password }),
  logout: () => call("logout"),
  currentSession: () => call("current_session"),
  loginDefaults: () => call("login_defaults"),
  inboxPage: (tab: InboxTab, scope: InboxScope, page: number, pageSize: number) => call("inbox_page", { tab, scope, page, pageSize }),
  tabCounts: (scope: InboxScope) => call("tab_counts", { scope }),
  /** Whom a slip may be given to (分派): the department's handlers and leaders. */
  assignable: () => call("assignable"),
  searchSlips: (query: string) => call("search_slips", { query }),
  slipDetail: (id: number) => call("slip_detail", { id }),
  revealContact: (id: number) => call("reveal_contact", { id }),
  /** 类似工单 and whether the slip is a 重复件, from the cache. */
  similarCases: (id: number) => call("similar_cases", { id }),
  /** The slip's 处理单, for the print view. */
  slipSheet: (id: number) => call("slip_sheet", { id }),
  /** 导出 PDF: the save dialog, then the 处理单 written there; its path, or null if cancelled. */
  exportSlipPdf: (id: number) => call("export_slip_pdf", { id }),
  syncStatus: () => call("sync_status"),
  /** Syncs now; the status after the round (at most 15 s), to tell the user what happened. */
  syncNow: () => call("sync_now"),
  act: (id: number, action: Action) => call("act", { id, action }),
  /** The reply library as the desk has it (offline too). */
  replyLibrary: () => call("reply_library"),
  /** A template's text with its placeholders filled for the slip. */
  fillTemplate: (id: number, body: string) => call("fill_template", { id, body }),
  addPersonalTemplate: (template: TemplateInput) => call("add_personal_template", { template }),
  removePersonalTemplate: (id: number) => call("remove_personal_template", { id }),
  /** The leader's: needs the center. `id` null adds. */
  saveDepartmentTemplate: (id: number | null, template: TemplateInput) => call("save_department_template", { id, template }),
  saveDepartmentPolicy: (id: number | null, policy: PolicyInput) => call("save_department_policy", { id, policy }),
  deleteDepartmentEntry: (policy: boolean, id: number) => call("delete_department_entry", { policy, id }),
  addAttachment: (name: string, contentType: string, dataBase64: string, cls?: AttachmentClass) =>
    call("add_attachment", cls === undefined ? { name, contentType, dataBase64 } : { name, contentType, dataBase64, class: cls }),
  /** 审单 before sending: what the reply breaks, blocking first; the handler confirms warnings. */
  checkReply: (id: number, reply: Reply) => call("check_reply", { id, reply }),
  dismissRejected: (mutationId: number) => call("dismiss_rejected", { mutationId }),
  pendingCount: () => call("pending_count"),
  uiConfig: () => call("ui_config"),
  alertSettings: () => call("alert_settings"),
  setAlertSettings: (settings: AlertSettings) => call("set_alert_settings", { settings }),
  autostart: () => call("autostart"),
  setAutostart: (enabled: boolean) => call("set_autostart", { enabled }),
  deadlineCounts: () => call("deadline_counts"),
  /** Writes the support zip into the user's Downloads; its path. */
  exportDiagnostics: () => call("export_diagnostics"),
  /** The month's 考核 rates (`YYYY-MM`, this month when absent), counted from the cache. */
  stats: (month?: string) => call("stats", month === undefined ? {} : { month }),
  /** The 统计 page: the month's report, the month before, the 12-month trend, the slips at risk. */
  statsPage: (month?: string) => call("stats_page", month === undefined ? {} : { month }),
  /** 导出 Excel: asks where with the save dialog; the file written, or null when cancelled. */
  exportMonth: (month?: string) => call("export_month", month === undefined ? {} : { month }),
};

export const events = {
  onSyncStatus: (cb: (s: SyncStatus) => void) => on("sync://status", cb),
  onSlipsChanged: (cb: (count: number) => void) => on("slips://changed", (p) => cb(p.count)),
  onDeadlineCounts: (cb: (c: DeadlineCounts) => void) => on("alerts://counts", cb),
  /** A notification was clicked: open its slip. */
  onOpenSlip: (cb: (slipId: number) => void) => on("alerts://open", (p) => cb(p.slip_id)),
};
