// 答复: the reply as a department writes it — what the citizen is told apart from the handling
// notes, the result with its reason, the contact record, 超职责诉求, the policy basis, files by
// class — checked by the center's 审单 rules before it is queued: a blocking rule is shown as
// the refusal, warnings ask the handler to confirm.
import { useEffect, useState } from "react";
import { App, Button, Checkbox, DatePicker, Form, Input, Radio, Select, Space } from "antd";
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { api, errorMessage, type AttachmentClass, type AttachmentRef, type Finding, type Reply, type ReplyLibrary } from "../../ipc";
import { matches } from "../../lib/search";
import { ATTACHMENT_CLASS, RESOLUTION } from "../../lib/labels";
import ActionModal from "./ActionModal";
import Attachments from "./Attachments";
import type { FormProps } from "./forms";

interface Citation {
  doc_no?: string;
  title?: string;
  article?: string;
}

interface ReplyValues {
  public_text: string;
  process: string;
  result: keyof typeof RESOLUTION;
  unsolved_reason?: string;
  beyond: boolean;
  beyond_duty?: string;
  contacted: boolean;
  contact_at?: Dayjs;
  contact_phone?: string;
  contact_reason?: string;
  policies?: Citation[];
}

const CLASSES: AttachmentClass[] = ["id_document", "contact_evidence", "handling"];
const text = (s?: string) => s?.trim() || null;

/** The wire reply from what was filled in; hidden fields (a reason for a solved result) are left out. */
export function buildReply(v: ReplyValues, files: Record<AttachmentClass, AttachmentRef[]>): Reply {
  return {
    process: v.process.trim(),
    public_text: v.public_text.trim(),
    result: v.result,
    unsolved_reason: v.result === "solved" ? null : text(v.unsolved_reason),
    beyond_duty: v.beyond ? (v.beyond_duty ?? "").trim() : null,
    contact: v.contacted
      ? { contacted: true, at: v.contact_at ? v.contact_at.toISOString() : null, phone: text(v.contact_phone), reason: null }
      : { contacted: false, at: null, phone: null, reason: text(v.contact_reason) },
    policies: (v.policies ?? [])
      .filter((p) => p.doc_no?.trim() || p.title?.trim())
      .map((p) => ({ doc_no: (p.doc_no ?? "").trim(), title: (p.title ?? "").trim(), article: text(p.article) })),
    policy_doc_no: null,
    policy_source: null,
    attachments: CLASSES.flatMap((c) => files[c].map((f) => ({ ...f, class: c }))),
  };
}

/** The form's values from a reply to start from (类似工单's accepted reply). */
export function fromDraft(r: Reply): Partial<ReplyValues> {
  return {
    public_text: r.public_text ?? r.process,
    process: r.process,
    result: r.result,
    unsolved_reason: r.unsolved_reason ?? undefined,
    beyond: r.beyond_duty !== null,
    beyond_duty: r.beyond_duty ?? undefined,
    policies: r.policies.map((p) => ({ doc_no: p.doc_no, title: p.title, article: p.article ?? undefined })),
  };
}

