import { memo } from "react";
import type { InboxTab, SlipRow } from "../ipc";
import { ATTENTION, KIND, REQUEST_TYPE, STATUS } from "../lib/labels";
import { fullTime, shortTime } from "../lib/time";
import Deadline from "./Deadline";
import Spinner from "./Spinner";

/** A page of slips as a plain table: the desk idles on this view, and antd's Table (measuring,
 * sticky headers, a dozen components per row) held memory and time a list of fifty rows does
 * not need. Keyboard: each row takes focus; Enter opens it. */
export default function SlipTable({
  rows,
  tab,
  loading,
  empty,
  onOpen,
}: {
  rows: SlipRow[];
  tab?: InboxTab;
  loading?: boolean;
  empty: string;
  onOpen: (id: number) => void;
}) {
  return (
    <div className="slip-table-wrap">
      <table className="slip-table">
        <colgroup>
          <col style={{ width: 170 }} />
          <col style={{ width: 70 }} />
          <col style={{ width: 64 }} />
          <col />
          <col style={{ width: 150 }} />
          <col style={{ width: 110 }} />
          <col style={{ width: 170 }} />
        </colgroup>
        <thead>
          <tr>
            <th>工单编号</th>
            <th>类型</th>
            <th>诉求</th>
            <th>标题</th>
            <th>经办人</th>
            <th>派发</th>
            <th>办理时限</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Row key={r.id} r={r} tab={tab} onOpen={onOpen} />
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <div className="slip-table-empty">{loading ? <Spinner /> : empty}</div>}
    </div>
  );
}

const Row = memo(function Row({ r, tab, onOpen }: { r: SlipRow; tab?: InboxTab; onOpen: (id: number) => void }) {
  return (
    <tr
      className="slip-row"
      tabIndex={0}
      data-slip-id={r.id}
      onClick={() => onOpen(r.id)}
      onKeyDown={(e) => {
        if (e.key === "Enter") onOpen(r.id);
      }}
    >
      <td>
        <code className="slip-number">{r.number}</code>
      </td>
      <td>
        <span className="chip" data-kind={r.kind}>
          {KIND[r.kind]}
        </span>
      </td>
      <td>{REQUEST_TYPE[r.request_type]}</td>
      <td className="slip-title" title={r.title}>
        {r.attention && (
          <span className="chip" data-tone="orange" data-testid="attention-mark">
            {ATTENTION[r.attention]}
          </span>
        )}
        {r.rejected && (
          <span className="chip" data-tone="red">
            被拒绝
          </span>
        )}
        {r.pending && (
          <span className="chip" data-tone="blue">
            待同步
          </span>
        )}
        {r.status !== "dispatched" && r.status !== "in_progress" && tab === "in_progress" && <span className="chip">{STATUS[r.status]}</span>}
        {r.title}
      </td>
      <td className="slip-assignee" title={r.assignee ?? "尚未分派"}>
        {r.assignee ?? <span className="muted">未分派</span>}
      </td>
      <td>
        <span title={fullTime(r.dispatched_at)}>{shortTime(r.dispatched_at)}</span>
      </td>
      <td>
        <Deadline dispatchedAt={r.dispatched_at} dueAt={r.due_at} status={r.status} />
      </td>
    </tr>
  );
});
