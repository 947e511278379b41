import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import SlipTimeline from "./Timeline";

it("marks actions not yet confirmed as 待同步 and refused ones with the center's reason", async () => {
  const onDismiss = vi.fn();
  render(
    <SlipTimeline
      onDismiss={onDismiss}
      items={[
        { action: null, at: "2026-11-25T01:00:00Z", actor: "受理中心", role: "operator", title: "受理中心派单", detail: null, sync: "synced", error: null, mutation_id: null },
        { action: "callback", at: "2026-11-25T02:00:00Z", actor: "经办人", role: "handler", title: "回访", detail: "电话，已接通", sync: "pending", error: null, mutation_id: 4 },
        { action: "acknowledge", at: "2026-11-25T02:10:00Z", actor: "经办人", role: "handler", title: "签收", detail: null, sync: "rejected", error: "工单当前为“办理中”，不能签收", mutation_id: 3 },
      ]}
    />,
  );
  expect(screen.getByText("待同步")).toBeInTheDocument();
  expect(screen.getByText("受理中心未接受：工单当前为“办理中”，不能签收")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "知道了" }));
  expect(onDismiss).toHaveBeenCalledWith(3);
});
