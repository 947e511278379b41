import { act, render, screen } from "@testing-library/react";
import Deadline from "./Deadline";
import { setClockOffset } from "../lib/clock";

afterEach(() => vi.useRealTimers());

it("counts down on the minute and turns overdue the moment the time is up", () => {
  vi.useFakeTimers({ now: Date.parse("2026-11-25T02:00:30Z") });
  render(<Deadline dispatchedAt="2026-11-25T01:00:00Z" dueAt="2026-11-25T02:02:30Z" />);
  expect(screen.getByText("紧迫 剩余 2分钟")).toHaveAttribute("data-urgency", "tight");
  // The tick lands a few ms after the minute.
  act(() => vi.advanceTimersByTime(30_010));
  expect(screen.getByText("紧迫 剩余 1分钟")).toBeInTheDocument();
  act(() => vi.advanceTimersByTime(60_000));
  expect(screen.getByText("紧迫 剩余 不到1分钟")).toBeInTheDocument();
  // Due at half past: overdue then, not at the next minute.
  act(() => vi.advanceTimersByTime(31_000));
  expect(screen.getByText(/已超期/)).toHaveAttribute("data-urgency", "overdue");
});

it("follows the center's time, not the PC's", () => {
  vi.useFakeTimers({ now: Date.parse("2026-11-25T02:00:00Z") });
  render(<Deadline dispatchedAt="2026-11-25T01:00:00Z" dueAt="2026-11-25T03:00:00Z" />);
  // The PC's clock is 30 minutes behind the center's.
  act(() => setClockOffset(30 * 60_000));
  expect(screen.getByText("紧迫 剩余 30分钟")).toBeInTheDocument();
  act(() => setClockOffset(0));
});

it("stops counting once the department has answered", () => {
  render(<Deadline dispatchedAt="2026-11-25T01:00:00Z" dueAt="2026-11-25T02:00:00Z" status="replied" />);
  expect(screen.getByText("已答复，待审单")).toHaveAttribute("data-urgency", "done");
});
