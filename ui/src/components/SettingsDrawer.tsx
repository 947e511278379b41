import { useEffect, useState } from "react";
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Space, Switch, Typography } from "antd";
import { api, errorMessage, type AlertSettings, type Tier } from "../ipc";
import { TIER } from "../lib/labels";

interface Row {
  minutes: string;
  unack: number;
}

/** "1440, 120, 0" ⇄ [1440, 120, 0]. */
export function parseMinutes(text: string): number[] | null {
  const parts = text.split(/[,，\s]+/).filter((p) => p.length > 0);
  const nums = parts.map((p) => Number(p));
  return nums.every((n) => Number.isInteger(n) && n >= 0) ? nums : null;
}

/** Alert thresholds per tier, start at login, and the export IT support asks for. */
export default function SettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<Tier, Row>>();
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [unassignedAfter, setUnassignedAfter] = useState(60);
  const [autostart, setAutostart] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    if (!open) return;
    api.alertSettings().then((s) => {
      setTiers(s.tiers.map((t) => t.tier));
      setUnassignedAfter(s.unassigned_after);
      form.setFieldsValue(
        Object.fromEntries(s.tiers.map((t) => [t.tier, { minutes: t.minutes_before.join(", "), unack: t.unacknowledged_after }])) as Record<Tier, Row>,
      );
    }, (e) => setError(errorMessage(e)));
    api.autostart().then(setAutostart, () => {});
  }, [open, form]);

  const save = async () => {
    const values = await form.validateFields();
    const settings: AlertSettings = {
      tiers: tiers.map((tier) => ({ tier, minutes_before: parseMinutes(values[tier].minutes) ?? [], unacknowledged_after: values[tier].unack })),
      unassigned_after: unassignedAfter,
    };
    try {
      await api.setAlertSettings(settings);
      setError(null);
      message.success("提醒设置已保存");
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const exportDiagnostics = async () => {
    setExporting(true);
    try {
      setExported(await api.exportDiagnostics());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Drawer title="提醒设置" open={open} onClose={onClose} width={520} extra={<Button type="primary" onClick={save} id="settings-save">保存</Button>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 16 }}>
        <Switch
          checked={autostart}
          onChange={async (v) => {
            try {
              setAutostart(await api.setAutostart(v));
            } catch (e) {
              setError(errorMessage(e));
            }
          }}
        />
        <Typography.Text>开机时自动启动承办台（在托盘中运行并提醒）</Typography.Text>
      </Space>
      <Typography.Paragraph type="secondary">
        截止前提醒：以分钟为单位、用逗号分隔，0 表示超期提醒。例如“1440, 120, 0”为截止前 24 小时、2 小时和超期时各提醒一次。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="alerts">
        {tiers.map((tier) => (
          <Space key={tier} align="start" wrap>
            <Form.Item
              name={[tier, "minutes"]}
              label={TIER[tier]}
              rules={[{ validator: (_, v: string) => (parseMinutes(v ?? "") ? Promise.resolve() : Promise.reject(new Error("请输入以逗号分隔的分钟数"))) }]}
            >
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name={[tier, "unack"]} label="未签收提醒（分钟）" rules={[{ required: true, message: "请输入分钟数" }]}>
              <InputNumber min={1} max={14400} />
            </Form.Item>
          </Space>
        ))}
      </Form>
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>工单派来后超过</Typography.Text>
        <InputNumber id="unassigned-after" min={0} max={14400} value={unassignedAfter} onChange={(v) => setUnassignedAfter(v ?? 60)} />
        <Typography.Text>分钟仍未分派时提醒（分管领导和内勤；0 为不提醒）</Typography.Text>
      </Space>
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        技术支持
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        出现问题时，可导出诊断信息（版本、设置、同步状态和近期日志，不含工单内容和市民信息）发给信息科。
      </Typography.Paragraph>
      <Button id="export-diagnostics" onClick={exportDiagnostics} loading={exporting}>
        导出诊断信息
      </Button>
      {exported && <Alert type="success" showIcon title={`诊断信息已保存到 ${exported}`} style={{ marginTop: 12 }} data-testid="diagnostics-saved" />}
    </Drawer>
  );
}
