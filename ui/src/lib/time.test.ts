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
  const due = "2026-11-25T10:00:00Z";
  const at = (h: number) => Date.parse(start) + h * H;
  it("colours by the share of the time limit that is left", () => {
    expect(urgency(start, due, at(1))).toBe("ample");
    expect(urgency(start, due, at(6))).toBe("half");
    expect(urgency(start, due, at(9))).toBe("tight");
    expect(urgency(start, due, at(10))).toBe("overdue");
  });
});

describe("countdownText", () => {
  it("says what is left or how long it is overdue", () => {
    const due = "2026-11-25T10:00:00Z";
    expect(countdownText(due, Date.parse(due) - 90 * 60_000)).toBe("剩余 1小时30分");
    expect(countdownText(due, Date.parse(due) + 3 * H)).toBe("已超期 3小时");
  });
});
