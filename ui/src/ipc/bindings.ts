// Generated from Rust by `cargo test -p chengban-core` (ts-rs). Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p chengban-core --lib bindings

export type SlipKind = "assignment" | "supervision";

export type RequestType = "consultation" | "help" | "complaint" | "report" | "suggestion";

export type Tier = "emergency" | "urgent" | "general" | "investigation" | "complaint_verification" | "report_investigation" | "suggestion";

export type Channel = "hotline" | "state_council" | "gov_website" | "people_board" | "governor_hotline" | "governor_mailbox" | "mayor_mailbox" | "voice_message";

export type SlipStatus = "dispatched" | "in_progress" | "return_requested" | "awaiting_sign_off" | "replied" | "closed" | "returned";

export type Role = "handler" | "leader" | "dispatcher" | "operator";

export type ReturnReason = "wrong_locality" | "unclear_ownership" | "wrong_department" | "other";

export type CallbackMethod = "phone" | "on_site" | "sms";

export type Satisfaction = "unsatisfied" | "understanding" | "satisfied" | "very_satisfied";

export type Resolution = "solved" | "partly_solved" | "unsolved";

export type AttentionKind = "rework" | "return_refused" | "extension_refused" | "urged";

export type Attention = { kind: AttentionKind, 
/**
 * The center's reason or message, as written.
 */
reason: string | null, at: string, };

export type AttachmentClass = "id_document" | "contact_evidence" | "handling";

export type AttachmentRef = { 
/**
 * Lower-case hex SHA-256 of the content.
 */
sha256: string, name: string, size: number, content_type: string, 
/**
 * What the file shows (附件分类); files attached before classes existed are 办理附件.
 */
class: AttachmentClass, };

export type Callback = { at: string, method: CallbackMethod, 
/**
 * False records an attempt that did not reach the citizen.
 */
reached: boolean, 
/**
 * Who was reached (the citizen, a relative…).
 */
contact: string | null, 
/**
 * What was said, or why the attempt failed.
 */
summary: string, satisfaction: Satisfaction | null, solved: boolean | null, };

export type Contact = { contacted: boolean, 
/**
 * When the citizen was reached.
 */
at: string | null, 
/**
 * The number dialled: personal data, shown masked.
 */
phone: string | null, 
/**
 * Why the citizen was not contacted.
 */
reason: string | null, };

export type PolicyCitation = { 
/**
 * 文号, e.g. 四政办发〔2022〕12号.
 */
doc_no: string, 
/**
 * The document's title.
 */
title: string, 
/**
 * 条款, e.g. 第十二条.
 */
article: string | null, };

export type Reply = { 
/**
 * 办理情况: how the department handled it, for the center (办理过程 on older replies).
 */
process: string, 
/**
 * 公开答复: what the citizen is told. `None` only on replies written before it existed.
 */
public_text: string | null, result: Resolution, 
/**
 * Why the request was not (fully) solved: required unless the result is 解决.
 */
unsolved_reason: string | null, 
/**
 * 超职责诉求: set when the request lies outside the department's duties, saying why.
 */
beyond_duty: string | null, contact: Contact | null, 
/**
 * 政策依据 cited.
 */
policies: Array<PolicyCitation>, 
/**
 * 政策依据 as free text (文号 and 出处), as older replies gave it.
 */
policy_doc_no: string | null, policy_source: string | null, attachments: Array<AttachmentRef>, };

export type ReviewRule = "unsolved_reason" | "beyond_duty_reason" | "contact_complete" | "public_text_length" | "no_personal_numbers" | "policy_basis" | "contact_recorded";

export type Severity = "block" | "warn";

export type Finding = { rule: ReviewRule, severity: Severity, message: string, };

export type Action = { "type": "acknowledge", } | { "type": "request_return", reason: ReturnReason, text: string, evidence: Array<AttachmentRef>, } | { "type": "request_extension", reason: string, requested_due_at: string, } | { "type": "interim_reply", text: string, } | { "type": "callback" } & Callback | { "type": "reply" } & Reply | { "type": "sign_off", approve: boolean, comment: string | null, } | { "type": "assign", 
/**
 * The username of the one who takes it.
 */
assignee: string, 
/**
 * Who had it when the assigner chose (None: nobody yet). If the slip has been given to
 * someone else meanwhile the action is refused, so two assigners never overwrite each
 * other unseen.
 */
previous: string | null, 
/**
 * Why it moves: required for 改派.
 */
reason: string | null, };

