//! 处理单: a slip's handling record on paper. [`Sheet`] is what it says — built once from the
//! slip, its history and this desk's queued actions — and is printed two ways: as a PDF made
//! here ([`pdf::render`], testable without a window) and by the window's print view, which
//! lays out the same `Sheet`. The citizen is masked as everywhere else.

mod build;
mod font;
mod layout;
pub mod pdf;

use serde::Serialize;
use ts_rs::TS;

pub use build::build;
pub use font::{CjkFont, FontError};

/// One label and its value in the sheet's header grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetField {
    pub label: String,
    pub value: String,
}

/// A headed part of the sheet: its paragraphs in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// One box of the signature row: who signs, and their name and time where the app recorded
/// them (left blank for a hand signature otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Signature {
    pub role: String,
    pub name: Option<String>,
    pub at: Option<String>,
}

/// A slip's 处理单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Sheet {
    /// 承办单位, on every page.
    pub department: String,
    /// 工单编号, on every page.
    pub number: String,
    pub title: String,
    pub fields: Vec<SheetField>,
    pub sections: Vec<SheetSection>,
    pub signatures: Vec<Signature>,
    /// When it was made, in the PC's zone.
    pub printed_at: String,
}

impl Sheet {
    /// The file name offered when it is saved: 处理单-<number>.pdf.
    pub fn file_name(&self) -> String {
        let safe: String = self.number.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
        format!("处理单-{safe}.pdf")
    }
}
