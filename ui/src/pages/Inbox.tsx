import { memo, useCallback, useEffect, useMemo, useState } from "react";
import { Badge, Input, Pagination, Tabs, Typography } from "antd";
import { api, errorMessage, type InboxPage, type InboxTab, type Role, type SlipRow, type TabCounts } from "../ipc";
import { TAB_LABEL, tabsFor } from "../lib/labels";
import SlipTable from "../components/SlipTable";

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
        <SearchResults found={found} onOpen={onOpen} />
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
      <SlipTable rows={data?.rows ?? []} tab={tab} loading={loading && !data} empty="暂无工单" onOpen={onOpen} />
      <Pagination
        className="slip-pagination"
        align="end"
        current={page}
        pageSize={pageSize}
        total={data?.total ?? 0}
        showSizeChanger
        pageSizeOptions={[20, 50, 100]}
        showTotal={(t) => `共 ${t} 件`}
        onChange={(p, s) => {
          setPage(s !== pageSize ? 1 : p);
          setPageSize(s);
        }}
      />
      </>
      )}
    </div>
  );
}

/** Search matches (at most 200, newest first from the cache), fifty to a page. */
function SearchResults({ found, onOpen }: { found: SlipRow[]; onOpen: (id: number) => void }) {
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [found]);
  const size = 50;
  return (
    <>
      <SlipTable rows={found.slice((page - 1) * size, page * size)} empty="没有找到相关工单" onOpen={onOpen} />
      <Pagination
        className="slip-pagination"
        align="end"
        current={page}
        pageSize={size}
        total={found.length}
        showSizeChanger={false}
        showTotal={(t) => `找到 ${t} 件${t >= 200 ? "（仅显示前 200 件）" : ""}`}
        onChange={setPage}
      />
    </>
  );
}
