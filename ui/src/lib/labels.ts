// Chinese labels of the domain's vocabularies. The words are the Rust enums' labels, generated
// into the IPC bindings; what is here only shapes them for a place on screen.
import {
  ACTION_LABEL,
  ATTACHMENT_CLASS_LABEL,
  ATTENTION_LABEL,
  CALLBACK_METHOD_LABEL,
  CHANNEL_LABEL,
  REQUEST_TYPE_LABEL,
  RESOLUTION_LABEL,
  RETURN_REASON_LABEL,
  ROLE_LABEL,
  SATISFACTION_LABEL,
  SLIP_KIND_LABEL,
  STATUS_LABEL,
  TIER_LABEL,
  type AttentionKind,
  type InboxScope,
  type InboxTab,
  type Role,
  type SlipKind,
  type Tier,
} from "../ipc/bindings";

export const KIND_FULL = SLIP_KIND_LABEL;
/** For the list's narrow column: 交办 / 督办. */
export const KIND = Object.fromEntries(
  Object.entries(SLIP_KIND_LABEL).map(([k, v]) => [k, v.replace(/单$/, "")]),
) as Record<SlipKind, string>;

export const REQUEST_TYPE = REQUEST_TYPE_LABEL;
export const ATTACHMENT_CLASS = ATTACHMENT_CLASS_LABEL;
export const CHANNEL = CHANNEL_LABEL;
export const STATUS = STATUS_LABEL;
export const ROLE = ROLE_LABEL;
export const ACTION = ACTION_LABEL;
export const RETURN_REASON = RETURN_REASON_LABEL;
export const CALLBACK_METHOD = CALLBACK_METHOD_LABEL;
export const SATISFACTION = SATISFACTION_LABEL;
export const RESOLUTION = RESOLUTION_LABEL;
/** The center's latest decision the clerk must act on, as the list marks it. */
export const ATTENTION = ATTENTION_LABEL;

/** The default limit of each tier (the center's policy may differ; the slip's due time is what counts). */
const TIER_LIMIT: Record<Tier, string> = {
  emergency: "1小时到场",
  urgent: "1天",
  general: "3天",
  investigation: "5天",
  complaint_verification: "7天",
  report_investigation: "9天",
  suggestion: "10日反馈",
};

/** A tier with its usual limit, e.g. 一般紧急（3天）. */
export const TIER = Object.fromEntries(
  Object.entries(TIER_LABEL).map(([k, v]) => [k, `${v}（${TIER_LIMIT[k as Tier]}）`]),
) as Record<Tier, string>;

export const TAB_LABEL: Record<InboxTab, string> = {
  pending_ack: "待签收",
  in_progress: "办理中",
  sign_off: "待签发",
  replied: "已答复",
  closed: "已办结",
};

/** Whose slips the inbox lists; the leader and the 内勤 also see those nobody has yet. */
export const SCOPE_LABEL: Record<InboxScope, string> = { mine: "我的", department: "本单位", unassigned: "未分派" };

export function scopesFor(role: Role): InboxScope[] {
  return role === "handler" ? ["mine", "department"] : ["department", "unassigned", "mine"];
}

/** A leader's desk starts on the sign-off queue; a handler's has none. */
export function tabsFor(role: Role): InboxTab[] {
  return role === "leader"
    ? ["sign_off", "pending_ack", "in_progress", "replied", "closed"]
    : ["pending_ack", "in_progress", "replied", "closed"];
}

/** The same, as the slip page's heading says it. */
export const ATTENTION_HEADING: Record<AttentionKind, string> = {
  rework: "受理中心退回重办",
  return_refused: "受理中心不同意退回",
  extension_refused: "受理中心不同意延期",
  urged: "受理中心催办",
};
