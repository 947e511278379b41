import { describe, expect, it, vi } from "vitest";
import { parseEvent, SECRET_HEADER, takeLaunch, webTransport } from "./web";

describe("the browser mode's transport", () => {
  it("takes the launch key from the fragment, keeps it for the tab and clears it from the address", () => {
    window.history.replaceState(null, "", "/#s=abc123");
    const storage = window.sessionStorage;
    storage.clear();
    expect(takeLaunch(window.location, storage)).toBe("abc123");
    expect(window.location.hash).toBe("");
    // A reload of the same tab has no fragment and keeps the key.
    expect(takeLaunch(window.location, storage)).toBe("abc123");
  });

  it("sends each command with the key in a header, never in the address", async () => {
    const fetcher = vi.fn().mockResolvedValue(new Response(JSON.stringify({ n: 1 }), { status: 200 }));
    const answer = await webTransport("k3y", fetcher).invoke("tab_counts", { scope: "mine" });
    expect(answer).toEqual({ n: 1 });
    const [url, init] = fetcher.mock.calls[0];
    expect(url).toBe("/api/call/tab_counts");
    expect(url).not.toContain("k3y");
    expect(init.headers[SECRET_HEADER]).toBe("k3y");
    expect(JSON.parse(init.body)).toEqual({ scope: "mine" });
  });

  it("rejects with the desk's {code, message}, and says so in Chinese when the desk is gone", async () => {
    const refused = vi.fn().mockResolvedValue(new Response(JSON.stringify({ code: "refused", message: "不能答复" }), { status: 422 }));
    await expect(webTransport("k", refused).invoke("act", {})).rejects.toEqual({ code: "refused", message: "不能答复" });
    const gone = vi.fn().mockRejectedValue(new TypeError("Failed to fetch"));
    await expect(webTransport("k", gone).invoke("act", {})).rejects.toMatchObject({ message: expect.stringContaining("承办台") });
  });

  it("hands each streamed event to its listeners, with the key in a header", async () => {
    const chunks = ["event: slips://changed\ndata: {\"count\"", ":3}\n\n: keep-alive\n\nevent: sync://status\ndata: {}\n\n"];
    const body = new ReadableStream({
      start(c) {
        chunks.forEach((t) => c.enqueue(new TextEncoder().encode(t)));
      },
    });
    const fetcher = vi.fn().mockResolvedValueOnce(new Response(body, { status: 200 })).mockReturnValue(new Promise(() => {}));
    const seen: unknown[] = [];
    await webTransport("k3y", fetcher).listen("slips://changed", (p) => seen.push(p));
    await vi.waitFor(() => expect(seen).toEqual([{ count: 3 }]));
    expect(fetcher.mock.calls[0][1].headers[SECRET_HEADER]).toBe("k3y");
  });

  it("reads server-sent events by name and data", () => {
    expect(parseEvent("event: sync://status\ndata: {\"a\":1}")).toEqual({ name: "sync://status", data: "{\"a\":1}" });
    expect(parseEvent(": keep-alive")).toBeNull();
  });
});
