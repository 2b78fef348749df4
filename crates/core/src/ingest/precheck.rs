//! Limits a workbook must keep before calamine opens it.
//!
//! calamine 0.38 trusts what a file declares and where its cells claim to be: it reserves room
//! for an XLSX's `uniqueCount` shared strings and an XLS's DIMENSIONS rows × columns, and sizes
//! every sheet as the rectangle from its first to its last non-empty cell. A file of a few
//! hundred bytes with `uniqueCount="2000000000"`, or with one cell at A1 and one at XFD1048576,
//! makes it ask for tens of GB, and a failed allocation aborts the process. A zip entry of
//! zeros inflates a thousandfold. So before calamine sees a workbook this reads it the way
//! calamine will, in constant memory, and refuses it when:
//!
//! - **XLSX**: an entry inflates past [`MAX_ENTRY_BYTES`], or all of them past
//!   [`MAX_TOTAL_BYTES`] (measured by inflating, not from the sizes the zip declares); a
//!   shared-string table declares more strings than it holds (beyond
//!   [`DECLARED_STRINGS_FLOOR`] or twice those it holds); a sheet's non-empty cells span a
//!   rectangle beyond [`grid_limit`]. The `<dimension ref>` a sheet declares is not judged:
//!   calamine reserves from it only below 100,000 cells, and the real cells decide.
//! - **XLS**: the compound file's sector chains loop or leave the file; a sheet's DIMENSIONS
//!   record, or its cells' rectangle, is beyond [`grid_limit`].
//!
//! A legitimate statement is far inside every limit (40 years × 12 months × 6 kinds is about
//! 3,000 rows); a refused file costs at most the time to inflate [`MAX_TOTAL_BYTES`].

use crate::Lang;
use encoding_rs::UTF_16LE;
use std::io::{Cursor, Read};

/// The most one XLSX entry may inflate to. A 100,000-row sheet is about 60 MB of XML.
pub const MAX_ENTRY_BYTES: u64 = 128 << 20;
/// The most all entries of an XLSX together may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;
/// A tag (`<c r="A1" s="3" t="s">`) longer than this is not something a spreadsheet writes.
pub const MAX_TAG_BYTES: usize = 1 << 20;
/// Declared shared strings are refused beyond this many, when also beyond twice those the
/// table really holds (calamine reserves 24 bytes for each one declared: 24 MB here).
pub const DECLARED_STRINGS_FLOOR: u64 = 1 << 20;
/// A sheet's rectangle may always hold this many cells (about 100 MB at the ~100 bytes a cell
/// costs while calamine and the import hold the grid)...
pub const GRID_FLOOR: u64 = 1 << 20;
/// ...or this many times the non-empty cells it really has: a sparse sheet is fine, one cell
/// at the far corner of an empty one is not.
pub const GRID_PER_CELL: u64 = 4;

/// The rectangle a sheet with `cells` non-empty cells may span.
pub fn grid_limit(cells: u64) -> u64 {
    GRID_FLOOR.max(cells.saturating_mul(GRID_PER_CELL))
}

/// What a workbook exceeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkbookLimit {
    /// One entry of the XLSX zip inflates past `limit` bytes.
    EntryTooLarge { entry: String, limit: u64 },
    /// All entries together inflate past `limit` bytes.
    TotalTooLarge { limit: u64 },
    /// A shared-string table declares `declared` strings and holds `found`.
    SharedStrings { declared: u64, found: u64 },
    /// A sheet (`part`: its zip entry or XLS sheet number) spans `rows` × `columns` cells with
    /// `cells` of them non-empty (for XLS DIMENSIONS, as declared).
    Grid {
        part: String,
        rows: u64,
        columns: u64,
        cells: u64,
    },
    /// An XLS sheet's DIMENSIONS record declares `declared` cells; `cells` are filled.
    DeclaredGrid {
        part: String,
        declared: u64,
        cells: u64,
    },
    /// The container itself is damaged in a way calamine would not survive (a sector chain
    /// that loops, a tag longer than [`MAX_TAG_BYTES`]).
    Damaged { what: &'static str },
}

