import { useEffect, useRef, useState } from "react";
import { ArrowLeftOutlined, DownloadOutlined } from "@ant-design/icons";
import { api, errorMessage, RATE_LABEL, type HandlerRates, type MonthRates, type Ratio, type Rates, type StatsPage } from "../ipc";
import { fullTime } from "../lib/time";
import Spinner from "../components/Spinner";
import "./stats.css";

// The leader's 统计 page: the month's 考核 rates against the month before, the twelve-month
// trend (plain SVG: no chart library in the bundle), each handler's load, and the open slips
// whose miss would lower 按时办结率. Counted by the desk from its cache (`stats_page`), so it
// works offline; the center counts the same (`GET /v1/stats`).

type RateKey = keyof Rates;
const RATE_KEYS = Object.keys(RATE_LABEL) as RateKey[];
/** Rates where lower is better. */
const LOWER_IS_BETTER: RateKey[] = ["reworked", "return_requested", "extended"];
const TREND_KEYS: RateKey[] = ["closed_on_time", "closed", "acknowledged_in_time", "satisfied"];
const TREND_COLOURS = ["#b71c1c", "#1d39c4", "#389e0d", "#d46b08"];

/** "98.2%", or "—" when nothing was counted. */
export function percent(r: Ratio): string {
  return r.den === 0 ? "—" : `${((r.num * 100) / r.den).toFixed(1)}%`;
}

function value(r: Ratio): number | null {
  return r.den === 0 ? null : (r.num * 100) / r.den;
}

function monthWords(month: string): string {
  const [y, m] = month.split("-");
  return `${y} 年 ${Number(m)} 月`;
}

function Delta({ now, before, lowerIsBetter }: { now: Ratio; before: Ratio; lowerIsBetter: boolean }) {
  const a = value(now);
  const b = value(before);
  if (a === null || b === null) return <span className="stat-delta">上月 {percent(before)}</span>;
  const d = a - b;
  const good = lowerIsBetter ? d < 0 : d > 0;
  const tone = Math.abs(d) < 0.05 ? "flat" : good ? "good" : "bad";
  return (
    <span className="stat-delta" data-tone={tone}>
      较上月 {d >= 0 ? "+" : "−"}
      {Math.abs(d).toFixed(1)} 个百分点
    </span>
  );
}

