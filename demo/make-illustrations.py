#!/usr/bin/env python3
"""Draws the demo's illustrations: simple flat pictures of two symbols of the
partnership, made by the project (the demo ships no photographs). They let the
portal show its photo handling (resized variants, srcset, alt text per language).

Needs Pillow (pip install pillow). Run from this folder: python3 make-illustrations.py
"""
import math
import random

from PIL import Image, ImageDraw, ImageFilter

W, H = 1600, 1067


def sky(draw, top, bottom):
    for y in range(H):
        t = y / H
        c = tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3))
        draw.line([(0, y), (W, y)], fill=c)


def lantern():
    img = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(img)
    sky(d, (214, 228, 240), (246, 240, 226))
    # pond
    d.ellipse([-200, 720, 1500, 1300], fill=(92, 134, 150))
    for i in range(14):
        y = 800 + i * 22
        d.line([(200 + i * 30, y), (900 + i * 25, y)], fill=(120, 160, 176), width=3)
    # lawn and moss
    d.polygon([(1100, 640), (1600, 600), (1600, 1067), (1180, 1067)], fill=(86, 120, 70))
    # the lantern: two legs, one in the water, one on a stone; a wide roof
    stone = (88, 88, 84)
    d.polygon([(690, 560), (720, 560), (700, 900), (665, 900)], fill=stone)  # long leg
    d.polygon([(905, 560), (935, 560), (960, 720), (925, 720)], fill=stone)  # short leg
    d.ellipse([880, 700, 1010, 760], fill=(110, 108, 100))  # stone under the short leg
    d.rectangle([650, 520, 980, 565], fill=stone)  # base
    d.rectangle([730, 410, 900, 520], fill=(98, 96, 90))  # fire box
    d.rectangle([780, 440, 850, 500], fill=(250, 214, 120))  # light
    d.polygon([(560, 420), (815, 300), (1070, 420), (1000, 440), (630, 440)], fill=(76, 76, 72))  # roof
    d.ellipse([790, 265, 840, 310], fill=(76, 76, 72))  # jewel on top
    # a pine branch above
    random.seed(1583)
    d.line([(0, 120), (400, 200), (760, 180)], fill=(70, 52, 40), width=18)
    for i in range(60):
        x = random.randint(0, 760)
        y = 150 + random.randint(-40, 60)
        d.ellipse([x, y, x + 70, y + 34], fill=(54, 96, 64))
    # snow ropes (yukitsuri) hint
    for k in range(9):
        d.line([(1300, 80), (1150 + k * 40, 600)], fill=(200, 190, 160), width=2)
    return img.filter(ImageFilter.SMOOTH)


def garden():
    img = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(img)
    sky(d, (232, 228, 218), (214, 206, 190))
    # brick walls of the courtyard
    d.rectangle([0, 0, W, 330], fill=(150, 96, 74))
    for row in range(0, 330, 30):
        off = 0 if (row // 30) % 2 == 0 else 40
        for x in range(-40 + off, W, 80):
            d.rectangle([x, row, x + 76, row + 26], outline=(128, 80, 62), width=2)
    # raked gravel
    d.rectangle([0, 330, W, H], fill=(226, 222, 210))
    for i in range(40):
        y = 360 + i * 18
        d.line([(0, y), (W, y)], fill=(200, 196, 184), width=3)
    # stones with raked rings
    for cx, cy, r in [(420, 640, 90), (980, 560, 120), (1250, 820, 70)]:
        for k in range(1, 5):
            d.ellipse([cx - r - k * 24, cy - r * 0.6 - k * 16, cx + r + k * 24, cy + r * 0.6 + k * 16],
                      outline=(196, 192, 180), width=3)
        d.ellipse([cx - r, cy - r * 0.6, cx + r, cy + r * 0.5], fill=(96, 98, 94))
    # moss islands and a small maple
    d.ellipse([60, 820, 520, 1040], fill=(98, 132, 74))
    d.line([(1400, 900), (1420, 520)], fill=(92, 60, 44), width=16)
    random.seed(2016)
    for _ in range(90):
        a = random.random() * math.tau
        rr = random.random() * 170
        x, y = 1420 + math.cos(a) * rr, 480 + math.sin(a) * rr * 0.7
        d.ellipse([x, y, x + 34, y + 26], fill=(190, 62, 44))
    return img.filter(ImageFilter.SMOOTH)


if __name__ == "__main__":
    lantern().save("kotoji-lantern.jpg", quality=82, optimize=True, progressive=True)
    garden().save("ransho-garden.jpg", quality=82, optimize=True, progressive=True)
