#!/usr/bin/env python3
"""The publish benchmark: `zusterstad publish` beside Hugo building as many pages.

Run through `bench/publish.sh`. For each size it makes an instance with
`bench/generate.py` (one partnership with as many activities, events and news posts
as give about that many pages in three languages; or, with --many, partnerships of
about 50 pages each), imports it, and measures with /usr/bin/time (wall seconds, peak
resident memory):

  full         the first publish into an empty folder
  again        a second publish with nothing changed
  one change   a publish after one news post was added through the API

Hugo (Debian's `hugo`) then builds the same texts as a three-language site with a
plain layout (a header, the page, its list pages 24 to a page), from content this
script writes, with the same number of item pages. Both columns are printed side by
side with their ratio; compare ratios within one run (the machine is noisy).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from scale import Server, get, run, timed  # noqa: E402

HUGO_LAYOUT = {
    "_default/baseof.html": """<!doctype html><html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} · {{ .Site.Title }}</title><meta name="viewport" content="width=device-width, initial-scale=1">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages 24 }}
<ul>{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>
{{ if $p.HasNext }}<a rel="next" href="{{ $p.Next.URL }}">next</a>{{ end }}{{ end }}
""",
}


def hugo_site(export, root):
    """Writes a Hugo site with the texts of every activity, event and news post of
    `export`, in nl, ja and en; returns how many item pages it has."""
    doc = json.load(open(export, encoding="utf-8"))
    tables = {t["name"]: t["rows"] for t in doc["tables"]}
    langs = ["nl", "ja", "en"]
    config = {
        "baseURL": "https://partners.example/",
        "title": "Zusterstad",
        "defaultContentLanguage": "nl",
        "defaultContentLanguageInSubdir": True,
        "disableKinds": ["taxonomy", "term", "RSS"],
        "languages": {l: {"contentDir": f"content/{l}", "weight": i + 1} for i, l in enumerate(langs)},
    }
    os.makedirs(root)
    json.dump(config, open(os.path.join(root, "config.json"), "w"))
    for name, text in HUGO_LAYOUT.items():
        path = os.path.join(root, "layouts", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").write(text)
    count = 0
    for table, section, body_key in [("activity", "activities", "body"), ("event", "events", "description"),
                                     ("news_post", "news", "body")]:
        for row in tables.get(table, []):
            if row.get("publication") != "published":
                continue
            count += 1
            for lang in langs:
                def text(key):
                    cell = (row.get(key) or {}).get(lang) or {}
                    return cell.get("value") or ""
                folder = os.path.join(root, "content", lang, section)
                os.makedirs(folder, exist_ok=True)
                front = {"title": text("title") or str(row["id"]), "summary": text("summary"),
                         "translationKey": f"{table}-{row['id']}"}
                with open(os.path.join(folder, f"{row['id']}.md"), "w", encoding="utf-8") as f:
                    f.write(json.dumps(front, ensure_ascii=False) + "\n\n" + text(body_key) + "\n")
    return count * len(langs)


def publish(binary, data, out):
    return timed([binary, "--data-dir", data, "publish", "--out", out, "--site-url", "https://partners.example",
                  "--tile-url", ""])


def pages_in(folder):
    return sum(1 for _, _, files in os.walk(folder) for f in files if f == "index.html")


def measure(binary, demo, pages, many, port, work):
    export = os.path.join(work, f"{pages}.json")
    gen = [sys.executable, os.path.join(os.path.dirname(__file__), "generate.py"), "--demo", demo, "--out", export]
    # Items give three pages each (one per language); lists and sections add about 5 %.
    items = int(pages / 3 / 1.05)
    if many:
        partnerships = max(1, items // 17)
        gen += ["--shape", "B", "--partnerships", str(partnerships), "--activities", "5", "--events", "1",
                "--news", "1"]
    else:
        gen += ["--shape", "A", "--activities", str(int(items * 0.9)), "--events", str(items // 20),
                "--news", str(items // 20)]
    subprocess.run(gen, check=True)
    data = os.path.join(work, f"data-{pages}")
    run([binary, "--data-dir", data, "import", export])
    out = os.path.join(work, f"site-{pages}")
    rows = {}
    secs, peak = publish(binary, data, out)
    rows["pages (index.html files)"] = (pages_in(out), None)
    rows["full: seconds"] = (secs, None)
    rows["full: peak memory MB"] = (peak, None)
    secs, peak = publish(binary, data, out)
    rows["again, nothing changed: seconds"] = (secs, None)
    # One news post added through the API, then published.
    server = Server(binary, data, port)
    try:
        run([binary, "--data-dir", data, "user", "add", "--email", "bench@example.org", "--role", "admin",
             "--password-stdin"], input="Qx7-vermilion-Torii-ferry-2209\n")
        token = run([binary, "--data-dir", data, "token", "issue", "--email", "bench@example.org",
                     "--label", "bench"]).stdout.strip().split()[-1]
        slug = "gent-kanazawa" if not many else "partnership-0000"
        body = json.dumps({
            "slug": "bench-one-change", "title": {"nl": "Eén wijziging"}, "summary": {"nl": "Meting."},
            "body": {"nl": "Meting van de publicatiebenchmark."},
            "published_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60)),
            "publication": "published",
        }).encode()
        status, _, answer = get(f"{server.url}/api/v1/partnerships/{slug}/news", body=body, method="POST",
                                headers={"authorization": f"Bearer {token}", "content-type": "application/json"})
        if status not in (200, 201):
            raise SystemExit(f"the write answered {status}: {answer[:300]!r}")
    finally:
        server.stop()
    secs, peak = publish(binary, data, out)
    rows["one change: seconds"] = (secs, None)
    rows["one change: peak memory MB"] = (peak, None)

    site = os.path.join(work, f"hugo-{pages}")
    hugo_pages = hugo_site(export, site)
    secs, peak = timed(["hugo", "--source", site, "--destination", os.path.join(site, "public"), "--quiet"])
    hugo_total = pages_in(os.path.join(site, "public"))
    rows["pages (index.html files)"] = (rows["pages (index.html files)"][0], hugo_total)
    rows["full: seconds"] = (rows["full: seconds"][0], secs)
    rows["full: peak memory MB"] = (rows["full: peak memory MB"][0], peak)
    # Hugo has no incremental build outside its server mode: a change is a full build.
    secs, peak = timed(["hugo", "--source", site, "--destination", os.path.join(site, "public"), "--quiet"])
    rows["again, nothing changed: seconds"] = (rows["again, nothing changed: seconds"][0], secs)
    rows["one change: seconds"] = (rows["one change: seconds"][0], secs)
    rows["one change: peak memory MB"] = (rows["one change: peak memory MB"][0], peak)
    del hugo_pages
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--pages", type=int, action="append", help="about this many pages (repeat)")
    ap.add_argument("--many", action="store_true", help="many small partnerships instead of one large one")
    ap.add_argument("--port", type=int, default=18643)
    args = ap.parse_args()
    sizes = args.pages or [10000, 30000]
    work = tempfile.mkdtemp(prefix="zt-publish-bench-")
    try:
        demo_dir = os.path.join(work, "demo")
        demo = os.path.join(work, "demo.json")
        run([args.bin, "--data-dir", demo_dir, "demo"])
        run([args.bin, "--data-dir", demo_dir, "export", "--out", demo])
        for pages in sizes:
            rows = measure(args.bin, demo, pages, args.many, args.port, work)
            shape = "partnerships of about 50 pages" if args.many else "one partnership"
            print(f"\n### About {pages:,} pages ({shape})\n")
            print("| measure | zusterstad publish | hugo | ratio |")
            print("|---|---:|---:|---:|")
            for key, (ours, hugo) in rows.items():
                ratio = f"{ours / hugo:.2f}×" if hugo else "—"
                print(f"| {key} | {ours:,.1f} | {hugo:,.1f} | {ratio} |")
            sys.stdout.flush()
            for name in os.listdir(work):
                if name.endswith(str(pages)) or name.startswith(f"{pages}."):
                    shutil.rmtree(os.path.join(work, name), ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
