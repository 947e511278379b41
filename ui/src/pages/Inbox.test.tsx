import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { row } from "../test-fixtures";

const api = vi.hoisted(() => ({
  inboxPage: vi.fn(),
  tabCounts: vi.fn(),
  searchSlips: vi.fn(),
}));
vi.mock("../ipc", () => ({ api, errorMessage: (e: { message: string }) => e.message }));

import Inbox from "./Inbox";

beforeEach(() => {
  api.inboxPage.mockReset();
  api.tabCounts.mockReset();
  api.tabCounts.mockResolvedValue({ pending_ack: 2, in_progress: 1, sign_off: 0, replied: 0, closed: 0 });
  api.inboxPage.mockImplementation(async (tab: string, _scope: string, page: number, pageSize: number) => ({
    rows: tab === "pending_ack" ? [row(1, { title: "垃圾台堆满" }), row(2, { kind: "supervision", title: "六楼以上停水" })] : [row(3, { status: "in_progress", title: "办理中的工单" })],
    total: tab === "pending_ack" ? 2 : 1,
    page,
    page_size: pageSize,
  }));
});

it("shows the first page of 待签收 with kind tags and countdowns", async () => {
  render(<Inbox revision={0} onOpen={() => {}} />);
  expect(await screen.findByText("垃圾台堆满")).toBeInTheDocument();
  expect(screen.getByText("六楼以上停水")).toBeInTheDocument();
  expect(screen.getByText("督办")).toBeInTheDocument();
  expect(screen.getAllByText(/^剩余 /).length).toBe(2);
  expect(api.inboxPage).toHaveBeenCalledWith("pending_ack", "mine", 1, 50);
});

it("asks for the other status when a tab is chosen", async () => {
  render(<Inbox revision={0} onOpen={() => {}} />);
  await screen.findByText("垃圾台堆满");
  await userEvent.click(screen.getByTestId("tab-in_progress"));
  expect(await screen.findByText("办理中的工单")).toBeInTheDocument();
  expect(api.inboxPage).toHaveBeenLastCalledWith("in_progress", "mine", 1, 50);
});

it("starts a handler on 我的 and a leader on 本单位, with 未分派 to give out", async () => {
  const { unmount } = render(<Inbox revision={0} onOpen={() => {}} />);
  await screen.findByText("垃圾台堆满");
  expect(screen.queryByRole("radio", { name: "未分派" })).toBeNull();
  await userEvent.click(screen.getByRole("radio", { name: "本单位" }));
  await waitFor(() => expect(api.inboxPage).toHaveBeenLastCalledWith("pending_ack", "department", 1, 50));
  expect(api.tabCounts).toHaveBeenLastCalledWith("department");
  unmount();

  render(<Inbox role="leader" revision={0} onOpen={() => {}} />);
  await waitFor(() => expect(api.inboxPage).toHaveBeenLastCalledWith("sign_off", "department", 1, 50));
  await userEvent.click(screen.getByRole("radio", { name: "未分派" }));
  await waitFor(() => expect(api.inboxPage).toHaveBeenLastCalledWith("sign_off", "unassigned", 1, 50));
});

it("opens a slip on click and on Enter", async () => {
  const onOpen = vi.fn();
  render(<Inbox revision={0} onOpen={onOpen} />);
  await userEvent.click(await screen.findByText("垃圾台堆满"));
  expect(onOpen).toHaveBeenCalledWith(1);
  const second = screen.getByText("六楼以上停水").closest("tr")!;
  second.focus();
  await userEvent.keyboard("{Enter}");
  expect(onOpen).toHaveBeenCalledWith(2);
});

it("re-queries when the cache changed", async () => {
  const { rerender } = render(<Inbox revision={0} onOpen={() => {}} />);
  await screen.findByText("垃圾台堆满");
  const calls = api.inboxPage.mock.calls.length;
  rerender(<Inbox revision={1} onOpen={() => {}} />);
  await waitFor(() => expect(api.inboxPage.mock.calls.length).toBeGreaterThan(calls));
});

it("shows an overdue slip in red with how long it is overdue", async () => {
  api.inboxPage.mockResolvedValue({
    rows: [row(9, { title: "超期工单", due_at: new Date(Date.now() - 2 * 3_600_000 - 60_000).toISOString() })],
    total: 1,
    page: 1,
    page_size: 50,
  });
  render(<Inbox revision={0} onOpen={() => {}} />);
  const tag = await screen.findByText(/^已超期 2小时/);
  expect(tag.closest("[data-urgency]")).toHaveAttribute("data-urgency", "overdue");
});

