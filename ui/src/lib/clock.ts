import { useSyncExternalStore } from "react";

// One clock for every countdown on screen. It ticks every 15 s while something shows a
// countdown and the window is visible, and a view re-renders only when what it derives from
// the time changes: a page of 50 rows costs a few string comparisons per tick, not a
// re-render of the table (which kept WebKit busy while the desk sat idle).

const TICK_MS = 15_000;

let offsetMs = 0;
let now = Date.now();
let timer: number | undefined;
const listeners = new Set<() => void>();

function tick() {
  now = Date.now() + offsetMs;
  listeners.forEach((l) => l());
}

function start() {
  if (timer === undefined && listeners.size > 0 && document.visibilityState !== "hidden") {
    tick();
    timer = window.setInterval(tick, TICK_MS);
  }
}

function stop() {
  if (timer !== undefined) {
    window.clearInterval(timer);
    timer = undefined;
  }
}

// A window closed to the tray does not need its countdowns; they are right again on showing.
document.addEventListener("visibilitychange", () => (document.visibilityState === "hidden" ? stop() : start()));

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  start();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) stop();
  };
}

/** The center's time as the PC's clock plus the offset learnt from the center. */
export function setClockOffset(ms: number) {
  if (ms !== offsetMs) {
    offsetMs = ms;
    tick();
  }
}

/** The center's current time, as of the last tick. */
export function clockNow(): number {
  return now;
}

/** A value computed from the center's time; the caller re-renders only when it changes. */
export function useClock<T extends string | number | boolean>(derive: (now: number) => T): T {
  return useSyncExternalStore(subscribe, () => derive(now));
}
