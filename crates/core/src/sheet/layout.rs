//! The sheet laid out on A4 pages: where each line of text and each rule goes, in points from
//! the page's top left. Lines wrap at any character (Chinese has no spaces), keep ASCII words
//! whole where they can, and never start with closing punctuation. Each page carries the
//! department and the slip number at the top and 第 N 页 共 M 页 at the bottom.

use super::font::Metrics;
use super::Sheet;

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const TOP: f32 = 76.0;
const BOTTOM: f32 = PAGE_H - 64.0;
const BODY: f32 = 10.5;
const LEADING: f32 = 1.65;
const LABEL_W: f32 = 64.0;
const PAD: f32 = 5.0;

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Text whose baseline starts at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
}

/// What does not start a line.
const NO_LINE_START: &str = "，。、；：！？）》」』”’,.;:!?)%";

/// The width of `text` at `size`.
pub fn width(m: &Metrics, text: &str, size: f32) -> f32 {
    text.chars().map(|c| m.glyph(c).1).sum::<f32>() * size
}

/// `text` broken into lines no wider than `max` at `size`; each `\n` starts a new line.
pub fn wrap(m: &Metrics, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0.0;
        for c in para.chars() {
            let cw = m.glyph(c).1 * size;
            if w + cw > max && !line.is_empty() && !NO_LINE_START.contains(c) {
                // Keep an ASCII word whole: move its start to the next line if the line has
                // room before it.
                let tail: String = line.chars().rev().take_while(|c| c.is_ascii_alphanumeric()).collect();
                if c.is_ascii_alphanumeric() && !tail.is_empty() && tail.len() < line.chars().count() {
                    let keep = line.chars().count() - tail.chars().count();
                    let moved: String = line.chars().skip(keep).collect();
                    line = line.chars().take(keep).collect();
                    out.push(std::mem::take(&mut line));
                    line = moved;
                } else {
                    out.push(std::mem::take(&mut line));
                }
                w = width(m, &line, size);
            }
            line.push(c);
            w += cw;
        }
        out.push(line);
    }
    out
}

struct Pages<'a> {
    m: &'a Metrics<'a>,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Pages<'_> {
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Room for `h` more points, on a new page if this one has not.
    fn ensure(&mut self, h: f32) {
        if self.pages.is_empty() || self.y + h > BOTTOM {
            self.pages.push(Vec::new());
            self.y = TOP;
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        if !text.is_empty() {
            self.ops().push(Op::Text { x, y, size, text: text.to_string() });
        }
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.ops().push(Op::Line { x1, y1, x2, y2, width });
    }

    fn centered(&mut self, text: &str, size: f32) {
        let lh = size * 1.5;
        self.ensure(lh);
        let x = (PAGE_W - width(self.m, text, size)) / 2.0;
        self.text(x, self.y + size, size, text);
        self.y += lh;
    }

    /// Paragraphs, line by line, breaking pages between lines.
    fn paragraphs(&mut self, paras: &[String], x: f32, max: f32) {
        let lh = BODY * LEADING;
        for p in paras {
            for l in wrap(self.m, p, BODY, max) {
                self.ensure(lh);
                self.text(x, self.y + BODY, BODY, &l);
                self.y += lh;
            }
        }
    }

    /// A row of boxes, each a label over or beside its lines, drawn with its rules; kept on one
    /// page.
    fn grid_row(&mut self, cells: &[(&str, Vec<String>)], widths: &[f32]) {
        let lh = BODY * LEADING;
        let rows = cells.iter().map(|(_, lines)| lines.len().max(1)).max().unwrap_or(1) as f32;
        let h = rows * lh + 2.0 * PAD;
        self.ensure(h);
        let top = self.y;
        let mut x = MARGIN;
        self.line(MARGIN, top, PAGE_W - MARGIN, top, 0.6);
        self.line(MARGIN, top + h, PAGE_W - MARGIN, top + h, 0.6);
        self.line(MARGIN, top, MARGIN, top + h, 0.6);
        for ((label, lines), w) in cells.iter().zip(widths) {
            self.text(x + PAD, top + PAD + BODY, BODY, label);
            self.line(x + LABEL_W, top, x + LABEL_W, top + h, 0.4);
            for (i, l) in lines.iter().enumerate() {
                self.text(x + LABEL_W + PAD, top + PAD + BODY + i as f32 * lh, BODY, l);
            }
            x += w;
            self.line(x, top, x, top + h, 0.6);
        }
        self.y = top + h;
    }
}

