import React from "react";
import ReactDOM from "react-dom/client";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import App from "./App";
import "./styles.css";
import { api } from "./ipc";

dayjs.locale("zh-cn");

async function start() {
  // Reduced motion: asked by the OS, or by the desk's settings (the end-to-end tests use it so
  // clicks never land on a dialog that is still opening).
  const osReduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
  const config = await api.uiConfig().catch(() => ({ reduce_motion: false }));
  const motion = !(osReduced || config.reduce_motion);
  ReactDOM.createRoot(document.getElementById("root")!).render(
    <React.StrictMode>
      <ConfigProvider
        locale={zhCN}
        theme={{ token: { colorPrimary: "#b71c1c", motion, fontFamily: "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif" } }}
      >
        <AntApp>
          <App />
        </AntApp>
      </ConfigProvider>
    </React.StrictMode>,
  );
}

void start();
