import type { SlipDetail, SlipRow } from "./ipc";

export function row(id: number, over: Partial<SlipRow> = {}): SlipRow {
  return {
    id,
    number: `SP20261125-${String(id).padStart(6, "0")}`,
    kind: "assignment",
    request_type: "help",
    tier: "general",
    title: `工单${id}`,
    status: "dispatched",
    dispatched_at: new Date(Date.now() - 3_600_000).toISOString(),
    due_at: new Date(Date.now() + 3 * 24 * 3_600_000).toISOString(),
    pending: false,
    rejected: false,
    attention: null,
    assignee: null,
    ...over,
  };
}

export function detail(over: Partial<SlipDetail> = {}): SlipDetail {
  return {
    id: 7,
    number: "SP20261125-000007",
    kind: "supervision",
    channel: "hotline",
    request_type: "help",
    tier: "urgent",
    title: "祥和家园小区垃圾台堆满无法倾倒",
    content: "来电人反映：垃圾台已经堆满。",
    status: "dispatched",
    dispatched_at: new Date(Date.now() - 3_600_000).toISOString(),
    due_at: new Date(Date.now() + 23 * 3_600_000).toISOString(),
    anonymous: false,
    citizen_name_masked: "关先生",
    citizen_phone_masked: "138****2345",
    address: "铁西区祥和家园小区",
    attachments: [],
    server_status: "dispatched",
    acknowledged_at: null,
    return_until: new Date(Date.now() + 47 * 3_600_000).toISOString(),
    pending_extension: null,
    rework_count: 0,
    urge_count: 0,
    callbacks_reached: 0,
    callbacks_unreachable: 0,
    attention: null,
    assignee: null,
    actions: [
      { kind: "acknowledge", blocked: null },
      { kind: "request_return", blocked: null },
      { kind: "request_extension", blocked: null },
    ],
    timeline: [
      { action: null, at: new Date(Date.now() - 3_600_000).toISOString(), actor: "12345热线受理中心", role: "operator", title: "受理中心派单", detail: null, sync: "synced", error: null, mutation_id: null },
    ],
    ...over,
  };
}
