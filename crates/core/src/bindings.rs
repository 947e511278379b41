//! The TypeScript side of IPC, generated and committed at `ui/src/ipc/bindings.ts` (a test
//! fails on drift): the view types (ts-rs), the commands with their arguments and answers, the
//! error codes, the event names with their payloads, and the Chinese labels of the domain's
//! vocabularies — each defined once, in Rust.

use chengban_protocol::library::{PolicyEntry, PolicyInput, TemplateInput};
use chengban_protocol::rates::{Rates, Ratio};
use chengban_protocol::review::{Finding, ReviewRule, Severity};
use chengban_protocol::{
    Action, ActionKind, Assignee, AttachmentClass, AttachmentRef, Attention, AttentionKind, Callback, CallbackMethod, Channel, Contact,
    Department, DepartmentUser, HandlerRates, PendingExtension, PolicyCitation, Reply, RequestType, Resolution, ReturnReason, Role,
    Satisfaction, SlipKind, SlipStatus, StatsReport, Tier, TierRates,
};
use ts_rs::TS;

use crate::alerts::rules::{AlertSettings, TierAlerts};
use crate::commands::{ErrorCode, IpcError};
use crate::sheet::{Sheet, SheetField, SheetSection, Signature};
use crate::view::*;

/// `<NAME>_LABEL` records from the labelled enums' `label()`.
fn labels() -> String {
    fn record<T: TS + Copy>(name: &str, all: &[T], wire: fn(T) -> &'static str, label: fn(T) -> &'static str) -> String {
        let entries: Vec<String> = all.iter().map(|&v| format!("  {}: \"{}\",", wire(v), label(v))).collect();
        format!("export const {name}_LABEL: Record<{}, string> = {{\n{}\n}};\n", T::name(), entries.join("\n"))
    }
    let mut out = String::from("// The Chinese labels of the domain's vocabularies (the Rust enums' `label()`).\n");
    out.push_str(&record("ROLE", Role::ALL, Role::as_str, Role::label));
    out.push_str(&record("SLIP_KIND", SlipKind::ALL, SlipKind::as_str, SlipKind::label));
    out.push_str(&record("REQUEST_TYPE", RequestType::ALL, RequestType::as_str, RequestType::label));
    out.push_str(&record("TIER", Tier::ALL, Tier::as_str, Tier::label));
    out.push_str(&record("CHANNEL", Channel::ALL, Channel::as_str, Channel::label));
    out.push_str(&record("STATUS", SlipStatus::ALL, SlipStatus::as_str, SlipStatus::label));
    out.push_str(&record("RETURN_REASON", ReturnReason::ALL, ReturnReason::as_str, ReturnReason::label));
    out.push_str(&record("CALLBACK_METHOD", CallbackMethod::ALL, CallbackMethod::as_str, CallbackMethod::label));
    out.push_str(&record("SATISFACTION", Satisfaction::ALL, Satisfaction::as_str, Satisfaction::label));
    out.push_str(&record("RESOLUTION", Resolution::ALL, Resolution::as_str, Resolution::label));
    out.push_str(&record("ATTACHMENT_CLASS", AttachmentClass::ALL, AttachmentClass::as_str, AttachmentClass::label));
    out.push_str(&record("ATTENTION", AttentionKind::ALL, AttentionKind::as_str, AttentionKind::label));
    out.push_str(&record("ACTION", ActionKind::ALL, ActionKind::as_str, ActionKind::label));
    let rates: Vec<String> = chengban_protocol::rates::RATE_NAMES.iter().map(|(field, name)| format!("  {field}: \"{name}\",")).collect();
    out.push_str(&format!("export const RATE_LABEL: Record<keyof Rates, string> = {{\n{}\n}};\n", rates.join("\n")));
    out.truncate(out.trim_end().len());
    out
}

/// Every declaration the UI needs, in dependency order, as one TypeScript module.
pub fn typescript() -> String {
    let decls = [
        SlipKind::decl(),
        RequestType::decl(),
        Tier::decl(),
        Channel::decl(),
        SlipStatus::decl(),
        Role::decl(),
        ReturnReason::decl(),
        CallbackMethod::decl(),
        Satisfaction::decl(),
        Resolution::decl(),
        AttentionKind::decl(),
        Attention::decl(),
        AttachmentClass::decl(),
        AttachmentRef::decl(),
        Callback::decl(),
        Contact::decl(),
        PolicyCitation::decl(),
        Reply::decl(),
        ReviewRule::decl(),
        Severity::decl(),
        Finding::decl(),
        Action::decl(),
        PendingExtension::decl(),
        InboxTab::decl(),
        InboxScope::decl(),
        Assignee::decl(),
        DepartmentUser::decl(),
        SlipRow::decl(),
        InboxPage::decl(),
        TabCounts::decl(),
        AttachmentView::decl(),
        ActionKind::decl(),
        AvailableAction::decl(),
        TimelineSync::decl(),
        TimelineItem::decl(),
        SlipDetail::decl(),
        CitizenContact::decl(),
        SimilarCase::decl(),
        SimilarCases::decl(),
        TemplateChoice::decl(),
        PolicyEntry::decl(),
        ReplyLibrary::decl(),
        TemplateInput::decl(),
        PolicyInput::decl(),
        SheetField::decl(),
        SheetSection::decl(),
        Signature::decl(),
        Sheet::decl(),
        Ratio::decl(),
        Rates::decl(),
        TierRates::decl(),
        HandlerRates::decl(),
        Department::decl(),
        StatsReport::decl(),
        MonthRates::decl(),
        RiskRow::decl(),
        StatsPage::decl(),
        SyncState::decl(),
        SyncStatus::decl(),
        SessionInfo::decl(),
        LoginDefaults::decl(),
        UiConfig::decl(),
        DeadlineCounts::decl(),
        TierAlerts::decl(),
        AlertSettings::decl(),
        ErrorCode::decl(),
        IpcError::decl(),
    ];
    let mut out = String::from("// Generated from Rust by `cargo test -p chengban-core` (ts-rs). Do not edit.\n// Regenerate: UPDATE_BINDINGS=1 cargo test -p chengban-core --lib bindings\n\n");
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    for part in [crate::commands::typescript(), crate::events::typescript(), labels()] {
        out.push_str(&part);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_typescript_bindings_match_the_rust_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/ipc/bindings.ts");
        let fresh = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(path, &fresh).expect("write bindings.ts");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(committed == fresh, "ui/src/ipc/bindings.ts is stale; run UPDATE_BINDINGS=1 cargo test -p chengban-core --lib bindings");
    }
}
