import type { SyncStatus } from "../ipc";
import { fullTime } from "../lib/time";
import Notice from "./Notice";

/** Says when the desk works from its cache because the center cannot be reached. */
export default function SyncBanner({ status }: { status: SyncStatus | null }) {
  if (!status || status.state !== "offline") return null;
  const since = status.offline_since ? `自 ${fullTime(status.offline_since)} 起` : "";
  const last = status.last_synced_at ? `，数据为 ${fullTime(status.last_synced_at)} 同步的版本` : "";
  return (
    <Notice type="warning" testId="offline-banner">
      {`无法连接服务器${since}，正在使用本地缓存${last}。恢复连接后将自动同步。`}
    </Notice>
  );
}
