// Drives headless Chromium through the web UI the way a fact-checker would: start page ->
// article -> event -> outlet, search with facets, paste an article, and a hostile record.
// Usage: node smoke.cjs BASE_URL SCREENSHOT_DIR CHROMIUM_PATH
// Prints one line per step; exits non-zero on the first failed check.
"use strict";

const { chromium } = require("playwright-core");
const path = require("path");

const [base, outDir, executablePath] = process.argv.slice(2);

function check(condition, message) {
  if (!condition) throw new Error("check failed: " + message);
}

let current = null;

async function main() {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  current = page;
  const problems = [];
  // Console errors include Content-Security-Policy violations (an inline style or script
  // the policy blocked) and failed loads.
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push("console: " + msg.text());
  });
  page.on("pageerror", (err) => problems.push("page error: " + err.message));
  page.on("dialog", async (dialog) => {
    problems.push("a dialog opened: " + dialog.message());
    await dialog.dismiss();
  });
  const shot = async (name) => {
    const file = path.join(outDir, name + ".png");
    await page.screenshot({ path: file, fullPage: true });
    console.log("screenshot " + file);
  };
  const step = (name) => console.log("step " + name + " " + page.url());

  // Start page.
  await page.goto(base + "/");
  check((await page.title()).includes("Parallax"), "the start page has a title");
  check((await page.locator("ul.article-list li").count()) >= 3, "the start page lists articles");
  step("home");
  await shot("01-home");

  // Article: click through from the start page to the loaded report.
  await page.locator("a.title", { hasText: "Betrayed again" }).first().click();
  await page.waitForSelector("section.body");
  const marks = await page.locator("section.body mark.t").count();
  check(marks >= 5, "technique spans are highlighted (" + marks + ")");
  check((await page.locator("#legend li[data-t]").count()) >= 4, "the legend lists techniques");
  // The script ran under the CSP: it added a toggle per technique.
  const toggles = page.locator("#legend input.toggle");
  check((await toggles.count()) >= 4, "the legend has technique toggles (app.js ran)");
  const colour = await page
    .locator("section.body mark.t")
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  check(colour !== "rgba(0, 0, 0, 0)", "highlights are coloured (" + colour + ")");
  check((await page.locator("#claims li.claim").count()) >= 1, "claims are listed");
  check((await page.locator("#quotes blockquote").count()) >= 1, "quotes are listed");
  check((await page.locator("section.entities a").count()) >= 1, "entities are linked");
  step("article");
  await shot("02-article");
  await page.locator("button.toggle-all").click();
  check(
    (await page.locator("section.body mark.t.off").count()) === marks,
    "hiding all techniques removes the highlighting"
  );
  await page.locator("button.toggle-all").click();

  // Event: the parallax view of the story this article belongs to.
  const eventLink = page.locator("section.event-link a[href^='/events/']").first();
  check((await eventLink.count()) === 1, "the article links to its event");
  await eventLink.click();
  await page.waitForSelector("table.matrix");
  // Four outlets, three columns: the wire copy folds under its original.
  check((await page.locator("div.outlet-card").count()) === 3, "outlets side by side");
  check((await page.locator("details.copies").count()) === 1, "the copy is collapsed");
  check((await page.locator("table.matrix thead th").count()) === 4, "a column per original");
  check((await page.locator("table.matrix td.states").count()) >= 3, "stated claims");
  check((await page.locator("table.matrix td.silent").count()) >= 3, "silent outlets");
  check((await page.locator("ol.timeline-list li").count()) === 4, "the timeline");
  step("event");
  await shot("03-event");
  await page.locator("details.copies summary").click();
  await shot("03b-event-copies");
  await page.locator("div.outlet-card a.outlet", { hasText: "The Daily Clarion" }).click();

  // Outlet profile with its charts.
  await page.waitForSelector("h1.outlet-name");
  check((await page.locator("h1.outlet-name").innerText()) === "The Daily Clarion", "outlet page");
  check((await page.locator("svg").count()) >= 2, "the outlet profile draws its charts");
  step("outlet");
  await shot("04-outlet");

  // Search with facets, then narrow by a facet.
  await page.goto(base + "/search?q=barrier");
  const hits = await page.locator("ol.hits > li").count();
  check(hits >= 3, "search finds the barrier reports (" + hits + ")");
  check((await page.locator("aside.facets a").count()) >= 2, "facets are shown");
  step("search");
  await shot("05-search");
  await page.locator("aside.facets a", { hasText: "Vellmore Courier" }).first().click();
  await page.waitForLoadState();
  check((await page.locator("ol.hits > li").count()) === 1, "a facet narrows the results");

  // Paste an article and get its analysis without storing it.
  await page.goto(base + "/paste");
  await page.fill(
    "textarea[name=text]",
    "Harbour tunnel reopens after repairs\n\nThe Vellmore harbour tunnel reopened on Friday " +
      "after three weeks of repairs, the transport office said.\n\n\"Traffic is flowing " +
      'normally again," said Mayor Imogen Hale on Saturday.'
  );
  await page.locator("form.paste-form button[type=submit]").click();
  await page.waitForSelector("article.record");
  check(
    (await page.locator("article.record h1").innerText()).includes("Harbour tunnel"),
    "the pasted article is analysed"
  );
  step("paste");
  await shot("06-paste");

  // The hostile record: shown as text, nothing runs.
  await page.goto(base + "/search?q=officials%20lied");
  await page.locator("ol.hits a.title").first().click();
  await page.waitForSelector("section.body");
  const pwned = await page.evaluate(() => window.pwned);
  check(pwned === undefined, "no injected script ran (window.pwned = " + pwned + ")");
  check(
    (await page.locator("section.body").innerText()).includes("<script>window.pwned=3</script>"),
    "the injected markup is shown as text"
  );
  check((await page.locator("main script, main iframe, main img").count()) === 0, "no injected elements");
  step("hostile");
  await shot("07-hostile");

  await browser.close();
  check(problems.length === 0, "no console errors, CSP violations or dialogs:\n" + problems.join("\n"));
  console.log("browser checks passed");
}

main().catch(async (err) => {
  console.error(err && err.stack ? err.stack : String(err));
  if (current) {
    // What the page showed when the check failed.
    try {
      console.error("at " + current.url());
      await current.screenshot({ path: path.join(outDir, "failure.png"), fullPage: true });
      require("fs").writeFileSync(path.join(outDir, "failure.html"), await current.content());
    } catch (_) {
      // The page may be gone; the message above says what failed.
    }
  }
  process.exit(1);
});
