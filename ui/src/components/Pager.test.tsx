import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import Pager, { pageWindow } from "./Pager";

it("shows the first, the last and two pages either side of the current one, with gaps", () => {
  expect(pageWindow(1, 1)).toEqual([1]);
  expect(pageWindow(1, 4)).toEqual([1, 2, 3, 4]);
  expect(pageWindow(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20]);
  expect(pageWindow(20, 20)).toEqual([1, null, 18, 19, 20]);
});

it("moves between pages and back to the first when the page size changes", async () => {
  const onChange = vi.fn();
  render(<Pager current={2} pageSize={50} total={220} summary="共 220 件" sizes={[20, 50, 100]} onChange={onChange} />);
  expect(screen.getByText("共 220 件")).toBeInTheDocument();
  expect(screen.getByTitle("2")).toHaveAttribute("aria-current", "page");
  await userEvent.click(screen.getByTitle("5"));
  expect(onChange).toHaveBeenLastCalledWith(5, 50);
  await userEvent.click(screen.getByLabelText("上一页"));
  expect(onChange).toHaveBeenLastCalledWith(1, 50);
  await userEvent.selectOptions(screen.getByLabelText("每页条数"), "100");
  expect(onChange).toHaveBeenLastCalledWith(1, 100);
});

it("cannot go before the first page or past the last", () => {
  render(<Pager current={1} pageSize={50} total={10} summary="共 10 件" onChange={() => {}} />);
  expect(screen.getByLabelText("上一页")).toBeDisabled();
  expect(screen.getByLabelText("下一页")).toBeDisabled();
});
