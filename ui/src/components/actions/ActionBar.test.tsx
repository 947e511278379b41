import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { detail } from "../../test-fixtures";
import type { Action } from "../../ipc/bindings";

const api = vi.hoisted(() => ({ act: vi.fn(), addAttachment: vi.fn() }));
vi.mock("../../ipc", () => ({ api, errorMessage: (e: { message: string }) => e.message }));

import { App } from "antd";
import ActionBarInner, { doneText } from "./ActionBar";

// The desk renders inside antd's <App> (for its message toasts); so do the tests.
function ActionBar(props: Parameters<typeof ActionBarInner>[0]) {
  return (
    <App>
      <ActionBarInner {...props} />
    </App>
  );
}

beforeEach(() => {
  api.act.mockReset();
});

it("acknowledges with one click and hands back the updated slip", async () => {
  const next = detail({ status: "in_progress" });
  api.act.mockResolvedValue(next);
  const onDone = vi.fn();
  render(<ActionBar slip={detail()} onDone={onDone} />);
  await userEvent.click(screen.getByRole("button", { name: /签\s*收/ }));
  expect(api.act).toHaveBeenCalledWith(7, { type: "acknowledge" });
  await waitFor(() => expect(onDone).toHaveBeenCalledWith(next));
});

it("disables an action that is not yet possible and says why", async () => {
  render(
    <ActionBar
      slip={detail({ status: "in_progress", actions: [{ kind: "reply", blocked: "答复前须先回访诉求人（或记录至少 3 次未接通）" }] })}
      onDone={() => {}}
    />,
  );
  expect(screen.getByRole("button", { name: /答\s*复/ })).toBeDisabled();
});

it("validates the callback form before sending and sends a complete callback", async () => {
  api.act.mockResolvedValue(detail({ status: "in_progress" }));
  render(<ActionBar slip={detail({ status: "in_progress", actions: [{ kind: "callback", blocked: null }] })} onDone={() => {}} />);
  await userEvent.click(screen.getByRole("button", { name: /回\s*访/ }));
  await userEvent.click(await screen.findByRole("button", { name: "记录回访" }));
  expect(await screen.findByText("请填写回访情况")).toBeInTheDocument();
  expect(api.act).not.toHaveBeenCalled();

  await userEvent.type(screen.getByLabelText("回访情况"), "已告知清运安排，诉求人表示认可");
  await userEvent.click(screen.getByLabelText("满意"));
  await userEvent.click(screen.getByLabelText("已解决"));
  await userEvent.click(screen.getByRole("button", { name: "记录回访" }));
  await waitFor(() => expect(api.act).toHaveBeenCalled());
  const [id, action] = api.act.mock.calls[0];
  expect(id).toBe(7);
  expect(action).toMatchObject({ type: "callback", method: "phone", reached: true, satisfaction: "satisfied", solved: true, summary: "已告知清运安排，诉求人表示认可" });
});

it("shows the core's refusal inside the form in its own words", async () => {
  api.act.mockRejectedValue({ code: "refused", message: "上一次延期申请尚未审批，不能再次申请" });
  render(<ActionBar slip={detail({ status: "in_progress", actions: [{ kind: "interim_reply", blocked: null }] })} onDone={() => {}} />);
  await userEvent.click(screen.getByRole("button", { name: "阶段性答复" }));
  await userEvent.type(await screen.findByLabelText("目前进展"), "已联系执法局");
  await userEvent.click(screen.getByRole("button", { name: /提\s*交/ }));
  expect(await screen.findByRole("alert")).toHaveTextContent("上一次延期申请尚未审批，不能再次申请");
});

it("says what an action did: a return or an extension is a request, a supervision reply waits for the leader", () => {
  const ret: Action = { type: "request_return", reason: "wrong_department", text: "非本单位职责", evidence: [] };
  expect(doneText(ret, detail())).toBe("已提交退回申请，等待受理中心审核");
  expect(doneText({ type: "interim_reply", text: "正在协调" }, detail())).toBe("已记录阶段性答复");
  const reply: Action = {
    type: "reply",
    process: "已处理",
    public_text: "您反映的问题已处理完毕，感谢您的监督与支持。",
    result: "solved",
    unsolved_reason: null,
    beyond_duty: null,
    contact: null,
    policies: [],
    policy_doc_no: null,
    policy_source: null,
    attachments: [],
  };
  expect(doneText(reply, detail({ kind: "supervision" }))).toBe("已提交答复，等待领导审核签发");
  expect(doneText(reply, detail({ kind: "assignment" }))).toBe("已提交答复");
  for (const a of [ret, reply]) expect(doneText(a, detail())).not.toContain("待同步");
});

it("shows the leader the handler's reply to sign off, found by its kind whatever its title", async () => {
  const slip = detail({
    kind: "supervision",
    status: "awaiting_sign_off",
    actions: [{ kind: "sign_off", blocked: null }],
    timeline: [
      { action: "interim_reply", at: "2026-11-25T02:00:00Z", actor: "经办人", role: "handler", title: "阶段性答复", detail: "正在协调", sync: "synced", error: null, mutation_id: null },
      { action: "reply", at: "2026-11-25T03:00:00Z", actor: "经办人", role: "handler", title: "办结答复", detail: "已解决。已协调物业修复路灯", sync: "synced", error: null, mutation_id: null },
    ],
  });
  render(<ActionBar slip={slip} onDone={vi.fn()} />);
  await userEvent.click(screen.getByRole("button", { name: "审核签发" }));
  expect(await screen.findByText("已解决。已协调物业修复路灯")).toBeInTheDocument();
  expect(screen.queryByText("正在协调")).not.toBeInTheDocument();
});
