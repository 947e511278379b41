// How the UI reaches the desk: the Tauri app's bridge, or the browser mode's HTTP on 127.0.0.1.

export type Unlisten = () => void;

export interface Transport {
  /** Runs a desk command; rejects with its `{code, message}`. */
  invoke<T>(name: string, args: Record<string, unknown>): Promise<T>;
  /** Calls `cb` with each payload of the event `name` until the returned function is called. */
  listen(name: string, cb: (payload: unknown) => void): Promise<Unlisten>;
}

/** Inside the Tauri app (its bridge is on the window), or a page in a browser. */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
