// One modal form per action. Each builds the wire `Action` and hands it to `submit`.
import { useEffect, useState } from "react";
import { Alert, DatePicker, Form, Input, Radio, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, errorMessage, type Action, type AttachmentRef, type DepartmentUser, type Reply, type SlipDetail } from "../../ipc";
import { CALLBACK_METHOD, RETURN_REASON, ROLE, SATISFACTION } from "../../lib/labels";
import { fullTime } from "../../lib/time";
import ActionModal from "./ActionModal";
import Attachments from "./Attachments";

export { ReplyForm } from "./ReplyForm";

export interface FormProps {
  slip: SlipDetail;
  open: boolean;
  onClose: () => void;
  submit: (action: Action) => Promise<void>;
  /** A reply to start from (类似工单's accepted reply), for the reply form. */
  draft?: Reply | null;
}

export function ReturnForm({ slip, open, onClose, submit }: FormProps) {
  const [evidence, setEvidence] = useState<AttachmentRef[]>([]);
  const late = slip.return_until !== null && Date.parse(slip.return_until) < Date.now();
  return (
    <ActionModal<{ reason: keyof typeof RETURN_REASON; text: string }>
      name="return"
      title="退回工单"
      okText="提交退回"
      open={open}
      onClose={onClose}
      onSubmit={(v) => submit({ type: "request_return", reason: v.reason, text: v.text.trim(), evidence })}
    >
      {late && slip.return_until && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`已超过退回时限（${fullTime(slip.return_until)}），受理中心可能不予同意`} />
      )}
      <Form.Item name="reason" label="退回原因" rules={[{ required: true, message: "请选择退回原因" }]}>
        <Radio.Group options={Object.entries(RETURN_REASON).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="text" label="退回说明" rules={[{ required: true, whitespace: true, message: "请填写退回说明" }]}>
        <Input.TextArea rows={4} maxLength={5000} showCount placeholder="说明不属本单位办理的理由，如属地、权属、职能依据" />
      </Form.Item>
      <Form.Item label="证据材料（可选）">
        <Attachments cls="handling" onChange={setEvidence} label="添加证据" />
      </Form.Item>
    </ActionModal>
  );
}

export function ExtensionForm({ slip, open, onClose, submit }: FormProps) {
  return (
    <ActionModal<{ reason: string; due: Dayjs }>
      name="extension"
      title="申请延期"
      okText="提交申请"
      open={open}
      onClose={onClose}
      onSubmit={(v) => submit({ type: "request_extension", reason: v.reason.trim(), requested_due_at: v.due.toISOString() })}
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`当前截止时间：${fullTime(slip.due_at)}。须在截止前申请，由受理中心审批。`} />
      <Form.Item name="due" label="申请延至" rules={[{ required: true, message: "请选择新的截止时间" }]}>
        <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(slip.due_at), "day")} />
      </Form.Item>
      <Form.Item name="reason" label="延期理由" rules={[{ required: true, whitespace: true, message: "请填写延期理由" }]}>
        <Input.TextArea rows={3} maxLength={5000} showCount />
      </Form.Item>
    </ActionModal>
  );
}

export function InterimForm({ open, onClose, submit }: FormProps) {
  return (
    <ActionModal<{ text: string }>
      name="interim"
      title="阶段性答复"
      okText="提交"
      open={open}
      onClose={onClose}
      onSubmit={(v) => submit({ type: "interim_reply", text: v.text.trim() })}
    >
      <Form.Item name="text" label="目前进展" rules={[{ required: true, whitespace: true, message: "请填写阶段性答复内容" }]}>
        <Input.TextArea rows={4} maxLength={5000} showCount />
      </Form.Item>
    </ActionModal>
  );
}

interface CallbackValues {
  at: Dayjs;
  method: keyof typeof CALLBACK_METHOD;
  reached: boolean;
  contact?: string;
  summary: string;
  satisfaction?: keyof typeof SATISFACTION;
  solved?: boolean;
}