export type PendingExtension = { reason: string, requested_due_at: string, requested_at: string, };

export type InboxTab = "pending_ack" | "in_progress" | "sign_off" | "replied" | "closed";

export type InboxScope = "mine" | "department" | "unassigned";

export type Assignee = { username: string, display_name: string, };

export type DepartmentUser = { username: string, display_name: string, role: Role, };

export type SlipRow = { id: number, number: string, kind: SlipKind, request_type: RequestType, tier: Tier, title: string, status: SlipStatus, dispatched_at: string, due_at: string, 
/**
 * Has actions not yet confirmed by the center (待同步).
 */
pending: boolean, 
/**
 * Has an action the center refused.
 */
rejected: boolean, 
/**
 * The center's latest decision the clerk must act on (重办, 退回被拒…), if any.
 */
attention: AttentionKind | null, 
/**
 * Who has it (分派, this desk's pending assignment included): the display name, or None.
 */
assignee: string | null, };

export type InboxPage = { rows: Array<SlipRow>, 
/**
 * Slips in this tab in all.
 */
total: number, 
/**
 * 1-based.
 */
page: number, page_size: number, };

export type TabCounts = { pending_ack: number, in_progress: number, sign_off: number, replied: number, closed: number, };

export type AttachmentView = { name: string, size: number, content_type: string, };

export type ActionKind = "acknowledge" | "request_return" | "request_extension" | "interim_reply" | "callback" | "reply" | "sign_off" | "assign";

export type AvailableAction = { kind: ActionKind, 
/**
 * Set when the action belongs to this state but cannot be done yet (e.g. a reply before
 * any callback): the sentence says what is missing.
 */
blocked: string | null, };

export type TimelineSync = "synced" | "pending" | "rejected";

export type TimelineItem = { 
/**
 * The department's action this item records (none for the center's decisions), for what
 * the window must find by meaning rather than by its words (the reply to sign off).
 */
action: ActionKind | null, at: string, actor: string, role: Role, title: string, detail: string | null, sync: TimelineSync, error: string | null, 
/**
 * The outbox entry, for dismissing a rejected one.
 */
mutation_id: number | null, };

export type SlipDetail = { id: number, number: string, kind: SlipKind, channel: Channel, request_type: RequestType, tier: Tier, title: string, content: string, status: SlipStatus, dispatched_at: string, due_at: string, anonymous: boolean, citizen_name_masked: string | null, citizen_phone_masked: string | null, address: string | null, attachments: Array<AttachmentView>, 
/**
 * The status as the center last said; `status` includes pending actions.
 */
server_status: SlipStatus, acknowledged_at: string | null, 
/**
 * Until when a return is within its window (退回时限).
 */
return_until: string | null, pending_extension: PendingExtension | null, rework_count: number, urge_count: number, callbacks_reached: number, callbacks_unreachable: number, 
/**
 * What the user may do now; a blocked action says why.
 */
actions: Array<AvailableAction>, 
/**
 * Oldest first: the center's history, then this desk's actions not yet in it.
 */
timeline: Array<TimelineItem>, 
/**
 * The center's latest decision the clerk must act on, shown at the top of the slip.
 */
attention: Attention | null, 
/**
 * Who has it (分派), this desk's pending assignment included.
 */
assignee: Assignee | null, };

export type CitizenContact = { name: string | null, phone: string | null, };

export type SimilarCase = { id: number, number: string, title: string, status: SlipStatus, dispatched_at: string, 
/**
 * Raised by the same citizen (their phone, compared by keyed hash).
 */
same_citizen: boolean, same_place: boolean, like_title: boolean, 
/**
 * The same citizen about the same matter within 30 days: this slip is a 重复件.
 */
repeat: boolean, 
/**
 * The reply the center accepted (审单通过), to reuse as a draft.
 */
accepted_reply: Reply | null, };

export type SimilarCases = { repeat: boolean, cases: Array<SimilarCase>, };

export type TemplateChoice = { id: number, title: string, body: string, 
/**
 * The handler's own, kept on this desk only.
 */
personal: boolean, };

export type PolicyEntry = { id: number, doc_no: string, title: string, article: string | null, text: string, updated_at: string, };

export type ReplyLibrary = { templates: Array<TemplateChoice>, policies: Array<PolicyEntry>, 
/**
 * The placeholders a template may use, and what each becomes.
 */
placeholders: Array<[string, string]>, 
/**
 * The user may change the department's templates and policy entries (a leader).
 */
can_edit: boolean, };

