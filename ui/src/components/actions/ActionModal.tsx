import { useState, type ReactNode } from "react";
import { Alert, Form, Modal, type FormInstance } from "antd";
import { errorMessage } from "../../ipc";

/**
 * A form in a modal that builds one action and submits it. The form validates what it can;
 * the core and the center validate again, and their refusal is shown here in their words.
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
}: {
  name: string;
  title: string;
  okText: string;
  open: boolean;
  onClose: () => void;
  onSubmit: (values: T) => Promise<void>;
  children: ReactNode;
  initialValues?: Partial<T>;
  form?: FormInstance<T>;
}) {
  const [own] = Form.useForm<T>();
  const form = given ?? own;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

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
      await onSubmit(values);
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
      onCancel={onClose}
      onOk={submit}
      okText={okText}
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ id: `${name}-submit` }}
      destroyOnHidden
      // A half-written form is work: a stray click beside the dialog must not throw it away.
      mask={{ closable: false }}
      width={600}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form form={form} name={name} layout="vertical" initialValues={initialValues} preserve={false}>
        {children}
      </Form>
    </Modal>
  );
}