impl WorkbookLimit {
    pub fn message(&self, lang: Lang) -> String {
        let mib = |bytes: u64| bytes >> 20;
        match (self, lang) {
            (WorkbookLimit::EntryTooLarge { entry, limit }, Lang::Zh) => format!(
                "工作簿中的 {entry} 解压后超过 {} MB，不像是缴费记录，可能已损坏",
                mib(*limit)
            ),
            (WorkbookLimit::EntryTooLarge { entry, limit }, Lang::En) => format!(
                "its part {entry} inflates to more than {} MB, which no statement needs; the file may be damaged",
                mib(*limit)
            ),
            (WorkbookLimit::TotalTooLarge { limit }, Lang::Zh) => {
                format!("工作簿解压后超过 {} MB，可能已损坏", mib(*limit))
            }
            (WorkbookLimit::TotalTooLarge { limit }, Lang::En) => format!(
                "it inflates to more than {} MB in all; the file may be damaged",
                mib(*limit)
            ),
            (WorkbookLimit::SharedStrings { declared, found }, Lang::Zh) => format!(
                "共享字符串表声明了 {declared} 个字符串，实际只有 {found} 个，文件已损坏"
            ),
            (WorkbookLimit::SharedStrings { declared, found }, Lang::En) => format!(
                "its shared-string table declares {declared} strings but holds {found}; the file is damaged"
            ),
            (
                WorkbookLimit::Grid {
                    part,
                    rows,
                    columns,
                    cells,
                },
                Lang::Zh,
            ) => format!(
                "工作表 {part} 的范围为 {rows} 行 × {columns} 列，却只有 {cells} 个单元格有内容，文件已损坏"
            ),
            (
                WorkbookLimit::Grid {
                    part,
                    rows,
                    columns,
                    cells,
                },
                Lang::En,
            ) => format!(
                "sheet {part} spans {rows} rows × {columns} columns with only {cells} cells filled; the file is damaged"
            ),
            (WorkbookLimit::DeclaredGrid { part, declared, cells }, Lang::Zh) => format!(
                "工作表 {part} 声明了 {declared} 个单元格的范围，却只有 {cells} 个单元格有内容，文件已损坏"
            ),
            (WorkbookLimit::DeclaredGrid { part, declared, cells }, Lang::En) => format!(
                "sheet {part} declares a range of {declared} cells with only {cells} filled; the file is damaged"
            ),
            (WorkbookLimit::Damaged { what }, Lang::Zh) => {
                format!("工作簿结构已损坏（{}）", damaged_zh(what))
            }
            (WorkbookLimit::Damaged { what }, Lang::En) => {
                format!("its structure is damaged ({what})")
            }
        }
    }
}

fn damaged_zh(what: &str) -> &'static str {
    match what {
        TAG_TOO_LONG => "标记过长",
        CHAIN_LOOPS => "扇区链循环或越界",
        _ => "结构无法读取",
    }
}

const TAG_TOO_LONG: &str = "a tag longer than 1 MB";
const CHAIN_LOOPS: &str = "a sector chain loops or leaves the file";
const NO_STRUCTURE: &str = "its compound-file header or directory cannot be read";

/// Checks an XLSX (zip) workbook. A file the zip reader cannot open passes: calamine then
/// reports it as unreadable, with its own reason.
pub fn check_xlsx(bytes: &[u8]) -> Result<(), WorkbookLimit> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        // An entry the reader cannot open (encrypted, an unknown method) cannot be read by
        // calamine either.
        let Ok(mut entry) = archive.by_index(index) else {
            continue;
        };
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{index}"));
        let mut scan = XmlScan::new();
        let mut inflated: u64 = 0;
        loop {
            let read = match entry.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                // Damaged data: calamine stops at the same place.
                Err(_) => break,
            };
            inflated += read as u64;
            total += read as u64;
            if inflated > MAX_ENTRY_BYTES {
                return Err(WorkbookLimit::EntryTooLarge {
                    entry: name,
                    limit: MAX_ENTRY_BYTES,
                });
            }
            if total > MAX_TOTAL_BYTES {
                return Err(WorkbookLimit::TotalTooLarge {
                    limit: MAX_TOTAL_BYTES,
                });
            }
            scan.feed(&buffer[..read])?;
        }
        scan.finish(&name)?;
    }
    Ok(())
}

