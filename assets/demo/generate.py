#!/usr/bin/env python3
"""Generate the embedded demo catalogue for `wfa` (assets/demo/).

Writes:
  assets/demo/catalogue.json   site + asset objects shaped like Webflow's
                               GET /v2/assets/{id} response, plus "folderId"
  assets/demo/files/<segment>  one real file per hostedUrl (asset and variant);
                               the file name is the last path segment of the
                               URL exactly as written in the JSON (still
                               percent-encoded, e.g. "%20" stays literal).

Everything is deterministic (fixed drawing, fixed seeds, fixed dates); ids are
24-hex ObjectIds whose first 4 bytes are the createdOn timestamp, like real
Webflow ids. The first asset is Webflow's documented example response
(get-asset.seed.md) verbatim, with only "folderId": null appended; its "size"
(2212772) is therefore NOT the size of the demo file, and its dates have no
milliseconds. Every other asset's size/width/height is measured from disk.

How to run (not part of the cargo build):
    python3 -m pip install Pillow        # tested with Pillow 13.0
    python3 assets/demo/generate.py      # from the crate root; regenerates + validates
    python3 assets/demo/generate.py --check   # validate the existing catalogue only

The script removes and recreates assets/demo/files/ on every run.
"""

import hashlib
import io
import json
import math
import os
import random
import re
import shutil
import sys
from datetime import datetime, timezone

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
CATALOGUE = os.path.join(HERE, "catalogue.json")

SITE_ID = "63938b302ea6b0aa6f3d8745"
CDN = f"https://cdn.prod.website-files.com/{SITE_ID}/"

FOLDER_PRODUCTS = "6650c1a2e4b0d3f1a2c4e601"
FOLDER_BRAND = "6650c1a2e4b0d3f1a2c4e602"
FOLDER_DOCS = "6650c1a2e4b0d3f1a2c4e603"

HEX24 = re.compile(r"^[0-9a-f]{24}$")

# --------------------------------------------------------------------------
# The seed's example response, verbatim (plus folderId).
# --------------------------------------------------------------------------
SEED_ASSET = {
    "id": "63e5889e7fe4eafa7384cea4",
    "contentType": "image/png",
    "size": 2212772,
    "siteId": "63938b302ea6b0aa6f3d8745",
    "hostedUrl": "https://s3.amazonaws.com/webflow-prod-assets/63938b302ea6b0aa6f3d8745/63e5889e7fe4eafa7384cea4_Vectors-Wrapper.svg",
    "originalFileName": "Candy-Wrapper.svg",
    "displayName": "63e5889e7fe4eafa7384cea4_Candy-Wrapper.png",
    "lastUpdated": "2023-03-01T23:42:57Z",
    "createdOn": "2023-02-09T23:58:22Z",
    "variants": [
        {
            "hostedUrl": "https://s3.amazonaws.com/webflow-prod-assets/6258612d1ee792848f805dcf/660d83ce30f3a599ddb0bdb3_Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png",
            "originalFileName": "Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png",
            "displayName": "660d83ce30f3a599ddb0bdb3_Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png",
            "format": "png",
            "width": 500,
            "height": 900,
            "quality": 100,
        }
    ],
    "altText": "A single candy wrapper",
    "folderId": None,
}

LONG_ALT = (
    "Close-up of a glossy caramel swirl candy resting on a sheet of parchment paper, "
    "lit by warm late-afternoon light from the left; the amber and cream ribbons of the "
    "swirl catch small highlights, and the soft, out-of-focus background fades from "
    "honey gold to a deep chocolate brown."
)
SHARED_ALT = "Assorted candies in a glass jar"

# --------------------------------------------------------------------------
# Drawing helpers (flat shapes and smooth gradients: small files, no noise)
# --------------------------------------------------------------------------


def lerp(a, b, t):
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


def vgradient(size, top, bottom, mode="RGB"):
    """Vertical gradient, computed on a 1-px column and stretched (fast)."""
    w, h = size
    col = Image.new(mode, (1, h))
    px = col.load()
    for y in range(h):
        c = lerp(top, bottom, y / max(1, h - 1))
        px[0, y] = c if mode == "RGB" else c + (255,)
    return col.resize((w, h), Image.NEAREST)


def font(size):
    return ImageFont.load_default(size=size)