/** The twelve months of four rates as lines; months without any count leave a gap. */
function Trend({ trend }: { trend: MonthRates[] }) {
  const width = 960;
  const height = 200;
  const pad = { left: 44, right: 12, top: 12, bottom: 28 };
  const values = trend.flatMap((m) => TREND_KEYS.map((k) => value(m.rates[k]))).filter((v): v is number => v !== null);
  const low = values.length ? Math.max(0, Math.floor((Math.min(...values) - 1) / 10) * 10) : 0;
  const x = (i: number) => pad.left + (i * (width - pad.left - pad.right)) / Math.max(1, trend.length - 1);
  const y = (v: number) => pad.top + ((100 - v) * (height - pad.top - pad.bottom)) / Math.max(1, 100 - low);
  const ticks = [low, (low + 100) / 2, 100];
  return (
    <figure className="stat-trend">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="近 12 个月考核指标趋势">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="stat-grid" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="stat-axis">
              {t}%
            </text>
          </g>
        ))}
        {trend.map((m, i) => (
          <text key={m.month} x={x(i)} y={height - 8} textAnchor="middle" className="stat-axis">
            {Number(m.month.slice(5))}月
          </text>
        ))}
        {TREND_KEYS.map((k, ki) => {
          // A line through the months that have a value, broken where one has none.
          const d = trend
            .map((m, i) => {
              const v = value(m.rates[k]);
              if (v === null) return null;
              const prev = i > 0 ? value(trend[i - 1].rates[k]) : null;
              return `${prev === null ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
            })
            .filter(Boolean)
            .join(" ");
          return (
            <g key={k}>
              <path d={d} fill="none" stroke={TREND_COLOURS[ki]} strokeWidth={2} />
              {trend.map((m, i) => {
                const v = value(m.rates[k]);
                return v === null ? null : (
                  <circle key={m.month} cx={x(i)} cy={y(v)} r={3} fill={TREND_COLOURS[ki]}>
                    <title>{`${monthWords(m.month)} ${RATE_LABEL[k]} ${percent(m.rates[k])}（${m.rates[k].num}/${m.rates[k].den}）`}</title>
                  </circle>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="stat-legend">
        {TREND_KEYS.map((k, ki) => (
          <span key={k}>
            <i style={{ background: TREND_COLOURS[ki] }} />
            {RATE_LABEL[k]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function minutesWords(m: number | null): string {
  if (m === null) return "—";
  if (m < 60) return `${m} 分钟`;
  return `${(m / 60).toFixed(1)} 小时`;
}

function Handlers({ rows }: { rows: HandlerRates[] }) {
  return (
    <table className="slip-table stat-table" data-testid="stats-handlers">
      <thead>
        <tr>
          <th>经办人</th>
          <th>在办</th>
          <th>超期</th>
          <th>本月按时办结</th>
          <th>平均签收用时</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => (
          <tr key={h.handler}>
            <td>{h.handler}</td>
            <td>{h.open}</td>
            <td>{h.overdue > 0 ? <span className="chip" data-tone="red">{h.overdue}</span> : 0}</td>
            <td title={`${h.rates.closed_on_time.num}/${h.rates.closed_on_time.den}`}>{percent(h.rates.closed_on_time)}</td>
            <td>{minutesWords(h.average_ack_minutes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `value`, passed on at most once every `ms`: a burst of synced changes recounts the page once,
 * not once per change. */
export function useThrottled<T>(value: T, ms: number): T {
  const [out, setOut] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - Date.now());
    const t = window.setTimeout(() => {
      last.current = Date.now();
      setOut(value);
    }, wait);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return out;
}

export default function Stats({ revision: changed, onBack, onOpen }: { revision: number; onBack: () => void; onOpen: (id: number) => void }) {
  const revision = useThrottled(changed, 5000);
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [page, setPage] = useState<StatsPage | null>(null);
  const [months, setMonths] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<{ ok: boolean; text: string } | null>(null);
  const [exporting, setExporting] = useState(false);
  const exportMonth = async () => {
    setExporting(true);
    try {
      const path = await api.exportMonth(month ?? months[0]);
      setExported(path ? { ok: true, text: `已导出到 ${path}` } : null);
    } catch (e) {
      setExported({ ok: false, text: errorMessage(e) });
    } finally {
      setExporting(false);
    }
  };

  useEffect(() => {
    let alive = true;
    api.statsPage(month).then(
      (p) => {
        if (!alive) return;
        setPage(p);
        setError(null);
        // The months to choose from: the twelve up to this one, newest first, as first counted.
        setMonths((known) => (known.length ? known : p.trend.map((m) => m.month).reverse()));
      },
      (e) => alive && setError(errorMessage(e)),
    );
    return () => {
      alive = false;
    };
  }, [month, revision]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onBack();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onBack]);

  const report = page?.report;
  return (
    <section className="stats" aria-label="统计">
      <div className="stats-head">
        <button type="button" className="button" id="stats-back" onClick={onBack}>
          <ArrowLeftOutlined /> 返回
        </button>
        <h2>
          {report?.department.name} 考核统计
        </h2>
        <label className="stats-month">
          月份
          <select
            id="stats-month"
            className="pager-size"
            value={month ?? months[0] ?? ""}
            onChange={(e) => setMonth(e.target.value)}
          >
            {months.map((m) => (
              <option key={m} value={m}>
                {monthWords(m)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" id="stats-export" onClick={exportMonth} disabled={!page || exporting}>
          <DownloadOutlined /> {exporting ? "正在导出…" : "导出 Excel"}
        </button>
      </div>
      {exported && (
        <p className={exported.ok ? "stats-note" : "inbox-error"} data-testid="stats-exported">
          {exported.text}
        </p>
      )}
      {error && <p className="inbox-error">{error}</p>}
      {!page && !error && <Spinner />}
      {page && report && (
        <>
          <p className="stats-note">
            {monthWords(report.month)}，统计至 {fullTime(report.as_of)}，按本机缓存计算（离线可用），与受理中心的口径一致。
          </p>
          <div className="stat-cards" data-testid="stats-cards">
            {RATE_KEYS.map((k) => (
              <div className="stat-card" key={k} data-rate={k} title={`${report.total[k].num} / ${report.total[k].den}`}>
                <div className="stat-name">{RATE_LABEL[k]}</div>
                <div className="stat-value">{percent(report.total[k])}</div>
                <Delta now={report.total[k]} before={page.previous[k]} lowerIsBetter={LOWER_IS_BETTER.includes(k)} />
                <div className="stat-counts">
                  {report.total[k].num} / {report.total[k].den}
                  {report.higher[k].den > 0 && `（上级渠道 ${percent(report.higher[k])}）`}
                </div>
              </div>
            ))}
          </div>
          <h3>近 12 个月</h3>
          <Trend trend={page.trend} />
          {page.risks.length > 0 && (
            <>
              <h3>风险：本月尚未到期的在办工单</h3>
              <table className="slip-table stat-table" data-testid="stats-risks">
                <thead>
                  <tr>
                    <th>工单编号</th>
                    <th>标题</th>
                    <th>截止时间</th>
                    <th>若逾期</th>
                  </tr>
                </thead>
                <tbody>
                  {page.risks.map((r) => (
                    <tr key={r.id} className="slip-row" tabIndex={0} onClick={() => onOpen(r.id)} onKeyDown={(e) => e.key === "Enter" && onOpen(r.id)}>
                      <td>{r.number}</td>
                      <td>{r.title}</td>
                      <td>{fullTime(r.due_at)}</td>
                      <td>
                        本月按时办结率 {percent(r.now)} → {percent(r.if_missed)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {report.by_handler.length > 0 && (
            <>
              <h3>经办人</h3>
              <Handlers rows={report.by_handler} />
            </>
          )}
        </>
      )}
    </section>
  );
}
