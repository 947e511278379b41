//! 打印 and 导出 PDF of a slip's 处理单 ([`crate::sheet`]).

use std::path::PathBuf;

use super::Desk;
use crate::error::{CoreError, Result};
use crate::sheet::{self, CjkFont, Sheet};
use crate::store;

impl Desk {
    /// The 处理单 of slip `id` as this desk knows it, for the window's print view.
    pub async fn slip_sheet(&self, id: i64) -> Result<Sheet> {
        let department = self.current().and_then(|s| s.account.department_name.clone()).unwrap_or_default();
        let now = self.server_now();
        let role = self.role();
        self.store
            .read(move |c| {
                let slip = store::slips::load(c, id)?.ok_or(CoreError::NotFound)?;
                let entries = store::outbox::for_slip(c, id)?;
                let names = store::colleagues::Names::load(c)?;
                Ok(sheet::build(&slip, &entries, role, &names, &department, now))
            })
            .await
    }

    /// The 处理单 of slip `id` as PDF bytes, with the name to offer when saving it.
    pub async fn slip_pdf(&self, id: i64) -> Result<(String, Vec<u8>)> {
        let sheet = self.slip_sheet(id).await?;
        Ok((sheet.file_name(), pdf(sheet).await?))
    }

    /// Writes `sheet` (from [`Desk::slip_sheet`]) as PDF to `path`.
    pub async fn export_sheet_pdf(&self, sheet: Sheet, path: PathBuf) -> Result<PathBuf> {
        let path = super::export::write_export(path, pdf(sheet).await?).await?;
        tracing::info!("slip sheet exported");
        Ok(path)
    }
}

/// `sheet` as PDF: reading the font (megabytes) and drawing are blocking work.
async fn pdf(sheet: Sheet) -> Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || {
        let font = CjkFont::find().map_err(|e| CoreError::Print(e.to_string()))?;
        sheet::pdf::render(&sheet, &font).map_err(|e| CoreError::Print(e.to_string()))
    })
    .await
    .map_err(|e| CoreError::Internal(e.to_string()))?
}
