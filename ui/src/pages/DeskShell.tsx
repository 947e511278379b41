import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { BarChartOutlined, BookOutlined, LogoutOutlined, SettingOutlined, SyncOutlined } from "@ant-design/icons";
import { api, events, type DeadlineCounts, type SessionInfo, type SyncStatus } from "../ipc";
import { setClockOffset } from "../lib/clock";
import { fullTime } from "../lib/time";
import { ROLE } from "../lib/labels";
import Notice from "../components/Notice";
import StorageNotice from "../components/StorageNotice";
import Spinner from "../components/Spinner";
import SyncBanner from "../components/SyncBanner";
import Inbox, { firstView, type InboxView } from "./Inbox";

// Loaded when first opened, with antd: the inbox, where the desk idles, carries none of the
// forms, pickers and uploads of a slip's page or the settings (less to parse, less memory held).
const SlipDetailPage = lazy(() => import("./antdViews").then((m) => ({ default: m.SlipDetail })));
const SettingsDrawer = lazy(() => import("./antdViews").then((m) => ({ default: m.SettingsDrawer })));
const LibraryDrawer = lazy(() => import("./antdViews").then((m) => ({ default: m.LibraryDrawer })));
// The leader's 统计 page: plain tables and SVG, its own chunk.
const StatsView = lazy(() => import("./Stats"));

const STATE_TAG: Record<SyncStatus["state"], { tone: string; text: string }> = {
  online: { tone: "green", text: "已同步" },
  syncing: { tone: "blue", text: "同步中" },
  offline: { tone: "orange", text: "离线" },
  auth_expired: { tone: "red", text: "需重新登录" },
  error: { tone: "red", text: "同步出错" },
};

/** The header chip's hover text: when the center was last reached. */
function lastSyncTitle(status: SyncStatus | null): string {
  return status?.last_synced_at ? `最近一次与受理中心同步：${fullTime(status.last_synced_at)}` : "尚未与受理中心同步";
}

/** How a sync the user asked for ended, in their words. */
function manualSyncResult(s: SyncStatus | null): { type: "info" | "warning"; text: string } {
  if (s?.state === "online" && s.last_synced_at) return { type: "info", text: `已同步（${fullTime(s.last_synced_at)}）` };
  if (s?.state === "offline") return { type: "warning", text: "仍无法连接受理中心。本机的操作已保存，恢复连接后将自动同步。" };
  if (s?.state === "auth_expired") return { type: "warning", text: "登录已失效，请重新登录后再同步。" };
  return { type: "warning", text: s?.message ? `同步未完成：${s.message}` : "同步未完成，稍后将自动重试。" };
}

