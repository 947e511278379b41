import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { detail } from "../test-fixtures";

const api = vi.hoisted(() => ({ slipDetail: vi.fn(), revealContact: vi.fn() }));
vi.mock("../ipc", () => ({ api, errorMessage: (e: { message: string }) => e.message }));

import { App } from "antd";
import Inner from "./SlipDetail";

function SlipDetailPage(props: Parameters<typeof Inner>[0]) {
  return (
    <App>
      <Inner {...props} />
    </App>
  );
}

it("shows the phone masked until the handler reveals it", async () => {
  api.slipDetail.mockResolvedValue(detail());
  api.revealContact.mockResolvedValue({ name: "关先生", phone: "13843412345" });
  render(<SlipDetailPage id={7} revision={0} onBack={() => {}} />);
  expect(await screen.findByTestId("citizen-phone")).toHaveTextContent("138****2345");
  expect(screen.getByTestId("slip-content")).toHaveTextContent("垃圾台已经堆满");
  expect(screen.getByText("督办单")).toBeInTheDocument();
  await userEvent.click(screen.getByText("显示联系方式"));
  expect(await screen.findByText("13843412345")).toBeInTheDocument();
  expect(api.revealContact).toHaveBeenCalledWith(7);
});

it("shows an anonymous citizen as 匿名 with nothing to reveal", async () => {
  api.slipDetail.mockResolvedValue(detail({ anonymous: true, citizen_name_masked: null, citizen_phone_masked: null }));
  render(<SlipDetailPage id={7} revision={0} onBack={() => {}} />);
  expect(await screen.findByText("匿名")).toBeInTheDocument();
  expect(screen.queryByText("显示联系方式")).not.toBeInTheDocument();
});

it("goes back on Escape", async () => {
  api.slipDetail.mockResolvedValue(detail());
  const onBack = vi.fn();
  render(<SlipDetailPage id={7} revision={0} onBack={onBack} />);
  await screen.findByTestId("slip-title");
  await userEvent.keyboard("{Escape}");
  expect(onBack).toHaveBeenCalled();
});

it("says so when the slip is not in the cache", async () => {
  api.slipDetail.mockRejectedValue({ code: "not_found", message: "工单不存在" });
  render(<SlipDetailPage id={99} revision={0} onBack={() => {}} />);
  expect(await screen.findByText("工单不存在")).toBeInTheDocument();
});

it("puts the center's latest decision that needs the clerk at the top, with its reason", async () => {
  const at = "2026-11-28T06:30:00Z";
  api.slipDetail.mockResolvedValue(detail({ status: "in_progress", attention: { kind: "rework", reason: "诉求人反映报销款仍未到账", at } }));
  render(<SlipDetailPage id={7} revision={0} onBack={() => {}} />);
  const box = await screen.findByTestId("slip-attention");
  expect(box).toHaveTextContent("受理中心退回重办");
  expect(box).toHaveTextContent("诉求人反映报销款仍未到账");
  // Above the slip's fields, not below the timeline.
  expect(box.compareDocumentPosition(screen.getByTestId("slip-content")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
});
