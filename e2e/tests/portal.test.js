// The public portal as visitors use it, in Dutch, Japanese and English.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";
import { startServer, launchBrowser, watchRequests } from "./support.js";

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

/** One URL per page type (below /{lang}). Detail pages are found from their lists. */
async function pageTypes(page) {
  const paths = [
    `/${P}/`,
    `/${P}/agreements`,
    `/${P}/activities`,
    `/${P}/activities?year=2024&focus=academic`,
    `/${P}/community`,
    `/${P}/supporters`,
    `/${P}/events`,
    `/${P}/news`,
    `/${P}/symbols`,
    `/${P}/timeline`,
    `/${P}/programmes/50-jaar-gent-kanazawa`,
    `/${P}/sdgs`,
    `/${P}/reports?from=2016&to=2026`,
    `/${P}/about/privacy`,
    `/${P}/about/contact`,
    `/search?q=Kanazawa`,
    `/${P}/search?q=Kanazawa`,
    `/${P}/no-such-page`,
  ];
  for (const [list, pattern] of [
    ["activities", /\/activities\/\d+$/],
    ["events", /\/events\/\d+$/],
    ["news", /\/news\/[a-z0-9-]+$/],
    ["community", /\/organisations\/\d+$/],
  ]) {
    await page.goto(`${server.url}/en/${P}/${list}`);
    const hrefs = await page.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")));
    const detail = hrefs.find((h) => pattern.test(h));
    assert.ok(detail, `a ${list} detail link`);
    paths.push(detail.replace(/^\/en/, ""));
  }
  return paths;
}

test("every public page type has zero axe violations in all three languages", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const foreign = watchRequests(page, server.url);
  const paths = await pageTypes(page);
  const failures = [];
  for (const lang of ["nl", "ja", "en"]) {
    for (const path of paths) {
      const response = await page.goto(`${server.url}/${lang}${path}`);
      assert.equal(response.status(), path.includes("no-such-page") ? 404 : 200, `${lang}${path}`);
      assert.equal(await page.getAttribute("html", "lang"), lang, `${lang}${path} declares its language`);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const v of results.violations) {
        failures.push(`${lang}${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
      }
    }
  }
  assert.deepEqual(failures, [], failures.join("\n"));
  assert.deepEqual(foreign, [], "no request leaves this server");
  await context.close();
});

test("the language switcher keeps the visitor on the same page", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/nl/${P}/agreements`);
  await page.getByRole("navigation", { name: "Taal" }).getByRole("link", { name: "日本語" }).click();
  await page.waitForURL(`${server.url}/ja/${P}/agreements`);
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  assert.match(await page.textContent("h1"), /協定/);
  await page.getByRole("navigation", { name: "言語" }).getByRole("link", { name: "English" }).click();
  await page.waitForURL(`${server.url}/en/${P}/agreements`);
  assert.match(await page.textContent("main"), /225\.76 kB/);
  await page.close();
});

test("a visitor arriving at / is sent to their language", async () => {
  const context = await browser.newContext({ locale: "ja-JP" });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  assert.equal(new URL(page.url()).pathname, `/ja/${P}/`);
  assert.match(await page.textContent("main"), /友好\d+年/);
  await context.close();
});

test("searching 伝統 finds 伝統工芸 with the passage highlighted, within the partnership", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/ja/${P}/`);
  await page.getByRole("search").first().getByRole("searchbox").fill("伝統");
  await page.getByRole("search").first().getByRole("button").click();
  // From a partnership's page the search stays in the partnership, with its menu.
  await page.waitForURL(new RegExp(`/ja/${P}/search\\?q=`));
  assert.ok(await page.locator("header nav.nav").count(), "the partnership's menu is there");
  const marks = await page.$$eval("main mark", (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.length > 0 && marks.every((m) => m === "伝統"), `highlighted: ${marks}`);
  assert.match(await page.textContent("main"), /伝統工芸/);
  await page.close();
});

test("the symbols map shows its markers with JavaScript, and the list without", async () => {
  const page = await browser.newPage();
  const foreign = watchRequests(page, server.url);
  await page.goto(`${server.url}/en/${P}/symbols`);
  await page.waitForSelector("#map[data-ready]");
  assert.equal(await page.getAttribute("#map", "data-ready"), "4");
  assert.equal(await page.locator(".leaflet-marker-icon").count(), 4);
  // Markers are reachable with the keyboard: focus one and press Enter.
  await page.locator(".leaflet-marker-icon").first().focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector(".leaflet-popup-content strong");
  assert.deepEqual(foreign, [], "the map makes no request to another host");
  await page.close();

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(`${server.url}/nl/${P}/symbols`);
  const cards = plain.locator("main article");
  assert.equal(await cards.count(), 4);
  const text = await plain.textContent("main");
  assert.match(text, /Kotoji-lantaarn/);
  assert.match(text, /51,038° NB, 3,722° OL \(bij benadering\)/);
  assert.match(text, /Citadelpark/);
  // The photos come in sizes, each with its alt text in the page's language.
  const img = plain.locator("main article img").first();
  assert.match(await img.getAttribute("srcset"), /\/images\/\d+\/320\.jpg 320w, \/images\/\d+\/960\.jpg 960w/);
  assert.match(await img.getAttribute("alt"), /Tekening van een stenen lantaarn/);
  assert.equal(await img.getAttribute("loading"), "lazy");
  const variant = await plain.request.get(`${server.url}${(await img.getAttribute("srcset")).split(" ")[0]}`);
  assert.equal(variant.headers()["content-type"], "image/jpeg");
  await noScript.close();
});

test("an event shows its time in both cities", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/nl/${P}/events`);
  await page.getByRole("link", { name: "Netwerkevent Gent-Kanazawa 2026" }).click();
  assert.match(await page.textContent("main"), /19.00 uur in Gent \(in Kanazawa: 3.00 uur, de volgende dag\)/);
  await page.close();
});

