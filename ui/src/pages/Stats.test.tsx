import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import type { Rates, StatsPage } from "../ipc";

const api = vi.hoisted(() => ({ statsPage: vi.fn(), exportMonth: vi.fn() }));
vi.mock("../ipc", async () => {
  const bindings = await vi.importActual<typeof import("../ipc/bindings")>("../ipc/bindings");
  return { api, errorMessage: (e: { message: string }) => e.message, RATE_LABEL: bindings.RATE_LABEL };
});

import Stats, { percent } from "./Stats";

function rates(onTime: [number, number]): Rates {
  const zero = { num: 0, den: 0 };
  return {
    closed_on_time: { num: onTime[0], den: onTime[1] },
    closed: { num: onTime[1], den: onTime[1] },
    acknowledged_in_time: zero,
    called_back: zero,
    satisfied: zero,
    reworked: { num: 1, den: 4 },
    return_requested: zero,
    extended: zero,
  };
}

function page(month: string): StatsPage {
  return {
    report: {
      month,
      as_of: "2026-11-20T04:00:00Z",
      department: { id: 1, code: "", name: "铁西区住建局" },
      total: rates([55, 56]),
      local: rates([55, 56]),
      higher: rates([0, 0]),
      by_tier: [],
      by_handler: [{ handler: "铁西区住建局经办人", rates: rates([20, 21]), open: 7, overdue: 2, average_ack_minutes: 95 }],
    },
    previous: rates([49, 50]),
    trend: ["2026-10", "2026-11"].map((m) => ({ month: m, rates: rates([9, 10]) })),
    risks: [{ id: 42, number: "SP20261120-000042", title: "六楼以上停水", due_at: "2026-11-25T01:00:00Z", now: { num: 55, den: 56 }, if_missed: { num: 55, den: 57 } }],
  };
}

beforeEach(() => {
  api.statsPage.mockReset();
  api.statsPage.mockImplementation(async (month?: string) => page(month ?? "2026-11"));
});

it("says a rate as a percent with one decimal, and — when nothing was counted", () => {
  expect(percent({ num: 55, den: 56 })).toBe("98.2%");
  expect(percent({ num: 0, den: 0 })).toBe("—");
});

it("shows the month's rates against last month, the slips at risk and each handler's load", async () => {
  const onOpen = vi.fn();
  render(<Stats revision={0} onBack={() => {}} onOpen={onOpen} />);
  const cards = await screen.findByTestId("stats-cards");
  const onTime = within(cards).getByText("按时办结率").closest(".stat-card") as HTMLElement;
  expect(within(onTime).getByText("98.2%")).toBeInTheDocument();
  expect(within(onTime).getByText(/较上月 \+0\.2 个百分点/)).toBeInTheDocument();
  const rework = within(cards).getByText("重办率").closest(".stat-card") as HTMLElement;
  expect(within(rework).getByText(/较上月/).getAttribute("data-tone")).toBe("flat");
  expect(screen.getByText("本月按时办结率 98.2% → 96.5%")).toBeInTheDocument();
  await userEvent.click(screen.getByText("六楼以上停水"));
  expect(onOpen).toHaveBeenCalledWith(42);
  const handlers = screen.getByTestId("stats-handlers");
  expect(within(handlers).getByText("铁西区住建局经办人")).toBeInTheDocument();
  expect(within(handlers).getByText("1.6 小时")).toBeInTheDocument();
  expect(screen.getByRole("img", { name: "近 12 个月考核指标趋势" })).toBeInTheDocument();
});

it("asks for another month when one is chosen", async () => {
  render(<Stats revision={0} onBack={() => {}} onOpen={() => {}} />);
  await screen.findByTestId("stats-cards");
  await userEvent.selectOptions(screen.getByLabelText("月份"), "2026-10");
  expect(api.statsPage).toHaveBeenLastCalledWith("2026-10");
});

it("exports the month shown and says where the file went, or nothing when the dialog was cancelled", async () => {
  render(<Stats revision={0} onBack={() => {}} onOpen={() => {}} />);
  await screen.findByTestId("stats-cards");
  api.exportMonth.mockResolvedValueOnce(null);
  await userEvent.click(screen.getByRole("button", { name: /导出 Excel/ }));
  expect(api.exportMonth).toHaveBeenLastCalledWith("2026-11");
  expect(screen.queryByTestId("stats-exported")).toBeNull();
  api.exportMonth.mockResolvedValueOnce("/home/clerk/承办台考核统计-2026-11.xlsx");
  await userEvent.click(screen.getByRole("button", { name: /导出 Excel/ }));
  expect(await screen.findByText("已导出到 /home/clerk/承办台考核统计-2026-11.xlsx")).toBeInTheDocument();
});

it("recounts a burst of synced changes twice (at its start and at its end), not once per change", async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const advance = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
  try {
    const { rerender } = render(<Stats revision={0} onBack={() => {}} onOpen={() => {}} />);
    await advance(6000);
    const before = api.statsPage.mock.calls.length;
    for (let r = 1; r <= 5; r++) {
      rerender(<Stats revision={r} onBack={() => {}} onOpen={() => {}} />);
      await advance(200);
    }
    await advance(6000);
    expect(api.statsPage.mock.calls.length - before).toBe(2);
  } finally {
    vi.useRealTimers();
  }
});
