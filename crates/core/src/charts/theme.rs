//! Light and dark palettes, matched to the window's stylesheet (`ui/styles.css`) so a chart
//! sits on its card without a seam.
//!
//! Series colours are chosen to stay apart for the common colour-vision deficiencies (teal,
//! orange, blue and amber rather than red against green), and no chart relies on colour
//! alone: lines differ in dash and marker, calendar cells carry a mark per state.

use crate::model::InsuranceKind;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A colour with opacity (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: f32,
}

impl Rgba {
    pub const fn hex(rgb: u32) -> Rgba {
        Rgba {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
            a: 1.0,
        }
    }

    pub const fn alpha(self, a: f32) -> Rgba {
        Rgba { a, ..self }
    }

    /// `#rrggbb`, for SVG.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl FromStr for Theme {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            other => Err(format!("unknown theme {other:?} (use light or dark)")),
        }
    }
}

/// Every colour a chart draws with.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub background: Rgba,
    pub text: Rgba,
    pub muted: Rgba,
    pub grid: Rgba,
    pub axis: Rgba,
    /// Paid years, the pension account.
    pub primary: Rgba,
    /// The required minimum.
    pub required: Rgba,
    /// Retirement and today markers.
    pub marker: Rgba,
    pub medical: Rgba,
    pub housing: Rgba,
    /// Personal and employer amounts.
    pub personal: Rgba,
    pub employer: Rgba,
    /// The regional floor–ceiling band.
    pub band: Rgba,
    pub calendar: CalendarColors,
}

/// Cell fills of the contribution calendar and the colour of the mark drawn on each.
#[derive(Debug, Clone, Copy)]
pub struct CalendarColors {
    pub paid: Rgba,
    pub transferred_in: Rgba,
    /// The mark on a transferred-in cell (its fill is light in one theme, dark in the other).
    pub transferred_mark: Rgba,
    pub back_paid: Rgba,
    pub owed: Rgba,
    pub pending: Rgba,
    pub pending_mark: Rgba,
    /// A month with no record: a faint empty cell.
    pub empty: Rgba,
    /// Marks on a filled cell.
    pub mark_on_fill: Rgba,
    /// The outline and dash of a gap.
    pub gap: Rgba,
}

impl Theme {
    pub fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: Rgba::hex(0xffffff),
                text: Rgba::hex(0x1d2421),
                muted: Rgba::hex(0x5d6864),
                grid: Rgba::hex(0xe5e9e7),
                axis: Rgba::hex(0x9aa5a0),
                primary: Rgba::hex(0x0f766e),
                required: Rgba::hex(0xc2410c),
                marker: Rgba::hex(0x6d28d9),
                medical: Rgba::hex(0x2563eb),
                housing: Rgba::hex(0xb45309),
                personal: Rgba::hex(0x0f766e),
                employer: Rgba::hex(0x2563eb),
                band: Rgba::hex(0xc2410c),
                calendar: CalendarColors {
                    paid: Rgba::hex(0x1f8a70),
                    transferred_in: Rgba::hex(0x9fd8ca),
                    transferred_mark: Rgba::hex(0x0b4f47),
                    back_paid: Rgba::hex(0x3b6fd8),
                    owed: Rgba::hex(0xc62828),
                    pending: Rgba::hex(0xe8ad2a),
                    pending_mark: Rgba::hex(0x3d2a00),
                    empty: Rgba::hex(0xf0f2f1),
                    mark_on_fill: Rgba::hex(0xffffff),
                    gap: Rgba::hex(0xc62828),
                },
            },
            Theme::Dark => Palette {
                background: Rgba::hex(0x1b211e),
                text: Rgba::hex(0xe7ece9),
                muted: Rgba::hex(0x9aa7a1),
                grid: Rgba::hex(0x2c3531),
                axis: Rgba::hex(0x56625d),
                primary: Rgba::hex(0x2dd4bf),
                required: Rgba::hex(0xfb923c),
                marker: Rgba::hex(0xc4b5fd),
                medical: Rgba::hex(0x60a5fa),
                housing: Rgba::hex(0xfbbf24),
                personal: Rgba::hex(0x2dd4bf),
                employer: Rgba::hex(0x60a5fa),
                band: Rgba::hex(0xfb923c),
                calendar: CalendarColors {
                    paid: Rgba::hex(0x2a9d84),
                    transferred_in: Rgba::hex(0x1d5c50),
                    transferred_mark: Rgba::hex(0xbff0e4),
                    back_paid: Rgba::hex(0x4f7fe0),
                    owed: Rgba::hex(0xe05252),
                    pending: Rgba::hex(0xd39a1d),
                    pending_mark: Rgba::hex(0x1f1600),
                    empty: Rgba::hex(0x252d29),
                    mark_on_fill: Rgba::hex(0x0d1411),
                    gap: Rgba::hex(0xf87171),
                },
            },
        }
    }
}

impl Palette {
    /// The colour of one personal account's series.
    pub fn account(&self, kind: InsuranceKind) -> Rgba {
        match kind {
            InsuranceKind::Medical => self.medical,
            InsuranceKind::HousingFund => self.housing,
            _ => self.primary,
        }
    }
}
