// Chinese labels of the domain's vocabularies (the same words as the Rust enums' labels).
import type { Channel, RequestType, Role, SlipKind, SlipStatus, Tier } from "../ipc";

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
  replied: "已答复",
  closed: "已办结",
};

export const ROLE: Record<Role, string> = { handler: "经办人", leader: "分管领导", operator: "受理中心" };

export const TABS: SlipStatus[] = ["dispatched", "in_progress", "replied", "closed"];
