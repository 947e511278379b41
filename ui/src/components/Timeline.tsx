import { Button, Tag, Timeline, Typography } from "antd";
import type { TimelineItem } from "../ipc";
import { ROLE } from "../lib/labels";
import { fullTime } from "../lib/time";

/** The slip's history: the center's, then this desk's actions that it has not confirmed yet. */
export default function SlipTimeline({ items, onDismiss }: { items: TimelineItem[]; onDismiss: (mutationId: number) => void }) {
  return (
    <Timeline
      data-testid="timeline"
      items={items.map((t, i) => ({
        key: `${t.mutation_id ?? "s"}-${i}`,
        color: t.sync === "rejected" ? "red" : t.sync === "pending" ? "blue" : "gray",
        content: (
          <div className={`timeline-item timeline-${t.sync}`}>
            <Typography.Text strong>{t.title}</Typography.Text>{" "}
            {t.sync === "pending" && <Tag color="processing">待同步</Tag>}
            {t.sync === "rejected" && <Tag color="error">被拒绝</Tag>}
            <Typography.Text type="secondary">
              {fullTime(t.at)} · {t.actor}（{ROLE[t.role]}）
            </Typography.Text>
            {t.detail && <div className="timeline-detail">{t.detail}</div>}
            {t.error && (
              <div className="timeline-error">
                <Typography.Text type="danger">受理中心未接受：{t.error}</Typography.Text>{" "}
                {t.mutation_id !== null && (
                  <Button size="small" onClick={() => onDismiss(t.mutation_id as number)}>
                    知道了
                  </Button>
                )}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
