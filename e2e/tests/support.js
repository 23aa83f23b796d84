// Starts a real Zusterstad server with the demo, and Debian's Chromium.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const BIN = process.env.ZUSTERSTAD_BIN || "../target/release/zusterstad";

export const PASSWORD = "kotoji-lantern-1971";
export const ADMIN = "admin@example.org";
export const COORDINATORS = [
  ["ghent@example.org", "gent", "nl", "An Claeys"],
  ["kanazawa@example.org", "kanazawa", "ja", "山田 花子"],
];

export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), "zt-e2e-"));
  const env = { ...process.env, RUST_LOG: "warn" };
  for (const key of Object.keys(env)) {
    if (key.startsWith("ZUSTERSTAD_") && key !== "ZUSTERSTAD_BIN") delete env[key];
  }
  // Two coordinators, one for each side (the workspace tests log in as them).
  execFileSync(BIN, ["--data-dir", dataDir, "demo"], { env, stdio: ["ignore", "ignore", "inherit"] });
  for (const [email, side, language, name] of COORDINATORS) {
    execFileSync(
      BIN,
      ["--data-dir", dataDir, "user", "add", "--email", email, "--role", "coordinator", "--partnership", "gent-kanazawa",
        "--side", side, "--language", language, "--name", name, "--password-stdin"],
      { env, input: `${PASSWORD}\n`, stdio: ["pipe", "ignore", "inherit"] },
    );
  }
  execFileSync(
    BIN,
    ["--data-dir", dataDir, "user", "add", "--email", ADMIN, "--role", "admin", "--language", "en", "--name", "Admin", "--password-stdin"],
    { env, input: `${PASSWORD}\n`, stdio: ["pipe", "ignore", "inherit"] },
  );
  // No tile server: the map test also checks that no request leaves this machine.
  const child = spawn(BIN, ["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir", dataDir, "--tile-url", ""], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start in 30 s")), 30000);
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = line.match(/running at (http:\/\/[^ ]+?)\/?$/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return {
    url,
    // The mails the server wrote to its outbox folder (no SMTP here), to one address.
    mailsTo(address) {
      const dir = join(dataDir, "outbox");
      let names = [];
      try {
        names = readdirSync(dir);
      } catch {
        return [];
      }
      return names.map((n) => readMail(readFileSync(join(dir, n), "utf8"))).filter((m) => m.to.includes(address));
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

/** Fails the test if the page asks for anything that is not on `base`'s host. */
export function watchRequests(page, base) {
  const foreign = [];
  const host = new URL(base).host;
  page.on("request", (req) => {
    const u = new URL(req.url());
    if (u.protocol !== "data:" && u.host !== host) foreign.push(req.url());
  });
  return foreign;
}

// A mail as written by the server: its To header and its body, decoded.
function readMail(raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, " ");
  const to = (headers.match(/^To: (.*)$/im) || [])[1] || "";
  let body = rest.join("\n\n");
  if (/^Content-Transfer-Encoding: base64/im.test(headers)) {
    body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  } else if (/^Content-Transfer-Encoding: quoted-printable/im.test(headers)) {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    body = Buffer.from(bytes, "latin1").toString("utf8");
  }
  return { to, body };
}

/**
 * Publishes the demo with `zusterstad publish` into a folder and serves that folder
 * with a plain static file server (Python's http.server): no Zusterstad behind it.
 */
export async function startPublishedCopy() {
  const { createServer } = await import("node:net");
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "zt-e2e-data-"));
  const outDir = mkdtempSync(join(tmpdir(), "zt-e2e-site-"));
  const env = { ...process.env, RUST_LOG: "warn" };
  for (const key of Object.keys(env)) {
    if (key.startsWith("ZUSTERSTAD_") && key !== "ZUSTERSTAD_BIN") delete env[key];
  }
  execFileSync(BIN, ["--data-dir", dataDir, "demo"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const report = execFileSync(
    BIN,
    ["--data-dir", dataDir, "publish", "--out", outDir, "--site-url", url, "--tile-url", ""],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const child = spawn("python3", ["-u", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", outDir], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the static server did not start in 10 s")), 10000);
    child.on("exit", (code) => reject(new Error(`the static server exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.includes("Serving HTTP")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url,
    report: report.toString(),
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