/// The extremes of a sheet's non-empty cells, as calamine's `Range::from_sparse` takes them.
#[derive(Default)]
struct Extent {
    cells: u64,
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, (row, column): (u32, u32)) {
        self.cells += 1;
        let widen = |span: &mut Option<(u32, u32)>, v: u32| {
            *span = Some(span.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
        };
        widen(&mut self.rows, row);
        widen(&mut self.columns, column);
    }

    fn check(&self, part: &str) -> Result<(), WorkbookLimit> {
        let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.columns) else {
            return Ok(());
        };
        let rows = u64::from(r1 - r0) + 1;
        let columns = u64::from(c1 - c0) + 1;
        if rows.saturating_mul(columns) > grid_limit(self.cells) {
            return Err(WorkbookLimit::Grid {
                part: part.to_string(),
                rows,
                columns,
                cells: self.cells,
            });
        }
        Ok(())
    }
}

/// A streaming reader of an entry's tags that follows what calamine's sheet and shared-string
/// readers do with them: `<row r>` sets the row, `</row>` moves to the next, `<c r>` sets the
/// column (a `<c>` without `r` takes the next one), and a cell with any child element counts
/// as non-empty. Text is skipped without being kept; only one tag at a time is held.
struct XmlScan {
    /// Inside a tag: its bytes so far, and the quote an attribute value is open with.
    tag: Option<(Vec<u8>, Option<u8>)>,
    /// UTF-16 text is read by its low bytes (markup is ASCII); decided by the first bytes.
    utf16: Option<Utf16>,
    head: Vec<u8>,
    pending_unit: Option<u8>,
    row: u32,
    column: u32,
    /// The open `<c>`: its position and whether a child element was seen.
    cell: Option<((u32, u32), bool)>,
    extent: Extent,
    declared_strings: Option<u64>,
    strings: u64,
}

#[derive(Clone, Copy, PartialEq)]
enum Utf16 {
    No,
    Le,
    Be,
}

impl XmlScan {
    fn new() -> XmlScan {
        XmlScan {
            tag: None,
            utf16: None,
            head: Vec::new(),
            pending_unit: None,
            row: 0,
            column: 0,
            cell: None,
            extent: Extent::default(),
            declared_strings: None,
            strings: 0,
        }
    }

    fn feed(&mut self, data: &[u8]) -> Result<(), WorkbookLimit> {
        let encoding = match self.utf16 {
            Some(e) => e,
            None => {
                self.head.extend_from_slice(data);
                if self.head.len() < 2 {
                    return Ok(());
                }
                let e = match self.head[..2] {
                    [0xFF, 0xFE] | [b'<', 0] => Utf16::Le,
                    [0xFE, 0xFF] | [0, b'<'] => Utf16::Be,
                    _ => Utf16::No,
                };
                self.utf16 = Some(e);
                let head = std::mem::take(&mut self.head);
                return self.feed_decoded(&head, e);
            }
        };
        self.feed_decoded(data, encoding)
    }

    fn feed_decoded(&mut self, data: &[u8], encoding: Utf16) -> Result<(), WorkbookLimit> {
        if encoding == Utf16::No {
            return self.feed_bytes(data);
        }
        // Each code unit → its byte if ASCII, else a placeholder: the markup stays intact.
        let mut narrow = Vec::with_capacity(data.len() / 2 + 1);
        for &byte in data {
            match self.pending_unit.take() {
                None => self.pending_unit = Some(byte),
                Some(first) => {
                    let (low, high) = match encoding {
                        Utf16::Le => (first, byte),
                        _ => (byte, first),
                    };
                    narrow.push(if high == 0 && low < 0x80 { low } else { b'?' });
                }
            }
        }
        self.feed_bytes(&narrow)
    }

