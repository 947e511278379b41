//! The reply library on the desk: read from the cache (offline), templates filled for a slip,
//! the handler's own templates kept in the work file, and the leader's changes to the
//! department's library sent to the center at once (they need it) and cached when it answers.

use chengban_protocol::library::{self, check_policy, check_template, FillContext, PolicyInput, TemplateInput};
use chengban_protocol::Role;

use super::Desk;
use crate::error::{CoreError, Result};
use crate::store;
use crate::view::{ReplyLibrary, TemplateChoice};

impl Desk {
    /// The department's templates and policy entries as last synced, and the handler's own.
    pub async fn library(&self) -> Result<ReplyLibrary> {
        let can_edit = self.role() == Role::Leader;
        self.store
            .read(move |c| {
                let dept = store::library::department(c)?;
                let mut templates: Vec<TemplateChoice> = dept
                    .templates
                    .into_iter()
                    .map(|t| TemplateChoice { id: t.id, title: t.title, body: t.body, personal: false })
                    .collect();
                templates.extend(store::library::personal(c)?.into_iter().map(|t| TemplateChoice {
                    id: t.id,
                    title: t.title,
                    body: t.body,
                    personal: true,
                }));
                let placeholders = library::PLACEHOLDERS.iter().map(|(p, what)| (p.to_string(), what.to_string())).collect();
                Ok(ReplyLibrary { templates, policies: dept.policies, placeholders, can_edit })
            })
            .await
    }

    /// `body` with its placeholders filled for slip `id`: the citizen's form of address (never
    /// the phone), the address, the dates in the PC's zone.
    pub async fn fill_template(&self, id: i64, body: String) -> Result<String> {
        let today = self.server_now().with_timezone(&chrono::Local).date_naive();
        self.store
            .read(move |c| {
                let slip = store::slips::load(c, id)?.ok_or(CoreError::NotFound)?;
                let ctx = FillContext {
                    citizen_title: library::citizen_title(slip.citizen.name.as_deref(), slip.citizen.anonymous),
                    address: slip.address.clone(),
                    dispatched: slip.dispatched_at.with_timezone(&chrono::Local).date_naive(),
                    today,
                };
                Ok(library::fill(&body, &ctx))
            })
            .await
    }

    /// Keeps one of the handler's own templates on this desk; its id.
    pub async fn add_personal_template(&self, t: TemplateInput) -> Result<i64> {
        check_template(&t).map_err(CoreError::InvalidInput)?;
        let now = self.server_now();
        self.store
            .write(move |c| {
                let title = chengban_protocol::text::trim(&t.title).to_string();
                let body = chengban_protocol::text::trim(&t.body).to_string();
                Ok(store::library::add_personal(c, &title, &body, now)?)
            })
            .await
    }

    pub async fn remove_personal_template(&self, id: i64) -> Result<()> {
        let gone = self.store.write(move |c| Ok(store::library::remove_personal(c, id)?)).await?;
        if gone {
            Ok(())
        } else {
            Err(CoreError::NotFound)
        }
    }

    /// The leader adds (`id` None) or rewrites a department template on the center.
    pub async fn save_department_template(&self, id: Option<i64>, t: TemplateInput) -> Result<()> {
        check_template(&t).map_err(CoreError::InvalidInput)?;
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        session.client.put_template(id, &t).await?;
        self.reload_library().await
    }

    /// The leader adds (`id` None) or rewrites a department policy entry on the center.
    pub async fn save_department_policy(&self, id: Option<i64>, p: PolicyInput) -> Result<()> {
        check_policy(&p).map_err(CoreError::InvalidInput)?;
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        session.client.put_policy(id, &p).await?;
        self.reload_library().await
    }

    /// The leader removes a department template (`policy` false) or policy entry.
    pub async fn delete_department_entry(&self, policy: bool, id: i64) -> Result<()> {
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        session.client.delete_library_entry(if policy { "policies" } else { "templates" }, id).await?;
        self.reload_library().await
    }

    async fn reload_library(&self) -> Result<()> {
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        crate::sync::refresh_library(&session.client, &self.store).await
    }
}
