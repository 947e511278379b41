import { useEffect, useState } from "react";

/** The center's current time in ms, re-rendered every `everyMs` so countdowns move. */
export function useServerNow(offsetMs: number, everyMs = 15_000): number {
  const [local, setLocal] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setLocal(Date.now()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs]);
  return local + offsetMs;
}
