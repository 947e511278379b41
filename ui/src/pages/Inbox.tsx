import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type KeyboardEvent as ReactKeyboardEvent,
  type SetStateAction,
} from "react";
import { CloseCircleFilled, SearchOutlined } from "@ant-design/icons";
import { api, errorMessage, type InboxPage, type InboxScope, type InboxTab, type Role, type SlipRow, type TabCounts } from "../ipc";
import { SCOPE_LABEL, TAB_LABEL, scopesFor, tabsFor } from "../lib/labels";
import Pager from "../components/Pager";
import SlipTable from "../components/SlipTable";

const EMPTY_COUNTS: TabCounts = { pending_ack: 0, in_progress: 0, sign_off: 0, replied: 0, closed: 0 };

/** What an empty tab holds and what comes next, instead of a bare "no slips". */
const EMPTY_TAB: Record<InboxTab, string> = {
  pending_ack: "没有待签收的工单。受理中心派来新工单时会出现在这里，并弹出提醒。",
  in_progress: "没有办理中的工单。签收后的工单在这里办理：回访、答复、申请延期或退回。",
  sign_off: "没有待签发的答复。经办人提交督办单的答复后，会在这里等您审核签发。",
  replied: "没有已答复的工单。答复送达受理中心后在这里等待审单。",
  closed: "没有已办结的工单。受理中心审单通过的工单会归档在这里。",
};

/** Tabs by status, each a page of slips from the cache, soonest deadline first. Memoised: the
 * header's sync state and deadline counts change on their own and need not redraw the rows. */
export default memo(Inbox);

/** Where the clerk is in the inbox: kept by the desk while a slip is open, so going back
 * returns to the same tab, page and search. */
export interface InboxView {
  tab: InboxTab;
  /** 我的 (a handler's start), 本单位 (the leader's and the 内勤's) or 未分派. */
  scope: InboxScope;
  page: number;
  pageSize: number;
  query: string;
}

export function firstView(role: Role): InboxView {
  return { tab: tabsFor(role)[0], scope: scopesFor(role)[0], page: 1, pageSize: 50, query: "" };
}

function Inbox({
  role = "handler",
  revision,
  onOpen,
  view: given,
  onView,
}: {
  role?: Role;
  revision: number;
  onOpen: (id: number) => void;
  view?: InboxView;
  onView?: Dispatch<SetStateAction<InboxView>>;
}) {
  const TABS = useMemo(() => tabsFor(role), [role]);
  const [own, setOwn] = useState<InboxView>(() => firstView(role));
  const { tab, scope, page, pageSize, query } = given ?? own;
  const update = onView ?? setOwn;
  const patch = useCallback((p: Partial<InboxView>) => update((v) => ({ ...v, ...p })), [update]);
  const setQuery = useCallback((q: string) => patch({ query: q }), [patch]);
  const [data, setData] = useState<InboxPage | null>(null);
  const [counts, setCounts] = useState<TabCounts>(EMPTY_COUNTS);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
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
      const [p, c] = await Promise.all([api.inboxPage(tab, scope, page, pageSize), api.tabCounts(scope)]);
      setData(p);
      setCounts(c);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [tab, scope, page, pageSize]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  // A tab opens on its first page, however it was chosen.
  const choose = useCallback((t: InboxTab) => patch({ tab: t, page: 1 }), [patch]);

  useEffect(() => {
    // Alt+1..4 switch tabs.
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const i = Number(e.key) - 1;
      if (i >= 0 && i < TABS.length) {
        e.preventDefault();
        choose(TABS[i]);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [TABS, choose]);

  return (
    <div className="inbox">
      <SearchBox value={query} onChange={setQuery} />
      {found !== null ? (
        <SearchResults found={found} onOpen={onOpen} />
      ) : (
        <>
          <ScopeBar scopes={scopesFor(role)} active={scope} onChoose={(s) => patch({ scope: s, page: 1 })} />
          <TabBar tabs={TABS} active={tab} counts={counts} onChoose={choose} />
          {error && <div className="inbox-error">{error}</div>}
          <SlipTable rows={data?.rows ?? []} tab={tab} loading={loading && !data} empty={EMPTY_TAB[tab]} onOpen={onOpen} />
          <Pager
            current={page}
            pageSize={pageSize}
            total={data?.total ?? 0}
            summary={`共 ${data?.total ?? 0} 件`}
            sizes={[20, 50, 100]}
            onChange={(p, s) => {
              // The pager itself goes back to page 1 when the size changes.
              patch({ page: p, pageSize: s });
            }}
          />
        </>
      )}
    </div>
  );
}

/** The search field: matches as the clerk types; Esc or the clear button empties it. */
function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <span className="input inbox-search">
      <span className="input-icon">
        <SearchOutlined />
      </span>
      <input
        id="slip-search"
        ref={input}
        type="search"
        placeholder="搜索工单编号、标题、内容、地址、诉求人"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && value) {
            e.stopPropagation();
            onChange("");
          }
        }}
      />
      {value && (
        <button
          type="button"
          className="input-suffix"
          aria-label="清除搜索"
          onClick={() => {
            onChange("");
            input.current?.focus();
          }}
        >
          <CloseCircleFilled />
        </button>
      )}
    </span>
  );
}

/** Whose slips: 我的 / 本单位 (/ 未分派), a small switch above the status tabs. */
function ScopeBar({ scopes, active, onChoose }: { scopes: InboxScope[]; active: InboxScope; onChoose: (s: InboxScope) => void }) {
  return (
    <div className="scopes" role="radiogroup" aria-label="工单范围">
      {scopes.map((s) => (
        <button
          type="button"
          key={s}
          role="radio"
          className="scope"
          data-scope={s}
          aria-checked={s === active}
          title={s === "mine" ? "分派给我的，和尚未分派的工单" : undefined}
          onClick={() => onChoose(s)}
        >
          {SCOPE_LABEL[s]}
        </button>
      ))}
    </div>
  );
}

/** The status tabs with their counts; arrow keys move between them, as in any tab list. */
function TabBar({ tabs, active, counts, onChoose }: { tabs: InboxTab[]; active: InboxTab; counts: TabCounts; onChoose: (t: InboxTab) => void }) {
  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = tabs[(tabs.indexOf(active) + step + tabs.length) % tabs.length];
    onChoose(next);
    e.currentTarget.querySelector<HTMLButtonElement>(`[data-tab=${next}]`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" onKeyDown={onKeyDown}>
      {tabs.map((t, i) => (
        <button
          type="button"
          key={t}
          role="tab"
          className="tab"
          data-tab={t}
          aria-selected={t === active}
          tabIndex={t === active ? 0 : -1}
          onClick={() => onChoose(t)}
        >
          <span data-testid={`tab-${t}`} title={`Alt+${i + 1}`}>
            {TAB_LABEL[t]}
            {/* No badge at 0: a red 0 reads as something to do. */}
            {counts[t] > 0 && (
              <>
                {" "}
                <span className="count" data-testid={`count-${t}`} data-tone={t === "pending_ack" || t === "sign_off" ? "alert" : "quiet"}>
                  {counts[t]}
                </span>
              </>
            )}
          </span>
        </button>
      ))}
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
      <Pager
        current={page}
        pageSize={size}
        total={found.length}
        summary={`找到 ${found.length} 件${found.length >= 200 ? "（仅显示前 200 件）" : ""}`}
        onChange={setPage}
      />
    </>
  );
}
