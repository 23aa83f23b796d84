#!/usr/bin/env python3
"""The scale benchmark: a large instance imported, served and measured.

Run through `bench/scale.sh` (which builds the release binary). For each shape it
makes the instance with `bench/generate.py`, imports it (time and peak memory),
starts the server (time until /healthz answers), and measures, page by page, the
first (cold) answer and the p50/p95 of 30 warm ones; the search's first query after
the start; the time from a write through the API to the next fresh page; the
server's memory. The same run on the demo gives the reference column; the table
prints both side by side with their ratio.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

WARM = 30


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def timed(args, stdin=None):
    """Runs a command under /usr/bin/time: (seconds, peak resident MB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + args, input=stdin, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out.stderr}")
    secs, kb = out.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kb) / 1024


def get(url, headers=None, body=None, method=None):
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            data = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        data, status = e.read(), e.code
    return status, (time.perf_counter() - start) * 1000, data


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Server:
    def __init__(self, binary, data_dir, port):
        self.url = f"http://127.0.0.1:{port}"
        start = time.perf_counter()
        self.proc = subprocess.Popen(
            [binary, "--data-dir", data_dir, "serve", "--bind", f"127.0.0.1:{port}", "--tile-url", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server stopped while starting (is port {port} taken?)")
            try:
                if get(self.url + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit("the server stopped while starting")
            time.sleep(0.02)
        self.started_ms = (time.perf_counter() - start) * 1000

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def measure(binary, export, label, slug, port):
    """Imports `export`, serves it and measures; returns {row: value}."""
    work = tempfile.mkdtemp(prefix=f"zt-scale-{label}-")
    data = os.path.join(work, "data")
    rows = {}
    server = None
    try:
        secs, peak = timed([binary, "--data-dir", data, "import", export])
        rows["import: seconds"] = secs
        rows["import: peak memory MB"] = peak
        secs, peak = timed([binary, "--data-dir", data, "export", "--out", os.path.join(work, "again.json")])
        rows["export: seconds"] = secs
        rows["export: peak memory MB"] = peak
        os.remove(os.path.join(work, "again.json"))
        server = Server(binary, data, port)
        rows["start: ms until /healthz"] = server.started_ms
        base = server.url
        # The first search after the start (the index is built in the data folder
        # by the server on its own; this is what a visitor meets).
        status, ms, _ = get(f"{base}/nl/search?q=uitwisseling")
        assert status == 200, status
        rows["search: first query after start, ms"] = ms

        p = json.loads(get(f"{base}/api/v1/partnerships/{slug}/activities?per_page=1")[2])
        activities = p["total"]
        first_activity = p["items"][0]["id"]
        news_total = json.loads(get(f"{base}/api/v1/partnerships/{slug}/news?per_page=1")[2])["total"]
        deep_activities = max(1, (activities // 24) - 1)
        deep_news = max(1, (news_total // 20) - 1)
        pages = [
            ("instance home", "/en/"),
            ("overview", f"/en/{slug}/"),
            ("activities, first page", f"/en/{slug}/activities"),
            ("activities, deep page", f"/en/{slug}/activities?page={deep_activities}"),
            ("news, first page", f"/ja/{slug}/news"),
            ("news, deep page", f"/ja/{slug}/news?page={deep_news}"),
            ("events", f"/nl/{slug}/events"),
            ("an activity", f"/en/{slug}/activities/{first_activity}"),
            ("search nl", "/nl/search?q=uitwisseling"),
            ("search ja", "/ja/search?q=%E9%87%91%E6%B2%A2"),
            ("search en", "/en/search?q=exchange"),
            ("reports", f"/en/{slug}/reports"),
            ("API list, page 2", f"/api/v1/partnerships/{slug}/activities?page=2"),
            ("sitemap index", "/sitemap.xml"),
        ]
        for name, path in pages:
            status, cold, _ = get(base + path)
            if status != 200:
                raise SystemExit(f"{label}: {path} answered {status}")
            warm = [get(base + path)[1] for _ in range(WARM)]
            rows[f"{name}: cold ms"] = cold
            rows[f"{name}: warm p50 ms"] = statistics.median(warm)
            rows[f"{name}: warm p95 ms"] = pct(warm, 95)

        # A write through the API, then the overview until it shows it: ten times.
        run([binary, "--data-dir", data, "user", "add", "--email", "bench@example.org", "--role", "admin",
             "--password-stdin"], input="Qx7-vermilion-Torii-ferry-2209\n")
        token = run([binary, "--data-dir", data, "token", "issue", "--email", "bench@example.org",
                     "--label", "bench"]).stdout.strip().split()[-1]
        fresh = []
        for n in range(10):
            title = f"Bench {n} {random.randrange(10**9)}"
            body = json.dumps({
                "slug": f"bench-{n}-{random.randrange(10**9)}",
                "title": {"nl": title},
                "summary": {"nl": "Meting."},
                "body": {"nl": "Meting van de schaalbenchmark."},
                "published_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60)),
                "publication": "published",
            }).encode()
            status, _, answer = get(f"{base}/api/v1/partnerships/{slug}/news", body=body, method="POST",
                                    headers={"authorization": f"Bearer {token}", "content-type": "application/json"})
            if status not in (200, 201):
                raise SystemExit(f"{label}: the write answered {status}: {answer[:300]!r}")
            start = time.perf_counter()
            while title.encode() not in get(f"{base}/nl/{slug}/news")[2]:
                time.sleep(0.005)
            fresh.append((time.perf_counter() - start) * 1000)
        rows["write → fresh page: p50 ms"] = statistics.median(fresh)
        rows["write → fresh page: p95 ms"] = pct(fresh, 95)
        rss, hwm = rss_mb(server.proc.pid)
        rows["server memory after, MB"] = rss
        rows["server peak memory, MB"] = hwm
    finally:
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shape", choices=["A", "B"], action="append", required=True)
    ap.add_argument("--partnerships", type=int, default=2000)
    ap.add_argument("--port", type=int, default=18641)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="zt-scale-")
    try:
        demo_dir = os.path.join(work, "demo")
        demo = os.path.join(work, "demo.json")
        run([args.bin, "--data-dir", demo_dir, "demo"])
        run([args.bin, "--data-dir", demo_dir, "export", "--out", demo])
        reference = measure(args.bin, demo, "demo", "gent-kanazawa", args.port)
        for shape in args.shape:
            out = os.path.join(work, f"{shape}.json")
            gen = [sys.executable, os.path.join(os.path.dirname(__file__), "generate.py"),
                   "--demo", demo, "--shape", shape, "--out", out, "--partnerships", str(args.partnerships)]
            subprocess.run(gen, check=True)
            slug = "gent-kanazawa" if shape == "A" else f"partnership-{random.randrange(args.partnerships):04d}"
            rows = measure(args.bin, out, shape, slug, args.port)
            print(f"\n### Shape {shape} ({os.path.getsize(out) / 1e6:.0f} MB export; partnership {slug})\n")
            print(f"| measure | demo | shape {shape} | ratio |")
            print("|---|---:|---:|---:|")
            for key, value in rows.items():
                ref = reference.get(key)
                ratio = f"{value / ref:.1f}×" if ref else "—"
                print(f"| {key} | {ref:.1f} | {value:.1f} | {ratio} |")
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
