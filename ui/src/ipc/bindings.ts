// Generated from Rust by `cargo test -p chengban-core` (ts-rs). Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p chengban-core --lib bindings

export type SlipKind = "assignment" | "supervision";

export type RequestType = "consultation" | "help" | "complaint" | "report" | "suggestion";

export type Tier = "emergency" | "urgent" | "general" | "investigation" | "complaint_verification" | "report_investigation" | "suggestion";

export type Channel = "hotline" | "state_council" | "gov_website" | "people_board" | "governor_hotline" | "governor_mailbox" | "mayor_mailbox" | "voice_message";

export type SlipStatus = "dispatched" | "in_progress" | "replied" | "closed";

export type Role = "handler" | "leader" | "operator";

export type SlipRow = { id: number, number: string, kind: SlipKind, request_type: RequestType, tier: Tier, title: string, status: SlipStatus, dispatched_at: string, due_at: string, };

export type InboxPage = { rows: Array<SlipRow>, 
/**
 * Slips in this tab in all.
 */
total: number, 
/**
 * 1-based.
 */
page: number, page_size: number, };

export type TabCounts = { dispatched: number, in_progress: number, replied: number, closed: number, };

export type AttachmentView = { name: string, size: number, content_type: string, };

export type SlipDetail = { id: number, number: string, kind: SlipKind, channel: Channel, request_type: RequestType, tier: Tier, title: string, content: string, status: SlipStatus, dispatched_at: string, due_at: string, anonymous: boolean, citizen_name_masked: string | null, citizen_phone_masked: string | null, address: string | null, attachments: Array<AttachmentView>, };

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