def soft_blobs(img, rng, count, colours, rmin, rmax, blur):
    """Out-of-focus 'bokeh' circles composited onto img."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    w, h = img.size
    for _ in range(count):
        r = rng.randint(rmin, rmax)
        x, y = rng.randint(0, w), rng.randint(0, h)
        c = rng.choice(colours)
        d.ellipse((x - r, y - r, x + r, y + r), fill=c + (rng.randint(60, 140),))
    layer = layer.filter(ImageFilter.GaussianBlur(blur))
    base = img.convert("RGBA")
    base.alpha_composite(layer)
    return base.convert("RGB")


def draw_seed_wrapper(size):
    # 1000x1800 candy wrapper: twisted ends, stripes; flat colours.
    w, h = size
    img = Image.new("RGB", size, (252, 240, 246))
    d = ImageDraw.Draw(img)
    cx = w // 2
    body = (cx - 260, 520, cx + 260, h - 520)
    # twisted ends (triangles with zigzag)
    for top in (True, False):
        y0 = body[1] if top else body[3]
        y1 = 180 if top else h - 180
        n = 7
        zig = [(cx + 230 - i * 460 / n, y1 + (0 if i % 2 == 0 else (70 if top else -70))) for i in range(n + 1)]
        d.polygon([(cx - 90, y0), (cx + 90, y0)] + zig, fill=(233, 73, 126))
    d.rounded_rectangle(body, radius=120, fill=(244, 96, 146))
    for i, x in enumerate(range(body[0] + 40, body[2] - 20, 90)):
        d.rectangle((x, body[1] + 30, x + 36, body[3] - 30), fill=(255, 214, 228))
    d.ellipse((cx - 150, h // 2 - 150, cx + 150, h // 2 + 150), fill=(255, 250, 252))
    d.text((cx, h // 2), "CANDY", fill=(204, 40, 98), font=font(72), anchor="mm")
    return img


def draw_caramel_photo(size, rng):
    w, h = size
    img = vgradient(size, (214, 160, 84), (70, 38, 20))
    img = soft_blobs(img, rng, 40, [(255, 222, 160), (240, 180, 90), (120, 70, 30)], 60, 220, 50)
    d = ImageDraw.Draw(img)
    # parchment
    d.polygon([(0, h * 0.72), (w, h * 0.62), (w, h), (0, h)], fill=(236, 222, 196))
    # the swirl candy
    cx, cy, R = w * 0.52, h * 0.60, 430
    d.ellipse((cx - R, cy - R * 0.62, cx + R, cy + R * 0.62), fill=(196, 120, 46))
    for i in range(22):
        t = i / 22
        r = R * (1 - t)
        col = (250, 232, 196) if i % 2 == 0 else (176, 96, 30)
        a0 = i * 47 % 360
        d.arc((cx - r, cy - r * 0.62, cx + r, cy + r * 0.62), a0, a0 + 250, fill=col, width=22)
    d.ellipse((cx - 240, cy - 230, cx - 60, cy - 170), fill=(255, 246, 226))  # highlight
    img = img.filter(ImageFilter.GaussianBlur(3))
    return img


def draw_lineup_banner(size):
    w, h = size
    img = Image.new("RGB", size, (250, 231, 238))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, h * 0.35), fill=(255, 242, 230))
    d.rectangle((0, h * 0.78, w, h), fill=(214, 170, 140))
    d.rectangle((0, h * 0.76, w, h * 0.80), fill=(170, 120, 96))
    colours = [(244, 96, 146), (255, 183, 77), (124, 196, 160), (112, 160, 236), (186, 120, 220), (250, 120, 90)]
    bw, gap = 240, 60
    x = (w - (6 * bw + 5 * gap)) // 2
    for i, c in enumerate(colours):
        bh = 420 + (i % 3) * 80
        top = h * 0.76 - bh
        d.rectangle((x, top, x + bw, h * 0.76), fill=c)
        d.rectangle((x + bw // 2 - 18, top, x + bw // 2 + 18, h * 0.76), fill=(255, 255, 255))
        d.rectangle((x, top + bh // 2 - 18, x + bw, top + bh // 2 + 18), fill=(255, 255, 255))
        d.ellipse((x + bw // 2 - 50, top - 60, x + bw // 2, top + 10), outline=(255, 255, 255), width=14)
        d.ellipse((x + bw // 2, top - 60, x + bw // 2 + 50, top + 10), outline=(255, 255, 255), width=14)
        x += bw + gap
    d.text((w // 2, h * 0.16), "The 2025 Gift Collection", fill=(120, 40, 80), font=font(110), anchor="mm")
    return img


def draw_phone_photo(size, rng):
    # "IMG_4821.jpg": bowl of candies on a wooden table, slightly blurred.
    w, h = size
    img = vgradient(size, (186, 140, 98), (120, 82, 52))
    d = ImageDraw.Draw(img)
    for y in range(0, h, 140):
        d.line((0, y + 40, w, y), fill=(150, 108, 72), width=6)
    cx, cy = w // 2, int(h * 0.55)
    d.ellipse((cx - 560, cy - 300, cx + 560, cy + 330), fill=(90, 60, 40))
    d.ellipse((cx - 540, cy - 320, cx + 540, cy + 300), fill=(240, 240, 236))
    d.ellipse((cx - 470, cy - 260, cx + 470, cy + 240), fill=(214, 214, 210))
    cols = [(230, 60, 80), (250, 200, 60), (70, 170, 90), (80, 120, 220), (240, 140, 40), (200, 90, 200)]
    for _ in range(70):
        a = rng.random() * 2 * math.pi
        r = rng.random() ** 0.5
        x, y = cx + math.cos(a) * r * 400, cy - 20 + math.sin(a) * r * 200
        s = rng.randint(34, 50)
        d.ellipse((x - s, y - s * 0.8, x + s, y + s * 0.8), fill=rng.choice(cols))
        d.ellipse((x - s * 0.5, y - s * 0.6, x - s * 0.1, y - s * 0.3), fill=(255, 255, 255))
    return img.filter(ImageFilter.GaussianBlur(2.5))


def draw_gummy_bear(size):
    # RGBA with a transparent background.
    w, h = size
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red, dark = (214, 34, 52, 235), (160, 16, 32, 255)
    cx = w // 2
    d.ellipse((cx - 190, 80, cx - 90, 180), fill=dark)       # ears
    d.ellipse((cx + 90, 80, cx + 190, 180), fill=dark)
    d.ellipse((cx - 200, 100, cx + 200, 400), fill=red)      # head
    d.ellipse((cx - 250, 330, cx + 250, 780), fill=red)      # body
    d.ellipse((cx - 330, 380, cx - 170, 560), fill=dark)     # arms
    d.ellipse((cx + 170, 380, cx + 330, 560), fill=dark)
    d.ellipse((cx - 250, 660, cx - 60, 850), fill=dark)      # feet
    d.ellipse((cx + 60, 660, cx + 250, 850), fill=dark)
    d.ellipse((cx - 90, 200, cx - 50, 240), fill=(90, 0, 10, 255))   # eyes
    d.ellipse((cx + 50, 200, cx + 90, 240), fill=(90, 0, 10, 255))
    d.ellipse((cx - 170, 140, cx - 90, 190), fill=(255, 190, 196, 200))  # gloss
    d.ellipse((cx - 190, 420, cx - 110, 560), fill=(255, 170, 180, 160))
    return img


def draw_lollipops(size, rng):
    w, h = size
    img = vgradient(size, (210, 236, 250), (250, 226, 240))
    d = ImageDraw.Draw(img)
    specs = [(0.2, 0.38, 150, (240, 80, 120)), (0.5, 0.3, 180, (255, 170, 40)),
             (0.8, 0.4, 140, (90, 180, 120)), (0.35, 0.62, 120, (120, 120, 230)),
             (0.66, 0.66, 130, (220, 90, 220))]
    for fx, fy, r, c in specs:
        x, y = w * fx, h * fy
        d.line((x, y, x + 20, h), fill=(250, 250, 250), width=18)
        d.ellipse((x - r, y - r, x + r, y + r), fill=c)
        for k in range(6):
            d.arc((x - r * (k + 1) / 6, y - r * (k + 1) / 6, x + r * (k + 1) / 6, y + r * (k + 1) / 6),
                  k * 60, k * 60 + 200, fill=(255, 255, 255), width=10)
    return img


def gif_frames():
    frames = []
    rng = random.Random(7)
    dots = [(rng.randint(8, 112), rng.randint(0, 120), rng.choice(
        [(244, 96, 146), (255, 200, 60), (90, 180, 120), (100, 150, 240)])) for _ in range(18)]
    for f in range(6):
        im = Image.new("RGB", (120, 120), (255, 248, 240))
        d = ImageDraw.Draw(im)
        for x, y, c in dots:
            yy = (y + f * 20) % 120
            d.rounded_rectangle((x - 2, yy - 7, x + 2, yy + 7), radius=2, fill=c)
        d.ellipse((30, 30, 90, 90), outline=(204, 40, 98), width=6)
        d.arc((30, 30, 90, 90), f * 60, f * 60 + 90, fill=(255, 255, 255), width=6)
        frames.append(im.convert("P", palette=Image.ADAPTIVE, colors=32))
    return frames


def draw_checkout_screenshot(size):
    w, h = size
    img = Image.new("RGB", size, (246, 246, 248))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 52), fill=(222, 222, 226))            # browser chrome
    for i, c in enumerate([(255, 95, 87), (255, 189, 46), (40, 200, 64)]):
        d.ellipse((18 + i * 24, 18, 34 + i * 24, 34), fill=c)
    d.rounded_rectangle((140, 12, w - 140, 40), radius=8, fill=(250, 250, 252))
    d.text((160, 26), "candyco.webflow.io/checkout", fill=(90, 90, 96), font=font(16), anchor="lm")
    d.rectangle((0, 52, w, 132), fill=(244, 96, 146))            # site header
    d.text((60, 92), "Candy Co.", fill=(255, 255, 255), font=font(36), anchor="lm")
    d.text((60, 190), "Your cart", fill=(40, 40, 48), font=font(40), anchor="lm")
    items = [("Caramel Swirls (12 pcs)", "$8.00", (214, 150, 70)),
             ("Gummy Bears, 250 g", "$5.50", (214, 34, 52)),
             ("Peppermint Tin", "$6.25", (230, 230, 235))]
    y = 250
    for name, price, c in items:
        d.rounded_rectangle((60, y, 900, y + 120), radius=12, fill=(255, 255, 255), outline=(226, 226, 232))
        d.rounded_rectangle((80, y + 20, 160, y + 100), radius=8, fill=c)
        d.text((190, y + 60), name, fill=(40, 40, 48), font=font(26), anchor="lm")
        d.text((870, y + 60), price, fill=(40, 40, 48), font=font(26), anchor="rm")
        y += 140
    d.rounded_rectangle((960, 250, w - 60, 640), radius=12, fill=(255, 255, 255), outline=(226, 226, 232))
    d.text((990, 290), "Order summary", fill=(40, 40, 48), font=font(28), anchor="lm")
    d.text((990, 360), "Subtotal", fill=(110, 110, 120), font=font(22), anchor="lm")
    d.text((w - 90, 360), "$19.75", fill=(40, 40, 48), font=font(22), anchor="rm")
    d.text((990, 410), "Shipping", fill=(110, 110, 120), font=font(22), anchor="lm")
    d.text((w - 90, 410), "$4.00", fill=(40, 40, 48), font=font(22), anchor="rm")
    d.line((990, 450, w - 90, 450), fill=(226, 226, 232), width=2)
    d.text((990, 490), "Total", fill=(40, 40, 48), font=font(28), anchor="lm")
    d.text((w - 90, 490), "$23.75", fill=(40, 40, 48), font=font(28), anchor="rm")
    d.rounded_rectangle((990, 550, w - 90, 610), radius=10, fill=(244, 96, 146))
    d.text(((990 + w - 90) // 2, 580), "Pay now", fill=(255, 255, 255), font=font(26), anchor="mm")
    return img


def draw_chocolate(size, rng):
    w, h = size
    img = vgradient(size, (60, 34, 22), (24, 12, 8))
    d = ImageDraw.Draw(img)
    x0, y0, cols, rows, cw, ch = 260, 200, 5, 3, 280, 280
    d.rounded_rectangle((x0 - 30, y0 - 30, x0 + cols * cw + 30, y0 + rows * ch + 30), radius=30, fill=(92, 52, 30))
    for r in range(rows):
        for c in range(cols):
            x, y = x0 + c * cw, y0 + r * ch
            d.rounded_rectangle((x + 10, y + 10, x + cw - 10, y + ch - 10), radius=18, fill=(110, 64, 38))
            d.rounded_rectangle((x + 40, y + 40, x + cw - 40, y + ch - 40), radius=12, fill=(128, 76, 46))
            d.line((x + 40, y + 40, x + cw - 40, y + 40), fill=(170, 110, 70), width=8)
    # foil wrapper on the right
    d.polygon([(x0 + cols * cw - 200, y0 - 60), (w, y0 - 120), (w, y0 + rows * ch + 120),
               (x0 + cols * cw - 160, y0 + rows * ch + 60)], fill=(196, 40, 60))
    img = soft_blobs(img, rng, 12, [(255, 220, 180)], 20, 60, 25)
    return img.filter(ImageFilter.GaussianBlur(1.5))


def draw_jar(size, rng, view):
    w, h = size
    img = vgradient(size, (236, 244, 240), (200, 214, 206))
    d = ImageDraw.Draw(img)
    cols = [(230, 60, 80), (250, 200, 60), (70, 170, 90), (80, 120, 220), (240, 140, 40), (200, 90, 200)]
    if view == "top":
        cx, cy, R = w // 2, h // 2, int(w * 0.42)
        d.ellipse((cx - R, cy - R, cx + R, cy + R), fill=(210, 226, 232), outline=(160, 180, 190), width=14)
        for _ in range(90):
            a, r = rng.random() * 2 * math.pi, (rng.random() ** 0.5) * (R - 40)
            x, y, s = cx + math.cos(a) * r, cy + math.sin(a) * r, rng.randint(18, 30)
            d.ellipse((x - s, y - s, x + s, y + s), fill=rng.choice(cols))
    else:
        jw = 0.62 if view == "front" else 0.54
        x0, x1 = w * (1 - jw) / 2, w * (1 + jw) / 2
        y0, y1 = h * 0.22, h * 0.9
        d.rounded_rectangle((x0, y0, x1, y1), radius=int(w * 0.08), fill=(214, 230, 236), outline=(160, 180, 190), width=12)
        d.rounded_rectangle((x0 + w * 0.06, h * 0.12, x1 - w * 0.06, y0 + 20), radius=20, fill=(200, 120, 160))
        for _ in range(110 if view == "front" else 80):
            x = rng.uniform(x0 + 50, x1 - 50)
            y = rng.uniform(y0 + (y1 - y0) * 0.25, y1 - 50)
            s = rng.randint(22, 40) * w / 1200
            d.ellipse((x - s, y - s, x + s, y + s), fill=rng.choice(cols))
        d.rectangle((x0 + 40, y0 + 60, x0 + 80, y1 - 80), fill=(240, 248, 252))  # glass reflection
    return img.filter(ImageFilter.GaussianBlur(1.2))


def draw_peppermint(size):
    w, h = size
    img = Image.new("RGB", size, (255, 250, 250))
    d = ImageDraw.Draw(img)
    step = w // 4
    for gy in range(4):
        for gx in range(4):
            cx = gx * step + step // 2 + (step // 2 if gy % 2 else 0)
            cy = gy * step + step // 2
            for ox in (0, -w):
                x = cx + ox
                r = step * 0.38
                for k in range(8):
                    d.pieslice((x - r, cy - r, x + r, cy + r), k * 45, k * 45 + 22.5, fill=(214, 28, 48))
                d.ellipse((x - r, cy - r, x + r, cy + r), outline=(214, 28, 48), width=6)
                d.ellipse((x - r * 0.18, cy - r * 0.18, x + r * 0.18, cy + r * 0.18), fill=(214, 28, 48))
    return img


def draw_storefront(size, rng):
    w, h = size
    img = vgradient(size, (16, 20, 48), (48, 40, 80))
    d = ImageDraw.Draw(img)
    d.rectangle((0, h * 0.8, w, h), fill=(210, 216, 232))  # snowy street
    d.rectangle((300, 320, w - 300, h * 0.8), fill=(96, 48, 60))
    d.polygon([(260, 320), (w // 2, 120), (w - 260, 320)], fill=(70, 34, 44))
    d.rectangle((300, 520, w - 300, 620), fill=(244, 96, 146))
    d.text((w // 2, 570), "CANDY CO.", fill=(255, 255, 255), font=font(80), anchor="mm")
    for i in range(3):
        x = 420 + i * 560
        d.rectangle((x, 700, x + 420, 1180), fill=(255, 214, 120))
        d.rectangle((x + 200, 700, x + 220, 1180), fill=(96, 48, 60))
        d.rectangle((x, 930, x + 420, 950), fill=(96, 48, 60))
    img = soft_blobs(img, rng, 60, [(255, 220, 140), (255, 160, 200), (255, 255, 255)], 10, 40, 12)
    d = ImageDraw.Draw(img)
    for _ in range(300):  # snowflakes
        x, y, s = rng.randint(0, w), rng.randint(0, int(h * 0.8)), rng.randint(2, 5)
        d.ellipse((x - s, y - s, x + s, y + s), fill=(240, 244, 255))
    return img.filter(ImageFilter.GaussianBlur(1.0))


def draw_favicon(size):
    w, h = size
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.polygon([(40, 80), (90, 128), (40, 176)], fill=(204, 40, 98))
    d.polygon([(216, 80), (166, 128), (216, 176)], fill=(204, 40, 98))
    d.ellipse((70, 70, 186, 186), fill=(244, 96, 146))
    d.arc((92, 92, 164, 164), 200, 340, fill=(255, 255, 255), width=10)
    return img


# --------------------------------------------------------------------------
# Non-raster files
# --------------------------------------------------------------------------

SVG_LOGO = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">
  <title>Candy Co.</title>
  <polygon points="8,22 30,40 8,58" fill="#cc2862"/>
  <polygon points="72,22 50,40 72,58" fill="#cc2862"/>
  <circle cx="40" cy="40" r="20" fill="#f46092"/>
  <path d="M30 40 a10 10 0 0 1 20 0" fill="none" stroke="#ffffff" stroke-width="4" stroke-linecap="round"/>
  <text x="88" y="50" font-family="Helvetica, Arial, sans-serif" font-size="28" font-weight="700" fill="#78284f">Candy Co.</text>
</svg>
"""