it("searches as the clerk types and shows the matches instead of the tabs", async () => {
  api.searchSlips.mockResolvedValue([row(7, { title: "六楼以上经常停水" })]);
  render(<Inbox revision={0} onOpen={() => {}} />);
  await screen.findByText("垃圾台堆满");
  await userEvent.type(screen.getByPlaceholderText("搜索工单编号、标题、内容、地址、诉求人"), "停水");
  expect(await screen.findByText("六楼以上经常停水")).toBeInTheDocument();
  expect(api.searchSlips).toHaveBeenLastCalledWith("停水");
  expect(screen.queryByText("垃圾台堆满")).not.toBeInTheDocument();
});

it("pages search matches by fifty and says when only the newest 200 are shown", async () => {
  api.searchSlips.mockResolvedValue(Array.from({ length: 200 }, (_, i) => row(100 + i, { title: `匹配工单${i}` })));
  render(<Inbox revision={0} onOpen={() => {}} />);
  await screen.findByText("垃圾台堆满");
  await userEvent.type(screen.getByPlaceholderText("搜索工单编号、标题、内容、地址、诉求人"), "工单");
  expect(await screen.findByText("匹配工单0")).toBeInTheDocument();
  expect(screen.getByText("找到 200 件（仅显示前 200 件）")).toBeInTheDocument();
  expect(document.querySelectorAll("tr.slip-row").length).toBe(50);
  await userEvent.click(screen.getByTitle("2"));
  expect(await screen.findByText("匹配工单50")).toBeInTheDocument();
  expect(screen.queryByText("匹配工单0")).not.toBeInTheDocument();
});

it("moves between tabs with the arrow keys, as a tab list does", async () => {
  render(<Inbox revision={0} onOpen={() => {}} />);
  await screen.findByText("垃圾台堆满");
  screen.getByRole("tab", { selected: true }).focus();
  await userEvent.keyboard("{ArrowRight}");
  expect(await screen.findByText("办理中的工单")).toBeInTheDocument();
  expect(api.inboxPage).toHaveBeenLastCalledWith("in_progress", "mine", 1, 50);
  expect(screen.getByRole("tab", { selected: true })).toHaveFocus();
});

it("clears the search on Esc and shows the tabs again", async () => {
  api.searchSlips.mockResolvedValue([row(7, { title: "六楼以上经常停水" })]);
  render(<Inbox revision={0} onOpen={() => {}} />);
  await screen.findByText("垃圾台堆满");
  const search = screen.getByPlaceholderText("搜索工单编号、标题、内容、地址、诉求人");
  await userEvent.type(search, "停水");
  await screen.findByText("六楼以上经常停水");
  await userEvent.keyboard("{Escape}");
  expect(search).toHaveValue("");
  expect(await screen.findByText("垃圾台堆满")).toBeInTheDocument();
});

it("shows a tab's count only when there is something in it", async () => {
  render(<Inbox revision={0} onOpen={() => {}} />);
  await screen.findByText("垃圾台堆满");
  expect(screen.getByTestId("count-pending_ack")).toHaveTextContent("2");
  expect(screen.getByTestId("count-in_progress")).toHaveTextContent("1");
  expect(screen.queryByTestId("count-replied")).toBeNull();
  expect(screen.getByTestId("tab-replied")).toHaveTextContent(/^已答复$/);
});

it("says what an empty tab holds and what comes next", async () => {
  api.inboxPage.mockResolvedValue({ rows: [], total: 0, page: 1, page_size: 50 });
  render(<Inbox revision={0} onOpen={() => {}} />);
  expect(await screen.findByText(/没有待签收的工单。受理中心派来新工单时会出现在这里/)).toBeInTheDocument();
});

it("marks a slip the center sent back for rework", async () => {
  api.inboxPage.mockResolvedValue({ rows: [row(9, { status: "in_progress", title: "医保报销未到账", attention: "rework" })], total: 1, page: 1, page_size: 50 });
  render(<Inbox revision={0} onOpen={() => {}} />);
  expect(await screen.findByTestId("attention-mark")).toHaveTextContent("重办");
});
