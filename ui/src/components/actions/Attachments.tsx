// Files picked for an action, kept in the desk's cache at once and referenced by the action.
import { useState } from "react";
import { Alert, Button, Upload, type UploadFile } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { api, errorMessage, type AttachmentClass, type AttachmentRef } from "../../ipc";

const MAX_MB = 20;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
    r.onerror = () => reject(new Error("读取文件失败"));
    r.readAsDataURL(file);
  });
}

/** Picks files, keeps them in the desk's cache, and reports their references. */
export default function Attachments({ onChange, label, cls }: { onChange: (refs: AttachmentRef[]) => void; label: string; cls: AttachmentClass }) {
  const [files, setFiles] = useState<(UploadFile & { ref?: AttachmentRef })[]>([]);
  const [error, setError] = useState<string | null>(null);
  const update = (next: (UploadFile & { ref?: AttachmentRef })[]) => {
    setFiles(next);
    onChange(next.flatMap((f) => (f.ref ? [f.ref] : [])));
  };
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Upload
        multiple
        fileList={files}
        accept="image/*,application/pdf"
        onRemove={(f) => update(files.filter((x) => x.uid !== f.uid))}
        beforeUpload={async (file) => {
          setError(null);
          if (file.size > MAX_MB * 1024 * 1024) {
            setError(`文件“${file.name}”超过 ${MAX_MB} MB，无法作为附件`);
            return Upload.LIST_IGNORE;
          }
          try {
            const ref = await api.addAttachment(file.name, file.type, await readBase64(file), cls);
            update([...files, { uid: file.uid, name: file.name, status: "done", ref }]);
          } catch (e) {
            setError(errorMessage(e));
          }
          return Upload.LIST_IGNORE;
        }}
      >
        <Button icon={<UploadOutlined />}>{label}</Button>
      </Upload>
    </>
  );
}

