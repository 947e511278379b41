//! 审单 before sending: the center's rules for a reply, stated once. The desk runs them before
//! it queues a reply (warnings ask the handler to confirm); the center runs the blocking ones
//! on push through [`crate::rules::check_action`], so a desk that skipped them is refused the
//! same way.
//!
//! Blocking: a reason when the result is not 解决; an explanation for a 超职责诉求; the contact
//! record complete (when, or why not); a 公开答复 of at least [`MIN_PUBLIC_TEXT`] characters;
//! no full mobile number or ID-card number in the 公开答复 (the department's own landline may
//! stand there: replies give it for questions). Warnings: a 咨询 answered without policy
//! basis; no contact record on a named citizen's slip.
//! The callback before a reply (or [`crate::rules::MIN_UNREACHABLE_ATTEMPTS`] unreachable
//! attempts) is the state machine's: the reply button stays disabled until it is done.

use serde::{Deserialize, Serialize};

use crate::enums::{RequestType, Resolution};
use crate::facts::SlipFacts;
use crate::reply::Reply;
use crate::text::{half_width, is_blank, trim};

/// The shortest 公开答复 the center accepts, in characters without blanks at either end.
pub const MIN_PUBLIC_TEXT: usize = 20;

macro_rules! rules {
    ($($variant:ident = $wire:literal, $label:literal;)+) => {
        /// One 审单 rule, with a stable code for tests and the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum ReviewRule { $($variant),+ }

        impl ReviewRule {
            pub fn as_str(self) -> &'static str {
                match self { $(ReviewRule::$variant => $wire),+ }
            }
            /// What the rule checks, in a clerk's words.
            pub fn label(self) -> &'static str {
                match self { $(ReviewRule::$variant => $label),+ }
            }
        }
    };
}

rules! {
    UnsolvedReason = "unsolved_reason", "未解决须说明原因";
    BeyondDutyReason = "beyond_duty_reason", "超职责诉求须说明理由";
    ContactComplete = "contact_complete", "联系情况须完整";
    PublicTextLength = "public_text_length", "公开答复不少于 20 字";
    NoPersonalNumbers = "no_personal_numbers", "公开答复不得含完整手机号或身份证号";
    PolicyBasis = "policy_basis", "咨询类答复应引用政策依据";
    ContactRecorded = "contact_recorded", "应记录联系诉求人情况";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The reply cannot be sent until it is mended.
    Block,
    /// The handler is asked to confirm before it is sent.
    Warn,
}

/// One rule the reply breaks, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub rule: ReviewRule,
    pub severity: Severity,
    pub message: String,
}

fn block(rule: ReviewRule, message: impl Into<String>) -> Finding {
    Finding { rule, severity: Severity::Block, message: message.into() }
}

fn warn(rule: ReviewRule, message: impl Into<String>) -> Finding {
    Finding { rule, severity: Severity::Warn, message: message.into() }
}

fn blank(t: &Option<String>) -> bool {
    t.as_deref().is_none_or(is_blank)
}

/// Every rule `reply` breaks on a slip in `facts`' state, blocking ones first.
pub fn check_reply(facts: &SlipFacts, reply: &Reply) -> Vec<Finding> {
    let mut out = Vec::new();
    if reply.result != Resolution::Solved && blank(&reply.unsolved_reason) {
        out.push(block(ReviewRule::UnsolvedReason, format!("办理结果为“{}”，请说明原因", reply.result.label())));
    }
    if reply.beyond_duty.as_deref().is_some_and(is_blank) {
        out.push(block(ReviewRule::BeyondDutyReason, "已标记为超职责诉求，请说明不属于本单位职责的理由"));
    }
    match &reply.contact {
        Some(c) if c.contacted && c.at.is_none() => out.push(block(ReviewRule::ContactComplete, "请填写联系诉求人的时间")),
        Some(c) if !c.contacted && blank(&c.reason) => out.push(block(ReviewRule::ContactComplete, "请说明未联系诉求人的原因")),
        Some(_) => {}
        None if facts.anonymous => {}
        None => out.push(warn(ReviewRule::ContactRecorded, "未记录是否联系过诉求人")),
    }
    let public = trim(reply.public_text());
    if public.chars().count() < MIN_PUBLIC_TEXT {
        out.push(block(ReviewRule::PublicTextLength, format!("公开答复过于简单，请写明办理结果和依据（不少于 {MIN_PUBLIC_TEXT} 字）")));
    }
    if let Some(what) = personal_number(public) {
        out.push(block(ReviewRule::NoPersonalNumbers, format!("公开答复中含有完整的{what}，请删除或只写后四位")));
    }
    if facts.request_type == RequestType::Consultation && !reply.cites_policy() {
        out.push(warn(ReviewRule::PolicyBasis, "咨询类诉求的答复未引用政策依据"));
    }
    out.sort_by_key(|f| f.severity != Severity::Block);
    out
}

/// The first blocking rule `reply` breaks: the center's refusal.
pub fn first_block(facts: &SlipFacts, reply: &Reply) -> Option<Finding> {
    check_reply(facts, reply).into_iter().find(|f| f.severity == Severity::Block)
}

/// Names what personal number `text` gives in full: a mainland mobile number (11 digits from
/// 1[3-9], also written 3-4-4 with spaces or hyphens) or a resident ID-card number (18
/// characters, the last a digit or X; or the old 15 digits). Digits are read in runs, half- or
/// full-width, so a number inside a longer run (an order number) is not taken for one.
pub fn personal_number(text: &str) -> Option<&'static str> {
    let chars: Vec<char> = text.chars().map(half_width).collect();
    // Runs of digits: (first index, end index, the digits).
    let mut runs: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let mut run: String = chars[start..i].iter().collect();
        if run.len() == 17 && i < chars.len() && matches!(chars[i], 'x' | 'X') {
            run.push('X');
            i += 1;
        }
        runs.push((start, i, run));
    }
    let mobile =
        |d: &str| d.len() == 11 && d.starts_with('1') && (b'3'..=b'9').contains(&d.as_bytes()[1]) && d.bytes().all(|b| b.is_ascii_digit());
    for (_, _, run) in &runs {
        if mobile(run) {
            return Some("手机号码");
        }
        if run.len() == 18 || (run.len() == 15 && !run.contains('X')) {
            return Some("身份证号码");
        }
    }
    // 138 1234 5678, 138-1234-5678: three runs apart by one separator each.
    let apart = |a: &(usize, usize, String), b: &(usize, usize, String)| b.0 == a.1 + 1 && matches!(chars[a.1], ' ' | '-');
    for w in runs.windows(3) {
        let lens = (w[0].2.len(), w[1].2.len(), w[2].2.len());
        if lens == (3, 4, 4) && apart(&w[0], &w[1]) && apart(&w[1], &w[2]) && mobile(&format!("{}{}{}", w[0].2, w[1].2, w[2].2)) {
            return Some("手机号码");
        }
    }
    None
}
