import { useState } from "react";
import Notice from "./Notice";

/** Says what was found damaged in this PC's files and set aside (and where it was kept), until
 * closed; a later repair is said again. */
export default function RepairNotice({ repairs }: { repairs: readonly string[] }) {
  const [closed, setClosed] = useState(0);
  if (repairs.length <= closed) return null;
  return (
    <Notice type="warning" testId="repair-notice" onClose={() => setClosed(repairs.length)}>
      {repairs.slice(closed).join(" ")}
    </Notice>
  );
}
