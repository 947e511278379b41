import { useEffect, useSyncExternalStore } from "react";

// One clock for every countdown on screen. Countdowns read in whole minutes, so the clock
// ticks once a minute, on the center's minute, while something shows one and the window is
// visible; a view re-renders only when what it derives from the time changes. Every tick
// repaints the rows whose words changed, so fewer ticks is less work while the desk sits idle
// (`cargo xtask bench` measures it). A countdown about to run out asks for a tick at that
// moment, so "已超期" never shows late.

const MINUTE = 60_000;

let offsetMs = 0;
let timer: number | undefined;
const listeners = new Set<() => void>();

/** The center's current time: the PC's clock plus the offset learnt from the center. */
function clockNow(): number {
  return Date.now() + offsetMs;
}

function notify() {
  listeners.forEach((l) => l());
}

function scheduleNextMinute() {
  // A few ms past the boundary, so the tick lands on the new minute.
  const wait = MINUTE - (clockNow() % MINUTE) + 5;
  timer = window.setTimeout(() => {
    notify();
    scheduleNextMinute();
  }, wait);
}

function start() {
  if (timer === undefined && listeners.size > 0 && document.visibilityState !== "hidden") {
    notify();
    scheduleNextMinute();
  }
}

function stop() {
  if (timer !== undefined) {
    window.clearTimeout(timer);
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

export function setClockOffset(ms: number) {
  if (ms !== offsetMs) {
    offsetMs = ms;
    notify();
  }
}

/** A value computed from the center's time; the caller re-renders only when it changes. */
export function useClock<T extends string | number | boolean>(derive: (now: number) => T): T {
  return useSyncExternalStore(subscribe, () => derive(clockNow()));
}

/** Asks for one extra tick at `at` (the center's time) if it comes before the next minute. */
export function useTickAt(at: number) {
  useEffect(() => {
    const wait = at - clockNow();
    if (wait <= 0 || wait > MINUTE) return;
    const t = window.setTimeout(notify, wait + 5);
    return () => window.clearTimeout(t);
  });
}
