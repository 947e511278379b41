// The browser mode's transport: commands as `POST /api/call/<name>` and events from one stream
// (`GET /api/events`, server-sent events read through fetch, so the key goes in a header and
// never in a URL). The key of this launch arrives once in the address's fragment (`#s=…`), is
// kept for this tab only (sessionStorage) and removed from the address bar at once.
import type { IpcError } from "./bindings";
import type { Transport, Unlisten } from "./transport";

const KEY = "chengban.secret";
export const SECRET_HEADER = "X-Chengban-Secret";
const RETRY_MS = 2000;

/** A slip to open, handed over in the fragment (a notification clicked with no page open). */
let slipToOpen: number | null = null;

/** Takes the key (and a slip to open) from the fragment, then clears it from the address. */
export function takeLaunch(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const fragment = new URLSearchParams(loc.hash.replace(/^#/, ""));
  const secret = fragment.get("s");
  if (secret) {
    storage.setItem(KEY, secret);
    const slip = Number(fragment.get("slip"));
    slipToOpen = Number.isInteger(slip) && slip > 0 ? slip : null;
    window.history.replaceState(null, "", loc.pathname + loc.search);
  }
  return storage.getItem(KEY);
}

const unreachable: IpcError = { code: "internal", message: "无法连接承办台后台程序，请从“承办台”图标重新打开" };
const failed: IpcError = { code: "internal", message: "操作失败，请重试" };

/** One server-sent event block's name and data. */
export function parseEvent(block: string): { name: string; data: string } | null {
  let name = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { name, data: data.join("\n") } : null;
}

export function webTransport(secret: string | null, fetcher: typeof fetch = (...a) => window.fetch(...a)): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let streaming = false;

  function dispatch(block: string) {
    const event = parseEvent(block);
    if (!event) return;
    let payload: unknown = null;
    try {
      payload = JSON.parse(event.data);
    } catch {
      return;
    }
    listeners.get(event.name)?.forEach((cb) => cb(payload));
  }

  async function stream() {
    for (;;) {
      try {
        const res = await fetcher("/api/events", { headers: { [SECRET_HEADER]: secret ?? "" }, cache: "no-store" });
        // The desk started again with a new key: this page cannot follow it.
        if (res.status === 401 || res.status === 403) return;
        if (res.ok && res.body) {
          // A TextDecoder over the reader, not TextDecoderStream (Firefox has it only since 105).
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
            let end: number;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              dispatch(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
            }
          }
        }
      } catch {
        // The desk is not reachable now: try again.
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  return {
    async invoke<T>(name: string, args: Record<string, unknown>): Promise<T> {
      let res: Response;
      try {
        res = await fetcher(`/api/call/${name}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", [SECRET_HEADER]: secret ?? "" },
          body: JSON.stringify(args ?? {}),
          cache: "no-store",
        });
      } catch {
        throw unreachable;
      }
      const body: unknown = await res.json().catch(() => undefined);
      if (!res.ok) {
        throw body && typeof body === "object" && typeof (body as IpcError).message === "string" ? body : failed;
      }
      return body as T;
    },
    async listen(name: string, cb: (payload: unknown) => void): Promise<Unlisten> {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)?.add(cb);
      if (!streaming) {
        streaming = true;
        void stream();
      }
      if (name === "alerts://open" && slipToOpen !== null) {
        const slip_id = slipToOpen;
        slipToOpen = null;
        setTimeout(() => cb({ slip_id }), 0);
      }
      return () => listeners.get(name)?.delete(cb);
    },
  };
}
