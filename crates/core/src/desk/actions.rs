//! The handler's and leader's actions on a slip, and the files they attach.

use chengban_protocol::review::{check_reply, Finding};
use chengban_protocol::rules::check_action;
use chengban_protocol::{Action, AttachmentClass, AttachmentRef, Reply};

use super::Desk;
use crate::error::{CoreError, Result};
use crate::events::CoreEvent;
use crate::store::{self, outbox};
use crate::view::SlipDetail;
use crate::{detail, overlay};

/// The largest attachment the center takes (one definition, in protocol).
pub const MAX_ATTACHMENT: usize = chengban_protocol::MAX_ATTACHMENT_BYTES;

impl Desk {
    /// Does an action: validated by the same rules as the center, written with its outbox entry
    /// in one transaction, shown at once as 待同步, and pushed when the center is reachable.
    pub async fn act(&self, slip_id: i64, action: Action) -> Result<SlipDetail> {
        if self.closing.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(CoreError::Refused("承办台正在退出，未记录此操作".into()));
        }
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        let role = session.account.role;
        let actor = session.account.display_name.clone();
        let now = self.server_now();
        let detail = self
            .store
            .write(move |c| {
                let tx = c.transaction()?;
                let slip = store::slips::load(&tx, slip_id)?.ok_or(CoreError::NotFound)?;
                let mut entries = outbox::for_slip(&tx, slip_id)?;
                // Folded once: the new action's effect moves the facts on.
                let mut facts = overlay::fold(&slip, &entries, role);
                let effect = check_action(&facts, role, &action, now).map_err(|r| CoreError::Refused(r.to_string()))?;
                if let Some(username) = &effect.assignee {
                    // Checked against the department's list as last pulled; the center checks again.
                    match store::colleagues::get(&tx, username)? {
                        Some(u) if u.role.takes_slips() => {}
                        _ => return Err(CoreError::InvalidInput(format!("“{username}”不是本单位可承办工单的人员"))),
                    }
                }
                for a in action.attachments() {
                    if !outbox::has_blob(&tx, &a.sha256)? {
                        return Err(CoreError::InvalidInput(format!("附件“{}”未找到，请重新添加", a.name)));
                    }
                }
                let mutation_id = outbox::append(&tx, slip_id, &action, now, &actor)?;
                facts.apply(&action, &effect);
                entries.push(outbox::Entry {
                    mutation_id,
                    slip_id,
                    action,
                    created_at: now,
                    actor,
                    state: outbox::State::Pending,
                    error: None,
                });
                store::slips::set_local(&tx, slip_id, &overlay::local(&facts, &entries))?;
                let names = store::colleagues::Names::load(&tx)?;
                let page = detail::page(&slip, &entries, &facts, role, now, &names);
                tx.commit()?;
                Ok(page)
            })
            .await?;
        self.sink.emit(CoreEvent::SlipsChanged { count: 1 });
        self.request_sync();
        Ok(detail)
    }

    /// 审单 before sending: every rule the reply breaks on this slip as the desk knows it (its
    /// queued actions folded in). Blocking findings are also what [`Desk::act`] refuses with;
    /// the window asks the handler to confirm the warnings.
    pub async fn check_reply(&self, slip_id: i64, reply: Reply) -> Result<Vec<Finding>> {
        let role = self.role();
        self.store
            .read(move |c| {
                let slip = store::slips::load(c, slip_id)?.ok_or(CoreError::NotFound)?;
                let entries = outbox::for_slip(c, slip_id)?;
                Ok(check_reply(&overlay::fold(&slip, &entries, role), &reply))
            })
            .await
    }

    /// Keeps a file for a reply or a return; it is uploaded before the action that uses it.
    pub async fn add_attachment(&self, name: &str, content_type: &str, class: AttachmentClass, data: Vec<u8>) -> Result<AttachmentRef> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::InvalidInput("附件须有文件名".into()));
        }
        if data.is_empty() {
            return Err(CoreError::InvalidInput(format!("文件“{name}”是空的")));
        }
        if data.len() > MAX_ATTACHMENT {
            return Err(CoreError::InvalidInput(format!("文件“{name}”超过 20 MB，无法作为附件")));
        }
        use sha2::{Digest, Sha256};
        let sha256: String = Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect();
        let size = data.len() as u64;
        let hash = sha256.clone();
        self.store.write(move |c| Ok(store::outbox::put_blob(c, &hash, &data)?)).await?;
        let content_type = if content_type.trim().is_empty() { "application/octet-stream" } else { content_type.trim() };
        Ok(AttachmentRef { sha256, name: name.to_string(), size, content_type: content_type.to_string(), class })
    }

    /// Removes a refused action from the slip once the handler has read why.
    pub async fn dismiss_rejected(&self, mutation_id: i64) -> Result<()> {
        let role = self.role();
        let removed = self
            .store
            .write(move |c| {
                let tx = c.transaction()?;
                let slip = store::outbox::dismiss(&tx, mutation_id)?;
                if let Some(id) = slip {
                    overlay::refresh(&tx, id, role)?;
                }
                tx.commit()?;
                Ok(slip.is_some())
            })
            .await?;
        if removed {
            self.sink.emit(CoreEvent::SlipsChanged { count: 1 });
        }
        Ok(())
    }

    /// Actions not yet confirmed by the center.
    pub async fn pending_count(&self) -> Result<u32> {
        self.store.read(|c| Ok(store::outbox::count(c, store::outbox::State::Pending)?)).await
    }
}
