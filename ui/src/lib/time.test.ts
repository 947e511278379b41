import { countdownText, formatDuration, urgency } from "./time";

const H = 3_600_000;

describe("formatDuration", () => {
  it("speaks in days and hours, hours and minutes, or minutes", () => {
    expect(formatDuration(2 * 24 * H + 3 * H)).toBe("2天3小时");
    expect(formatDuration(5 * H + 12 * 60_000)).toBe("5小时12分");
    expect(formatDuration(8 * 60_000)).toBe("8分钟");
    expect(formatDuration(10_000)).toBe("不到1分钟");
  });
});

describe("urgency", () => {
  const start = "2026-11-25T00:00:00Z";
  const at = (h: number) => Date.parse(start) + h * H;
  it("colours a long limit by the share that is left", () => {
    const due = "2026-12-05T00:00:00Z"; // ten days
    expect(urgency(start, due, at(24))).toBe("ample");
    expect(urgency(start, due, at(6 * 24))).toBe("half");
    expect(urgency(start, due, at(8 * 24))).toBe("tight");
    expect(urgency(start, due, at(10 * 24))).toBe("overdue");
  });
  it("colours by the time left in absolute terms too: a day is near, two hours are tight", () => {
    // A 1-hour emergency with 39 minutes left is tight, not green.
    expect(urgency(start, "2026-11-25T01:00:00Z", Date.parse(start) + 21 * 60_000)).toBe("tight");
    // Three days with 30 hours left (42 % of the limit): half, and with 20 hours left still half.
    const due = "2026-11-28T00:00:00Z";
    expect(urgency(start, due, at(42))).toBe("half");
    expect(urgency(start, due, at(52))).toBe("half");
    expect(urgency(start, due, at(70.5))).toBe("tight");
  });
});

describe("countdownText", () => {
  it("says what is left or how long it is overdue", () => {
    const due = "2026-11-25T10:00:00Z";
    expect(countdownText(due, Date.parse(due) - 90 * 60_000)).toBe("剩余 1小时30分");
    expect(countdownText(due, Date.parse(due) + 3 * H)).toBe("已超期 3小时");
  });
});
