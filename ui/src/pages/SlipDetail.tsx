import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Descriptions, Empty, Space, Spin, Tag, Typography } from "antd";
import { ArrowLeftOutlined, EyeOutlined } from "@ant-design/icons";
import { api, errorMessage, type CitizenContact, type Reply, type SimilarCases as Cases, type SlipDetail } from "../ipc";
import SimilarCases from "../components/SimilarCases";
import { ATTENTION_HEADING, CHANNEL, KIND_FULL, REQUEST_TYPE, STATUS, TIER } from "../lib/labels";
import { fullTime } from "../lib/time";
import Deadline from "../components/Deadline";
import SlipTimeline from "../components/Timeline";
import ActionBar from "../components/actions/ActionBar";
import SheetButtons from "../components/sheet/SheetButtons";

/** Whether an antd dialog (an action's form, its "discard?" question) is showing. */
function dialogOpen(): boolean {
  return Array.from(document.querySelectorAll<HTMLElement>(".ant-modal-wrap")).some((el) => el.style.display !== "none");
}

/** All of a slip's fields; the citizen's contact masked until the handler reveals it. */
export default function SlipDetailPage({ id, revision, onBack }: { id: number; revision: number; onBack: () => void }) {
  const [slip, setSlip] = useState<SlipDetail | null>(null);
  const [contact, setContact] = useState<CitizenContact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [similar, setSimilar] = useState<Cases | null>(null);
  const [draft, setDraft] = useState<Reply | null>(null);
  const draftTaken = useCallback(() => setDraft(null), []);

  useEffect(() => {
    // Similar cases come from the cache alone; a failure leaves the page as it is.
    api.similarCases(id).then(setSimilar, () => setSimilar(null));
  }, [id, revision]);

  useEffect(() => {
    api.slipDetail(id).then(
      (s) => {
        setSlip(s);
        setError(null);
      },
      (e) => setError(errorMessage(e)),
    );
  }, [id, revision]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // An open dialog takes Esc for itself (ActionModal): never leave the slip under it.
      if (e.key === "Escape" && !e.defaultPrevented && !dialogOpen()) onBack();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onBack]);

  const dismiss = async (mutationId: number) => {
    try {
      await api.dismissRejected(mutationId);
      setSlip(await api.slipDetail(id));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const reveal = async () => {
    try {
      setContact(await api.revealContact(id));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={onBack} id="slip-back">
      返回列表（Esc）
    </Button>
  );
  if (error) return <Card>{back}<Empty description={error} /></Card>;
  if (!slip) return <Spin />;

  const citizen = slip.anonymous ? (
    <Tag>匿名</Tag>
  ) : (
    <Space>
      <span data-testid="citizen-name">{contact?.name ?? slip.citizen_name_masked ?? "—"}</span>
      <span data-testid="citizen-phone">{contact?.phone ?? slip.citizen_phone_masked ?? "—"}</span>
      {!contact && (slip.citizen_phone_masked || slip.citizen_name_masked) && (
        <Button size="small" icon={<EyeOutlined />} onClick={reveal} id="reveal-contact">
          显示联系方式
        </Button>
      )}
    </Space>
  );

  return (
    <Card
      title={
        <Space>
          {back}
          <Typography.Text code>{slip.number}</Typography.Text>
          <Tag color={slip.kind === "supervision" ? "volcano" : "blue"}>{KIND_FULL[slip.kind]}</Tag>
          <Tag color={slip.status === "closed" ? "success" : slip.status === "returned" ? "default" : "processing"} data-testid="slip-status">
            {STATUS[slip.status]}
          </Tag>
          {slip.status !== slip.server_status && <Tag color="processing">待同步</Tag>}
          {slip.rework_count > 0 && <Tag color="red">重办 {slip.rework_count} 次</Tag>}
          {slip.urge_count > 0 && <Tag color="orange">已催办 {slip.urge_count} 次</Tag>}
          {similar?.repeat && (
            <Tag color="red" data-testid="slip-repeat" title="同一诉求人 30 天内反映过同一事项">
              重复件
            </Tag>
          )}
        </Space>
      }
      extra={<Deadline dispatchedAt={slip.dispatched_at} dueAt={slip.due_at} status={slip.status} />}
    >
      <Typography.Title level={4} data-testid="slip-title">{slip.title}</Typography.Title>
      {slip.attention && (
        // The center's latest word that needs the clerk, above the fold (the timeline has it too).
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="slip-attention"
          title={`${ATTENTION_HEADING[slip.attention.kind]}（${fullTime(slip.attention.at)}）`}
          description={slip.attention.reason ?? undefined}
        />
      )}
      <div style={{ marginBottom: 16, display: "flex", justifyContent: "space-between", gap: 8, flexWrap: "wrap" }}>
        <ActionBar slip={slip} onDone={setSlip} draft={draft} onDraftTaken={draftTaken} />
        <SheetButtons slipId={slip.id} />
      </div>
      {slip.pending_extension && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`延期申请审批中：申请延至 ${fullTime(slip.pending_extension.requested_due_at)}（${slip.pending_extension.reason}）`}
        />
      )}
      {/* Labels never break mid-word; a long value (a URL in the content) wraps anywhere
          rather than squeezing its column. */}
      <Descriptions bordered column={2} size="small" styles={{ label: { whiteSpace: "nowrap" }, content: { overflowWrap: "anywhere" } }}>
        <Descriptions.Item label="诉求类型">{REQUEST_TYPE[slip.request_type]}</Descriptions.Item>
        <Descriptions.Item label="办理时限">{TIER[slip.tier]}</Descriptions.Item>
        <Descriptions.Item label="来源渠道">{CHANNEL[slip.channel]}</Descriptions.Item>
        <Descriptions.Item label="派发时间">{fullTime(slip.dispatched_at)}</Descriptions.Item>
        <Descriptions.Item label="截止时间">{fullTime(slip.due_at)}</Descriptions.Item>
        <Descriptions.Item label="诉求人">{citizen}</Descriptions.Item>
        <Descriptions.Item label="经办人">
          <span id="slip-assignee">{slip.assignee?.display_name ?? "尚未分派"}</span>
        </Descriptions.Item>
        <Descriptions.Item label="地址">{slip.address ?? "—"}</Descriptions.Item>
        <Descriptions.Item label="诉求内容" span={2}>
          <Typography.Paragraph data-testid="slip-content" style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>
            {slip.content}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label="附件" span={2}>
          {slip.attachments.length === 0 ? "无" : slip.attachments.map((a) => <Tag key={a.name}>{a.name}</Tag>)}
        </Descriptions.Item>
        <Descriptions.Item label="回访记录" span={2}>
          {slip.rework_count > 0 && "重办后"}
          {slip.callbacks_reached > 0 ? `已回访 ${slip.callbacks_reached} 次` : "尚未回访"}
          {slip.callbacks_unreachable > 0 && `，未接通 ${slip.callbacks_unreachable} 次`}
        </Descriptions.Item>
      </Descriptions>
      {similar && (
        <SimilarCases found={similar} canDraft={slip.actions.some((a) => a.kind === "reply" && a.blocked === null)} onDraft={setDraft} />
      )}
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        办理记录
      </Typography.Title>
      <SlipTimeline items={slip.timeline} onDismiss={dismiss} />
    </Card>
  );
}
