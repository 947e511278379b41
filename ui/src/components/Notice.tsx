import type { ReactNode } from "react";
import { CloseOutlined, CloseCircleFilled, ExclamationCircleFilled, InfoCircleFilled } from "@ant-design/icons";

const ICON = { info: <InfoCircleFilled />, warning: <ExclamationCircleFilled />, error: <CloseCircleFilled /> };

/** A message across the view (antd's Alert, drawn by hand for the screens without antd):
 * an error is announced at once, the rest politely. */
export default function Notice({
  type,
  children,
  action,
  onClose,
  testId,
}: {
  type: "info" | "warning" | "error";
  children: ReactNode;
  action?: ReactNode;
  onClose?: () => void;
  testId?: string;
}) {
  return (
    <div className="notice" data-type={type} role={type === "error" ? "alert" : "status"} data-testid={testId}>
      <span className="notice-icon">{ICON[type]}</span>
      <span className="notice-text">{children}</span>
      {action}
      {onClose && (
        <button type="button" className="notice-close" aria-label="关闭" onClick={onClose}>
          <CloseOutlined />
        </button>
      )}
    </div>
  );
}
