import React from "react";
import ReactDOM from "react-dom/client";
import App from "./App";
import "./styles.css";
import { api } from "./ipc";
import { setMotion } from "./lib/motion";

async function start() {
  const osReduced = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
  const config = await api.uiConfig().catch(() => ({ reduce_motion: false }));
  setMotion(!(osReduced || config.reduce_motion));
  ReactDOM.createRoot(document.getElementById("root")!).render(
    <React.StrictMode>
      <App />
    </React.StrictMode>,
  );
}

void start();