export type TemplateInput = { title: string, body: string, };

export type PolicyInput = { doc_no: string, title: string, article: string | null, text: string, };

export type SheetField = { label: string, value: string, };

export type SheetSection = { heading: string, paragraphs: Array<string>, };

export type Signature = { role: string, name: string | null, at: string | null, };

export type Sheet = { 
/**
 * 承办单位, on every page.
 */
department: string, 
/**
 * 工单编号, on every page.
 */
number: string, title: string, fields: Array<SheetField>, sections: Array<SheetSection>, signatures: Array<Signature>, 
/**
 * When it was made, in the PC's zone.
 */
printed_at: string, };

export type Ratio = { num: number, den: number, };

export type Rates = { 
/**
 * 办结率
 */
closed: Ratio, 
/**
 * 按时办结率
 */
closed_on_time: Ratio, 
/**
 * 及时签收率
 */
acknowledged_in_time: Ratio, 
/**
 * 回访率
 */
called_back: Ratio, 
/**
 * 满意率
 */
satisfied: Ratio, 
/**
 * 重办率
 */
reworked: Ratio, 
/**
 * 退回率
 */
return_requested: Ratio, 
/**
 * 延期率
 */
extended: Ratio, };

export type TierRates = { tier: Tier, rates: Rates, };

export type HandlerRates = { 
/**
 * The handler by display name: the one the slip is assigned to (分派), or who signed for
 * it while it has none ([`RateFacts::handler`]).
 */
handler: string, rates: Rates, 
/**
 * Slips they still owe something.
 */
open: number, 
/**
 * Of those, past their due time.
 */
overdue: number, 
/**
 * Minutes from dispatch to acknowledgement, on average over the month's dispatches they
 * acknowledged; None without any.
 */
average_ack_minutes: number | null, };

export type Department = { id: number, code: string, name: string, };

export type StatsReport = { 
/**
 * `YYYY-MM`, China time.
 */
month: string, 
/**
 * Counted up to here: the month's end, or the moment asked while it runs.
 */
as_of: string, department: Department, 
/**
 * Each rate as `{num, den}` counts (see `crates/protocol/src/rates.rs` for what they count).
 */
total: Rates, 
/**
 * 12345热线, 市长信箱, 语音留言.
 */
local: Rates, 
/**
 * 国务院“互联网+督查”, 中国政府网, 人民网, 省长电话, 省长信箱: scored apart.
 */
higher: Rates, 
/**
 * Tiers with any slip counted, in the tier order.
 */
by_tier: Array<TierRates>, 
/**
 * For leaders: each handler's slips, by display name; empty for handlers.
 */
by_handler: Array<HandlerRates>, };

export type MonthRates = { 
/**
 * `YYYY-MM`.
 */
month: string, rates: Rates, };

export type RiskRow = { id: number, number: string, title: string, due_at: string, 
/**
 * 按时办结率 now, as counts.
 */
now: Ratio, 
/**
 * 按时办结率 if this slip is not closed by its due time.
 */
if_missed: Ratio, };

export type StatsPage = { report: StatsReport, 
/**
 * The month before, whole, to compare with.
 */
previous: Rates, 
/**
 * The twelve months up to the one shown, oldest first.
 */
trend: Array<MonthRates>, 
/**
 * The shown month's open slips not yet due, soonest first (this month only).
 */
risks: Array<RiskRow>, };

export type SyncState = "online" | "syncing" | "offline" | "auth_expired" | "error";

export type SyncStatus = { state: SyncState, last_synced_at: string | null, 
/**
 * Since when the center has been unreachable, while it is.
 */
offline_since: string | null, 
/**
 * A sentence for the user when something is wrong.
 */
message: string | null, 
/**
 * The center's clock minus this PC's, so countdowns use the center's time.
 */
clock_offset_ms: number, 
/**
 * What the user must know about this PC's files since the desk started (a damaged one set
 * aside, a data folder that cannot be written), each a sentence.
 */
storage_notices: Array<string>, };

export type SessionInfo = { server_url: string, username: string, display_name: string, role: Role, department_name: string | null, 
/**
 * False when no OS keyring is available: the token lives for this run only.
 */
token_persisted: boolean, keyring_message: string | null, };

export type LoginDefaults = { server_url: string | null, username: string | null, };

