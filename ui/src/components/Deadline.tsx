import { Tag, Tooltip } from "antd";
import type { SlipStatus } from "../ipc";
import { useClock } from "../lib/clock";
import { countdownText, fullTime, urgency, URGENCY_COLOR, type Urgency } from "../lib/time";

const DONE: Partial<Record<SlipStatus, string>> = { replied: "已答复，待审单", closed: "已办结", returned: "已退回" };

/** The deadline as a countdown, coloured by how much of the time limit is left; once the
 * department has answered, the clock no longer runs for it. */
export default function Deadline({ dispatchedAt, dueAt, status }: { dispatchedAt: string; dueAt: string; status?: SlipStatus }) {
  const done = status ? DONE[status] : undefined;
  if (done) {
    return (
      <Tooltip title={`截止时间 ${fullTime(dueAt)}`}>
        <Tag className="deadline" data-urgency="done">{done}</Tag>
      </Tooltip>
    );
  }
  return <Countdown dispatchedAt={dispatchedAt} dueAt={dueAt} />;
}

function Countdown({ dispatchedAt, dueAt }: { dispatchedAt: string; dueAt: string }) {
  // One string, so the cell re-renders only when its words or its colour change.
  const shown = useClock((now) => `${urgency(dispatchedAt, dueAt, now)}|${countdownText(dueAt, now)}`);
  const [u, text] = shown.split("|") as [Urgency, string];
  return (
    <Tooltip title={`截止时间 ${fullTime(dueAt)}`}>
      <Tag color={URGENCY_COLOR[u]} data-urgency={u} className="deadline">
        {text}
      </Tag>
    </Tooltip>
  );
}