    fn feed_bytes(&mut self, mut data: &[u8]) -> Result<(), WorkbookLimit> {
        while !data.is_empty() {
            match &mut self.tag {
                None => match data.iter().position(|&b| b == b'<') {
                    None => return Ok(()),
                    Some(at) => {
                        self.tag = Some((Vec::new(), None));
                        data = &data[at + 1..];
                    }
                },
                Some((tag, quote)) => {
                    let mut end = None;
                    for (i, &b) in data.iter().enumerate() {
                        match *quote {
                            Some(q) if b == q => *quote = None,
                            Some(_) => {}
                            None if b == b'"' || b == b'\'' => *quote = Some(b),
                            None if b == b'>' => {
                                end = Some(i);
                                break;
                            }
                            None => {}
                        }
                    }
                    let taken = end.unwrap_or(data.len());
                    if tag.len() + taken > MAX_TAG_BYTES {
                        return Err(WorkbookLimit::Damaged { what: TAG_TOO_LONG });
                    }
                    tag.extend_from_slice(&data[..taken]);
                    match end {
                        None => return Ok(()),
                        Some(i) => {
                            let (tag, _) = self.tag.take().unwrap_or_default();
                            self.on_tag(&tag);
                            data = &data[i + 1..];
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn on_tag(&mut self, tag: &[u8]) {
        if let Some(rest) = tag.strip_prefix(b"/") {
            self.on_end(local_name(name_of(rest)));
            return;
        }
        if tag.starts_with(b"?") || tag.starts_with(b"!") {
            return;
        }
        let name = name_of(tag);
        let local = local_name(name);
        self.on_start(local, &tag[name.len()..]);
        // calamine expands `<x/>` into a start and an end.
        if tag.ends_with(b"/") {
            self.on_end(local);
        }
    }

    fn on_start(&mut self, name: &[u8], attributes: &[u8]) {
        if let Some((_, child)) = &mut self.cell {
            *child = true;
            return;
        }
        match name {
            b"row" => {
                if let Some(row) =
                    attribute(attributes, b"r").and_then(|r| cell_ref(r).map(|p| p.0))
                {
                    self.row = row;
                }
            }
            b"c" => {
                let position = match attribute(attributes, b"r").and_then(cell_ref) {
                    Some((row, Some(column))) => {
                        self.column = column;
                        (row, column)
                    }
                    _ => (self.row, self.column),
                };
                self.cell = Some((position, false));
            }
            b"sst" if self.declared_strings.is_none() => {
                self.declared_strings = Some(
                    attribute(attributes, b"uniqueCount")
                        .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u64>().ok())
                        .unwrap_or(0),
                );
            }
            b"si" => self.strings += 1,
            _ => {}
        }
    }

    fn on_end(&mut self, name: &[u8]) {
        match name {
            b"c" => {
                if let Some((position, filled)) = self.cell.take() {
                    if filled {
                        self.extent.add(position);
                    }
                    self.column = self.column.wrapping_add(1);
                }
            }
            b"row" if self.cell.is_none() => {
                self.row = self.row.wrapping_add(1);
                self.column = 0;
            }
            _ => {}
        }
    }

    fn finish(self, part: &str) -> Result<(), WorkbookLimit> {
        if let Some(declared) = self.declared_strings {
            if declared > DECLARED_STRINGS_FLOOR.max(self.strings.saturating_mul(2)) {
                return Err(WorkbookLimit::SharedStrings {
                    declared,
                    found: self.strings,
                });
            }
        }
        self.extent.check(part)
    }
}

fn name_of(tag: &[u8]) -> &[u8] {
    let end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(tag.len());
    &tag[..end]
}

fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(at) => &name[at + 1..],
        None => name,
    }
}

/// The raw value of the attribute whose local name is `wanted`, in a tag's attribute text.
fn attribute<'a>(mut text: &'a [u8], wanted: &[u8]) -> Option<&'a [u8]> {
    loop {
        text = text.trim_ascii_start();
        let name_end = text
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'=')?;
        let name = &text[..name_end];
        text = text[name_end..].trim_ascii_start().strip_prefix(b"=")?;
        text = text.trim_ascii_start();
        let quote = *text.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let close = text[1..].iter().position(|&b| b == quote)?;
        let value = &text[1..1 + close];
        if local_name(name) == wanted {
            return Some(value);
        }
        text = &text[close + 2..];
    }
}

