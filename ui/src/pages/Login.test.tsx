import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";

const api = vi.hoisted(() => ({ login: vi.fn(), loginDefaults: vi.fn(), syncStatus: vi.fn() }));
vi.mock("../ipc", () => ({ api, errorMessage: (e: { message: string }) => e.message }));

import Login from "./Login";

beforeEach(() => {
  api.login.mockReset();
  api.loginDefaults.mockResolvedValue({ server_url: "http://127.0.0.1:8787", username: null });
  api.syncStatus.mockResolvedValue({ state: "online", storage_notices: [] });
});

it("says a damaged file set aside at start, and where it was kept, until closed", async () => {
  const said = "本机待送达操作文件已损坏，已另存为 /data/cache-work.damaged-20261129-080000.sqlite；部分内容（account）无法找回，请核对尚未送达的操作。";
  api.syncStatus.mockResolvedValue({ state: "online", storage_notices: [said] });
  render(<Login onLoggedIn={() => {}} />);
  expect(await screen.findByTestId("storage-notice")).toHaveTextContent("cache-work.damaged-20261129-080000.sqlite");
  await userEvent.click(screen.getByRole("button", { name: "关闭" }));
  expect(screen.queryByTestId("storage-notice")).not.toBeInTheDocument();
});

it("prefills the server and logs in with what was typed", async () => {
  const session = { username: "tiexi.handler" };
  api.login.mockResolvedValue(session);
  const onLoggedIn = vi.fn();
  render(<Login onLoggedIn={onLoggedIn} />);
  await waitFor(() => expect(screen.getByLabelText("服务器地址")).toHaveValue("http://127.0.0.1:8787"));
  await userEvent.type(screen.getByLabelText("用户名"), "tiexi.handler");
  await userEvent.type(screen.getByLabelText("密码"), "demo1234{Enter}");
  await waitFor(() => expect(onLoggedIn).toHaveBeenCalledWith(session));
  expect(api.login).toHaveBeenCalledWith("http://127.0.0.1:8787", "tiexi.handler", "demo1234");
});

it("shows the center's refusal in Chinese and stays on the form", async () => {
  api.login.mockRejectedValue({ code: "bad_credentials", message: "用户名或密码错误" });
  const onLoggedIn = vi.fn();
  render(<Login onLoggedIn={onLoggedIn} />);
  await userEvent.type(screen.getByLabelText("用户名"), "tiexi.handler");
  await userEvent.type(screen.getByLabelText("密码"), "wrong{Enter}");
  expect(await screen.findByRole("alert")).toHaveTextContent("用户名或密码错误");
  expect(onLoggedIn).not.toHaveBeenCalled();
});

it("asks for what is missing without calling the server", async () => {
  render(<Login onLoggedIn={() => {}} />);
  await userEvent.click(screen.getByRole("button", { name: /登\s*录/ }));
  expect(await screen.findByText("请输入用户名")).toBeInTheDocument();
  expect(api.login).not.toHaveBeenCalled();
});

it("keeps the password hidden until asked to show it", async () => {
  render(<Login onLoggedIn={() => {}} />);
  const password = screen.getByLabelText("密码");
  expect(password).toHaveAttribute("type", "password");
  await userEvent.click(screen.getByRole("button", { name: "显示密码" }));
  expect(password).toHaveAttribute("type", "text");
});
