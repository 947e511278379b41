// 打印 and 导出 PDF of the slip's 处理单. 打印 lays the sheet out for paper and opens the OS
// print dialog (Ctrl+P does the same on the slip page); 导出 PDF asks where with the save
// dialog and writes the PDF the desk makes.
import { useCallback, useEffect, useState } from "react";
import { App, Button, Space } from "antd";
import { FilePdfOutlined, PrinterOutlined } from "@ant-design/icons";
import { api, errorMessage, type Sheet } from "../../ipc";
import SheetPrint from "./SheetPrint";

export default function SheetButtons({ slipId }: { slipId: number }) {
  const { message } = App.useApp();
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [exporting, setExporting] = useState(false);

  const print = useCallback(async () => {
    try {
      setSheet(await api.slipSheet(slipId));
    } catch (e) {
      message.error(errorMessage(e));
    }
  }, [slipId, message]);

  // Once the sheet is in the page, print it; the dialog blocks until the user answers.
  useEffect(() => {
    if (!sheet) return;
    const t = window.setTimeout(() => {
      window.print();
      setSheet(null);
    }, 50);
    return () => window.clearTimeout(t);
  }, [sheet]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "p") {
        e.preventDefault();
        void print();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [print]);

  const exportPdf = async () => {
    setExporting(true);
    try {
      const path = await api.exportSlipPdf(slipId);
      if (path) message.success(`处理单已保存到 ${path}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Space>
      <Button id="sheet-print" icon={<PrinterOutlined />} onClick={print} title="打印处理单（Ctrl+P）">
        打印
      </Button>
      <Button id="sheet-export" icon={<FilePdfOutlined />} onClick={exportPdf} loading={exporting}>
        导出 PDF
      </Button>
      {sheet && <SheetPrint sheet={sheet} />}
    </Space>
  );
}