def make_pdf():
    lines = [
        (72, 740, 22, "Candy Co. - Wholesale Price List 2025"),
        (72, 700, 12, "Prices per case, excluding VAT. Valid 1 January - 31 December 2025."),
        (72, 660, 12, "Caramel Swirls, 12 x 200 g ............ 58.00"),
        (72, 640, 12, "Gummy Bears, 12 x 250 g ............... 42.00"),
        (72, 620, 12, "Peppermint Tins, 24 x 50 g ............ 66.00"),
        (72, 600, 12, "Lollipop Assortment, 48 pcs ........... 36.00"),
        (72, 560, 10, "Orders: wholesale@candyco.example  -  Minimum order 5 cases."),
    ]
    content = "BT\n" + "".join(
        f"/F1 {sz} Tf 1 0 0 1 {x} {y} Tm ({t}) Tj\n" for x, y, sz, t in lines) + "ET\n"
    content_b = content.encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content_b)).encode() + b" >>\nstream\n" + content_b + b"endstream",
        b"<< /Title (Wholesale Price List 2025) /Author (Candy Co.) /Producer (wfa demo generator) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + o + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n".encode())
    out.write(b"0000000000 65535 f \n")
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_lottie():
    def kf(t, v, last=False):
        k = {"t": t, "s": v}
        if not last:
            k.update({"i": {"x": [0.5], "y": [1]}, "o": {"x": [0.5], "y": [0]}})
        return k

    anim = {
        "v": "5.7.4", "fr": 30, "ip": 0, "op": 60, "w": 200, "h": 200,
        "nm": "Candy bounce", "ddd": 0, "assets": [],
        "layers": [{
            "ddd": 0, "ind": 1, "ty": 4, "nm": "Candy", "sr": 1,
            "ks": {
                "o": {"a": 0, "k": 100},
                "r": {"a": 1, "k": [kf(0, [0]), kf(60, [360], True)]},
                "p": {"a": 1, "k": [kf(0, [100, 60, 0]), kf(30, [100, 140, 0]), kf(60, [100, 60, 0], True)]},
                "a": {"a": 0, "k": [0, 0, 0]},
                "s": {"a": 0, "k": [100, 100, 100]},
            },
            "ao": 0,
            "shapes": [{
                "ty": "gr", "nm": "Sweet",
                "it": [
                    {"ty": "el", "nm": "Body", "d": 1, "p": {"a": 0, "k": [0, 0]}, "s": {"a": 0, "k": [60, 60]}},
                    {"ty": "fl", "nm": "Fill", "c": {"a": 0, "k": [0.957, 0.376, 0.573, 1]},
                     "o": {"a": 0, "k": 100}, "r": 1},
                    {"ty": "tr", "p": {"a": 0, "k": [0, 0]}, "a": {"a": 0, "k": [0, 0]},
                     "s": {"a": 0, "k": [100, 100]}, "r": {"a": 0, "k": 0},
                     "o": {"a": 0, "k": 100}, "sk": {"a": 0, "k": 0}, "sa": {"a": 0, "k": 0}},
                ],
            }],
            "ip": 0, "op": 60, "st": 0, "bm": 0,
        }],
    }
    return (json.dumps(anim, separators=(",", ":")) + "\n").encode()


