#!/usr/bin/env python3
"""Draws the app icon (a ledger page with 社保 on a teal tile) as the one source image,
assets/icon-source.png (1024 px). Every size the three systems need is then generated from it by
Tauri's own tool:  cargo tauri icon assets/icon-source.png -o assets/icons
Needs Pillow and the Noto CJK fonts (Debian: fonts-noto-cjk). The results are committed, so
builds need neither."""
from pathlib import Path
from PIL import Image, ImageDraw, ImageFont

SOURCE = Path(__file__).resolve().parent.parent / "assets" / "icon-source.png"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
SIZE = 1024


def draw() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((64, 64, SIZE - 64, SIZE - 64), radius=200, fill=(15, 118, 110, 255))
    # the ledger page
    d.rounded_rectangle((250, 190, 774, 834), radius=48, fill=(250, 250, 247, 255))
    for y in (560, 640, 720):
        d.rounded_rectangle((320, y, 704, y + 22), radius=11, fill=(153, 204, 197, 255))
    font = ImageFont.truetype(FONT, 210, index=2)  # index 2 is Simplified Chinese
    d.text((SIZE // 2, 370), "社保", font=font, fill=(15, 118, 110, 255), anchor="mm")
    # the red seal of a proof document
    d.ellipse((640, 690, 820, 870), fill=(200, 54, 54, 255))
    d.text((730, 780), "✓", font=ImageFont.truetype(FONT, 120, index=2), fill="white", anchor="mm")
    return img


def main() -> None:
    draw().save(SOURCE)


if __name__ == "__main__":
    main()
