import type { SlipStatus } from "../ipc";
import { useClock, useTickAt } from "../lib/clock";
import { countdownText, fullTime, urgency, URGENCY_WORD, type Urgency } from "../lib/time";

const DONE: Partial<Record<SlipStatus, string>> = { replied: "已答复，待审单", closed: "已办结", returned: "已退回" };

/** The deadline as a countdown, coloured (and, where urgent, worded) by how urgent it is; once the
 * department has answered, the clock no longer runs for it. A plain chip with the native
 * tooltip: the inbox shows fifty of these, and each antd Tag + Tooltip pair cost a dozen
 * components per row. */
export default function Deadline({ dispatchedAt, dueAt, status }: { dispatchedAt: string; dueAt: string; status?: SlipStatus }) {
  const done = status ? DONE[status] : undefined;
  if (done) {
    return (
      <span className="chip deadline" data-urgency="done" title={`截止时间 ${fullTime(dueAt)}`}>
        {done}
      </span>
    );
  }
  return <Countdown dispatchedAt={dispatchedAt} dueAt={dueAt} />;
}

function Countdown({ dispatchedAt, dueAt }: { dispatchedAt: string; dueAt: string }) {
  // One string, so the cell re-renders only when its words or its colour change.
  const shown = useClock((now) => `${urgency(dispatchedAt, dueAt, now)}|${countdownText(dueAt, now)}`);
  const [u, text] = shown.split("|") as [Urgency, string];
  useTickAt(Date.parse(dueAt));
  return (
    <span className="chip deadline" data-urgency={u} title={`截止时间 ${fullTime(dueAt)}`}>
      {URGENCY_WORD[u]}
      {text}
    </span>
  );
}
