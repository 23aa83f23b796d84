#!/usr/bin/env python3
"""Writes mou-2021-2026.pdf: a one-page stand-in for the Ghent-Kanazawa MoU 2021-2026.

The demo cannot ship the signed agreement, so it ships this page of our own, padded
with an unused whitespace stream to the published size of the real PDF (225,760
bytes, "225.76 kB"), so the portal shows the size the public knows.
Run it from this folder: python3 make-mou-pdf.py
"""

TARGET_SIZE = 225_760

LINES = [
    (20, "Memorandum of Understanding 2021-2026"),
    (14, "City of Ghent (Belgium) - City of Kanazawa (Japan)"),
    (11, ""),
    (11, "Sister cities since 1971. Renewed cooperation signed online during the"),
    (11, "celebration of the 50th anniversary of the partnership in 2021."),
    (11, ""),
    (11, "Areas of cooperation: youth exchanges; academic and cultural cooperation;"),
    (11, "culinary exchanges; knowledge sharing towards the UN Sustainable Development Goals."),
    (11, ""),
    (9, "Demo document of the Zusterstad project: a stand-in written by us,"),
    (9, "not the text of the signed agreement."),
]


def content_stream() -> bytes:
    parts = ["BT", "/F1 20 Tf", "72 770 Td"]
    first = True
    for size, text in LINES:
        if not first:
            parts.append(f"0 -{size + 10} Td")
        first = False
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        parts.append(f"/F1 {size} Tf ({escaped}) Tj")
    parts.append("ET")
    return "\n".join(parts).encode("ascii")


def build(padding: int) -> bytes:
    stream = content_stream()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % padding + b" " * padding + b"\nendstream",
        b"<< /Title (MoU Ghent-Kanazawa 2021-2026, demo stand-in) /Producer (Zusterstad demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def main() -> None:
    base = len(build(0))
    padding = TARGET_SIZE - base
    pdf = build(padding)
    # The xref offsets have fixed width, so one correction settles the size.
    pdf = build(padding + TARGET_SIZE - len(pdf))
    assert len(pdf) == TARGET_SIZE, len(pdf)
    with open("mou-2021-2026.pdf", "wb") as f:
        f.write(pdf)


if __name__ == "__main__":
    main()
