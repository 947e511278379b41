import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { Alert, Button, Layout, Space, Spin, Tag, Tooltip, Typography } from "antd";
import { LogoutOutlined, SettingOutlined, SyncOutlined } from "@ant-design/icons";
import { api, events, type DeadlineCounts, type SessionInfo, type SyncStatus } from "../ipc";
import { setClockOffset } from "../lib/clock";
import { ROLE } from "../lib/labels";
import SyncBanner from "../components/SyncBanner";
import Inbox from "./Inbox";

// Loaded when first opened: the inbox, where the desk idles, carries none of the forms,
// pickers and uploads of a slip's page or the settings (less to parse, less memory held).
const SlipDetailPage = lazy(() => import("./SlipDetail"));
const SettingsDrawer = lazy(() => import("../components/SettingsDrawer"));

const STATE_TAG: Record<SyncStatus["state"], { color: string; text: string }> = {
  online: { color: "green", text: "已同步" },
  syncing: { color: "blue", text: "同步中" },
  offline: { color: "orange", text: "离线" },
  auth_expired: { color: "red", text: "需重新登录" },
  error: { color: "red", text: "同步出错" },
};

/** The logged-in desk: header, connection banner, and the inbox or a slip. */
export default function DeskShell({ session, onLoggedOut }: { session: SessionInfo; onLoggedOut: () => void }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [openSlip, setOpenSlip] = useState<number | null>(null);
  // Bumped whenever the cache changed, so open views re-query.
  const [revision, setRevision] = useState(0);
  const [counts, setCounts] = useState<DeadlineCounts | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);

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

  const syncNow = useCallback(() => {
    api.syncNow().catch(() => {});
  }, []);

  const logout = useCallback(async () => {
    await api.logout().catch(() => {});
    onLoggedOut();
  }, [onLoggedOut]);

  useEffect(() => {
    // F5 pulls now instead of reloading the page.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "F5") {
        e.preventDefault();
        syncNow();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [syncNow]);

  const offset = status?.clock_offset_ms ?? 0;
  useEffect(() => setClockOffset(offset), [offset]);
  const tag = status ? STATE_TAG[status.state] : null;

  return (
    <Layout className="desk">
      <Layout.Header className="desk-header">
        <Space size="middle">
          <Typography.Text strong className="brand">承办台</Typography.Text>
          <Typography.Text className="dept">{session.department_name}</Typography.Text>
        </Space>
        <Space size="middle">
          {counts && counts.overdue > 0 && <Tag color="red" data-testid="overdue-count">超期 {counts.overdue}</Tag>}
          {counts && counts.due_soon > 0 && <Tag color="orange">24小时内到期 {counts.due_soon}</Tag>}
          {tag && <Tag color={tag.color} data-testid="sync-state">{tag.text}</Tag>}
          <Tooltip title="立即同步（F5）">
            <Button icon={<SyncOutlined spin={status?.state === "syncing"} />} onClick={syncNow} aria-label="立即同步" />
          </Tooltip>
          <Typography.Text className="who">
            {session.display_name}（{ROLE[session.role]}）
          </Typography.Text>
          <Tooltip title="提醒设置">
            <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} aria-label="提醒设置" />
          </Tooltip>
          <Button icon={<LogoutOutlined />} onClick={logout}>退出</Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="desk-content">
        {!session.token_persisted && session.keyring_message && (
          <Alert type="warning" showIcon closable title={session.keyring_message} style={{ marginBottom: 12 }} />
        )}
        {status?.state === "auth_expired" && (
          <Alert
            type="error"
            showIcon
            title="登录已失效，本地缓存仍可查看。请重新登录以继续同步。"
            action={<Button size="small" onClick={logout}>重新登录</Button>}
            style={{ marginBottom: 12 }}
          />
        )}
        <SyncBanner status={status} />
        {settingsOpen && (
          <Suspense fallback={null}>
            <SettingsDrawer open onClose={() => setSettingsOpen(false)} />
          </Suspense>
        )}
        {openSlip === null ? (
          <Inbox role={session.role} revision={revision} onOpen={setOpenSlip} />
        ) : (
          <Suspense fallback={<Spin style={{ display: "block", margin: "48px auto" }} />}>
            <SlipDetailPage id={openSlip} revision={revision} onBack={() => setOpenSlip(null)} />
          </Suspense>
        )}
      </Layout.Content>
    </Layout>
  );
}
