import { useState } from "react";
import Notice from "./Notice";

/** Says what the user must know about this PC's files — a damaged one set aside (and where it
 * was kept), a data folder that cannot be written — until closed; a later one is said again. */
export default function StorageNotice({ notices }: { notices: readonly string[] }) {
  const [closed, setClosed] = useState(0);
  if (notices.length <= closed) return null;
  return (
    <Notice type="warning" testId="storage-notice" onClose={() => setClosed(notices.length)}>
      {notices.slice(closed).join(" ")}
    </Notice>
  );
}
