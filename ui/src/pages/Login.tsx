import { useEffect, useState } from "react";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { LockOutlined, CloudServerOutlined, UserOutlined } from "@ant-design/icons";
import { api, errorMessage, type SessionInfo } from "../ipc";

interface Values {
  serverUrl: string;
  username: string;
  password: string;
}

/** First start, or after logging out: the server address, username and password. */
export default function Login({ onLoggedIn }: { onLoggedIn: (s: SessionInfo) => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.loginDefaults().then(
      (d) => form.setFieldsValue({ serverUrl: d.server_url ?? "", username: d.username ?? "" }),
      () => {},
    );
  }, [form]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await api.login(v.serverUrl, v.username, v.password));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <Card className="login-card">
        <Typography.Title level={3} style={{ textAlign: "center", marginBottom: 4 }}>
          承办台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: "center" }}>
          12345 政务服务便民热线 · 承办单位工作台
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} name="login" layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item name="serverUrl" label="服务器地址" rules={[{ required: true, message: "请输入服务器地址" }]}>
            <Input prefix={<CloudServerOutlined />} placeholder="https://12345.example.gov.cn" autoComplete="url" />
          </Form.Item>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: "请输入用户名" }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: "请输入密码" }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button id="login-submit" type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
