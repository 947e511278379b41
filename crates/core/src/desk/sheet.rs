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
        // Reading the font (megabytes) and drawing are blocking work.
        let bytes = tokio::task::spawn_blocking(move || -> Result<(String, Vec<u8>)> {
            let font = CjkFont::find().map_err(|e| CoreError::Print(e.to_string()))?;
            let pdf = sheet::pdf::render(&sheet, &font).map_err(|e| CoreError::Print(e.to_string()))?;
            Ok((sheet.file_name(), pdf))
        })
        .await
        .map_err(|e| CoreError::Internal(e.to_string()))??;
        Ok(bytes)
    }

    /// Writes the 处理单 PDF of slip `id` to `path`.
    pub async fn export_slip_pdf(&self, id: i64, path: PathBuf) -> Result<PathBuf> {
        let (_, bytes) = self.slip_pdf(id).await?;
        let path = super::export::write_export(path, bytes).await?;
        tracing::info!("slip sheet exported");
        Ok(path)
    }
}