/// A cell reference (`XFD1048576`, or a row alone) as calamine reads it: 0-based, letters
/// then digits, u32 arithmetic that wraps as calamine's does in release builds. `None` where
/// calamine would stop with an error.
fn cell_ref(text: &[u8]) -> Option<(u32, Option<u32>)> {
    let mut column: u32 = 0;
    let mut row: u32 = 0;
    let mut digits = false;
    for &b in text {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' if !digits => {
                let letter = u32::from(b.to_ascii_uppercase() - b'A') + 1;
                column = column.wrapping_mul(26).wrapping_add(letter);
            }
            b'0'..=b'9' => {
                digits = true;
                row = row.wrapping_mul(10).wrapping_add(u32::from(b - b'0'));
            }
            _ => return None,
        }
    }
    Some((row.checked_sub(1)?, column.checked_sub(1)))
}

/// Checks an XLS (compound file) workbook the way calamine reads it: the `Workbook` (or
/// `Book`) stream through the FAT or the mini FAT, then each sheet's BIFF records from the
/// position its BoundSheet record gives.
pub fn check_xls(bytes: &[u8]) -> Result<(), WorkbookLimit> {
    let stream = match workbook_stream(bytes)? {
        Some(stream) => stream,
        // No such stream, or a header calamine refuses too: its error says which.
        None => return Ok(()),
    };
    let mut sheets = Vec::new();
    for (kind, data) in Records::new(&stream) {
        match kind {
            0x0085 if data.len() >= 4 => sheets.push(u32_at(data, 0) as usize),
            0x000A => break,
            _ => {}
        }
    }
    for (number, position) in sheets.into_iter().enumerate() {
        let part = format!("#{}", number + 1);
        // calamine slices the stream at this position without a check: one past its end
        // would panic.
        let sheet = stream
            .get(position..)
            .ok_or(WorkbookLimit::Damaged { what: NO_STRUCTURE })?;
        let mut extent = Extent::default();
        let mut declared: u64 = 0;
        let mut seen_bof = false;
        let mut depth = 0usize;
        for (kind, data) in Records::new(sheet) {
            if depth > 0 {
                match kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => declared = declared.max(dimensions(data)),
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if data.len() >= 4 => {
                    extent.add((u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2))));
                }
                // MulRk: a row, its first column, and the last column in its final two bytes.
                0x00BD if data.len() >= 6 => {
                    let row = u32::from(u16_at(data, 0));
                    extent.add((row, u32::from(u16_at(data, 2))));
                    extent.add((row, u32::from(u16_at(data, data.len() - 2))));
                }
                _ => {}
            }
        }
        extent.check(&part)?;
        if declared > grid_limit(extent.cells) {
            return Err(WorkbookLimit::DeclaredGrid {
                part,
                declared,
                cells: extent.cells,
            });
        }
    }
    Ok(())
}

/// The rows × columns calamine reserves cells for from a DIMENSIONS record (arithmetic as
/// its parse_dimensions does it, wrapping in u32).
fn dimensions(data: &[u8]) -> u64 {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return 0,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    let (rows, columns) = if last_row >= 1 && last_col >= 1 {
        (
            (last_row - 1).wrapping_sub(first_row).wrapping_add(1),
            (last_col - 1).wrapping_sub(first_col).wrapping_add(1),
        )
    } else {
        (1, 1)
    };
    u64::from(rows).saturating_mul(u64::from(columns))
}

