#!/usr/bin/env python3
"""Makes a large instance for the scale benchmark, in Zusterstad's export format.

It starts from an export of the demo (`zusterstad export` of an instance holding
only the Ghent–Kanazawa demo) and writes a bigger one, ready for `zusterstad import`:

  shape A: one partnership with 20,000 activities, 2,000 events and 2,000 news posts
  shape B: 2,000 partnerships, each with 100 activities, 10 events, 10 news posts,
           10 organisations and 20 people (each between two cities of its own)

The texts are the demo's, numbered, so every page and search has real Dutch,
Japanese and English to show. Usage:

  python3 bench/generate.py --demo demo-export.json --shape B --out b.json
  python3 bench/generate.py ... --partnerships 200   # a smaller shape B
"""

import argparse
import copy
import json
import sys


def table(doc, name):
    for t in doc["tables"]:
        if t["name"] == name:
            return t["rows"]
    raise SystemExit(f"the demo export has no table {name!r}")


def numbered(text, n):
    """A text in three languages with a number after each language's value."""
    out = copy.deepcopy(text)
    for lang, cell in out.items():
        if isinstance(cell, dict) and cell.get("value"):
            cell["value"] = f"{cell['value']} {n}" if lang != "ja" else f"{cell['value']}{n}"
    return out


class Ids:
    def __init__(self, doc):
        self.next = {}
        for t in doc["tables"]:
            ids = [r["id"] for r in t["rows"] if isinstance(r.get("id"), int)]
            self.next[t["name"]] = (max(ids) if ids else 0) + 1

    def take(self, name):
        n = self.next[name]
        self.next[name] = n + 1
        return n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demo", required=True, help="an export of the demo instance")
    ap.add_argument("--shape", choices=["A", "B"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--partnerships", type=int, default=2000, help="shape B: how many partnerships")
    ap.add_argument("--activities", type=int, default=None, help="activities per partnership")
    ap.add_argument("--events", type=int, default=None, help="events per partnership")
    ap.add_argument("--news", type=int, default=None, help="news posts per partnership")
    args = ap.parse_args()

    doc = json.load(open(args.demo, encoding="utf-8"))
    ids = Ids(doc)
    demo_p = table(doc, "partnership")[0]
    samples = {name: list(table(doc, name)) for name in ["activity", "event", "news_post", "organisation", "person", "city"]}
    # Only published texts of the demo serve as models; joint items (which need both
    # cities' approval) are not copied, so every copy is public as written.
    models = {
        "activity": [r for r in samples["activity"] if r.get("publication") == "published"],
        "event": [r for r in samples["event"] if r.get("publication") == "published" and not r.get("joint")],
        "news_post": [r for r in samples["news_post"] if r.get("publication") == "published"],
        "organisation": [r for r in samples["organisation"] if r.get("publication") == "published"],
        "person": samples["person"],
    }
    # The generated rows keep no references the copies can't keep.
    for r in models["activity"]:
        r["organisation_ids"] = []
        r["programme_id"] = None
    for r in models["event"]:
        for k in ("programme_id", "photo_id", "organisation_id"):
            if k in r:
                r[k] = None
    for r in models["news_post"]:
        r["photo_id"] = None

    def add(name, row):
        table(doc, name).append(row)

    def copies(kind, pid, count, city_ids, extra=None):
        for n in range(count):
            row = copy.deepcopy(models[kind][n % len(models[kind])])
            row["id"] = ids.take(kind)
            row["partnership_id"] = pid
            for key in ("title", "name"):
                if isinstance(row.get(key), dict):
                    row[key] = numbered(row[key], row["id"])
            if kind == "news_post":
                row["slug"] = f"{row['slug']}-{row['id']}"
            if kind == "activity":
                year = 1971 + n % 55
                row["starts_on"] = f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}"
                row["ends_on"] = None
            if kind == "event":
                row["registration"] = None if n % 2 else row.get("registration")
            if kind == "person":
                row["email"] = f"p{row['id']}@example.org"
            for key in ("city_id", "home_city_id"):
                if key in row and row[key] is not None:
                    row[key] = city_ids[n % 2]
            if "activity_id" in row:
                row["activity_id"] = None
            if extra:
                extra(row, n)
            add(kind, row)

    if args.shape == "A":
        pid = demo_p["id"]
        cities = [demo_p["city_a_id"], demo_p["city_b_id"]]
        copies("activity", pid, args.activities or 20000, cities)
        copies("event", pid, 2000 if args.events is None else args.events, cities)
        copies("news_post", pid, 2000 if args.news is None else args.news, cities)
    else:
        city_model = samples["city"][0]
        for i in range(args.partnerships):
            city_ids = []
            for side in range(2):
                c = copy.deepcopy(samples["city"][side])
                c["id"] = ids.take("city")
                c["slug"] = f"{c['slug']}-{c['id']}"
                c["name"] = numbered(c["name"], c["id"])
                table(doc, "city").append(c)
                city_ids.append(c["id"])
            p = copy.deepcopy(demo_p)
            p["id"] = ids.take("partnership")
            p["slug"] = f"partnership-{i:04d}"
            p["name"] = numbered(p["name"], i)
            p["city_a_id"], p["city_b_id"] = city_ids
            add("partnership", p)
            copies("activity", p["id"], args.activities or 100, city_ids)
            copies("event", p["id"], 10 if args.events is None else args.events, city_ids)
            copies("news_post", p["id"], 10 if args.news is None else args.news, city_ids)
            copies("organisation", p["id"], 10, city_ids)
            copies("person", p["id"], 20, city_ids)
        del city_model
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    counts = {t["name"]: len(t["rows"]) for t in doc["tables"] if t["rows"]}
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
