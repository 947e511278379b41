// Chinese labels of the domain's vocabularies (the same words as the Rust enums' labels).
import type {
  ActionKind,
  AttentionKind,
  CallbackMethod,
  Channel,
  InboxTab,
  RequestType,
  Resolution,
  ReturnReason,
  Role,
  Satisfaction,
  SlipKind,
  SlipStatus,
  Tier,
} from "../ipc";

export const KIND: Record<SlipKind, string> = { assignment: "交办", supervision: "督办" };
export const KIND_FULL: Record<SlipKind, string> = { assignment: "交办单", supervision: "督办单" };

export const REQUEST_TYPE: Record<RequestType, string> = {
  consultation: "咨询",
  help: "求助",
  complaint: "投诉",
  report: "举报",
  suggestion: "建议",
};

export const TIER: Record<Tier, string> = {
  emergency: "突发紧急（1小时到场）",
  urgent: "紧急（1天）",
  general: "一般紧急（3天）",
  investigation: "需调查（5天）",
  complaint_verification: "投诉核实（7天）",
  report_investigation: "举报调查（9天）",
  suggestion: "合理化建议（10日反馈）",
};

export const CHANNEL: Record<Channel, string> = {
  hotline: "12345热线",
  state_council: "国务院“互联网+督查”",
  gov_website: "中国政府网网民留言",
  people_board: "人民网领导留言板",
  governor_hotline: "省长电话转办平台",
  governor_mailbox: "省长信箱",
  mayor_mailbox: "市长信箱",
  voice_message: "语音留言",
};

export const STATUS: Record<SlipStatus, string> = {
  dispatched: "待签收",
  in_progress: "办理中",
  return_requested: "退回待审",
  awaiting_sign_off: "待签发",
  replied: "已答复",
  closed: "已办结",
  returned: "已退回",
};

export const ROLE: Record<Role, string> = { handler: "经办人", leader: "分管领导", operator: "受理中心" };

export const TAB_LABEL: Record<InboxTab, string> = {
  pending_ack: "待签收",
  in_progress: "办理中",
  sign_off: "待签发",
  replied: "已答复",
  closed: "已办结",
};

/** A leader's desk starts on the sign-off queue; a handler's has none. */
export function tabsFor(role: Role): InboxTab[] {
  return role === "leader"
    ? ["sign_off", "pending_ack", "in_progress", "replied", "closed"]
    : ["pending_ack", "in_progress", "replied", "closed"];
}

export const ACTION: Record<ActionKind, string> = {
  acknowledge: "签收",
  request_return: "退回",
  request_extension: "申请延期",
  interim_reply: "阶段性答复",
  callback: "回访",
  reply: "答复",
  sign_off: "审核签发",
};

export const RETURN_REASON: Record<ReturnReason, string> = {
  wrong_locality: "属地不符",
  unclear_ownership: "权属不清",
  wrong_department: "职能不符",
  other: "其他",
};

export const CALLBACK_METHOD: Record<CallbackMethod, string> = { phone: "电话", on_site: "上门", sms: "短信" };

export const SATISFACTION: Record<Satisfaction, string> = {
  unsatisfied: "不满意",
  understanding: "理解",
  satisfied: "满意",
  very_satisfied: "非常满意",
};

export const RESOLUTION: Record<Resolution, string> = {
  solved: "已解决",
  partly_solved: "部分解决",
  unsolved: "未解决",
};

/** The center's latest decision the clerk must act on, as the list marks it. */
export const ATTENTION: Record<AttentionKind, string> = {
  rework: "重办",
  return_refused: "退回被拒",
  extension_refused: "延期被拒",
  urged: "催办",
};

/** The same, as the slip page's heading says it. */
export const ATTENTION_HEADING: Record<AttentionKind, string> = {
  rework: "受理中心退回重办",
  return_refused: "受理中心不同意退回",
  extension_refused: "受理中心不同意延期",
  urged: "受理中心催办",
};
