import { parseMinutes } from "./SettingsDrawer";

it("reads thresholds as comma-separated minutes, Chinese comma too", () => {
  expect(parseMinutes("1440, 120, 0")).toEqual([1440, 120, 0]);
  expect(parseMinutes("30，10，0")).toEqual([30, 10, 0]);
  expect(parseMinutes("半小时")).toBeNull();
  expect(parseMinutes("-5")).toBeNull();
});
