//! The sheet as a PDF: A4 pages laid out by [`super::layout`], drawn with krilla, the Chinese
//! font embedded as a subset of the glyphs used (so the file stays small and its text can be
//! searched and copied).

use std::sync::Arc;

use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;

use super::font::{CjkFont, FontError, Metrics};
use super::layout::{self, Op, PAGE_H, PAGE_W};
use super::Sheet;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("生成 PDF 失败：{0}")]
    Write(String),
}

/// The PDF of `sheet` in `font`.
pub fn render(sheet: &Sheet, font: &CjkFont) -> Result<Vec<u8>, PdfError> {
    let metrics = font.metrics();
    let pages = layout::pages(sheet, &metrics);
    let data: Arc<dyn AsRef<[u8]> + Send + Sync> = font.data.clone();
    let pdf_font = Font::new(data.into(), font.index).ok_or_else(|| FontError::Unusable(font.path.display().to_string()))?;
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Write("页面尺寸无效".into()))?;

    let mut doc = Document::new();
    doc.set_metadata(Metadata::new().title(format!("工单处理单 {}", sheet.number)).creator("承办台".into()).language("zh-CN".into()));
    for ops in &pages {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, text } => {
                    let glyphs = glyphs(&metrics, text);
                    surface.draw_glyphs(Point::from_xy(*x, *y), &glyphs, pdf_font.clone(), text, *size, false);
                }
                Op::Line { x1, y1, x2, y2, width } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke { width: *width, ..Default::default() }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

/// One glyph per character, each mapped back to its character so the text can be extracted.
fn glyphs(m: &Metrics, text: &str) -> Vec<KrillaGlyph> {
    text.char_indices()
        .map(|(i, c)| {
            let (gid, advance) = m.glyph(c);
            KrillaGlyph {
                glyph_id: GlyphId::new(gid),
                text_range: i..i + c.len_utf8(),
                x_advance: advance,
                x_offset: 0.0,
                y_offset: 0.0,
                y_advance: 0.0,
                location: None,
            }
        })
        .collect()
}
