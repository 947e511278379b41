// Durations and deadlines as a clerk reads them. `now` is always the center's time
// (the PC's clock plus the offset learnt from the center), never the PC's alone.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** "2天3小时", "5小时12分", "8分钟", "不到1分钟". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MIN) return "不到1分钟";
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MIN);
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  if (hours > 0) return minutes > 0 ? `${hours}小时${minutes}分` : `${hours}小时`;
  return `${minutes}分钟`;
}

export type Urgency = "ample" | "half" | "tight" | "overdue";

/** How urgent the deadline is for the clerk, by the time left in absolute terms and as a share
 * of the limit: tight with two hours or less (a 1-hour emergency is tight from the start) or a
 * quarter of the limit or less; half with a day or less or half the limit or less; else ample. */
export function urgency(dispatchedAt: string, dueAt: string, now: number): Urgency {
  const start = Date.parse(dispatchedAt);
  const due = Date.parse(dueAt);
  const left = due - now;
  if (left <= 0) return "overdue";
  const fraction = left / Math.max(due - start, 1);
  if (left <= 2 * HOUR || fraction <= 0.25) return "tight";
  if (left <= DAY || fraction <= 0.5) return "half";
  return "ample";
}

/** A word before the countdown where colour alone would have to say it (colour-blind users). */
export const URGENCY_WORD: Record<Urgency, string> = { ample: "", half: "", tight: "紧迫 ", overdue: "" };

/** "剩余 2小时15分" or "已超期 3小时". */
export function countdownText(dueAt: string, now: number): string {
  const left = Date.parse(dueAt) - now;
  return left > 0 ? `剩余 ${formatDuration(left)}` : `已超期 ${formatDuration(left)}`;
}

/** Local wall time, e.g. "11-25 14:05". */
export function shortTime(at: string): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fullTime(at: string): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
