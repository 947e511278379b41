//! The Chinese font the PDF embeds (as a subset): found among the fonts the PC has, since
//! shipping one would add 16 MB to every package. Debian, Ubuntu, Deepin, UOS and Kylin ship
//! Noto CJK or WenQuanYi (the `.deb` depends on one of them); Windows has Microsoft YaHei and
//! SimSun. `CHENGBAN_PDF_FONT` names another file (`path` or `path#index` for a collection).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("没有找到可用的中文字体，无法生成 PDF。请安装 fonts-noto-cjk（或文泉驿字体）后重试")]
    NotFound,
    #[error("字体文件 {0} 无法使用")]
    Unusable(String),
}

/// Where each system keeps a CJK font, best first.
const CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simsun.ttc",
    "C:\\Windows\\Fonts\\simhei.ttf",
];

/// A loaded font: its bytes, which face of a collection, and what layout needs of it.
pub struct CjkFont {
    pub data: Arc<Vec<u8>>,
    pub index: u32,
    pub path: PathBuf,
    units_per_em: f32,
}

impl CjkFont {
    /// The first usable font of `CHENGBAN_PDF_FONT` and the system's usual places.
    pub fn find() -> Result<Self, FontError> {
        if let Some(given) = std::env::var_os("CHENGBAN_PDF_FONT") {
            let given = given.to_string_lossy().to_string();
            let (path, index) = match given.rsplit_once('#') {
                Some((p, i)) => (p.to_string(), i.parse().ok()),
                None => (given.clone(), None),
            };
            return Self::load(Path::new(&path), index);
        }
        CANDIDATES.iter().map(Path::new).filter(|p| p.is_file()).find_map(|p| Self::load(p, None).ok()).ok_or(FontError::NotFound)
    }

    /// The font at `path`: face `index`, or in a collection the Simplified Chinese face.
    pub fn load(path: &Path, index: Option<u32>) -> Result<Self, FontError> {
        let unusable = || FontError::Unusable(path.display().to_string());
        let data = Arc::new(std::fs::read(path).map_err(|_| unusable())?);
        let index = match index {
            Some(i) => i,
            None => simplified_face(&data),
        };
        let face = FontRef::from_index(&data, index).map_err(|_| unusable())?;
        let units_per_em = face.head().map_err(|_| unusable())?.units_per_em() as f32;
        if face.charmap().map('办').is_none() {
            return Err(unusable());
        }
        Ok(CjkFont { data: data.clone(), index, path: path.to_path_buf(), units_per_em })
    }

    fn face(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(&self.data, self.index).ok()
    }

    /// Each character's glyph and advance (in ems), for laying out and drawing.
    pub fn metrics(&self) -> Metrics<'_> {
        let face = self.face();
        Metrics {
            charmap: face.as_ref().map(|f| f.charmap()),
            advances: face.as_ref().map(|f| f.glyph_metrics(Size::unscaled(), LocationRef::default())),
            units_per_em: self.units_per_em,
        }
    }
}

/// The face of a collection whose family is the Simplified Chinese one (Noto's "… CJK SC",
/// not its monospaced sibling); the first face otherwise.
fn simplified_face(data: &[u8]) -> u32 {
    let mut i = 0;
    while let Ok(face) = FontRef::from_index(data, i) {
        let family = face.localized_strings(StringId::FAMILY_NAME).english_or_first().map(|s| s.to_string()).unwrap_or_default();
        if family.ends_with(" SC") && !family.contains("Mono") {
            return i;
        }
        i += 1;
    }
    0
}

/// Glyph lookups over one font.
pub struct Metrics<'a> {
    charmap: Option<skrifa::charmap::Charmap<'a>>,
    advances: Option<skrifa::metrics::GlyphMetrics<'a>>,
    units_per_em: f32,
}

impl Metrics<'_> {
    /// The glyph of `c` (0, the missing glyph, if the font lacks it) and its advance in ems.
    pub fn glyph(&self, c: char) -> (u32, f32) {
        let gid = self.charmap.as_ref().and_then(|m| m.map(c)).unwrap_or_default();
        let advance = self.advances.as_ref().and_then(|a| a.advance_width(gid)).unwrap_or(0.0);
        (gid.to_u32(), advance / self.units_per_em)
    }
}