export type UiConfig = { 
/**
 * No animations (for users who ask for it, and for the end-to-end tests).
 */
reduce_motion: boolean, };

export type DeadlineCounts = { overdue: number, 
/**
 * Due within 24 hours, not yet overdue.
 */
due_soon: number, };

export type TierAlerts = { tier: Tier, 
/**
 * Minutes before `due_at`, e.g. [1440, 120, 0]; 0 is "overdue".
 */
minutes_before: Array<number>, 
/**
 * Minutes after dispatch without acknowledgement.
 */
unacknowledged_after: number, };

export type AlertSettings = { tiers: Array<TierAlerts>, 
/**
 * Minutes after dispatch a slip nobody has been given is named to the leader and the 内勤;
 * 0 turns the reminder off.
 */
unassigned_after: number, };

export type ErrorCode = "offline" | "auth_expired" | "bad_credentials" | "center_refused" | "refused" | "invalid_input" | "not_found" | "bad_arguments" | "storage" | "print" | "internal" | "unauthorized";

export type IpcError = { code: ErrorCode, message: string, };

export type LoginArgs = { serverUrl: string, username: string, password: string, };

export type NoArgs = Record<string, never>;

export type InboxPageArgs = { tab: InboxTab, 
/**
 * 我的, 本单位 or 未分派; 本单位 when not given.
 */
scope?: InboxScope, page: number, pageSize: number, };

export type ScopeArgs = { 
/**
 * 本单位 when not given.
 */
scope?: InboxScope, };

export type SlipArgs = { id: number, };

export type SearchArgs = { query: string, };

export type ActArgs = { id: number, action: Action, };

export type CheckReplyArgs = { id: number, reply: Reply, };

export type FillTemplateArgs = { 
/**
 * The slip the template is filled for.
 */
id: number, body: string, };

export type TemplateArgs = { template: TemplateInput, };

export type EntryArgs = { id: number, };

export type SaveTemplateArgs = { 
/**
 * None adds a template.
 */
id: number | null, template: TemplateInput, };

export type SavePolicyArgs = { 
/**
 * None adds an entry.
 */
id: number | null, policy: PolicyInput, };

export type DeleteEntryArgs = { 
/**
 * A policy entry (true) or a template.
 */
policy: boolean, id: number, };

export type AddAttachmentArgs = { name: string, contentType: string, 
/**
 * The file's bytes in base64: a webview has no paths to give.
 */
dataBase64: string, 
/**
 * What the file shows; 办理附件 when absent.
 */
class?: AttachmentClass, };

export type DismissArgs = { mutationId: number, };

export type AlertSettingsArgs = { settings: AlertSettings, };

export type AutostartArgs = { enabled: boolean, };

export type StatsArgs = { 
/**
 * `YYYY-MM`; absent for this month.
 */
month?: string, };

/** Every command the desk serves: its arguments and its answer. */
export type Commands = {
  login: { args: LoginArgs; result: SessionInfo };
  logout: { args: NoArgs; result: null };
  current_session: { args: NoArgs; result: SessionInfo | null };
  login_defaults: { args: NoArgs; result: LoginDefaults };
  ui_config: { args: NoArgs; result: UiConfig };
  inbox_page: { args: InboxPageArgs; result: InboxPage };
  tab_counts: { args: ScopeArgs; result: TabCounts };
  assignable: { args: NoArgs; result: Array<DepartmentUser> };
  slip_detail: { args: SlipArgs; result: SlipDetail };
  slip_sheet: { args: SlipArgs; result: Sheet };
  export_slip_pdf: { args: SlipArgs; result: string | null };
  similar_cases: { args: SlipArgs; result: SimilarCases };
  reveal_contact: { args: SlipArgs; result: CitizenContact };
  search_slips: { args: SearchArgs; result: Array<SlipRow> };
  sync_status: { args: NoArgs; result: SyncStatus };
  sync_now: { args: NoArgs; result: SyncStatus };
  act: { args: ActArgs; result: SlipDetail };
  check_reply: { args: CheckReplyArgs; result: Array<Finding> };
  reply_library: { args: NoArgs; result: ReplyLibrary };
  fill_template: { args: FillTemplateArgs; result: string };
  add_personal_template: { args: TemplateArgs; result: bigint };
  remove_personal_template: { args: EntryArgs; result: null };
  save_department_template: { args: SaveTemplateArgs; result: null };
  save_department_policy: { args: SavePolicyArgs; result: null };
  delete_department_entry: { args: DeleteEntryArgs; result: null };
  add_attachment: { args: AddAttachmentArgs; result: AttachmentRef };
  dismiss_rejected: { args: DismissArgs; result: null };
  pending_count: { args: NoArgs; result: number };
  alert_settings: { args: NoArgs; result: AlertSettings };
  set_alert_settings: { args: AlertSettingsArgs; result: AlertSettings };
  deadline_counts: { args: NoArgs; result: DeadlineCounts };
  autostart: { args: NoArgs; result: boolean };
  set_autostart: { args: AutostartArgs; result: boolean };
  stats: { args: StatsArgs; result: StatsReport };
  stats_page: { args: StatsArgs; result: StatsPage };
  export_month: { args: StatsArgs; result: string | null };
  export_diagnostics: { args: NoArgs; result: string };
}