export function ReplyForm({ slip, open, onClose, submit, draft }: FormProps) {
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<ReplyValues>();
  const [lib, setLib] = useState<ReplyLibrary | null>(null);
  useEffect(() => {
    if (open) api.replyLibrary().then(setLib, () => setLib(null));
  }, [open]);

  /** 套用模板: the template filled for this slip goes into the 公开答复 (after what is there). */
  const applyTemplate = async (key: string) => {
    const t = lib?.templates.find((x) => `${x.personal ? "p" : "d"}${x.id}` === key);
    if (!t) return;
    try {
      const filled = await api.fillTemplate(slip.id, t.body);
      const now = (form.getFieldValue("public_text") as string | undefined)?.trim();
      form.setFieldValue("public_text", now ? `${now}\n${filled}` : filled);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  /** 从政策库添加: the entry cited as a new row of 政策依据. */
  const addPolicy = (id: number) => {
    const p = lib?.policies.find((x) => x.id === id);
    if (!p) return;
    const rows = (form.getFieldValue("policies") as Citation[] | undefined) ?? [];
    if (rows.some((r) => r.doc_no === p.doc_no && (r.article ?? "") === (p.article ?? ""))) return;
    form.setFieldValue("policies", [...rows, { doc_no: p.doc_no, title: p.title, article: p.article ?? undefined }]);
  };

  /** 存为我的模板: what is written in 公开答复, kept on this desk. */
  const saveAsPersonal = async () => {
    const body = (form.getFieldValue("public_text") as string | undefined)?.trim();
    if (!body) {
      message.warning("请先填写公开答复");
      return;
    }
    const title = body.length > 16 ? `${body.slice(0, 16)}…` : body;
    try {
      await api.addPersonalTemplate({ title, body });
      message.success("已存为我的模板");
      setLib(await api.replyLibrary());
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const [files, setFiles] = useState<Record<AttachmentClass, AttachmentRef[]>>({ id_document: [], contact_evidence: [], handling: [] });
  const result = Form.useWatch("result", form);
  const beyond = Form.useWatch("beyond", form);
  const contacted = Form.useWatch("contacted", form) ?? !slip.anonymous;

  /** Asks the handler to confirm the warnings; whether to send. */
  const confirm = (warnings: Finding[]) =>
    new Promise<boolean>((resolve) =>
      modal.confirm({
        title: "审单提示",
        content: (
          <ul id="reply-warnings" style={{ paddingLeft: 18, margin: 0 }}>
            {warnings.map((w) => (
              <li key={w.rule}>{w.message}</li>
            ))}
          </ul>
        ),
        okText: "仍然提交",
        okButtonProps: { id: "reply-confirm-send" },
        cancelText: "返回修改",
        cancelButtonProps: { id: "reply-confirm-back" },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      }),
    );

  const send = async (v: ReplyValues) => {
    const reply = buildReply(v, files);
    const found = await api.checkReply(slip.id, reply);
    const blocking = found.find((f) => f.severity === "block");
    if (blocking) throw { code: "invalid_input", message: blocking.message };
    const warnings = found.filter((f) => f.severity === "warn");
    if (warnings.length > 0 && !(await confirm(warnings))) return false;
    await submit({ type: "reply", ...reply });
  };

  return (
    <ActionModal<ReplyValues>
      name="reply"
      title={slip.kind === "supervision" ? "答复（督办单，须分管领导签发）" : "答复"}
      okText={slip.kind === "supervision" ? "提交领导签发" : "提交答复"}
      open={open}
      onClose={onClose}
      form={form}
      width={760}
      initialValues={{ beyond: false, contacted: !slip.anonymous, contact_at: dayjs(), policies: [], ...(draft ? fromDraft(draft) : {}) }}
      onSubmit={send}
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <Select<string>
          id="reply-template"
          showSearch={{ filterOption: (input, option) => matches(input, option?.label as string, option?.body as string) }}
          placeholder="套用答复模板（可搜索）"
          style={{ width: 340 }}
          value={null}
          notFoundContent="没有匹配的模板"
          options={[
            { label: "本单位模板", options: (lib?.templates ?? []).filter((t) => !t.personal).map((t) => ({ value: `d${t.id}`, label: t.title, body: t.body })) },
            { label: "我的模板", options: (lib?.templates ?? []).filter((t) => t.personal).map((t) => ({ value: `p${t.id}`, label: t.title, body: t.body })) },
          ]}
          onSelect={applyTemplate}
        />
        <Button id="reply-save-personal" onClick={saveAsPersonal}>
          存为我的模板
        </Button>
      </Space>
      <Form.Item
        name="public_text"
        label="公开答复（告知诉求人的内容）"
        extra="不少于 20 字；不要写诉求人完整的手机号或身份证号"
        rules={[{ required: true, whitespace: true, message: "请填写公开答复" }]}
      >
        <Input.TextArea rows={4} maxLength={5000} showCount />
      </Form.Item>
      <Form.Item name="process" label="办理情况（报受理中心，不公开）" rules={[{ required: true, whitespace: true, message: "请填写办理情况" }]}>
        <Input.TextArea rows={3} maxLength={5000} showCount />
      </Form.Item>
      <Form.Item name="result" label="办理结果" rules={[{ required: true, message: "请选择办理结果" }]}>
        <Radio.Group options={Object.entries(RESOLUTION).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      {result && result !== "solved" && (
        <Form.Item name="unsolved_reason" label="未解决原因" rules={[{ required: true, whitespace: true, message: "请说明未解决的原因" }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      )}
      <Form.Item name="beyond" valuePropName="checked" style={{ marginBottom: beyond ? 8 : undefined }}>
        <Checkbox id="reply_beyond">超职责诉求（不属于本单位职责范围）</Checkbox>
      </Form.Item>
      {beyond && (
        <Form.Item name="beyond_duty" label="超职责说明" rules={[{ required: true, whitespace: true, message: "请说明不属于本单位职责的理由" }]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      )}
      <Form.Item name="contacted" label={slip.anonymous ? "联系诉求人（匿名来电）" : "联系诉求人"}>
        <Radio.Group options={[{ value: true, label: "已联系" }, { value: false, label: "未联系" }]} />
      </Form.Item>
      {contacted ? (
        <Space size="large" wrap>
          <Form.Item name="contact_at" label="联系时间" rules={[{ required: true, message: "请选择联系时间" }]}>
            <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), "day")} />
          </Form.Item>
          <Form.Item name="contact_phone" label="联系电话" extra="只保存在工单记录中，显示时隐去中间四位">
            <Input maxLength={40} style={{ width: 200 }} autoComplete="off" />
          </Form.Item>
        </Space>
      ) : (
        <Form.Item name="contact_reason" label="未联系原因" rules={[{ required: true, whitespace: true, message: "请说明未联系诉求人的原因" }]}>
          <Input maxLength={500} />
        </Form.Item>
      )}
      <Form.List name="policies">
        {(fields, { add, remove }) => (
          <Form.Item label="政策依据">
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, "doc_no"]} rules={[{ required: true, whitespace: true, message: "请填写文号" }]}>
                  <Input placeholder="文号，如：四政办发〔2022〕12号" style={{ width: 220 }} maxLength={200} />
                </Form.Item>
                <Form.Item name={[f.name, "title"]} rules={[{ required: true, whitespace: true, message: "请填写文件名称" }]}>
                  <Input placeholder="文件名称" style={{ width: 250 }} maxLength={200} />
                </Form.Item>
                <Form.Item name={[f.name, "article"]}>
                  <Input placeholder="条款" style={{ width: 110 }} maxLength={100} />
                </Form.Item>
                <MinusCircleOutlined aria-label="删除该政策依据" onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Space wrap>
              <Select<number>
                id="reply-policy-pick"
                showSearch={{ filterOption: (input, option) => matches(input, option?.label as string, option?.text as string) }}
                placeholder="从政策库添加（可搜索）"
                style={{ width: 340 }}
                value={null}
                notFoundContent="没有匹配的政策依据"
                options={(lib?.policies ?? []).map((p) => ({ value: p.id, label: `${p.doc_no}《${p.title}》${p.article ?? ""}`, text: p.text }))}
                onSelect={addPolicy}
              />
              <Button id="reply-add-policy" type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                手动添加
              </Button>
            </Space>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item label="附件（照片、PDF，单个不超过 20 MB）">
        <Space wrap align="start">
          {CLASSES.map((c) => (
            <Attachments key={c} cls={c} label={ATTACHMENT_CLASS[c]} onChange={(refs) => setFiles((f) => ({ ...f, [c]: refs }))} />
          ))}
        </Space>
      </Form.Item>
    </ActionModal>
  );
}
