import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import type { Sheet } from "../../ipc/bindings";

const api = vi.hoisted(() => ({ slipSheet: vi.fn(), exportSlipPdf: vi.fn() }));
vi.mock("../../ipc", () => ({ api, errorMessage: (e: { message: string }) => e.message }));

import { App } from "antd";
import SheetButtons from "./SheetButtons";

const sheet: Sheet = {
  department: "铁西区住建局",
  number: "SP20261125-0007",
  title: "12345政务服务便民热线工单处理单",
  fields: [
    { label: "工单编号", value: "SP20261125-0007" },
    { label: "诉求人", value: "钱女士" },
    { label: "联系电话", value: "136****5678" },
  ],
  sections: [{ heading: "公开答复", paragraphs: ["您反映的井盖缺失问题已补装完毕。"] }],
  signatures: [
    { role: "经办人", name: "铁西区住建局经办人", at: "2026-11-25 10:00" },
    { role: "科室负责人", name: null, at: null },
  ],
  printed_at: "2026-11-25 11:00",
};

function renderButtons() {
  render(
    <App>
      <SheetButtons slipId={7} />
    </App>,
  );
}

beforeEach(() => {
  api.slipSheet.mockReset().mockResolvedValue(sheet);
  api.exportSlipPdf.mockReset();
});

it("prints the sheet laid out outside the app through the OS print dialog", async () => {
  const print = vi.spyOn(window, "print").mockImplementation(() => {
    // While the dialog is open, the sheet is in the page with what it says.
    const printed = document.getElementById("print-root");
    expect(printed).toHaveTextContent("12345政务服务便民热线工单处理单");
    expect(printed).toHaveTextContent("【公开答复】");
    expect(printed).toHaveTextContent("136****5678");
    expect(printed).toHaveTextContent("经办人（签字）");
  });
  renderButtons();
  await userEvent.click(screen.getByRole("button", { name: /打\s*印/ }));
  await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
  expect(api.slipSheet).toHaveBeenCalledWith(7);
  await waitFor(() => expect(document.getElementById("print-root")).toBeNull());
  print.mockRestore();
});

it("Ctrl+P prints too", async () => {
  const print = vi.spyOn(window, "print").mockImplementation(() => {});
  renderButtons();
  await userEvent.keyboard("{Control>}p{/Control}");
  await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
  print.mockRestore();
});

it("exports the PDF where the user chose and says where; a cancelled dialog says nothing", async () => {
  api.exportSlipPdf.mockResolvedValueOnce("/home/clerk/处理单-SP20261125-0007.pdf").mockResolvedValueOnce(null);
  renderButtons();
  await userEvent.click(screen.getByRole("button", { name: /导出 PDF/ }));
  expect(await screen.findByText("处理单已保存到 /home/clerk/处理单-SP20261125-0007.pdf")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: /导出 PDF/ }));
  await waitFor(() => expect(api.exportSlipPdf).toHaveBeenCalledTimes(2));
});

it("says in the user's words when no PDF can be made", async () => {
  api.exportSlipPdf.mockRejectedValue({ code: "print", message: "没有找到可用的中文字体，无法生成 PDF。请安装 fonts-noto-cjk（或文泉驿字体）后重试" });
  renderButtons();
  await userEvent.click(screen.getByRole("button", { name: /导出 PDF/ }));
  expect(await screen.findByText(/没有找到可用的中文字体/)).toBeInTheDocument();
});