/// BIFF records as calamine's RecordIter yields them (CONTINUE records folded in, unread).
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Records<'a> {
    fn new(stream: &'a [u8]) -> Records<'a> {
        Records { stream }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        if self.stream.len() < 4 {
            return None;
        }
        let kind = u16_at(self.stream, 0);
        let len = usize::from(u16_at(self.stream, 2));
        let data = self.stream.get(4..4 + len)?;
        self.stream = &self.stream[4 + len..];
        while self.stream.len() > 4 && u16_at(self.stream, 0) == 0x003C {
            let len = usize::from(u16_at(self.stream, 2));
            self.stream = self.stream.get(4 + len..)?;
        }
        Some((kind, data))
    }
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;

/// The compound file's `Workbook` stream, read as calamine's cfb module reads it, with every
/// chain bounded by the sectors the file has (calamine follows a looping chain until the
/// length the directory declares — up to 4 GB — or, for the directory, forever).
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, WorkbookLimit> {
    let damaged = || WorkbookLimit::Damaged { what: NO_STRUCTURE };
    let header = bytes.get(..512).ok_or_else(damaged)?;
    let sector_size: usize = match u16_at(header, 30) {
        9 => 512,
        12 => 4096,
        _ => return Ok(None),
    };
    let max_id = bytes.len() / sector_size;
    let sector = |id: u32| -> Result<&[u8], WorkbookLimit> {
        if id as usize > max_id {
            return Err(WorkbookLimit::Damaged { what: CHAIN_LOOPS });
        }
        let start = (id as usize + 1) * sector_size;
        let end = (start + sector_size).min(bytes.len());
        Ok(bytes.get(start..end).unwrap_or(&[]))
    };
    let words = |data: &[u8]| -> Vec<u32> { data.chunks_exact(4).map(|c| u32_at(c, 0)).collect() };
    let mut difat = words(&header[76..512]);
    let mut next = u32_at(header, 68);
    let mut hops = 0usize;
    while next < RESERVED {
        hops += 1;
        if hops > max_id + 1 {
            return Err(WorkbookLimit::Damaged { what: CHAIN_LOOPS });
        }
        difat.extend(words(sector(next)?));
        next = difat
            .pop()
            .ok_or(WorkbookLimit::Damaged { what: CHAIN_LOOPS })?;
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fat.extend(words(sector(id)?));
    }
    // A chain of at most `len` bytes; one visiting more sectors than the file has loops.
    let chain = |start: u32,
                 table: &[u32],
                 size: usize,
                 sectors: &dyn Fn(u32) -> Result<Vec<u8>, WorkbookLimit>,
                 count: usize,
                 len: usize|
     -> Result<Vec<u8>, WorkbookLimit> {
        let mut out = Vec::new();
        let mut id = start;
        let mut hops = 0usize;
        while id != ENDOFCHAIN {
            hops += 1;
            if hops > count + 1 {
                return Err(WorkbookLimit::Damaged { what: CHAIN_LOOPS });
            }
            let data = sectors(id)?;
            let take = data.len().min(len - out.len()).min(size);
            out.extend_from_slice(&data[..take]);
            if out.len() >= len {
                break;
            }
            id = *table
                .get(id as usize)
                .ok_or(WorkbookLimit::Damaged { what: CHAIN_LOOPS })?;
        }
        Ok(out)
    };
    let big = |id: u32| sector(id).map(<[u8]>::to_vec);
    let directory = chain(
        u32_at(header, 48),
        &fat,
        sector_size,
        &big,
        max_id,
        usize::MAX,
    )?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let Some(root) = entries.first() else {
        return Ok(None);
    };
    let entry_len = |entry: &[u8]| -> usize {
        if sector_size == 512 {
            u32_at(entry, 120) as usize
        } else {
            usize::try_from(u64::from_le_bytes(
                entry[120..128].try_into().unwrap_or([0; 8]),
            ))
            .unwrap_or(usize::MAX)
        }
    };
    let name_of = |entry: &[u8]| -> String {
        let (name, _) = UTF_16LE.decode_without_bom_handling(&entry[..64]);
        let name = name.into_owned();
        match name.find('\0') {
            Some(at) => name[..at].to_string(),
            None => name,
        }
    };
    let found = ["Workbook", "Book"].iter().find_map(|wanted| {
        entries
            .iter()
            .find(|e| name_of(e).eq_ignore_ascii_case(wanted))
    });
    let Some(entry) = found else {
        return Ok(None);
    };
    let (start, len) = (u32_at(entry, 116), entry_len(entry));
    if len >= 4096 {
        // Whatever length the directory declares, a chain that does not loop ends within the
        // sectors the file has.
        return chain(start, &fat, sector_size, &big, max_id, len).map(Some);
    }
    let mini_fat_len = u32_at(header, 64) as usize;
    if mini_fat_len == 0 {
        return Ok(Some(Vec::new()));
    }
    let mini_stream = chain(
        u32_at(root, 116),
        &fat,
        sector_size,
        &big,
        max_id,
        entry_len(root),
    )?;
    let mini_fat = words(&chain(
        u32_at(header, 60),
        &fat,
        sector_size,
        &big,
        max_id,
        mini_fat_len.saturating_mul(sector_size),
    )?);
    // Mini sectors must lie in the mini stream (calamine would read past it from the file).
    let mini = |id: u32| -> Result<Vec<u8>, WorkbookLimit> {
        let start = id as usize * 64;
        mini_stream
            .get(start..(start + 64).min(mini_stream.len()))
            .map(<[u8]>::to_vec)
            .ok_or(WorkbookLimit::Damaged { what: CHAIN_LOOPS })
    };
    chain(start, &mini_fat, 64, &mini, mini_stream.len() / 64 + 1, len).map(Some)
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str) -> Result<(), WorkbookLimit> {
        let mut scan = XmlScan::new();
        // Fed in small pieces: tags and quotes split across reads.
        for piece in xml.as_bytes().chunks(3) {
            scan.feed(piece)?;
        }
        scan.finish("xl/worksheets/sheet1.xml")
    }

    #[test]
    fn cell_references_read_as_calamine_reads_them() {
        assert_eq!(cell_ref(b"A1"), Some((0, Some(0))));
        assert_eq!(cell_ref(b"XFD1048576"), Some((1_048_575, Some(16_383))));
        assert_eq!(cell_ref(b"7"), Some((6, None)));
        assert_eq!(cell_ref(b"A0"), None);
        assert_eq!(cell_ref(b"1A"), None);
    }

    #[test]
    fn a_far_cell_in_a_nearly_empty_sheet_is_refused_and_a_real_sheet_is_not() {
        let far = r#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c></row>
            <row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#;
        assert!(matches!(
            scan(far),
            Err(WorkbookLimit::Grid {
                rows: 1_048_576,
                columns: 16_384,
                cells: 2,
                ..
            })
        ));
        // The declared dimension alone, and empty styled cells far out, are not judged.
        let declared = r#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData>
            <row r="1"><c r="A1"><v>0</v></c><c r="XFD1" s="3"/></row>
            <row><c><v>2</v></c><c a='x>y' r="B2"><v>3</v></c></row></sheetData></worksheet>"#;
        assert_eq!(scan(declared), Ok(()));
        // Cells without `r` move along their row; rows without `r` follow each other.
        let mut rows = String::from("<sheetData>");
        for _ in 0..2000 {
            rows.push_str("<row><c><v>1</v></c><c><v>2</v></c></row>");
        }
        assert_eq!(scan(&rows), Ok(()));
    }

    #[test]
    fn declared_shared_strings_beyond_the_table_are_refused() {
        let bomb = r#"<?xml version="1.0"?><sst count="1" uniqueCount="2000000000"><si><t>a</t></si></sst>"#;
        assert_eq!(
            scan(bomb),
            Err(WorkbookLimit::SharedStrings {
                declared: 2_000_000_000,
                found: 1
            })
        );
        let honest = r#"<sst uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#;
        assert_eq!(scan(honest), Ok(()));
    }

    #[test]
    fn utf16_markup_is_read_too() {
        let text = r#"<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>1</v></c></row></sheetData>"#;
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut scan = XmlScan::new();
        scan.feed(&bytes).unwrap();
        assert!(matches!(scan.finish("s"), Err(WorkbookLimit::Grid { .. })));
    }

    #[test]
    fn messages_name_the_problem_in_both_languages() {
        let limit = WorkbookLimit::SharedStrings {
            declared: 2_000_000_000,
            found: 1,
        };
        assert!(limit.message(Lang::Zh).contains("2000000000"));
        assert!(limit
            .message(Lang::En)
            .contains("declares 2000000000 strings"));
    }
}
