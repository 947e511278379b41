// Generated from Rust by `cargo test -p chengban-core` (ts-rs). Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p chengban-core --lib bindings

export type SlipKind = "assignment" | "supervision";

export type RequestType = "consultation" | "help" | "complaint" | "report" | "suggestion";

export type Tier = "emergency" | "urgent" | "general" | "investigation" | "complaint_verification" | "report_investigation" | "suggestion";

export type Channel = "hotline" | "state_council" | "gov_website" | "people_board" | "governor_hotline" | "governor_mailbox" | "mayor_mailbox" | "voice_message";

export type SlipStatus = "dispatched" | "in_progress" | "return_requested" | "awaiting_sign_off" | "replied" | "closed" | "returned";

export type Role = "handler" | "leader" | "operator";

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

export type AttachmentRef = { 
/**
 * Lower-case hex SHA-256 of the content.
 */
sha256: string, name: string, size: number, content_type: string, };

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

export type Reply = { 
/**
 * 办理过程.
 */
process: string, result: Resolution, 
/**
 * 政策依据: document number (文号) and source (出处).
 */
policy_doc_no: string | null, policy_source: string | null, attachments: Array<AttachmentRef>, };

export type Action = { "type": "acknowledge", } | { "type": "request_return", reason: ReturnReason, text: string, evidence: Array<AttachmentRef>, } | { "type": "request_extension", reason: string, requested_due_at: string, } | { "type": "interim_reply", text: string, } | { "type": "callback" } & Callback | { "type": "reply" } & Reply | { "type": "sign_off", approve: boolean, comment: string | null, };

export type PendingExtension = { reason: string, requested_due_at: string, requested_at: string, };

export type InboxTab = "pending_ack" | "in_progress" | "sign_off" | "replied" | "closed";

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
attention: AttentionKind | null, };

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

export type ActionKind = "acknowledge" | "request_return" | "request_extension" | "interim_reply" | "callback" | "reply" | "sign_off";

export type AvailableAction = { kind: ActionKind, 
/**
 * Set when the action belongs to this state but cannot be done yet (e.g. a reply before
 * any callback): the sentence says what is missing.
 */
blocked: string | null, };

export type TimelineSync = "synced" | "pending" | "rejected";

export type TimelineItem = { at: string, actor: string, role: Role, title: string, detail: string | null, sync: TimelineSync, error: string | null, 
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
attention: Attention | null, };

export type CitizenContact = { name: string | null, phone: string | null, };

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
clock_offset_ms: number, };

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

export type AlertSettings = { tiers: Array<TierAlerts>, };