/** Every event the desk sends the window, by name: its payload. */
export type Events = {
  "sync://status": SyncStatus;
  "slips://changed": { count: number };
  "alerts://counts": DeadlineCounts;
  "alerts://open": { slip_id: number };
}

// The Chinese labels of the domain's vocabularies (the Rust enums' `label()`).
export const ROLE_LABEL: Record<Role, string> = {
  handler: "经办人",
  leader: "分管领导",
  dispatcher: "内勤",
  operator: "受理中心",
};
export const SLIP_KIND_LABEL: Record<SlipKind, string> = {
  assignment: "交办单",
  supervision: "督办单",
};
export const REQUEST_TYPE_LABEL: Record<RequestType, string> = {
  consultation: "咨询",
  help: "求助",
  complaint: "投诉",
  report: "举报",
  suggestion: "建议",
};
export const TIER_LABEL: Record<Tier, string> = {
  emergency: "突发紧急",
  urgent: "紧急",
  general: "一般紧急",
  investigation: "需调查",
  complaint_verification: "投诉核实",
  report_investigation: "举报调查",
  suggestion: "合理化建议",
};
export const CHANNEL_LABEL: Record<Channel, string> = {
  hotline: "12345热线",
  state_council: "国务院“互联网+督查”",
  gov_website: "中国政府网网民留言",
  people_board: "人民网领导留言板",
  governor_hotline: "省长电话转办平台",
  governor_mailbox: "省长信箱",
  mayor_mailbox: "市长信箱",
  voice_message: "语音留言",
};
export const STATUS_LABEL: Record<SlipStatus, string> = {
  dispatched: "待签收",
  in_progress: "办理中",
  return_requested: "退回待审",
  awaiting_sign_off: "待签发",
  replied: "已答复",
  closed: "已办结",
  returned: "已退回",
};
export const RETURN_REASON_LABEL: Record<ReturnReason, string> = {
  wrong_locality: "属地不符",
  unclear_ownership: "权属不清",
  wrong_department: "职能不符",
  other: "其他",
};
export const CALLBACK_METHOD_LABEL: Record<CallbackMethod, string> = {
  phone: "电话",
  on_site: "上门",
  sms: "短信",
};
export const SATISFACTION_LABEL: Record<Satisfaction, string> = {
  unsatisfied: "不满意",
  understanding: "理解",
  satisfied: "满意",
  very_satisfied: "非常满意",
};
export const RESOLUTION_LABEL: Record<Resolution, string> = {
  solved: "已解决",
  partly_solved: "部分解决",
  unsolved: "未解决",
};
export const ATTACHMENT_CLASS_LABEL: Record<AttachmentClass, string> = {
  id_document: "证件",
  contact_evidence: "联系证据",
  handling: "办理附件",
};
export const ATTENTION_LABEL: Record<AttentionKind, string> = {
  rework: "重办",
  return_refused: "退回被拒",
  extension_refused: "延期被拒",
  urged: "催办",
};
export const ACTION_LABEL: Record<ActionKind, string> = {
  acknowledge: "签收",
  request_return: "退回",
  request_extension: "申请延期",
  interim_reply: "阶段性答复",
  callback: "回访",
  reply: "答复",
  sign_off: "审核签发",
  assign: "分派",
};
export const RATE_LABEL: Record<keyof Rates, string> = {
  closed_on_time: "按时办结率",
  closed: "办结率",
  acknowledged_in_time: "及时签收率",
  called_back: "回访率",
  satisfied: "满意率",
  reworked: "重办率",
  return_requested: "退回率",
  extended: "延期率",
};
