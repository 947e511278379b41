import { useEffect, useState } from "react";
import { App, Button, Space, Tooltip } from "antd";
import { api, errorMessage, type Action, type ActionKind, type Reply, type SlipDetail } from "../../ipc";
import { ACTION } from "../../lib/labels";
import { AssignForm, CallbackForm, ExtensionForm, InterimForm, ReplyForm, ReturnForm, SignOffForm, type FormProps } from "./forms";

const FORMS: Partial<Record<ActionKind, (p: FormProps) => React.ReactElement>> = {
  request_return: ReturnForm,
  request_extension: ExtensionForm,
  interim_reply: InterimForm,
  callback: CallbackForm,
  reply: ReplyForm,
  sign_off: SignOffForm,
  assign: AssignForm,
};

/** The actions the user may take on this slip now; a blocked one says why on hover. */
export default function ActionBar({
  slip,
  onDone,
  draft = null,
  onDraftTaken,
}: {
  slip: SlipDetail;
  onDone: (s: SlipDetail) => void;
  /** A reply to start the reply form from (用作答复草稿): opens it. */
  draft?: Reply | null;
  onDraftTaken?: () => void;
}) {
  const { message } = App.useApp();
  const [open, setOpen] = useState<ActionKind | null>(null);
  const [startFrom, setStartFrom] = useState<Reply | null>(null);
  useEffect(() => {
    if (!draft) return;
    setStartFrom(draft);
    setOpen("reply");
    onDraftTaken?.();
  }, [draft, onDraftTaken]);

  const submit = async (action: Action) => {
    const next = await api.act(slip.id, action);
    onDone(next);
    // What was done, as it is: a return or an extension is a request the center decides. The
    // timeline marks the action 待同步 until the center has it.
    message.success(doneText(action, slip));
  };

  const click = async (kind: ActionKind) => {
    if (kind === "acknowledge") {
      try {
        await submit({ type: "acknowledge" });
      } catch (e) {
        message.error(errorMessage(e));
      }
      return;
    }
    setOpen(kind);
  };

  const Current = open ? FORMS[open] : undefined;
  return (
    <>
      <Space wrap>
        {slip.actions.map((a) => {
          const button = (
            <Button
              key={a.kind}
              id={`action-${a.kind}`}
              type={a.kind === "acknowledge" || a.kind === "reply" || a.kind === "sign_off" ? "primary" : "default"}
              disabled={a.blocked !== null}
              onClick={() => click(a.kind)}
            >
              {a.kind === "assign" && slip.assignee ? "改派" : ACTION[a.kind]}
            </Button>
          );
          return a.blocked ? (
            <Tooltip key={a.kind} title={a.blocked}>
              <span data-blocked={a.kind}>{button}</span>
            </Tooltip>
          ) : (
            button
          );
        })}
      </Space>
      {Current && (
        <Current
          slip={slip}
          open
          onClose={() => {
            setOpen(null);
            setStartFrom(null);
          }}
          submit={submit}
          draft={open === "reply" ? startFrom : null}
        />
      )}
    </>
  );
}

/** The sentence after an action, in what it really did. */
export function doneText(action: Action, slip: SlipDetail): string {
  switch (action.type) {
    case "acknowledge":
      return "已签收";
    case "request_return":
      return "已提交退回申请，等待受理中心审核";
    case "request_extension":
      return "已提交延期申请，等待受理中心审批";
    case "interim_reply":
      return "已记录阶段性答复";
    case "callback":
      return action.reached ? "已记录回访" : "已记录未接通的回访";
    case "reply":
      return slip.kind === "supervision" ? "已提交答复，等待领导审核签发" : "已提交答复";
    case "sign_off":
      return action.approve ? "已审核签发，答复将送达受理中心" : "已退回经办人修改";
    case "assign":
      return action.previous ? "已改派" : "已分派";
  }
}