export function CallbackForm({ open, onClose, submit }: FormProps) {
  const [form] = Form.useForm<CallbackValues>();
  const reached = Form.useWatch("reached", form) ?? true;
  return (
    <ActionModal<CallbackValues>
      name="callback"
      title="经办人回访"
      okText="记录回访"
      open={open}
      onClose={onClose}
      form={form}
      initialValues={{ at: dayjs(), method: "phone", reached: true }}
      onSubmit={(v) =>
        submit({
          type: "callback",
          at: v.at.toISOString(),
          method: v.method,
          reached: v.reached,
          contact: v.contact?.trim() || null,
          summary: v.summary.trim(),
          satisfaction: v.reached ? (v.satisfaction ?? null) : null,
          solved: v.reached ? (v.solved ?? null) : null,
        })
      }
    >
      <Space size="large" wrap>
        <Form.Item name="at" label="回访时间" rules={[{ required: true, message: "请选择回访时间" }]}>
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), "day")} />
        </Form.Item>
        <Form.Item name="method" label="方式" rules={[{ required: true }]}>
          <Radio.Group options={Object.entries(CALLBACK_METHOD).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="reached" label="是否联系上">
          <Radio.Group options={[{ value: true, label: "已接通" }, { value: false, label: "未接通" }]} />
        </Form.Item>
      </Space>
      {reached && (
        <Form.Item name="contact" label="回访对象">
          <Input placeholder="如：诉求人本人" maxLength={100} />
        </Form.Item>
      )}
      <Form.Item
        name="summary"
        label={reached ? "回访情况" : "未接通情况"}
        rules={[{ required: true, whitespace: true, message: reached ? "请填写回访情况" : "请填写未接通情况" }]}
      >
        <Input.TextArea rows={3} maxLength={5000} showCount placeholder={reached ? "向诉求人说明的处理情况及其反馈" : "如：无人接听、关机、空号"} />
      </Form.Item>
      {reached && (
        <Space size="large" wrap>
          <Form.Item name="satisfaction" label="满意度" rules={[{ required: true, message: "请选择满意度" }]}>
            <Radio.Group options={Object.entries(SATISFACTION).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="solved" label="诉求是否解决" rules={[{ required: true, message: "请选择是否解决" }]}>
            <Radio.Group options={[{ value: true, label: "已解决" }, { value: false, label: "未解决" }]} />
          </Form.Item>
        </Space>
      )}
    </ActionModal>
  );
}

export function SignOffForm({ slip, open, onClose, submit }: FormProps) {
  const [form] = Form.useForm<{ approve: boolean; comment?: string }>();
  const approve = Form.useWatch("approve", form) ?? true;
  const reply = [...slip.timeline].reverse().find((t) => t.action === "reply");
  return (
    <ActionModal<{ approve: boolean; comment?: string }>
      name="signoff"
      title="审核签发"
      okText={approve ? "签发" : "退回经办人"}
      open={open}
      onClose={onClose}
      form={form}
      initialValues={{ approve: true }}
      onSubmit={(v) => submit({ type: "sign_off", approve: v.approve, comment: v.comment?.trim() || null })}
    >
      {reply?.detail && <Alert type="info" title="经办人答复" description={reply.detail} style={{ marginBottom: 12 }} />}
      <Form.Item name="approve" label="审核意见">
        <Radio.Group options={[{ value: true, label: "同意签发" }, { value: false, label: "退回修改" }]} />
      </Form.Item>
      <Form.Item
        name="comment"
        label={approve ? "签发意见（可选）" : "修改意见"}
        rules={[{ required: !approve, whitespace: true, message: "请填写退回修改意见" }]}
      >
        <Input.TextArea rows={3} maxLength={5000} showCount />
      </Form.Item>
    </ActionModal>
  );
}

/** 分派 / 改派: whom to give the slip to, from the department's list as last synced; moving it
 * from someone needs a reason. */
export function AssignForm({ slip, open, onClose, submit }: FormProps) {
  const [people, setPeople] = useState<DepartmentUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) api.assignable().then(setPeople, (e) => setError(errorMessage(e)));
  }, [open]);
  const previous = slip.assignee?.username ?? null;
  const options = (people ?? [])
    .filter((u) => u.username !== previous)
    .map((u) => ({ value: u.username, label: `${u.display_name}（${ROLE[u.role]}）` }));
  return (
    <ActionModal<{ assignee: string; reason?: string }>
      name="assign"
      title={previous ? "改派工单" : "分派工单"}
      okText={previous ? "改派" : "分派"}
      open={open}
      onClose={onClose}
      onSubmit={(v) => submit({ type: "assign", assignee: v.assignee, previous, reason: v.reason?.trim() || null })}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {previous && <p>当前经办人：{slip.assignee?.display_name}</p>}
      {people !== null && options.length === 0 && (
        <Alert type="warning" showIcon title="没有可分派的人员。请同步后再试，或请受理中心为本单位开通经办人账号。" />
      )}
      <Form.Item name="assignee" label="交由" rules={[{ required: true, message: "请选择经办人" }]}>
        <Radio.Group id="assign-assignee" options={options} style={{ display: "flex", flexDirection: "column", gap: 6 }} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={previous ? "改派原因" : "分派说明（可选）"}
        rules={[{ required: previous !== null, whitespace: true, message: "请填写改派原因" }]}
      >
        <Input.TextArea id="assign-reason" rows={2} maxLength={5000} />
      </Form.Item>
    </ActionModal>
  );
}
