import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { detail } from "../../test-fixtures";

const api = vi.hoisted(() => ({
  act: vi.fn(),
  addAttachment: vi.fn(),
  checkReply: vi.fn(),
  replyLibrary: vi.fn(),
  fillTemplate: vi.fn(),
  addPersonalTemplate: vi.fn(),
}));
vi.mock("../../ipc", () => ({ api, errorMessage: (e: { message: string }) => e.message }));

import { App } from "antd";
import ActionBar from "./ActionBar";

const slip = detail({ kind: "assignment", status: "in_progress", actions: [{ kind: "reply", blocked: null }] });

async function fillReply() {
  render(
    <App>
      <ActionBar slip={slip} onDone={() => {}} />
    </App>,
  );
  await userEvent.click(screen.getByRole("button", { name: /答\s*复/ }));
  // Pasted, not typed: a reply is long and typing it key by key only slows the test.
  await userEvent.click(await screen.findByLabelText(/公开答复/));
  await userEvent.paste("您反映的小区路灯不亮问题，我单位已更换灯具，现已恢复照明。");
  await userEvent.click(screen.getByLabelText(/办理情况/));
  await userEvent.paste("安排维修班组现场更换灯具");
  await userEvent.click(screen.getByLabelText("已解决"));
}

const library = {
  templates: [
    { id: 1, title: "路灯维修答复", body: "{称呼}：您好！您反映的{地址}路灯问题已修复。", personal: false },
    { id: 2, title: "我的常用语", body: "感谢您的监督。", personal: true },
  ],
  policies: [{ id: 5, doc_no: "四政发〔2023〕3号", title: "四平市城市照明管理办法", article: "第八条", text: "城市照明设施由市政部门负责维护。", updated_at: "2026-11-25T00:00:00Z" }],
  placeholders: [["{称呼}", "诉求人称呼"]],
  can_edit: false,
};

beforeEach(() => {
  api.act.mockReset().mockResolvedValue(slip);
  api.checkReply.mockReset();
  api.replyLibrary.mockReset().mockResolvedValue(library);
  api.fillTemplate.mockReset().mockResolvedValue("钱女士：您好！您反映的铁西区测试街路灯问题已修复。");
});

it("sends the reply with the public text apart from the handling notes and the contact record", async () => {
  api.checkReply.mockResolvedValue([]);
  await fillReply();
  await userEvent.click(screen.getByRole("button", { name: "提交答复" }));
  await waitFor(() => expect(api.act).toHaveBeenCalled());
  const [, action] = api.act.mock.calls[0];
  expect(action).toMatchObject({
    type: "reply",
    public_text: "您反映的小区路灯不亮问题，我单位已更换灯具，现已恢复照明。",
    process: "安排维修班组现场更换灯具",
    result: "solved",
    unsolved_reason: null,
    beyond_duty: null,
    contact: { contacted: true, reason: null },
    policies: [],
  });
  expect(api.checkReply).toHaveBeenCalledWith(7, expect.objectContaining({ process: "安排维修班组现场更换灯具" }));
});

it("shows a blocking finding as the refusal and queues nothing", async () => {
  api.checkReply.mockResolvedValue([{ rule: "no_personal_numbers", severity: "block", message: "公开答复中含有完整的手机号码，请删除或只写后四位" }]);
  await fillReply();
  await userEvent.click(screen.getByRole("button", { name: "提交答复" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("公开答复中含有完整的手机号码");
  expect(api.act).not.toHaveBeenCalled();
});

it("asks to confirm a warning: going back keeps the form, confirming sends", async () => {
  api.checkReply.mockResolvedValue([{ rule: "policy_basis", severity: "warn", message: "咨询类诉求的答复未引用政策依据" }]);
  await fillReply();
  await userEvent.click(screen.getByRole("button", { name: "提交答复" }));
  expect(await screen.findByText("咨询类诉求的答复未引用政策依据")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "返回修改" }));
  // jsdom runs no leave transitions: the closed question stays in the tree and the button
  // keeps its fading loading icon in its accessible name, so it is taken by its id.
  await waitFor(() => expect(document.getElementById("reply-submit")).not.toHaveClass("ant-btn-loading"));
  const again = document.getElementById("reply-submit") as HTMLElement;
  expect(api.act).not.toHaveBeenCalled();
  expect(screen.getByLabelText(/公开答复/)).toHaveValue("您反映的小区路灯不亮问题，我单位已更换灯具，现已恢复照明。");

  await userEvent.click(again);
  await waitFor(() => expect(api.checkReply).toHaveBeenCalledTimes(2));
  const send = await screen.findAllByRole("button", { name: "仍然提交", hidden: true });
  await userEvent.click(send[send.length - 1]);
  await waitFor(() => expect(api.act).toHaveBeenCalledTimes(1));
});

it("asks the reason of a result other than solved and of a request beyond the department's duties", async () => {
  api.checkReply.mockResolvedValue([]);
  await fillReply();
  await userEvent.click(screen.getByLabelText("部分解决"));
  await userEvent.click(screen.getByLabelText(/超职责诉求/));
  await userEvent.click(screen.getByRole("button", { name: "提交答复" }));
  expect(await screen.findByText("请说明未解决的原因")).toBeInTheDocument();
  expect(screen.getByText("请说明不属于本单位职责的理由")).toBeInTheDocument();
  expect(api.checkReply).not.toHaveBeenCalled();
});

it("fills a chosen template for the slip into the public reply and cites an entry of the policy library", async () => {
  api.checkReply.mockResolvedValue([]);
  render(
    <App>
      <ActionBar slip={slip} onDone={() => {}} />
    </App>,
  );
  await userEvent.click(screen.getByRole("button", { name: /答\s*复/ }));
  await waitFor(() => expect(api.replyLibrary).toHaveBeenCalled());
  await waitFor(() => expect(document.getElementById("reply-template")).not.toBeNull());
  await userEvent.click(document.getElementById("reply-template")?.closest(".ant-select") as HTMLElement);
  await userEvent.click(await screen.findByTitle("路灯维修答复"));
  expect(api.fillTemplate).toHaveBeenCalledWith(7, "{称呼}：您好！您反映的{地址}路灯问题已修复。");
  await waitFor(() => expect(screen.getByLabelText(/公开答复/)).toHaveValue("钱女士：您好！您反映的铁西区测试街路灯问题已修复。"));

  const pick = document.getElementById("reply-policy-pick")?.closest(".ant-select") as HTMLElement;
  await userEvent.click(pick);
  await userEvent.click(await screen.findByTitle("四政发〔2023〕3号《四平市城市照明管理办法》第八条"));
  await waitFor(() => expect(document.getElementById("reply_policies_0_doc_no")).toHaveValue("四政发〔2023〕3号"));
  expect(document.getElementById("reply_policies_0_article")).toHaveValue("第八条");

  await userEvent.click(screen.getByLabelText(/办理情况/));
  await userEvent.paste("更换灯具");
  await userEvent.click(screen.getByLabelText("已解决"));
  await userEvent.click(screen.getByRole("button", { name: "提交答复" }));
  await waitFor(() => expect(api.act).toHaveBeenCalled());
  expect(api.act.mock.calls[0][1]).toMatchObject({
    public_text: "钱女士：您好！您反映的铁西区测试街路灯问题已修复。",
    policies: [{ doc_no: "四政发〔2023〕3号", title: "四平市城市照明管理办法", article: "第八条" }],
  });
});
