// The 处理单 for the OS print dialog: the same `Sheet` the PDF is made from, laid out in HTML
// for paper. It is drawn outside the app's root, and the print style sheet shows only it.
import { createPortal } from "react-dom";
import type { Sheet } from "../../ipc";
import "./sheet-print.css";

export default function SheetPrint({ sheet }: { sheet: Sheet }) {
  const rows: Sheet["fields"][] = [];
  for (let i = 0; i < sheet.fields.length; i += 2) rows.push(sheet.fields.slice(i, i + 2));
  return createPortal(
    <div id="print-root" data-testid="print-sheet">
      <div className="sheet-running">
        {sheet.department}　工单编号：{sheet.number}
      </div>
      <h1>{sheet.title}</h1>
      <div className="sheet-department">承办单位：{sheet.department}</div>
      <table className="sheet-grid">
        <tbody>
          {rows.map((pair) => (
            <tr key={pair[0].label}>
              {pair.map((f) => (
                <FieldCells key={f.label} label={f.label} value={f.value} wide={pair.length === 1} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {sheet.sections.map((s) => (
        <section key={s.heading}>
          <h2>【{s.heading}】</h2>
          {s.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
      ))}
      <table className="sheet-signatures">
        <tbody>
          <tr>
            {sheet.signatures.map((s) => (
              <td key={s.role}>
                <div>{s.role}（签字）</div>
                <div className="sheet-sign-name">{s.name ?? ""}</div>
                <div>日期：{s.at ?? ""}</div>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <div className="sheet-printed">打印时间：{sheet.printed_at}</div>
    </div>,
    document.body,
  );
}

function FieldCells({ label, value, wide }: { label: string; value: string; wide: boolean }) {
  return (
    <>
      <th>{label}</th>
      <td colSpan={wide ? 3 : 1}>{value}</td>
    </>
  );
}