/// The pages of `sheet`.
pub fn pages(sheet: &Sheet, m: &Metrics) -> Vec<Vec<Op>> {
    let mut p = Pages { m, pages: Vec::new(), y: TOP };
    let full = PAGE_W - 2.0 * MARGIN;
    p.ensure(0.0);
    p.centered(&sheet.title, 17.0);
    p.centered(&format!("承办单位：{}", sheet.department), 11.0);
    p.y += 6.0;

    let half = full / 2.0;
    let value_w = half - LABEL_W - 2.0 * PAD;
    for pair in sheet.fields.chunks(2) {
        let cells: Vec<(&str, Vec<String>)> = pair.iter().map(|f| (f.label.as_str(), wrap(m, &f.value, BODY, value_w))).collect();
        let widths = if cells.len() == 2 { vec![half, half] } else { vec![full] };
        p.grid_row(&cells, &widths);
    }

    for s in &sheet.sections {
        p.y += 8.0;
        p.ensure(12.0 * 1.6 + BODY * LEADING);
        p.text(MARGIN, p.y + 12.0, 12.0, &format!("【{}】", s.heading));
        p.y += 12.0 * 1.6;
        p.paragraphs(&s.paragraphs, MARGIN + 12.0, full - 12.0);
    }

    p.y += 14.0;
    let third = full / sheet.signatures.len().max(1) as f32;
    let lh = BODY * LEADING;
    let h = 4.0 * lh + 2.0 * PAD;
    p.ensure(h);
    let top = p.y;
    p.line(MARGIN, top, PAGE_W - MARGIN, top, 0.6);
    p.line(MARGIN, top + h, PAGE_W - MARGIN, top + h, 0.6);
    for (i, s) in sheet.signatures.iter().enumerate() {
        let x = MARGIN + i as f32 * third;
        p.line(x, top, x, top + h, 0.6);
        p.text(x + PAD, top + PAD + BODY, BODY, &format!("{}（签字）", s.role));
        p.text(x + PAD, top + PAD + BODY + lh * 1.5, BODY, s.name.as_deref().unwrap_or(""));
        p.text(x + PAD, top + PAD + BODY + lh * 3.0, BODY, &format!("日期：{}", s.at.as_deref().unwrap_or("")));
    }
    p.line(PAGE_W - MARGIN, top, PAGE_W - MARGIN, top + h, 0.6);
    p.y = top + h;

    let total = p.pages.len();
    for (i, ops) in p.pages.iter_mut().enumerate() {
        let head = format!("{}　工单编号：{}", sheet.department, sheet.number);
        ops.push(Op::Text { x: MARGIN, y: 44.0, size: 9.0, text: head });
        ops.push(Op::Line { x1: MARGIN, y1: 52.0, x2: PAGE_W - MARGIN, y2: 52.0, width: 0.5 });
        let foot = format!("第 {} 页 共 {} 页", i + 1, total);
        ops.push(Op::Text { x: (PAGE_W - width(m, &foot, 9.0)) / 2.0, y: PAGE_H - 36.0, size: 9.0, text: foot });
        let printed = format!("打印时间：{}", sheet.printed_at);
        ops.push(Op::Text { x: PAGE_W - MARGIN - width(m, &printed, 8.0), y: PAGE_H - 36.0, size: 8.0, text: printed });
    }
    p.pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::CjkFont;

    fn font() -> CjkFont {
        CjkFont::find().expect("a Chinese font (Debian: fonts-noto-cjk)")
    }

    #[test]
    fn lines_fit_the_width_and_no_line_starts_with_closing_punctuation() {
        let f = font();
        let m = f.metrics();
        let text = "来电人反映，小区门口井盖缺失，夜间有人跌落风险。请尽快处理！".repeat(8);
        let max = 120.0;
        let lines = wrap(&m, &text, BODY, max);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), text, "nothing lost or added");
        for l in &lines[1..] {
            let first = l.chars().next().unwrap();
            assert!(!NO_LINE_START.contains(first), "{l:?} starts with {first}");
        }
        for l in &lines {
            // A closing mark may hang past the edge rather than start the next line.
            let body: String = l.trim_end_matches(|c| NO_LINE_START.contains(c)).to_string();
            assert!(width(&m, &body, BODY) <= max + 0.01, "{l:?} is wider than {max}");
        }
    }

    #[test]
    fn an_ascii_word_is_kept_whole_where_the_line_has_room_before_it() {
        let f = font();
        let m = f.metrics();
        let lines = wrap(&m, "依据文件编号SP20261125-0007ABCDEFG办理", BODY, 90.0);
        assert!(lines.iter().any(|l| l.starts_with("SP2026")), "{lines:?}");
        assert_eq!(lines.concat(), "依据文件编号SP20261125-0007ABCDEFG办理");
    }

    #[test]
    fn each_line_break_in_the_text_starts_a_new_line() {
        let f = font();
        let lines = wrap(&f.metrics(), "第一行\n第二行", BODY, 400.0);
        assert_eq!(lines, vec!["第一行", "第二行"]);
    }
}
