import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { detail } from "../test-fixtures";

const api = vi.hoisted(() => ({
  slipDetail: vi.fn(),
  revealContact: vi.fn(),
  similarCases: vi.fn().mockResolvedValue({ repeat: false, cases: [] }),
  replyLibrary: vi.fn().mockResolvedValue({ templates: [], policies: [], placeholders: [], can_edit: false }),
}));
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

it("marks a repeat and starts the reply form from a similar case's accepted reply", async () => {
  api.slipDetail.mockResolvedValue(detail({ kind: "assignment", status: "in_progress", actions: [{ kind: "reply", blocked: null }] }));
  api.similarCases.mockResolvedValueOnce({
    repeat: true,
    cases: [
      {
        id: 3,
        number: "SP20261101-0003",
        title: "小区门口井盖缺失",
        status: "closed",
        dispatched_at: "2026-11-01T02:00:00Z",
        same_citizen: true,
        same_place: true,
        like_title: false,
        repeat: true,
        accepted_reply: {
          process: "协调市政设施管理处补装",
          public_text: "您反映的井盖缺失问题已补装完毕，感谢您的监督。",
          result: "solved",
          unsolved_reason: null,
          beyond_duty: null,
          contact: null,
          policies: [{ doc_no: "四政办发〔2022〕12号", title: "四平市城市道路管理办法", article: null }],
          policy_doc_no: null,
          policy_source: null,
          attachments: [],
        },
      },
    ],
  });
  render(<SlipDetailPage id={7} revision={0} onBack={() => {}} />);
  expect(await screen.findByTestId("slip-repeat")).toHaveTextContent("重复件");
  await userEvent.click(screen.getByText(/类似工单/));
  await userEvent.click(await screen.findByRole("button", { name: "用作答复草稿" }));
  expect(await screen.findByLabelText(/公开答复/)).toHaveValue("您反映的井盖缺失问题已补装完毕，感谢您的监督。");
  expect(screen.getByLabelText(/办理情况/)).toHaveValue("协调市政设施管理处补装");
  expect(document.getElementById("reply_policies_0_doc_no")).toHaveValue("四政办发〔2022〕12号");
}, 20_000);