test("a visitor registers for an event, after fixing the form", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/ja/${P}/events`);
  await page.getByRole("link", { name: "ゲント・金沢 ネットワークイベント2026" }).click();
  assert.match(await page.textContent("main"), /残り120席/);
  await page.getByLabel("お名前", { exact: true }).fill("佐藤 美咲");
  await page.getByLabel("メールアドレス", { exact: true }).fill("misaki@example.jp");
  await page.getByRole("button", { name: "申し込む" }).click();
  // Without the consent the form comes back, with what was typed and a message.
  await page.waitForSelector("#errors");
  assert.match(await page.textContent("#errors"), /同意してください/);
  assert.equal(await page.inputValue("#reg-email"), "misaki@example.jp");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  assert.deepEqual(results.violations.map((v) => v.id), [], "the form with errors is accessible");
  await page.getByLabel(/保管されることに同意します/).check();
  await page.getByRole("button", { name: "申し込む" }).click();
  await page.waitForURL(/registered=unconfirmed/);
  assert.match(await page.textContent("main"), /お送りしたメールのリンクを開いて/);
  assert.match(await page.textContent("main"), /残り119席/);
  assert.equal(await page.locator("#reg-email").count(), 0, "the filled form is not shown again");
  // The place counts once confirmed from the mail: open its link, press the button.
  let mails = [];
  for (let i = 0; i < 50 && mails.length === 0; i++) {
    mails = server.mailsTo("misaki@example.jp");
    if (mails.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(mails.length, 1, "one mail, asking to confirm");
  const link = mails[0].body.match(/https?:\/\/\S+\/ja\/confirm\/[0-9a-f]{64}/);
  assert.ok(link, mails[0].body);
  await page.goto(link[0]);
  assert.match(await page.textContent("main"), /佐藤 美咲様、「ゲント・金沢 ネットワークイベント2026」へのお申し込みを確定しますか/);
  const confirm = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  assert.deepEqual(confirm.violations.map((v) => v.id), [], "the confirmation page is accessible");
  await page.getByRole("button", { name: "申し込みを確定する" }).click();
  await page.waitForSelector("text=お申し込みが確定しました");
  await context.close();
});

test("on a phone the header is one line with a menu, and the next events come first", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ja-JP" });
  const page = await context.newPage();
  await page.goto(`${server.url}/ja/${P}/`);
  const header = await page.locator("header.site").boundingBox();
  assert.ok(header.height <= 80, `the header takes ${header.height} px of 844`);
  const upcoming = await page.locator("#upcoming-h").boundingBox();
  assert.ok(upcoming.y < 844, `upcoming events start at y=${upcoming.y}, on the first screen`);
  // The menu opens without a script and holds every part of the partnership.
  await page.getByText("メニュー", { exact: true }).click();
  const menu = page.getByRole("navigation", { name: "メインメニュー" });
  await menu.getByRole("link", { name: "イベント" }).click();
  await page.waitForURL(`${server.url}/ja/${P}/events`);
  await page.getByText("メニュー", { exact: true }).click();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  assert.deepEqual(results.violations.map((v) => v.id), [], "the open menu has no axe violations");
  await page.getByRole("navigation", { name: "言語" }).getByRole("link", { name: "English" }).click();
  await page.waitForURL(`${server.url}/en/${P}/events`);
  await context.close();
});
