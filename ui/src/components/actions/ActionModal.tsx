import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Alert, App, Form, Modal, type FormInstance } from "antd";
import { errorMessage } from "../../ipc";

/**
 * A form in a modal that builds one action and submits it. The form validates what it can;
 * the core and the center validate again, and their refusal is shown here in their words.
 * A half-written form is work: Esc, 取消 and the close button ask before throwing it away,
 * and a click beside the dialog does nothing.
 */
export default function ActionModal<T extends object>({
  name,
  title,
  okText,
  open,
  onClose,
  onSubmit,
  children,
  initialValues,
  form: given,
  width = 600,
}: {
  name: string;
  title: string;
  okText: string;
  open: boolean;
  onClose: () => void;
  /** Resolves `false` to keep the form open without an error (the user chose to go back). */
  onSubmit: (values: T) => Promise<void | false>;
  children: ReactNode;
  initialValues?: Partial<T>;
  form?: FormInstance<T>;
  width?: number;
}) {
  const [own] = Form.useForm<T>();
  const form = given ?? own;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { modal } = App.useApp();
  const asking = useRef(false);

  const cancel = useCallback(() => {
    if (!form.isFieldsTouched()) {
      onClose();
      return;
    }
    if (asking.current) return;
    asking.current = true;
    modal.confirm({
      title: "放弃已填写的内容？",
      content: "关闭后，这份表单中填写的内容将不会保存。",
      okText: "放弃",
      okButtonProps: { danger: true, id: `${name}-discard` },
      cancelText: "继续填写",
      cancelButtonProps: { id: `${name}-keep` },
      onOk: () => {
        asking.current = false;
        onClose();
      },
      onCancel: () => {
        asking.current = false;
      },
    });
  }, [form, modal, name, onClose]);

  // Esc is handled here, not by the dialog: with something typed it asks first. The slip
  // page's own Esc (back to the list) stands aside while a dialog is open.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      // Esc on the "discard?" question answers that question (继续填写), nothing more.
      if (e.target instanceof Element && e.target.closest(".ant-modal-confirm")) return;
      e.preventDefault();
      if (!asking.current) cancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, cancel]);

  const submit = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch (e) {
      // antd rejects with `outOfDate` and no field errors when a value changed while it was
      // validating (a fast typist, a test driver): validate the settled values once more
      // rather than swallowing the click.
      const fieldErrors = (e as { errorFields?: unknown[] }).errorFields ?? [];
      if (fieldErrors.length > 0) return;
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      if ((await onSubmit(values)) === false) return;
      form.resetFields();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      onCancel={cancel}
      keyboard={false}
      onOk={submit}
      okText={okText}
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ id: `${name}-submit` }}
      destroyOnHidden
      // A half-written form is work: a stray click beside the dialog must not throw it away.
      mask={{ closable: false }}
      width={width}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form form={form} name={name} layout="vertical" initialValues={initialValues} preserve={false}>
        {children}
      </Form>
    </Modal>
  );
}
