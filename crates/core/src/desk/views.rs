//! What the window reads: inbox pages, tab counts, search, a slip's page, the citizen's contact.

use super::Desk;
use crate::error::{CoreError, Result};
use crate::store;
use crate::view::{CitizenContact, InboxPage, InboxScope, InboxTab, SlipDetail, SlipRow, TabCounts};

pub const MAX_PAGE_SIZE: u32 = 200;

impl Desk {
    pub async fn inbox(&self, tab: InboxTab, scope: InboxScope, page: u32, page_size: u32) -> Result<InboxPage> {
        let page = page.max(1);
        let page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        let me = self.username();
        self.store
            .read(move |c| {
                let rows = store::slips::page(c, tab, scope, &me, page, page_size)?;
                let total = store::slips::count(c, tab, scope, &me)?;
                Ok(InboxPage { rows, total, page, page_size })
            })
            .await
    }

    /// Slips whose number, title, content, address or citizen name contain `query`.
    pub async fn search(&self, query: String) -> Result<Vec<SlipRow>> {
        if query.chars().count() > 100 {
            return Err(CoreError::InvalidInput("搜索内容不能超过 100 字".into()));
        }
        self.store.read(move |c| Ok(store::search::search(c, &query, 200)?)).await
    }

    pub async fn counts(&self, scope: InboxScope) -> Result<TabCounts> {
        let me = self.username();
        self.store.read(move |c| Ok(store::slips::counts(c, scope, &me)?)).await
    }

    /// Whom a slip may be assigned to (分派): the department's handlers and leaders, as last
    /// listed by the center.
    pub async fn assignable(&self) -> Result<Vec<chengban_protocol::DepartmentUser>> {
        let all = self.store.read(|c| Ok(store::colleagues::all(c)?)).await?;
        Ok(all.into_iter().filter(|u| u.role.takes_slips()).collect())
    }

    /// A slip as the desk shows it: the server's version with this desk's actions on top.
    /// Slip `id`'s similar past cases and whether it is a 重复件.
    pub async fn similar_cases(&self, id: i64) -> Result<crate::view::SimilarCases> {
        self.store.read(move |c| crate::similar::load(c, id)).await
    }

    pub async fn slip(&self, id: i64) -> Result<SlipDetail> {
        let role = self.role();
        let now = self.server_now();
        self.store.read(move |c| crate::detail::load(c, id, role, now)).await
    }

    /// The citizen's full name and phone, for the callback. Logged as an access, without them.
    ///
    /// The reveal is recorded here first and delivered to the center's audit log like an action:
    /// at once when the center is reachable, otherwise with the next sync.
    pub async fn reveal_contact(&self, id: i64) -> Result<CitizenContact> {
        let session = self.current().ok_or(CoreError::NotLoggedIn)?;
        let username = session.account.username.clone();
        let at = self.server_now();
        let report_id = {
            use rand::Rng;
            let bytes: [u8; 16] = rand::thread_rng().gen();
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        let contact = self
            .store
            .write(move |c| {
                let tx = c.transaction()?;
                let contact = store::slips::contact(&tx, id)?.ok_or(CoreError::NotFound)?;
                store::reveals::record(&tx, &report_id, id, at, &username)?;
                tx.commit()?;
                Ok(contact)
            })
            .await?;
        tracing::info!(slip_id = id, "citizen contact revealed");
        // The reveal itself never waits for the center.
        let store = self.store.clone();
        tokio::spawn(async move {
            if let Err(e) = crate::sync::deliver_reveals(&session.client, &store, &session.account.username).await {
                tracing::info!(slip_id = id, error = %e, "reveal not yet reported to the center; it will be with the next sync");
            }
        });
        Ok(contact)
    }
}
