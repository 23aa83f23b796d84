// The workspace as the two coordinators use it: Ghent writes an event in Dutch and
// marks it joint, Kanazawa adds the Japanese and approves, Ghent approves, and the
// portal shows it in both languages. Every workspace page type is checked by axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";
import { startServer, launchBrowser, PASSWORD, ADMIN } from "./support.js";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const P = "gent-kanazawa";

async function logIn(email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/manage/${P}`);
  // Sent to the login form first, then back to the page asked for.
  assert.match(page.url(), /\/manage\/login\?next=/);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await page.click("main button[type=submit]");
  await page.waitForURL(`${server.url}/manage/${P}`);
  return page;
}

async function axe(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(summary, [], `${what} (${page.url()})`);
}

test("a joint event reaches the portal after both cities approve it", async () => {
  const ghent = await logIn("ghent@example.org");
  await ghent.goto(`${server.url}/manage/${P}/events/new`);
  await ghent.fill("#title_nl", "Proeverij van Gentse en Kanazawa-thee");
  await ghent.fill("#description_nl", "Een **proeverij** met thee uit beide steden.");
  await ghent.fill("#venue_nl", "Stadshal, Gent");
  await ghent.fill("#starts", "2027-04-16T18:00");
  await ghent.fill("#ends", "2027-04-16T20:00");
  await ghent.check("#joint");
  await ghent.selectOption("#publication", "published");
  await ghent.click("form.record button[type=submit]");
  await ghent.waitForURL(/\/events\/\d+\?saved=1$/);
  const edit = ghent.url().replace(/\?.*$/, "");
  const id = edit.split("/").pop();
  const portal = `${server.url}/nl/${P}/events/${id}`;
  const visitor = await (await browser.newContext()).newPage();
  assert.equal((await visitor.goto(portal)).status(), 404, "not public before approval");

  // Kanazawa finds it on the dashboard, waiting for approval, and adds the Japanese.
  const kanazawa = await logIn("kanazawa@example.org");
  await kanazawa.click(`main a[href="/manage/${P}/events/${id}"]`);
  await kanazawa.fill("#title_ja", "ゲントと金沢のお茶の試飲会");
  await kanazawa.fill("#description_ja", "両市のお茶を味わう**試飲会**です。");
  await kanazawa.fill("#venue_ja", "ゲント市 シュタットスハル");
  await kanazawa.click("form.record button[type=submit]");
  await kanazawa.waitForURL(/\?saved=1$/);
  assert.match(await kanazawa.textContent("label[for=title_ja]"), /翻訳済み/);
  await kanazawa.click("section.approvals button");
  await kanazawa.waitForURL(/\?approved=1$/);
  assert.equal((await visitor.goto(portal)).status(), 404, "one side's approval is not enough");

  // Ghent approves the version Kanazawa saved.
  await ghent.goto(edit);
  await ghent.click("section.approvals button");
  await ghent.waitForURL(/\?approved=1$/);
  assert.equal((await visitor.goto(portal)).status(), 200);
  assert.match(await visitor.textContent("h1"), /Proeverij van Gentse en Kanazawa-thee/);
  await visitor.goto(`${server.url}/ja/${P}/events/${id}`);
  assert.match(await visitor.textContent("h1"), /ゲントと金沢のお茶の試飲会/);
});

test("every workspace page type has zero axe violations", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/manage/login`);
  await axe(page, "login");
  await page.fill("#email", "ghent@example.org");
  await page.fill("#password", "wrong password here");
  await page.click("main button[type=submit]");
  await axe(page, "login with an error");
  await page.fill("#password", PASSWORD);
  await page.click("main button[type=submit]");
  await page.waitForURL(`${server.url}/manage`);
  await axe(page, "home");
  await page.goto(`${server.url}/manage/${P}/events`);
  const first = await page.$eval("main table a", (a) => a.getAttribute("href"));
  const paths = [
    `/manage/${P}`,
    `/manage/${P}/events`,
    `/manage/${P}/events?show=past`,
    `/manage/${P}/events/new`,
    first,
    `/manage/${P}/history/event/${first.split("/").pop()}`,
    `${first}/registrations`,
    `/manage/${P}/translate/nl`,
    `/manage/${P}/translate/ja`,
    `/manage/${P}/people`,
    `/manage/${P}/reports?from=2016&to=2026`,
    `/manage/${P}/records`,
    `/manage/${P}/records/agreement`,
    `/manage/${P}/records/activity?show=all&sort=title`,
    `/manage/${P}/records/news_post/new`,
    `/manage/${P}/records/landmark/new`,
    `/manage/${P}/records/document`,
    `/manage/${P}/documents/new`,
    `/manage/calls`,
    `/manage/calls?date=2026-06-03`,
    `/manage/account`,
    `/manage/no-such-partnership`,
  ];
  for (const path of paths) {
    await page.goto(`${server.url}${path}`);
    await axe(page, path);
  }
  // Detail pages found from their lists.
  for (const [list, pattern] of [
    [`/manage/${P}/people`, /\/people\/\d+$/],
    [`/manage/${P}/records/agreement`, /\/records\/agreement\/\d+$/],
    [`/manage/${P}/records/activity`, /\/records\/activity\/\d+$/],
    [`/manage/${P}/records/organisation_pair`, /\/records\/organisation_pair\/\d+$/],
    [`/manage/${P}/records/document`, /\/records\/document\/\d+$/],
    [`/manage/${P}/records/person`, /\/records\/person\/\d+$/],
  ]) {
    await page.goto(`${server.url}${list}`);
    const hrefs = await page.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")));
    const detail = hrefs.find((h) => pattern.test(h));
    assert.ok(detail, `a detail link on ${list}`);
    await page.goto(`${server.url}${detail}`);
    await axe(page, detail);
  }
  // An upload refused for its content, as the user sees it.
  await page.goto(`${server.url}/manage/${P}/documents/new`);
  await page.setInputFiles("#file", { name: "report.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ this is a program, not a PDF") });
  await page.fill("#title_nl", "Verslag");
  await page.click("form.record button[type=submit]");
  assert.equal(await page.locator(".errors").count(), 1);
  await axe(page, "upload refused");
  // A spreadsheet import: refused with errors by line and column, then a preview.
  await page.goto(`${server.url}/manage/${P}/import`);
  await axe(page, "import");
  await page.setInputFiles("#file", { name: "activiteiten.csv", mimeType: "text/csv", buffer: Buffer.from("title_nl;focus;direction;starts_on\nKoksuitwisseling;koken;a_to_b;31/02/2027\n") });
  await page.click("section[aria-labelledby=up-h] button[type=submit]");
  assert.equal(await page.locator(".errors tbody tr").count(), 2);
  await axe(page, "import refused");
  await page.setInputFiles("#file", { name: "activiteiten.csv", mimeType: "text/csv", buffer: Buffer.from("\ufefftitle_nl;title_ja;focus;direction;starts_on\r\nKoksuitwisseling;料理人交流;culinary;a_to_b;12/05/2027\r\n") });
  await page.click("section[aria-labelledby=up-h] button[type=submit]");
  assert.match(await page.textContent("section[aria-labelledby=prev-h]"), /Koksuitwisseling/);
  await axe(page, "import preview");
  await page.click("section[aria-labelledby=prev-h] button[type=submit]");
  await page.waitForURL(/\/import\?done=1,0$/);
  // A record form with errors, and with a Markdown preview.
  await page.goto(`${server.url}/manage/${P}/records/news_post/new`);
  await page.fill("#title_nl", "Nieuws met een **voorbeeld**");
  await page.fill("#body_nl", "Dit is **vet** en dit een [link](https://stad.gent).");
  await page.click("button[name=preview]");
  assert.equal(await page.locator(".preview strong").count(), 1);
  await axe(page, "record form with a preview");
  await page.click("form.record button:not([name])");
  assert.equal(await page.locator(".errors").count(), 1);
  await axe(page, "record form with errors");
  // A form with errors, as the user sees it after saving.
  await page.goto(`${server.url}/manage/${P}/events/new`);
  await page.fill("#starts", "");
  await page.click("form.record button[type=submit]");
  assert.equal(await page.locator(".errors").count(), 1);
  await axe(page, "event form with errors");
  // The Japanese workspace.
  const ja = await logIn("kanazawa@example.org");
  await axe(ja, "dashboard in Japanese");
  await ja.goto(`${server.url}/manage/account`);
  await ja.fill("#pw-current", PASSWORD);
  await ja.fill("#pw-new", "short");
  await ja.fill("#pw-repeat", "other");
  await ja.click("section[aria-labelledby=pw-h] button");
  await axe(ja, "account form with errors in Japanese");
});