# --------------------------------------------------------------------------
# Catalogue specification
# --------------------------------------------------------------------------
# Each entry: name (the percent-encoded file name as Webflow stores it),
# contentType, createdOn, lastUpdated, altText, folderId, and either
#   image=(callable returning a PIL image), fmt, widths (variant widths), ...
# or raw=(bytes) for non-raster files.

NNBSP_SHOT = "Screenshot%202025-01-14%20at%2010.41.07%E2%80%AFAM.png"

FMT = {  # Pillow format, extension / variant "format", contentType
    "png": ("PNG", "png", "image/png"),
    "jpg": ("JPEG", "jpg", "image/jpeg"),
    "webp": ("WEBP", "webp", "image/webp"),
}


def specs():
    R = random.Random
    return [
        dict(name="caramel-swirl-hero.jpg", size=(2000, 1500), draw=lambda s: draw_caramel_photo(s, R(1)),
             fmt="jpg", q=70, vq=80, widths=[500, 800, 1080], alt=LONG_ALT, folder=FOLDER_PRODUCTS,
             created="2024-02-12T09:14:31.208Z", updated="2024-02-12T09:20:05.914Z"),
        dict(name="product-lineup-banner.png", size=(2000, 1500), draw=draw_lineup_banner,
             fmt="png", widths=[500, 800, 1080], alt="Six pastel Candy Co. gift boxes tied with white ribbon, lined up on a shelf",
             folder=FOLDER_BRAND, created="2024-03-05T16:02:47.551Z", updated="2025-06-18T11:45:09.032Z"),
        dict(name="IMG_4821.jpg", size=(1600, 1200), draw=lambda s: draw_phone_photo(s, R(2)),
             fmt="jpg", q=70, vq=80, widths=[500, 800, 1080], alt="IMG_4821.jpg", folder=None,
             created="2024-04-22T19:37:10.004Z", updated="2024-04-22T19:37:10.004Z"),
        dict(name="gummy-bear-cutout.png", size=(900, 900), draw=draw_gummy_bear,
             fmt="png", widths=[500, 800], alt="Image of a red gummy bear", folder=FOLDER_PRODUCTS,
             created="2024-05-30T08:51:22.719Z", updated="2024-07-02T14:03:58.380Z"),
        dict(name="lollipop-assortment.webp", size=(1200, 800), draw=lambda s: draw_lollipops(s, R(3)),
             fmt="webp", q=85, vq=85, widths=[500, 800, 1080], alt=None, folder=FOLDER_PRODUCTS,
             created="2024-08-14T12:25:40.133Z", updated="2024-08-14T12:26:02.870Z"),
        dict(name="sprinkles-loader.gif", gif=True, alt="", folder=FOLDER_BRAND,
             created="2024-09-03T10:10:10.450Z", updated="2025-02-27T17:33:41.612Z"),
        dict(name="candy-co-logo.svg", raw=SVG_LOGO.encode(), ctype="image/svg+xml", alt="logo", folder=FOLDER_BRAND,
             created="2024-01-18T15:44:03.377Z", updated="2024-01-18T15:44:03.377Z"),
        dict(name="wholesale-price-list-2025.pdf", raw=make_pdf(), ctype="application/pdf", alt=None, folder=FOLDER_DOCS,
             created="2024-12-02T09:00:12.905Z", updated="2025-01-06T08:12:44.190Z"),
        dict(name="candy-bounce.json", raw=make_lottie(), ctype="application/json", alt=None, folder=FOLDER_BRAND,
             created="2025-03-11T13:27:55.066Z", updated="2025-03-11T13:27:55.066Z"),
        dict(name=NNBSP_SHOT, size=(1440, 900), draw=draw_checkout_screenshot,
             fmt="png", widths=[500, 800, 1080], alt="Candy Co. checkout page with three items in the cart and a pink Pay now button",
             folder=None, created="2025-01-14T22:41:19.287Z", updated="2025-01-15T09:02:33.541Z"),
        dict(name="chocolate-bar-closeup.jpg", size=(1920, 1280), draw=lambda s: draw_chocolate(s, R(4)),
             fmt="jpg", q=70, vq=80, widths=[500, 800, 1080], alt=None, folder=FOLDER_PRODUCTS,
             created="2025-04-09T07:58:36.812Z", updated="2025-04-09T08:01:14.006Z",
             variant_overrides={
                 800: {"error": "Variant generation failed: source image could not be resized"},
                 1080: {"height": None},
             }),
        dict(name="candy-jar-front.jpg", size=(1200, 1600), draw=lambda s: draw_jar(s, R(5), "front"),
             fmt="jpg", q=70, vq=80, widths=[500, 800, 1080], alt=SHARED_ALT, folder=FOLDER_PRODUCTS,
             created="2025-05-20T11:11:48.302Z", updated="2025-09-01T16:20:27.745Z"),
        dict(name="candy-jar-side.jpg", size=(1000, 1000), draw=lambda s: draw_jar(s, R(6), "side"),
             fmt="jpg", q=70, vq=80, widths=[500, 800], alt=SHARED_ALT, folder=FOLDER_PRODUCTS,
             created="2025-05-20T11:12:03.994Z", updated="2025-05-20T11:12:03.994Z"),
        dict(name="candy-jar-top.webp", size=(800, 800), draw=lambda s: draw_jar(s, R(7), "top"),
             fmt="webp", q=80, vq=80, widths=[500], alt=SHARED_ALT, folder=FOLDER_PRODUCTS,
             created="2025-05-20T11:12:19.560Z", updated="2026-01-08T10:05:51.118Z"),
        dict(name="peppermint-pattern.png", size=(1200, 1200), draw=draw_peppermint,
             fmt="png", widths=[500, 800, 1080], alt="Repeating pattern of red and white peppermint swirls",
             folder=FOLDER_BRAND, created="2025-10-31T18:30:00.777Z", updated="2026-03-14T12:48:29.403Z"),
        dict(name="storefront-night.jpg", size=(2400, 1600), draw=lambda s: draw_storefront(s, R(8)),
             fmt="jpg", q=70, vq=80, widths=[500, 800, 1080, 1600],
             alt="The Candy Co. shop front at night, its windows glowing warmly above a snowy street",
             folder=None, created="2026-02-02T20:15:42.661Z", updated="2026-10-27T07:59:13.220Z"),
        dict(name="favicon-256.png", size=(256, 256), draw=draw_favicon,
             fmt="png", widths=[], alt="Candy Co. favicon: a pink wrapped sweet", folder=FOLDER_BRAND,
             created="2026-06-09T14:22:07.349Z", updated="2026-06-09T14:22:07.349Z"),
    ]


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


