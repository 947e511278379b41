// 类似工单: the department's past slips from the same citizen, at the same place or with a like
// title, each with the reply the center accepted — one click starts the reply form from it.
import { Button, Collapse, Empty, List, Space, Tag, Typography } from "antd";
import type { Reply, SimilarCases as Cases } from "../ipc";
import { STATUS } from "../lib/labels";
import { fullTime } from "../lib/time";

export default function SimilarCases({ found, canDraft, onDraft }: { found: Cases; canDraft: boolean; onDraft: (r: Reply) => void }) {
  return (
    <Collapse
      style={{ marginTop: 16 }}
      defaultActiveKey={found.repeat ? ["similar"] : []}
      items={[
        {
          key: "similar",
          label: (
            <Space>
              类似工单（{found.cases.length}）{found.repeat && <Tag color="red">重复件</Tag>}
            </Space>
          ),
          children:
            found.cases.length === 0 ? (
              <Empty description="没有类似的工单" />
            ) : (
              <List
                data-testid="similar-cases"
                dataSource={found.cases}
                renderItem={(c) => (
                  <List.Item
                    data-similar={c.id}
                    actions={
                      c.accepted_reply
                        ? [
                            <Button key="draft" size="small" disabled={!canDraft} className="similar-draft" onClick={() => c.accepted_reply && onDraft(c.accepted_reply)}>
                              用作答复草稿
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          <Typography.Text code>{c.number}</Typography.Text>
                          {c.title}
                          {c.repeat && <Tag color="red">重复件</Tag>}
                          {c.same_citizen && <Tag>同一诉求人</Tag>}
                          {c.same_place && <Tag>同一地点</Tag>}
                          {c.like_title && <Tag>标题相近</Tag>}
                        </Space>
                      }
                      description={
                        <>
                          <div>
                            {fullTime(c.dispatched_at)} 派发 · {STATUS[c.status]}
                          </div>
                          {c.accepted_reply && (
                            <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                              已通过的答复：{c.accepted_reply.public_text ?? c.accepted_reply.process}
                            </Typography.Paragraph>
                          )}
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            ),
        },
      ]}
    />
  );
}
