// The Tauri app's transport: the window's invoke and event bridge.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Transport } from "./transport";

export const tauriTransport: Transport = {
  invoke: (name, args) => invoke(name, args),
  listen: (name, cb) => listen(name, (e) => cb(e.payload)),
};
