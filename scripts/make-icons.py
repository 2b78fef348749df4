#!/usr/bin/env python3
"""Draws the app icon (a ledger page with 社保 on a teal tile) and writes every size Tauri needs
into assets/icons/. Needs Pillow and the Noto CJK fonts (Debian: fonts-noto-cjk).
Run again after changing the design; the PNGs are committed so builds need neither."""
from pathlib import Path
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "assets" / "icons"
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
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw()
    for name, px in {"32x32.png": 32, "128x128.png": 128, "128x128@2x.png": 256, "icon.png": 512}.items():
        icon.resize((px, px), Image.LANCZOS).save(OUT / name)
    icon.resize((256, 256), Image.LANCZOS).save(OUT / "icon.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])


if __name__ == "__main__":
    main()