def object_id(created, name):
    ts = int(datetime.strptime(created, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp())
    return f"{ts:08x}" + hashlib.sha1(name.encode()).hexdigest()[:16]


def save_raster(img, path, fmt_key, quality=None):
    pil_fmt = FMT[fmt_key][0]
    if pil_fmt == "JPEG":
        img.convert("RGB").save(path, "JPEG", quality=quality, optimize=True, progressive=False)
    elif pil_fmt == "WEBP":
        img.save(path, "WEBP", quality=quality, method=6)
    else:
        img.save(path, "PNG", optimize=True)


def stem_ext(name):
    stem, ext = name.rsplit(".", 1)
    return stem, ext


def build():
    if os.path.isdir(FILES):
        shutil.rmtree(FILES)
    os.makedirs(FILES)

    assets = []

    # -- asset #1: the seed, verbatim --------------------------------------
    wrapper = draw_seed_wrapper((1000, 1800))
    seg0 = SEED_ASSET["hostedUrl"].rsplit("/", 1)[1]
    wrapper.save(os.path.join(FILES, seg0), "PNG", optimize=True)
    segv = SEED_ASSET["variants"][0]["hostedUrl"].rsplit("/", 1)[1]
    wrapper.resize((500, 900), Image.LANCZOS).save(os.path.join(FILES, segv), "PNG", optimize=True)
    assets.append(json.loads(json.dumps(SEED_ASSET)))

    # -- the rest ----------------------------------------------------------
    for s in specs():
        name = s["name"]
        aid = object_id(s["created"], name)
        seg = f"{aid}_{name}"
        path = os.path.join(FILES, seg)
        variants = []
        if "raw" in s:
            with open(path, "wb") as f:
                f.write(s["raw"])
            ctype = s["ctype"]
        elif s.get("gif"):
            frames = gif_frames()
            frames[0].save(path, "GIF", save_all=True, append_images=frames[1:], duration=120, loop=0, optimize=True)
            ctype = "image/gif"
        else:
            img = s["draw"](s["size"])
            assert img.size == s["size"], (name, img.size)
            _, ext, ctype = FMT[s["fmt"]]
            save_raster(img, path, s["fmt"], s.get("q"))
            W, H = img.size
            stem, fext = stem_ext(name)
            for vw in s["widths"]:
                assert vw < W, (name, vw)
                vh = int(H * vw / W + 0.5)
                vname = f"{stem}-p-{vw}.{fext}"
                vseg = f"{aid}_{vname}"
                vimg = img.resize((vw, vh), Image.LANCZOS)
                save_raster(vimg, os.path.join(FILES, vseg), s["fmt"], s.get("vq"))
                v = {
                    "hostedUrl": CDN + vseg,
                    "originalFileName": vname,
                    "displayName": vseg,
                    "format": ext,
                    "width": vw,
                    "height": vh,
                    "quality": 100 if s["fmt"] == "png" else s["vq"],
                    "error": None,
                }
                v.update(s.get("variant_overrides", {}).get(vw, {}))
                variants.append(v)
        assets.append({
            "id": aid,
            "contentType": ctype,
            "size": os.path.getsize(path),
            "siteId": SITE_ID,
            "hostedUrl": CDN + seg,
            "originalFileName": name,
            "displayName": seg,
            "lastUpdated": s["updated"],
            "createdOn": s["created"],
            "variants": variants,
            "altText": s["alt"],
            "folderId": s["folder"],
        })

    catalogue = {"site": {"id": SITE_ID, "displayName": "Candy Co. (demo)"}, "assets": assets}
    with open(CATALOGUE, "w", encoding="utf-8") as f:
        json.dump(catalogue, f, indent=2, ensure_ascii=False)
        f.write("\n")


# --------------------------------------------------------------------------
# Validate
# --------------------------------------------------------------------------

ASSET_KEYS = ["id", "contentType", "size", "siteId", "hostedUrl", "originalFileName", "displayName",
              "lastUpdated", "createdOn", "variants", "altText", "folderId"]
VARIANT_KEYS = ["hostedUrl", "originalFileName", "displayName", "format", "width", "height", "quality", "error"]
PIL_FOR_CTYPE = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP", "image/gif": "GIF"}
PIL_FOR_FORMAT = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}
DATE_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def validate():
    errors = []

    def err(msg):
        errors.append(msg)

    with open(CATALOGUE, encoding="utf-8") as f:
        cat = json.load(f)
    if not HEX24.match(cat["site"]["id"]):
        err("site id")
    assets = cat["assets"]
    if len(assets) < 14:
        err(f"only {len(assets)} assets")
    seen_segments = {}
    seen_ids = set()

    def check_segment(url, owner):
        seg = url.rsplit("/", 1)[1]
        if seg in seen_segments:
            err(f"duplicate segment {seg} ({owner}, {seen_segments[seg]})")
        seen_segments[seg] = owner
        p = os.path.join(FILES, seg)
        if not os.path.isfile(p):
            err(f"missing file {seg}")
            return None
        return p

    for i, a in enumerate(assets):
        aid = a.get("id")
        if i == 0:
            expect = dict(SEED_ASSET)
            if a != expect or list(a) != list(expect):
                err("asset #1 is not the seed verbatim")
            if list(a["variants"][0]) != VARIANT_KEYS[:-1]:
                err("seed variant keys changed")
        else:
            if list(a) != ASSET_KEYS:
                err(f"{aid}: keys {list(a)}")
            for v in a["variants"]:
                if list(v) != VARIANT_KEYS:
                    err(f"{aid}: variant keys {list(v)}")
            for k in ("createdOn", "lastUpdated"):
                if not DATE_MS.match(a[k]) or not ("2024" <= a[k][:4] and a[k] < "2026-12"):
                    err(f"{aid}: bad {k} {a[k]}")
            if a["createdOn"] > a["lastUpdated"]:
                err(f"{aid}: createdOn > lastUpdated")
            if not a["hostedUrl"].startswith(CDN):
                err(f"{aid}: hostedUrl host")
            if a["displayName"] != f"{aid}_{a['originalFileName']}" or not a["hostedUrl"].endswith("/" + a["displayName"]):
                err(f"{aid}: name fields inconsistent")
        for k in ("id", "siteId"):
            if not HEX24.match(a[k]):
                err(f"{aid}: {k} not 24 hex")
        if a["folderId"] is not None and not HEX24.match(a["folderId"]):
            err(f"{aid}: folderId not 24 hex")
        if aid in seen_ids:
            err(f"duplicate id {aid}")
        seen_ids.add(aid)
        if a["altText"] is not None and not isinstance(a["altText"], str):
            err(f"{aid}: altText type")

        p = check_segment(a["hostedUrl"], aid)
        orig_dims = None
        if p:
            if i > 0 and os.path.getsize(p) != a["size"]:
                err(f"{aid}: size {a['size']} != {os.path.getsize(p)}")
            ct = a["contentType"]
            if ct in PIL_FOR_CTYPE:
                with Image.open(p) as im:
                    if im.format != PIL_FOR_CTYPE[ct]:
                        err(f"{aid}: file is {im.format}, contentType {ct}")
                    im.load()
                    orig_dims = im.size
                    if ct == "image/gif":
                        n = getattr(im, "n_frames", 1)
                        for fr in range(n):
                            im.seek(fr)
                            im.load()
            elif ct == "image/svg+xml":
                import xml.etree.ElementTree as ET
                root = ET.parse(p).getroot()
                if not root.tag.endswith("svg"):
                    err(f"{aid}: not an svg")
            elif ct == "application/pdf":
                data = open(p, "rb").read()
                if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
                    err(f"{aid}: not a pdf")
                # check the xref offsets point at "N 0 obj"
                sx = int(data[data.rindex(b"startxref") + 9:].split()[0])
                rows = data[sx:].split(b"\n")
                count = int(rows[1].split()[1])
                for n in range(1, count):
                    off = int(rows[2 + n][:10])
                    if not data[off:].startswith(f"{n} 0 obj".encode()):
                        err(f"{aid}: pdf xref entry {n} wrong")
            elif ct == "application/json":
                lot = json.load(open(p, encoding="utf-8"))
                for k in ("v", "fr", "ip", "op", "w", "h", "layers"):
                    if k not in lot:
                        err(f"{aid}: lottie lacks {k}")
            if ct not in PIL_FOR_CTYPE and a["variants"]:
                err(f"{aid}: non-raster with variants")
            if ct == "image/gif" and a["variants"]:
                err(f"{aid}: gif with variants")

        for v in a["variants"]:
            vp = check_segment(v["hostedUrl"], aid)
            if not vp:
                continue
            with Image.open(vp) as im:
                im.load()
                if im.format != PIL_FOR_FORMAT.get(v["format"]):
                    err(f"{aid}: variant {v['displayName']} is {im.format}, format {v['format']}")
                if im.size[0] != v["width"]:
                    err(f"{aid}: variant width {v['width']} != {im.size[0]}")
                if v["height"] is not None and im.size[1] != v["height"]:
                    err(f"{aid}: variant height {v['height']} != {im.size[1]}")
                if orig_dims:
                    W, H = orig_dims
                    if abs(im.size[1] - H * im.size[0] / W) > 1:
                        err(f"{aid}: variant aspect ratio")
                    if im.size[0] >= W:
                        err(f"{aid}: variant not smaller than original")
            if i > 0:
                expect_q = 100 if v["format"] == "png" else None
                if expect_q and v["quality"] != 100 or (not expect_q and not 75 <= v["quality"] <= 90):
                    err(f"{aid}: variant quality {v['quality']}")
                if not v["displayName"].endswith(f"-p-{v['width']}.{v['format']}"):
                    err(f"{aid}: variant name {v['displayName']}")
                if v["hostedUrl"].rsplit("/", 1)[1] != v["displayName"] or v["displayName"] != f"{aid}_{v['originalFileName']}":
                    err(f"{aid}: variant name fields inconsistent")

    on_disk = set(os.listdir(FILES))
    extra = on_disk - set(seen_segments)
    if extra:
        err(f"unreferenced files: {sorted(extra)}")
    total = sum(os.path.getsize(os.path.join(FILES, n)) for n in on_disk)
    if total >= 3 * 1024 * 1024:
        err(f"files/ is {total} bytes (>= 3 MiB)")

    # alt text coverage
    alts = [a["altText"] for a in assets]
    img_alts = [a["altText"] for a in assets if a["contentType"].startswith("image/")]
    checks = {
        "null on >= 2 images": sum(x is None for x in img_alts) >= 2,
        'one ""': "" in alts,
        "one > 200 chars": any(x and len(x) > 200 for x in alts),
        "alt == originalFileName": any(a["altText"] == a["originalFileName"] for a in assets),
        "redundant prefix": any(x and x.lower().startswith(("image of", "picture of", "photo of")) for x in alts),
        "svg alt 'logo'": any(a["contentType"] == "image/svg+xml" and a["altText"] == "logo" for a in assets),
        "shared alt on 2-3": any(2 <= sum(y == x for y in alts) <= 3 for x in alts if x),
    }
    for k, ok in checks.items():
        if not ok:
            err(f"alt coverage: {k}")

    if errors:
        print("VALIDATION FAILED:")
        for e in errors:
            print("  -", e)
        return False
    print(f"OK: {len(assets)} assets, {len(on_disk)} files, {total} bytes in files/")
    return True


if __name__ == "__main__":
    if "--check" not in sys.argv[1:]:
        build()
    sys.exit(0 if validate() else 1)
