// The portal published as static files (`zusterstad publish`) and served by a plain
// static file server, as a city's web server or a CDN would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";
import { startPublishedCopy, launchBrowser, watchRequests } from "./support.js";

let copy;
let browser;

before(async () => {
  copy = await startPublishedCopy();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await copy?.stop();
});

const P = "gent-kanazawa";

test("every page type of the copy has zero axe violations in all three languages", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const foreign = watchRequests(page, copy.url);
  const paths = [
    `/${P}/`,
    `/${P}/agreements`,
    `/${P}/activities`,
    `/${P}/community`,
    `/${P}/supporters`,
    `/${P}/events`,
    `/${P}/news`,
    `/${P}/symbols`,
    `/${P}/timeline`,
    `/${P}/programmes/50-jaar-gent-kanazawa`,
    `/${P}/sdgs`,
    `/${P}/reports`,
    `/${P}/about/privacy`,
    `/${P}/about/contact`,
    `/${P}/about/accessibility`,
  ];
  for (const [list, pattern] of [
    ["activities", /\/activities\/\d+$/],
    ["events", /\/events\/\d+$/],
    ["news", /\/news\/[a-z0-9-]+$/],
    ["community", /\/organisations\/\d+$/],
  ]) {
    await page.goto(`${copy.url}/en/${P}/${list}`);
    const hrefs = await page.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")));
    const detail = hrefs.find((h) => pattern.test(h));
    assert.ok(detail, `a ${list} detail link in the copy`);
    paths.push(detail.replace(/^\/en/, ""));
  }
  const failures = [];
  for (const lang of ["nl", "ja", "en"]) {
    for (const path of paths) {
      const response = await page.goto(`${copy.url}/${lang}${path}`);
      assert.equal(response.status(), 200, `${lang}${path}`);
      assert.equal(await page.getAttribute("html", "lang"), lang, `${lang}${path} declares its language`);
      const actions = await page.$$eval("form", (fs) => fs.map((f) => f.getAttribute("action")));
      for (const action of actions) {
        assert.equal(action, `/${lang}/${P}/search`, `${lang}${path}: only the search, which the copy answers itself`);
      }
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const v of results.violations) {
        failures.push(`${lang}${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
      }
    }
  }
  assert.deepEqual(failures, [], failures.join("\n"));
  assert.deepEqual(foreign, [], "no request leaves the copy's host");
  await context.close();
});

test("the copy's root sends a visitor to their language, and its links and map work", async () => {
  const context = await browser.newContext({ locale: "ja-JP" });
  const page = await context.newPage();
  await page.goto(`${copy.url}/`);
  await page.waitForURL(/\/ja\//);
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  // The language links lead straight to the page in the other language.
  await page.goto(`${copy.url}/ja/${P}/timeline`);
  await page.locator("header nav.langs.wide a[hreflang=nl]").click();
  // (A plain server answers a folder's address with a redirect to it with a slash.)
  await page.waitForURL(new RegExp(`/nl/${P}/timeline/?$`));
  assert.equal(await page.getAttribute("html", "lang"), "nl");
  // The map reads its GeoJSON from the copy.
  await page.goto(`${copy.url}/nl/${P}/symbols`);
  await page.waitForSelector("#map[data-ready]");
  assert.notEqual(await page.getAttribute("#map", "data-ready"), "error");
  // The pager of a list is a file too.
  await page.goto(`${copy.url}/en/${P}/news`);
  const next = page.locator("a[rel=next]");
  if (await next.count()) {
    await next.click();
    await page.waitForURL(/\/news\/page\/2\/?$/);
  }
  // An event open for registration says how to register.
  await page.goto(`${copy.url}/nl/${P}/events`);
  const events = await page.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")).filter((h) => /\/events\/\d+$/.test(h)));
  let told = false;
  for (const href of events) {
    await page.goto(`${copy.url}${href}`);
    if (await page.getByText("Op deze kopie van de website kun je je niet inschrijven").count()) {
      told = true;
      break;
    }
  }
  assert.ok(told, "an event page says how to register");
  await context.close();
});

test("the copy searches in the browser, Japanese included", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const foreign = watchRequests(page, copy.url);
  await page.goto(`${copy.url}/ja/${P}/`);
  await page.locator("header form.search-form.wide input[name=q]").fill("伝統");
  await page.locator("header form.search-form.wide button").click();
  await page.waitForURL(new RegExp(`/ja/${P}/search`));
  await page.waitForFunction(() => document.getElementById("search-status")?.textContent !== "");
  const status = await page.textContent("#search-status");
  assert.match(status, /「伝統」の検索結果：\d+件/);
  const titles = await page.$$eval("#search-results li a", (as) => as.map((a) => a.textContent));
  assert.ok(titles.includes("ゲントの料理人とパティシエが金沢で腕をふるう"), titles.join(" | "));
  assert.equal(await page.inputValue("#search-page-q"), "伝統", "the words stay in the box");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  assert.deepEqual(results.violations.map((v) => v.id), []);
  await page.goto(`${copy.url}/nl/${P}/search?q=xyzzy-niets`);
  await page.waitForFunction(() => document.getElementById("search-status")?.textContent !== "");
  assert.equal(await page.textContent("#search-status"), "Niets gevonden voor ‘xyzzy-niets’.");
  assert.deepEqual(foreign, [], "no request leaves the copy's host");
  await context.close();
});
