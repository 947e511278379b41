import { useState } from "react";
import { App, Button, Space, Tooltip } from "antd";
import { api, errorMessage, type Action, type ActionKind, type SlipDetail } from "../../ipc";
import { ACTION } from "../../lib/labels";
import { CallbackForm, ExtensionForm, InterimForm, ReplyForm, ReturnForm, SignOffForm, type FormProps } from "./forms";

const FORMS: Partial<Record<ActionKind, (p: FormProps) => React.ReactElement>> = {
  request_return: ReturnForm,
  request_extension: ExtensionForm,
  interim_reply: InterimForm,
  callback: CallbackForm,
  reply: ReplyForm,
  sign_off: SignOffForm,
};

/** The actions the user may take on this slip now; a blocked one says why on hover. */
export default function ActionBar({ slip, onDone }: { slip: SlipDetail; onDone: (s: SlipDetail) => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState<ActionKind | null>(null);

  const submit = async (action: Action) => {
    const next = await api.act(slip.id, action);
    onDone(next);
    message.success(`已${ACTION[kindOf(action)]}，待同步到受理中心`);
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
              {ACTION[a.kind]}
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
      {Current && <Current slip={slip} open onClose={() => setOpen(null)} submit={submit} />}
    </>
  );
}

function kindOf(a: Action): ActionKind {
  return a.type as ActionKind;
}
