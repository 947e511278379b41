import { LeftOutlined, RightOutlined } from "@ant-design/icons";

/** The pages either side of the current one, with the first and the last; `null` is a gap. */
export function pageWindow(current: number, pages: number): (number | null)[] {
  const shown = new Set([1, pages, current - 2, current - 1, current, current + 1, current + 2]);
  const list = [...shown].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  list.forEach((p, i) => {
    if (i > 0 && p - list[i - 1] > 1) out.push(null);
    out.push(p);
  });
  return out;
}

/** Pages of a list, as antd's Pagination looks, drawn by hand for the inbox (no antd loaded
 * there). Each page button's title is its number; the size is a native select. */
export default function Pager({
  current,
  pageSize,
  total,
  summary,
  sizes,
  onChange,
}: {
  current: number;
  pageSize: number;
  total: number;
  summary: string;
  sizes?: number[];
  onChange: (page: number, pageSize: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="slip-pagination" aria-label="分页">
      <span className="pager-total">{summary}</span>
      <button type="button" className="pager-item" title="上一页" aria-label="上一页" disabled={current <= 1} onClick={() => onChange(current - 1, pageSize)}>
        <LeftOutlined />
      </button>
      {pageWindow(current, pages).map((p, i) =>
        p === null ? (
          <span key={`gap${i}`} className="pager-gap">
            •••
          </span>
        ) : (
          <button
            type="button"
            key={p}
            className="pager-item"
            title={String(p)}
            aria-current={p === current ? "page" : undefined}
            onClick={() => onChange(p, pageSize)}
          >
            {p}
          </button>
        ),
      )}
      <button type="button" className="pager-item" title="下一页" aria-label="下一页" disabled={current >= pages} onClick={() => onChange(current + 1, pageSize)}>
        <RightOutlined />
      </button>
      {sizes && (
        <select className="pager-size" aria-label="每页条数" value={pageSize} onChange={(e) => onChange(1, Number(e.target.value))}>
          {sizes.map((s) => (
            <option key={s} value={s}>
              {s} 条/页
            </option>
          ))}
        </select>
      )}
    </nav>
  );
}