test("the admin pages have zero axe violations, and a new user sets a password by link", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/manage/login`);
  await page.fill("#email", ADMIN);
  await page.fill("#password", PASSWORD);
  await page.click("main button[type=submit]");
  await page.waitForURL(`${server.url}/manage`);
  await page.goto(`${server.url}/manage/users`);
  await axe(page, "users");
  await page.click("form.record button[type=submit]");
  assert.equal(await page.locator(".errors").count(), 1);
  await axe(page, "users with errors");
  await page.fill("#name", "Lies Van den Broeck");
  await page.fill("#email", "lies@example.org");
  await page.selectOption("#role", "coordinator");
  await page.selectOption("#side", { index: 1 });
  await page.click("form.record button[type=submit]");
  const link = (await page.textContent(".notice code")).trim();
  await axe(page, "users with the link shown");
  await page.click("main table a >> text=Lies Van den Broeck");
  await axe(page, "one user");
  // An API token for Lies's role: refused without a label, then shown once, used, revoked.
  const tokens = "section[aria-labelledby=tok-h]";
  await page.click(`${tokens} form.record button[type=submit]`);
  assert.equal(await page.locator(".errors").count(), 1);
  await axe(page, "token form with errors");
  await page.fill("#token-label", "gent.be agenda");
  await page.click(`${tokens} form.record button[type=submit]`);
  const token = (await page.textContent(`${tokens} .notice code`)).trim();
  assert.match(token, /^zst_[0-9a-f]{64}$/);
  await axe(page, "a token just issued");
  const write = () =>
    fetch(`${server.url}/api/v1/partnerships/gent-kanazawa/news`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        slug: "agenda-test",
        title: { nl: "Nieuws via de API" },
        summary: { nl: "Geschreven door de stadswebsite." },
        body: { nl: "Een bericht dat via de API binnenkwam." },
        published_at: "2026-11-28T09:00:00Z",
      }),
    });
  assert.equal((await write()).status, 201);
  await page.click(`${tokens} table button`);
  await axe(page, "a token revoked");
  assert.equal((await write()).status, 401);
  await page.goto(`${server.url}/manage/audit`);
  await axe(page, "audit log");
  await page.goto(`${server.url}/manage/partnerships/new`);
  await axe(page, "new partnership");
  await page.click("form.record button[type=submit]");
  assert.equal(await page.locator(".errors").count(), 1);
  await axe(page, "new partnership with errors");
  await page.goto(`${server.url}/manage/audit?kind=user_account&from=2020-01-01`);
  await axe(page, "audit log, filtered");

  const lies = await (await browser.newContext()).newPage();
  await lies.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
  await axe(lies, "choose a password");
  await lies.fill("#pw-new", "korenmarkt-bij-nacht-2027");
  await lies.fill("#pw-repeat", "korenmarkt-bij-nacht-2027");
  await lies.click("main button[type=submit]");
  await lies.waitForURL(/\/manage\/login\?done=password$/);
  await lies.fill("#email", "lies@example.org");
  await lies.fill("#password", "korenmarkt-bij-nacht-2027");
  await lies.click("main button[type=submit]");
  await lies.waitForURL(`${server.url}/manage`);
  await lies.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
  await axe(lies, "a used link");
});
