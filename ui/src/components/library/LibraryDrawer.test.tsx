import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";

const api = vi.hoisted(() => ({
  replyLibrary: vi.fn(),
  addPersonalTemplate: vi.fn(),
  removePersonalTemplate: vi.fn(),
  saveDepartmentTemplate: vi.fn(),
  saveDepartmentPolicy: vi.fn(),
  deleteDepartmentEntry: vi.fn(),
}));
vi.mock("../../ipc", () => ({ api, errorMessage: (e: { message: string }) => e.message }));

import { App } from "antd";
import LibraryDrawer from "./LibraryDrawer";
import { matches } from "../../lib/search";

const lib = (can_edit: boolean) => ({
  templates: [
    { id: 1, title: "路灯维修答复", body: "{称呼}：您好！路灯已修复。", personal: false },
    { id: 2, title: "我的常用语", body: "感谢您的监督。", personal: true },
  ],
  policies: [{ id: 5, doc_no: "四政发〔2023〕3号", title: "四平市城市照明管理办法", article: "第八条", text: "城市照明设施由市政部门负责维护。", updated_at: "2026-11-25T00:00:00Z" }],
  placeholders: [["{称呼}", "诉求人称呼"]],
  can_edit,
});

function open() {
  render(
    <App>
      <LibraryDrawer open onClose={() => {}} />
    </App>,
  );
}

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
});

it("searches by any text", () => {
  expect(matches("照明", "四政发", "四平市城市照明管理办法")).toBe(true);
  expect(matches("供水", "四政发", "四平市城市照明管理办法")).toBe(false);
  expect(matches("  ", "x")).toBe(true);
});

it("a handler reads the department's library and keeps templates of their own, but cannot change the department's", async () => {
  api.replyLibrary.mockResolvedValue(lib(false));
  api.addPersonalTemplate.mockResolvedValue(3);
  open();
  expect(await screen.findByText("路灯维修答复")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: /新增本单位模板/ })).toBeNull();
  await userEvent.click(screen.getByRole("button", { name: /新增我的模板/ }));
  await userEvent.click(await screen.findByLabelText("模板名称"));
  await userEvent.paste("结案语");
  await userEvent.click(screen.getByLabelText("模板内容"));
  await userEvent.paste("{称呼}，感谢您对我们工作的支持。");
  await userEvent.click(screen.getByRole("button", { name: /保\s*存/ }));
  await waitFor(() => expect(api.addPersonalTemplate).toHaveBeenCalledWith({ title: "结案语", body: "{称呼}，感谢您对我们工作的支持。" }));
}, 20_000);

it("a leader adds a policy entry to the department's library", async () => {
  api.replyLibrary.mockResolvedValue(lib(true));
  api.saveDepartmentPolicy.mockResolvedValue(null);
  open();
  await userEvent.click(await screen.findByRole("tab", { name: /政策依据/ }));
  await userEvent.click(screen.getByRole("button", { name: /新增政策依据/ }));
  await userEvent.click(await screen.findByLabelText("文号"));
  await userEvent.paste("四政办发〔2022〕12号");
  await userEvent.click(screen.getByLabelText("文件名称"));
  await userEvent.paste("四平市城市道路管理办法");
  await userEvent.click(screen.getByLabelText("条文内容"));
  await userEvent.paste("城市道路设施由市政部门负责养护。");
  await userEvent.click(screen.getByRole("button", { name: /保\s*存/ }));
  await waitFor(() =>
    expect(api.saveDepartmentPolicy).toHaveBeenCalledWith(null, {
      doc_no: "四政办发〔2022〕12号",
      title: "四平市城市道路管理办法",
      article: null,
      text: "城市道路设施由市政部门负责养护。",
    }),
  );
}, 20_000);
