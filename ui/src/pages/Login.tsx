import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { CloudServerOutlined, EyeInvisibleOutlined, EyeOutlined, LockOutlined, UserOutlined } from "@ant-design/icons";
import { api, errorMessage, type SessionInfo } from "../ipc";
import Notice from "../components/Notice";
import StorageNotice from "../components/StorageNotice";

type Field = "serverUrl" | "username" | "password";
type Values = Record<Field, string>;

const REQUIRED: Record<Field, string> = { serverUrl: "请输入服务器地址", username: "请输入用户名", password: "请输入密码" };

/** First start, or after logging out: the server address, username and password. */
export default function Login({ onLoggedIn }: { onLoggedIn: (s: SessionInfo) => void }) {
  const [values, setValues] = useState<Values>({ serverUrl: "", username: "", password: "" });
  const [missing, setMissing] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showPassword, setShowPassword] = useState(false);
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  // A damaged file set aside at start (a lost login among what it took) is said here too.
  const [notices, setNotices] = useState<string[]>([]);

  useEffect(() => {
    api.syncStatus().then((s) => setNotices(s.storage_notices), () => {});
    // What was last used; never over what the clerk has already typed.
    api.loginDefaults().then(
      (d) => setValues((v) => ({ ...v, serverUrl: v.serverUrl || d.server_url || "", username: v.username || d.username || "" })),
      () => {},
    );
  }, []);

  const set = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (value.trim()) setMissing((m) => ({ ...m, [field]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const empty = (Object.keys(REQUIRED) as Field[]).filter((f) => !values[f].trim());
    setMissing(Object.fromEntries(empty.map((f) => [f, REQUIRED[f]])));
    if (empty.length > 0) {
      inputs.current[empty[0]]?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await api.login(values.serverUrl.trim(), values.username.trim(), values.password));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: Field, label: string, icon: ReactNode, props: { type?: string; autoComplete: string; placeholder?: string; autoFocus?: boolean }, suffix?: ReactNode) => (
    <div className="field" data-invalid={missing[name] ? "" : undefined}>
      <label htmlFor={`login_${name}`}>{label}</label>
      <span className="input">
        <span className="input-icon">{icon}</span>
        <input
          id={`login_${name}`}
          ref={(el) => {
            inputs.current[name] = el;
          }}
          value={values[name]}
          onChange={(e) => set(name, e.target.value)}
          aria-invalid={missing[name] ? true : undefined}
          aria-describedby={missing[name] ? `login_${name}_help` : undefined}
          disabled={busy}
          {...props}
        />
        {suffix}
      </span>
      {missing[name] && (
        <div className="field-help" id={`login_${name}_help`}>
          {missing[name]}
        </div>
      )}
    </div>
  );

  return (
    <div className="login-page">
      <div className="login-card">
        <h1 className="login-title">承办台</h1>
        <p className="login-subtitle">12345 政务服务便民热线 · 承办单位工作台</p>
        <StorageNotice notices={notices} />
        {error && <Notice type="error">{error}</Notice>}
        <form name="login" onSubmit={submit} noValidate>
          {field("serverUrl", "服务器地址", <CloudServerOutlined />, { autoComplete: "url", placeholder: "https://12345.example.gov.cn" })}
          {field("username", "用户名", <UserOutlined />, { autoComplete: "username", autoFocus: true })}
          {field(
            "password",
            "密码",
            <LockOutlined />,
            { type: showPassword ? "text" : "password", autoComplete: "current-password" },
            <button
              type="button"
              className="input-suffix"
              aria-label={showPassword ? "隐藏密码" : "显示密码"}
              aria-pressed={showPassword}
              onClick={() => setShowPassword((s) => !s)}
            >
              {showPassword ? <EyeOutlined /> : <EyeInvisibleOutlined />}
            </button>,
          )}
          <button id="login-submit" type="submit" className="button button-primary button-block" disabled={busy}>
            {busy && <span className="spinner-ring" aria-hidden />}
            登录
          </button>
        </form>
      </div>
    </div>
  );
}
