import { render, screen } from "@testing-library/react";
import SyncBanner from "./SyncBanner";

it("says since when the desk is offline and that it works from the cache", () => {
  render(
    <SyncBanner
      status={{ state: "offline", offline_since: "2026-11-25T02:05:00Z", last_synced_at: "2026-11-25T02:00:00Z", message: null, clock_offset_ms: 0, storage_notices: [] }}
    />,
  );
  expect(screen.getByTestId("offline-banner")).toHaveTextContent(/无法连接服务器自 .* 起，正在使用本地缓存/);
});

it("shows nothing while online", () => {
  const { container } = render(
    <SyncBanner status={{ state: "online", offline_since: null, last_synced_at: null, message: null, clock_offset_ms: 0, storage_notices: [] }} />,
  );
  expect(container).toBeEmptyDOMElement();
});