/** The logged-in desk: header, connection banner, and the inbox or a slip. */
export default function DeskShell({ session, onLoggedOut }: { session: SessionInfo; onLoggedOut: () => void }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [openSlip, setOpenSlip] = useState<number | null>(null);
  // The inbox's tab, page and search, kept while a slip is open.
  const [inboxView, setInboxView] = useState<InboxView>(() => firstView(session.role));
  // Bumped whenever the cache changed, so open views re-query.
  const [revision, setRevision] = useState(0);
  const [counts, setCounts] = useState<DeadlineCounts | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [libraryOpen, setLibraryOpen] = useState(false);
  const [statsOpen, setStatsOpen] = useState(false);
  // The keyring warning is said once, across the view; after it is closed (or the clerk moves
  // on to a slip) a small mark in the header keeps it at hand.
  const [keyringNoticeClosed, setKeyringNoticeClosed] = useState(false);
  const keyringWarning = !session.token_persisted ? session.keyring_message : null;
  useEffect(() => {
    if (openSlip !== null) setKeyringNoticeClosed(true);
  }, [openSlip]);

  useEffect(() => {
    let alive = true;
    api.syncStatus().then((s) => alive && setStatus(s), () => {});
    api.deadlineCounts().then((c) => alive && setCounts(c), () => {});
    const subs = [
      events.onSyncStatus((s) => setStatus(s)),
      events.onSlipsChanged(() => setRevision((r) => r + 1)),
      events.onDeadlineCounts((c) => setCounts(c)),
      events.onOpenSlip((id) => setOpenSlip(id)),
    ];
    return () => {
      alive = false;
      subs.forEach((p) => p.then((un) => un(), () => {}));
    };
  }, []);

  // What the user's own "sync now" (F5, the button) is doing, then how it ended; cleared after a while.
  const [manualSync, setManualSync] = useState<{ type: "info" | "warning"; text: string } | null>(null);
  const syncNow = useCallback(async () => {
    setManualSync({ type: "info", text: "正在连接受理中心…" });
    const s = await api.syncNow().catch(() => null);
    if (s) setStatus(s);
    setManualSync(manualSyncResult(s));
  }, []);
  useEffect(() => {
    if (!manualSync || manualSync.text.startsWith("正在")) return;
    const t = window.setTimeout(() => setManualSync(null), 6000);
    return () => window.clearTimeout(t);
  }, [manualSync]);

  const logout = useCallback(async () => {
    await api.logout().catch(() => {});
    onLoggedOut();
  }, [onLoggedOut]);

  useEffect(() => {
    // F5 pulls now instead of reloading the page.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "F5") {
        e.preventDefault();
        void syncNow();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [syncNow]);

  const offset = status?.clock_offset_ms ?? 0;
  useEffect(() => setClockOffset(offset), [offset]);
  const tag = status ? STATE_TAG[status.state] : null;

  return (
    <div className="desk">
      <header className="desk-header">
        <div className="desk-header-side">
          <span className="brand">承办台</span>
          <span className="dept">{session.department_name}</span>
        </div>
        <div className="desk-header-side">
          {counts && counts.overdue > 0 && (
            <span className="chip" data-tone="red" data-testid="overdue-count">
              超期 {counts.overdue}
            </span>
          )}
          {counts && counts.due_soon > 0 && (
            <span className="chip" data-tone="orange">
              24小时内到期 {counts.due_soon}
            </span>
          )}
          {keyringWarning && keyringNoticeClosed && (
            <span className="chip" data-tone="orange" data-testid="keyring-mark" title={keyringWarning} aria-label={keyringWarning}>
              登录未保存
            </span>
          )}
          {tag && (
            <span className="chip" data-tone={tag.tone} data-testid="sync-state" title={lastSyncTitle(status)}>
              {tag.text}
            </span>
          )}
          <button type="button" className="button button-icon" title="立即同步（F5）" aria-label="立即同步" onClick={syncNow}>
            <SyncOutlined spin={status?.state === "syncing"} />
          </button>
          {session.role === "leader" && (
            <button type="button" className="button" id="open-stats" onClick={() => { setOpenSlip(null); setStatsOpen(true); }}>
              <BarChartOutlined /> 统计
            </button>
          )}
          {session.role !== "dispatcher" && (
            <button type="button" className="button" id="open-library" onClick={() => setLibraryOpen(true)}>
              <BookOutlined /> 答复库
            </button>
          )}
          <span className="who">
            {session.display_name}（{ROLE[session.role]}）
          </span>
          <button type="button" className="button button-icon" title="提醒设置" aria-label="提醒设置" onClick={() => setSettingsOpen(true)}>
            <SettingOutlined />
          </button>
          <button type="button" className="button" onClick={logout}>
            <LogoutOutlined /> 退出
          </button>
        </div>
      </header>
      <main className="desk-content">
        {keyringWarning && !keyringNoticeClosed && (
          <Notice type="warning" onClose={() => setKeyringNoticeClosed(true)}>
            {session.keyring_message}
          </Notice>
        )}
        {status?.state === "auth_expired" && (
          <Notice
            type="error"
            action={
              <button type="button" className="button button-small" onClick={logout}>
                重新登录
              </button>
            }
          >
            登录已失效，本地缓存仍可查看。请重新登录以继续同步。
          </Notice>
        )}
        {manualSync && (
          <Notice type={manualSync.type} testId="sync-feedback">
            {manualSync.text}
          </Notice>
        )}
        <StorageNotice notices={status?.storage_notices ?? []} />
        <SyncBanner status={status} />
        {libraryOpen && (
          <Suspense fallback={null}>
            <LibraryDrawer open onClose={() => setLibraryOpen(false)} />
          </Suspense>
        )}
        {settingsOpen && (
          <Suspense fallback={null}>
            <SettingsDrawer open onClose={() => setSettingsOpen(false)} />
          </Suspense>
        )}
        {openSlip === null && statsOpen ? (
          <Suspense
            fallback={
              <div className="view-loading">
                <Spinner />
              </div>
            }
          >
            <StatsView revision={revision} onBack={() => setStatsOpen(false)} onOpen={setOpenSlip} />
          </Suspense>
        ) : openSlip === null ? (
          <Inbox role={session.role} revision={revision} onOpen={setOpenSlip} view={inboxView} onView={setInboxView} />
        ) : (
          <Suspense
            fallback={
              <div className="view-loading">
                <Spinner />
              </div>
            }
          >
            <SlipDetailPage id={openSlip} revision={revision} onBack={() => setOpenSlip(null)} />
          </Suspense>
        )}
      </main>
    </div>
  );
}
