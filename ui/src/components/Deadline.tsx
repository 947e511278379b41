import { Tag, Tooltip } from "antd";
import { countdownText, fullTime, urgency, URGENCY_COLOR } from "../lib/time";

/** The deadline as a countdown, coloured by how much of the time limit is left. */
export default function Deadline({ dispatchedAt, dueAt, now }: { dispatchedAt: string; dueAt: string; now: number }) {
  const u = urgency(dispatchedAt, dueAt, now);
  return (
    <Tooltip title={`截止时间 ${fullTime(dueAt)}`}>
      <Tag color={URGENCY_COLOR[u]} data-urgency={u} className="deadline">
        {countdownText(dueAt, now)}
      </Tag>
    </Tooltip>
  );
}
