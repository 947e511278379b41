/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Tauri expects a fixed dev port and serves the built files itself in release.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  // WebKitGTK of the app, and the browsers of the browser mode's PCs (UOS, Kylin: Chromium and
  // Firefox ESR releases some years old): syntax lowered for each.
  build: { target: ["safari15", "chrome87", "firefox78"], chunkSizeWarningLimit: 2000 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test-setup.ts"],
    css: false,
    globals: true,
  },
});
