// The only module that touches @tauri-apps/*: typed calls to the Rust commands and the core's
// events. Everything else imports from here, and tests mock this module.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  Action,
  AlertSettings,
  DeadlineCounts,
  AttachmentRef,
  CitizenContact,
  InboxTab,
  InboxPage,
  LoginDefaults,
  SessionInfo,
  UiConfig,
  SlipDetail,
  SlipRow,
  SyncStatus,
  TabCounts,
} from "./bindings";

export type * from "./bindings";

/** The one error shape every command rejects with. */
export interface IpcError {
  code: "offline" | "auth_expired" | "bad_credentials" | "rejected" | "refused" | "invalid_input" | "not_found" | "internal";
  message: string;
}

export function errorMessage(e: unknown): string {
  if (e && typeof e === "object" && "message" in e && typeof (e as IpcError).message === "string") {
    return (e as IpcError).message;
  }
  return "操作失败，请重试";
}

export function errorCode(e: unknown): IpcError["code"] | undefined {
  return e && typeof e === "object" && "code" in e ? (e as IpcError).code : undefined;
}

export const api = {
  login: (serverUrl: string, username: string, password: string) =>
    invoke<SessionInfo>("login", { serverUrl, username, password }),
  logout: () => invoke<void>("logout"),
  currentSession: () => invoke<SessionInfo | null>("current_session"),
  loginDefaults: () => invoke<LoginDefaults>("login_defaults"),
  inboxPage: (tab: InboxTab, page: number, pageSize: number) =>
    invoke<InboxPage>("inbox_page", { tab, page, pageSize }),
  tabCounts: () => invoke<TabCounts>("tab_counts"),
  searchSlips: (query: string) => invoke<SlipRow[]>("search_slips", { query }),
  slipDetail: (id: number) => invoke<SlipDetail>("slip_detail", { id }),
  revealContact: (id: number) => invoke<CitizenContact>("reveal_contact", { id }),
  syncStatus: () => invoke<SyncStatus>("sync_status"),
  /** Syncs now; the status after the round (at most 15 s), to tell the user what happened. */
  syncNow: () => invoke<SyncStatus>("sync_now"),
  act: (id: number, action: Action) => invoke<SlipDetail>("act", { id, action }),
  addAttachment: (name: string, contentType: string, dataBase64: string) =>
    invoke<AttachmentRef>("add_attachment", { name, contentType, dataBase64 }),
  dismissRejected: (mutationId: number) => invoke<void>("dismiss_rejected", { mutationId }),
  pendingCount: () => invoke<number>("pending_count"),
  uiConfig: () => invoke<UiConfig>("ui_config"),
  alertSettings: () => invoke<AlertSettings>("alert_settings"),
  setAlertSettings: (settings: AlertSettings) => invoke<AlertSettings>("set_alert_settings", { settings }),
  autostart: () => invoke<boolean>("autostart"),
  setAutostart: (enabled: boolean) => invoke<boolean>("set_autostart", { enabled }),
  deadlineCounts: () => invoke<DeadlineCounts>("deadline_counts"),
};

export const events = {
  onSyncStatus: (cb: (s: SyncStatus) => void): Promise<UnlistenFn> =>
    listen<SyncStatus>("sync://status", (e) => cb(e.payload)),
  onSlipsChanged: (cb: (count: number) => void): Promise<UnlistenFn> =>
    listen<{ count: number }>("slips://changed", (e) => cb(e.payload.count)),
  onDeadlineCounts: (cb: (c: DeadlineCounts) => void): Promise<UnlistenFn> =>
    listen<DeadlineCounts>("alerts://counts", (e) => cb(e.payload)),
  /** A notification was clicked: open its slip. */
  onOpenSlip: (cb: (slipId: number) => void): Promise<UnlistenFn> =>
    listen<{ slip_id: number }>("alerts://open", (e) => cb(e.payload.slip_id)),
};
