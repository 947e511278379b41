import type { ComponentType, ReactNode } from "react";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { motionEnabled } from "../lib/motion";

dayjs.locale("zh-cn");

/** antd's locale, theme and message host for the views that use antd: a slip's page, its
 * dialogs and the settings. Only they import this, so the login screen and the inbox, where
 * the desk idles all day, load none of antd (`cargo xtask bench` measured what it held). */
export default function AntScope({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider
      locale={zhCN}
      theme={{ token: { colorPrimary: "#b71c1c", motion: motionEnabled(), fontFamily: "var(--font-family)" } }}
    >
      <AntApp component={false}>{children}</AntApp>
    </ConfigProvider>
  );
}

export function withAnt<P extends object>(View: ComponentType<P>): ComponentType<P> {
  return function Scoped(props: P) {
    return (
      <AntScope>
        <View {...props} />
      </AntScope>
    );
  };
}
