import { Tag, Tooltip } from "antd";
import type { SlipStatus } from "../ipc";
import { countdownText, fullTime, urgency, URGENCY_COLOR } from "../lib/time";

const DONE: Partial<Record<SlipStatus, string>> = { replied: "已答复，待审单", closed: "已办结", returned: "已退回" };

/** The deadline as a countdown, coloured by how much of the time limit is left; once the
 * department has answered, the clock no longer runs for it. */
export default function Deadline({ dispatchedAt, dueAt, now, status }: { dispatchedAt: string; dueAt: string; now: number; status?: SlipStatus }) {
  const done = status ? DONE[status] : undefined;
  if (done) {
    return (
      <Tooltip title={`截止时间 ${fullTime(dueAt)}`}>
        <Tag className="deadline" data-urgency="done">{done}</Tag>
      </Tooltip>
    );
  }
  const u = urgency(dispatchedAt, dueAt, now);
  return (
    <Tooltip title={`截止时间 ${fullTime(dueAt)}`}>
      <Tag color={URGENCY_COLOR[u]} data-urgency={u} className="deadline">
        {countdownText(dueAt, now)}
      </Tag>
    </Tooltip>
  );
}
