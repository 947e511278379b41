import { memo, useCallback, useEffect, useMemo, useState } from "react";
import { Badge, Input, Table, Tabs, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { api, errorMessage, type InboxPage, type InboxTab, type Role, type SlipRow, type TabCounts } from "../ipc";
import { KIND, REQUEST_TYPE, STATUS, TAB_LABEL, tabsFor } from "../lib/labels";
import { fullTime, shortTime } from "../lib/time";
import Deadline from "../components/Deadline";

const EMPTY_COUNTS: TabCounts = { pending_ack: 0, in_progress: 0, sign_off: 0, replied: 0, closed: 0 };

/** Tabs by status, each a page of slips from the cache, soonest deadline first. Memoised: the
 * header's sync state and deadline counts change on their own and need not redraw the rows. */
export default memo(Inbox);

function Inbox({
  role = "handler",
  revision,
  onOpen,
}: {
  role?: Role;
  revision: number;
  onOpen: (id: number) => void;
}) {
  const TABS = useMemo(() => tabsFor(role), [role]);
  const [tab, setTab] = useState<InboxTab>(TABS[0]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [data, setData] = useState<InboxPage | null>(null);
  const [counts, setCounts] = useState<TabCounts>(EMPTY_COUNTS);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<SlipRow[] | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setFound(null);
      return;
    }
    // Search as the clerk types, a moment after the last key.
    const t = window.setTimeout(() => {
      api.searchSlips(q).then(setFound, (e) => setError(errorMessage(e)));
    }, 200);
    return () => window.clearTimeout(t);
  }, [query, revision]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [p, c] = await Promise.all([api.inboxPage(tab, page, pageSize), api.tabCounts()]);
      setData(p);
      setCounts(c);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [tab, page, pageSize]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  useEffect(() => {
    // Alt+1..4 switch tabs.
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const i = Number(e.key) - 1;
      if (i >= 0 && i < TABS.length) {
        e.preventDefault();
        setTab(TABS[i]);
        setPage(1);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [TABS]);

  // The same columns object across renders, so antd does not re-lay out the table for nothing.
  const columns: ColumnsType<SlipRow> = useMemo(() => [
    { title: "工单编号", dataIndex: "number", width: 170, render: (n: string) => <code className="slip-number">{n}</code> },
    {
      title: "类型",
      dataIndex: "kind",
      width: 70,
      render: (k: SlipRow["kind"]) => (
        <span className="chip" data-kind={k}>
          {KIND[k]}
        </span>
      ),
    },
    { title: "诉求", dataIndex: "request_type", width: 64, render: (t: SlipRow["request_type"]) => REQUEST_TYPE[t] },
    {
      title: "标题",
      dataIndex: "title",
      ellipsis: true,
      render: (t: string, r) => (
        <>
          {r.rejected && <Tag color="error">被拒绝</Tag>}
          {r.pending && <Tag color="processing">待同步</Tag>}
          {r.status !== "dispatched" && r.status !== "in_progress" && tab === "in_progress" && <Tag>{STATUS[r.status]}</Tag>}
          {t}
        </>
      ),
    },
    {
      title: "派发",
      dataIndex: "dispatched_at",
      width: 110,
      // The time itself: a relative "5分钟前" would have to re-render every row every minute.
      render: (d: string) => <span title={fullTime(d)}>{shortTime(d)}</span>,
    },
    {
      title: "办理时限",
      dataIndex: "due_at",
      width: 170,
      render: (_: string, r) => <Deadline dispatchedAt={r.dispatched_at} dueAt={r.due_at} status={r.status} />,
    },
  ], [tab]);

  const onRow = (r: SlipRow) =>
    ({
      onClick: () => onOpen(r.id),
      onKeyDown: (e: React.KeyboardEvent) => {
        if (e.key === "Enter") onOpen(r.id);
      },
      tabIndex: 0,
      className: "slip-row",
      "data-slip-id": r.id,
    }) as React.HTMLAttributes<HTMLElement>;

  return (
    <div className="inbox">
      <Input.Search
        id="slip-search"
        allowClear
        placeholder="搜索工单编号、标题、内容、地址、诉求人"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ margin: "12px 0 4px", maxWidth: 420 }}
      />
      {found !== null ? (
        <Table<SlipRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={found}
          locale={{ emptyText: "没有找到相关工单" }}
          onRow={onRow}
          pagination={{ pageSize: 50, showTotal: (t) => `找到 ${t} 件${t >= 200 ? "（仅显示前 200 件）" : ""}` }}
        />
      ) : (
      <>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as InboxTab);
          setPage(1);
        }}
        items={TABS.map((t, i) => ({
          key: t,
          label: (
            <span data-testid={`tab-${t}`} title={`Alt+${i + 1}`}>
              {TAB_LABEL[t]} <Badge count={counts[t]} showZero overflowCount={99999} color={t === "pending_ack" || t === "sign_off" ? "#b71c1c" : "#999"} />
            </span>
          ),
        }))}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table<SlipRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.rows ?? []}
        loading={loading && !data}
        locale={{ emptyText: "暂无工单" }}
        onRow={onRow}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (t) => `共 ${t} 件`,
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
      />
      </>
      )}
    </div>
  );
}
