// 答复库: the department's reply templates and 政策依据 entries (a leader adds, edits and
// removes them — the center must be reachable), and the handler's own templates (kept on this
// desk). Everyone may read and search; the reply form uses the same library.
import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Drawer, Empty, Form, Input, List, Modal, Popconfirm, Space, Tabs, Tag, Typography } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { matches } from "../../lib/search";
import { api, errorMessage, type PolicyEntry, type PolicyInput, type ReplyLibrary, type TemplateChoice, type TemplateInput } from "../../ipc";

type Editing = { kind: "template"; id: number | null; personal: boolean; value: TemplateInput } | { kind: "policy"; id: number | null; value: PolicyInput };

export default function LibraryDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [lib, setLib] = useState<ReplyLibrary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<Editing | null>(null);

  const load = useCallback(() => api.replyLibrary().then(setLib, (e) => setError(errorMessage(e))), []);
  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const run = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      message.success(done);
      await load();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };

  const templates = useMemo(() => (lib?.templates ?? []).filter((t) => matches(query, t.title, t.body)), [lib, query]);
  const policies = useMemo(() => (lib?.policies ?? []).filter((p) => matches(query, p.doc_no, p.title, p.article, p.text)), [lib, query]);
  const canEdit = lib?.can_edit ?? false;

  const removeTemplate = (t: TemplateChoice) =>
    t.personal
      ? run(() => api.removePersonalTemplate(t.id), "已删除我的模板")
      : run(() => api.deleteDepartmentEntry(false, t.id), "已删除本单位模板");

  return (
    <Drawer title="答复库" open={open} onClose={onClose} size={560} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Input.Search id="library-search" placeholder="搜索模板、文号、标题或条文" allowClear value={query} onChange={(e) => setQuery(e.target.value)} style={{ marginBottom: 12 }} />
      <Tabs
        items={[
          {
            key: "templates",
            label: `答复模板（${templates.length}）`,
            children: (
              <>
                <Space style={{ marginBottom: 8 }}>
                  {canEdit && (
                    <Button id="library-add-template" icon={<PlusOutlined />} onClick={() => setEditing({ kind: "template", id: null, personal: false, value: { title: "", body: "" } })}>
                      新增本单位模板
                    </Button>
                  )}
                  <Button id="library-add-personal" icon={<PlusOutlined />} onClick={() => setEditing({ kind: "template", id: null, personal: true, value: { title: "", body: "" } })}>
                    新增我的模板
                  </Button>
                </Space>
                <List
                  dataSource={templates}
                  locale={{ emptyText: <Empty description="暂无模板" /> }}
                  renderItem={(t) => (
                    <List.Item
                      actions={[
                        !t.personal && canEdit && (
                          <Button key="edit" size="small" icon={<EditOutlined />} aria-label="修改" onClick={() => setEditing({ kind: "template", id: t.id, personal: false, value: { title: t.title, body: t.body } })} />
                        ),
                        (t.personal || canEdit) && (
                          <Popconfirm key="del" title="删除这个模板？" okText="删除" cancelText="取消" onConfirm={() => removeTemplate(t)}>
                            <Button size="small" danger icon={<DeleteOutlined />} aria-label="删除" />
                          </Popconfirm>
                        ),
                      ].filter(Boolean)}
                    >
                      <List.Item.Meta
                        title={
                          <Space>
                            {t.title}
                            <Tag>{t.personal ? "我的" : "本单位"}</Tag>
                          </Space>
                        }
                        description={<Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginBottom: 0 }}>{t.body}</Typography.Paragraph>}
                      />
                    </List.Item>
                  )}
                />
              </>
            ),
          },
          {
            key: "policies",
            label: `政策依据（${policies.length}）`,
            children: (
              <>
                {canEdit && (
                  <Button id="library-add-policy" icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setEditing({ kind: "policy", id: null, value: { doc_no: "", title: "", article: null, text: "" } })}>
                    新增政策依据
                  </Button>
                )}
                <List
                  dataSource={policies}
                  locale={{ emptyText: <Empty description="暂无政策依据" /> }}
                  renderItem={(p: PolicyEntry) => (
                    <List.Item
                      actions={
                        canEdit
                          ? [
                              <Button key="edit" size="small" icon={<EditOutlined />} aria-label="修改" onClick={() => setEditing({ kind: "policy", id: p.id, value: { doc_no: p.doc_no, title: p.title, article: p.article, text: p.text } })} />,
                              <Popconfirm key="del" title="删除这条政策依据？" okText="删除" cancelText="取消" onConfirm={() => run(() => api.deleteDepartmentEntry(true, p.id), "已删除政策依据")}>
                                <Button size="small" danger icon={<DeleteOutlined />} aria-label="删除" />
                              </Popconfirm>,
                            ]
                          : []
                      }
                    >
                      <List.Item.Meta
                        title={`${p.doc_no}《${p.title}》${p.article ?? ""}`}
                        description={<Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginBottom: 0 }}>{p.text}</Typography.Paragraph>}
                      />
                    </List.Item>
                  )}
                />
              </>
            ),
          },
        ]}
      />
      {editing && (
        <EntryEditor
          editing={editing}
          placeholders={lib?.placeholders ?? []}
          onCancel={() => setEditing(null)}
          onSave={async (value) => {
            const ok =
              editing.kind === "policy"
                ? await run(() => api.saveDepartmentPolicy(editing.id, value as PolicyInput), "政策依据已保存")
                : editing.personal
                  ? await run(() => api.addPersonalTemplate(value as TemplateInput), "已存为我的模板")
                  : await run(() => api.saveDepartmentTemplate(editing.id, value as TemplateInput), "本单位模板已保存");
            if (ok) setEditing(null);
          }}
        />
      )}
    </Drawer>
  );
}

function EntryEditor({
  editing,
  placeholders,
  onCancel,
  onSave,
}: {
  editing: Editing;
  placeholders: [string, string][];
  onCancel: () => void;
  onSave: (v: TemplateInput | PolicyInput) => Promise<void>;
}) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const title = editing.kind === "policy" ? (editing.id ? "修改政策依据" : "新增政策依据") : editing.id ? "修改模板" : editing.personal ? "新增我的模板" : "新增本单位模板";
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await onSave(editing.kind === "policy" ? { doc_no: v.doc_no, title: v.title, article: v.article?.trim() || null, text: v.text } : { title: v.title, body: v.body });
    } finally {
      setBusy(false);
    }
  };
  const required = (what: string) => [{ required: true, whitespace: true, message: `请填写${what}` }];
  return (
    <Modal open title={title} onCancel={onCancel} onOk={save} okText="保存" cancelText="取消" confirmLoading={busy} okButtonProps={{ id: "library-save" }} destroyOnHidden mask={{ closable: false }}>
      <Form form={form} name="library" layout="vertical" initialValues={editing.value}>
        {editing.kind === "template" ? (
          <>
            <Form.Item name="title" label="模板名称" rules={required("模板名称")}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="body" label="模板内容" rules={required("模板内容")} extra={`可用占位符：${placeholders.map(([p, what]) => `${p}（${what}）`).join("；")}`}>
              <Input.TextArea rows={6} maxLength={5000} showCount />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="doc_no" label="文号" rules={required("文号")}>
              <Input maxLength={200} placeholder="如：四政办发〔2022〕12号" />
            </Form.Item>
            <Form.Item name="title" label="文件名称" rules={required("文件名称")}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="article" label="条款">
              <Input maxLength={100} placeholder="如：第十二条" />
            </Form.Item>
            <Form.Item name="text" label="条文内容" rules={required("条文内容")}>
              <Input.TextArea rows={5} maxLength={20000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
