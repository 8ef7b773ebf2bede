// The HTML report in a real browser: Debian's chromium driven by puppeteer-core. Runs covbar
// on real fixtures and on a hostile one, opens the pages from disk and checks what a person
// would see: no console error, the totals equal covbar's --json, sorting and folders work,
// line colours, markers and anchors on known lines, no injected element. Screenshots of the
// index and of a file page are left in the working directory (build/) as artifacts.
// Usage: node browser.cjs COVBAR SOURCE_DIR; NODE_PATH must hold .ci/npm/node_modules.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const puppeteer = require("puppeteer-core");

const [covbar, source] = process.argv.slice(2);
const fixtures = path.join(source, "fixtures");
const out = path.resolve("html-test");
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures += 1;
}
function equal(actual, expected, what) {
  const ok = JSON.stringify(actual) === JSON.stringify(expected);
  check(ok, ok ? what : `${what}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);
}

function run(args, codes = [0, 1]) {
  try {
    execFileSync(covbar, args, { stdio: ["ignore", "pipe", "pipe"] });
    return 0;
  } catch (e) {
    if (!codes.includes(e.status)) throw new Error(`covbar ${args.join(" ")}: exit ${e.status}\n${e.stderr}`);
    return e.status;
  }
}

// A percentage as covbar prints it: rounded down at two decimals.
function pct(c, t) {
  if (t === 0) return "n/a";
  const s = String((BigInt(c) * 10000n) / BigInt(t)).padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}%`;
}

(async () => {
  // 1. A real report: coverage.py 6.5.0 with branches, sources in fixtures/projects/python.
  const check_dir = path.join(out, "check");
  const json_file = path.join(out, "check.json");
  run(["check", path.join(fixtures, "coveragepy-6.5.0-branch", "coverage.xml"), "--root",
    path.join(fixtures, "projects", "python"), "--fail-under", "lines=70,branches=80",
    "--html", check_dir, "--json", json_file, "--no-step-summary"]);
  const expected = JSON.parse(fs.readFileSync(json_file, "utf8"));

  const userData = fs.mkdtempSync(path.join(os.tmpdir(), "covbar-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    userDataDir: userData,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--user-data-dir=${userData}`],
  });
  const problems = [];
  async function open(file, hash = "", scheme = "light") {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 800 });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warn") problems.push(`${file}: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`${file}: ${e.message}`));
    page.on("request", (r) => { if (!r.url().startsWith("file:")) problems.push(`${file}: network request ${r.url()}`); });
    await page.goto(`file://${file}${hash}`, { waitUntil: "load" });
    return page;
  }

  try {
    const index = await open(path.join(check_dir, "index.html"));
    // Totals: every metric of the JSON, same counts and covbar's own percentage text.
    const totals = await index.$$eval("#totals tbody tr", (rows) => rows.map((r) => [r.dataset.metric,
      Number(r.querySelector(".c").textContent), Number(r.querySelector(".t").textContent),
      r.querySelector(".p").textContent]));
    equal(totals, Object.entries(expected.totals).map(([m, c]) => [m, c.covered, c.total, pct(c.covered, c.total)]),
      "index totals equal covbar --json");
    equal(await index.$eval("#verdict", (e) => e.dataset.verdict), expected.gate.passed ? "pass" : "fail",
      "index verdict equals the gate's");
    // The file rows: one per file of the JSON, with its line counts.
    const files = await index.$$eval("#rows tr.file", (rows) => rows.map((r) => [r.dataset.path,
      Number(r.children[2].textContent), Number(r.children[3].textContent)]));
    equal(files.slice().sort(), expected.files.map((f) => [f.path, f.lines.covered, f.lines.total]).sort(),
      "index rows equal the JSON's files");
    // The folder row sums its files.
    const folder = await index.$eval('#rows tr.dir[data-path="calc"]', (r) => [Number(r.children[2].textContent), Number(r.children[3].textContent)]);
    equal(folder, [expected.totals.lines.covered, expected.totals.lines.total], "folder row sums its files");
    await index.screenshot({ path: "html-index.png", fullPage: true });

    // Sorting: lines % descending, then ascending (n/a last either way).
    const order = async () => index.$$eval("#rows tr.file", (rows) => rows.map((r) => r.dataset.path));
    const by_pct = expected.files.filter((f) => f.lines.total > 0)
      .sort((a, b) => b.lines.covered * a.lines.total - a.lines.covered * b.lines.total).map((f) => f.path);
    await index.click('th[data-sort="0p"] button');
    equal((await order()).slice(0, by_pct.length), by_pct, "click on Lines sorts by percentage, highest first");
    equal(await index.$eval('th[data-sort="0p"]', (e) => e.getAttribute("aria-sort")), "descending", "aria-sort says descending");
    await index.click('th[data-sort="0p"] button');
    equal((await order()).slice(0, by_pct.length), by_pct.slice().reverse(), "a second click sorts lowest first");
    await index.click('th[data-sort="name"] button');
    equal(await order(), expected.files.map((f) => f.path).sort(), "click on Path sorts by name");
    // Folders collapse and expand.
    await index.click('#rows tr.dir[data-path="calc"] button.toggle');
    equal((await order()).length, 0, "collapsing calc/ hides its files");
    await index.click('#rows tr.dir[data-path="calc"] button.toggle');
    equal((await order()).length, expected.files.length, "expanding calc/ shows them again");
    // The file link leads to the file's page.
    const href = await index.$eval('#rows tr.file[data-path="calc/ops.py"] a', (a) => a.getAttribute("href"));

    // 2. The file page of calc/ops.py: known lines of the fixture.
    const page = await open(path.join(check_dir, href), "#L8");
    const line = (n) => page.$eval(`#L${n}`, (tr) => ({
      cls: tr.className, label: tr.querySelector(".m .sr") ? tr.querySelector(".m .sr").textContent : "",
      hits: tr.querySelector(".h").textContent, branches: tr.querySelector(".b").textContent,
      source: tr.querySelector(".s").textContent, bg: getComputedStyle(tr.querySelector(".s")).backgroundColor,
    }));
    const l4 = await line(4), l7 = await line(7), l8 = await line(8), l10 = await line(10);
    equal([l4.cls, l4.label, l4.hits, l4.source], ["cov", "covered", "1", "def clamp(value, low, high):"], "L4 covered");
    equal([l7.cls, l7.label, l7.branches], ["par", "partly covered", "1/2"], "L7 partly covered, 1 of 2 branches");
    equal([l8.cls, l8.label, l8.hits, l8.source.trim()], ["unc", "not covered", "0", "return high"], "L8 not covered");
    equal([l10.cls, l10.label, l10.hits], ["", "", ""], "L10 not instrumented");
    equal([l4.bg, l7.bg].map((c) => c !== l8.bg), [true, true], "covered, partial and uncovered differ in colour");
    equal(l4.bg, "rgb(218, 251, 225)", "covered line is green in light mode");
    equal(l8.bg, "rgb(255, 235, 233)", "uncovered line is red in light mode");
    equal(await page.$eval(":target", (e) => e.id), "L8", "#L8 is the target");
    const visible = await page.$eval("#L8", (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; });
    check(visible, "#L8 is scrolled into view");
    equal(await page.$eval("#totals tr[data-metric=lines] .p", (e) => e.textContent),
      pct(expected.files.find((f) => f.path === "calc/ops.py").lines.covered, expected.files.find((f) => f.path === "calc/ops.py").lines.total),
      "file page total equals the JSON's");
    await page.screenshot({ path: "html-file.png", fullPage: false });
    const dark = await open(path.join(check_dir, href), "#L8", "dark");
    const darkBg = await dark.$eval("#L8 .s", (e) => getComputedStyle(e).backgroundColor);
    check(darkBg !== l8.bg && darkBg !== "rgba(0, 0, 0, 0)", `dark mode has its own colours (${darkBg})`);
    await dark.screenshot({ path: "html-file-dark.png", fullPage: false });

    // 3. A file missing under --root still gets its page of line numbers and hits.
    const partial_root = path.join(out, "partial-repo");
    fs.mkdirSync(path.join(partial_root, "calc"), { recursive: true });
    fs.copyFileSync(path.join(fixtures, "projects", "python", "calc", "text.py"), path.join(partial_root, "calc", "text.py"));
    const missing_dir = path.join(out, "missing");
    run(["check", path.join(fixtures, "coveragepy-6.5.0-branch", "coverage.xml"), "--root",
      partial_root, "--html", missing_dir, "--no-step-summary"]);
    const mpage = await open(path.join(missing_dir, href));
    check(await mpage.$("#no-source") !== null, "a missing source is said so");
    equal(await mpage.$$eval("table.src tbody tr", (rows) => rows.map((r) => Number(r.id.slice(1)))).then((ids) => ids.slice(0, 8)),
      [4, 5, 6, 7, 8, 9, 12, 13], "a missing source still lists its instrumented lines");
    equal(await mpage.$eval("#L8", (tr) => [tr.className, tr.querySelector(".h").textContent, tr.querySelector(".s").textContent]),
      ["unc", "0", ""], "and their hits and markers");

    // 4. Hostile names and source: nothing they hold becomes an element or runs.
    const hostile = path.join(out, "hostile-repo");
    const dir = path.join(hostile, "a<", "script><img id=pwned1 src=x onerror=window.pwned=1>x<");
    fs.mkdirSync(dir, { recursive: true });
    const evil = path.join(dir, "b>'\"&.js");
    const evil_line = '</script><img id="pwned2" src=x onerror="window.pwned=2"><!--';
    fs.writeFileSync(evil, `const a = 1;\n${evil_line}\n`);
    const rel = path.relative(hostile, evil);
    const lcov = path.join(out, "hostile.info");
    fs.writeFileSync(lcov, `TN:\nSF:${rel}\nDA:1,1\nDA:2,0\nLF:2\nLH:1\nend_of_record\n`);
    const hostile_dir = path.join(out, "hostile");
    run(["check", lcov, "--root", hostile, "--html", hostile_dir, "--no-step-summary"]);
    const hindex = await open(path.join(hostile_dir, "index.html"));
    equal(await hindex.evaluate(() => [document.querySelectorAll("img").length, document.getElementById("pwned1"), window.pwned]),
      [0, null, undefined], "hostile path: no injected element in the index");
    equal(await hindex.$eval("#rows tr.file", (r) => r.dataset.path), rel, "hostile path shown as text");
    const hhref = await hindex.$eval("#rows tr.file a", (a) => a.getAttribute("href"));
    const hpage = await open(path.join(hostile_dir, hhref));
    equal(await hpage.evaluate(() => [document.querySelectorAll("img, script").length, window.pwned]),
      [0, undefined], "hostile source: no injected element in the file page");
    equal(await hpage.$eval("#L2 .s", (e) => e.textContent), evil_line, "hostile source line shown as text");
    equal(await hpage.$eval("h1", (e) => e.textContent), rel, "hostile path in the heading as text");

    // 5. covbar diff: the changed lines are marked.
    const diff_file = path.join(out, "change.diff");
    fs.writeFileSync(diff_file, "diff --git a/calc/ops.py b/calc/ops.py\n--- a/calc/ops.py\n+++ b/calc/ops.py\n@@ -7,2 +7,2 @@\n-x\n-y\n+    if value > high:\n+        return high\n");
    const diff_dir = path.join(out, "diff");
    run(["diff", path.join(fixtures, "coveragepy-6.5.0-branch", "coverage.xml"), "--root",
      path.join(fixtures, "projects", "python"), "--diff-file", diff_file, "--html", diff_dir, "--no-step-summary"]);
    const dindex = await open(path.join(diff_dir, "index.html"));
    equal(await dindex.$$eval("#rows tr.file", (rows) => rows.map((r) => r.dataset.path)), ["calc/ops.py"], "diff index lists the changed file only");
    equal(await dindex.$eval("#totals tr[data-metric=lines] .t", (e) => e.textContent), "2", "diff totals count the changed lines");
    const dpage = await open(path.join(diff_dir, await dindex.$eval("#rows tr.file a", (a) => a.getAttribute("href"))));
    equal(await dpage.$$eval("tr.chg", (rows) => rows.map((r) => r.id)), ["L7", "L8"], "changed lines marked");
    equal(await dpage.$eval("#L8 .n .sr", (e) => e.textContent), " (changed)", "changed lines carry a label");

    // 6. The badge: each text's measured width (the font this browser renders the badge's
    // font stack with) equals its textLength, and sits inside its part.
    const badge_file = path.join(out, "badge.svg");
    run(["check", path.join(fixtures, "coveragepy-6.5.0-branch", "coverage.xml"), "--root",
      path.join(fixtures, "projects", "python"), "--fail-under", "75", "--badge", badge_file, "--no-step-summary"]);
    const bpage = await open(badge_file);
    const texts = await bpage.$$eval("text", (nodes) => nodes.map((t) => {
      const c = new OffscreenCanvas(1, 1).getContext("2d");
      const g = t.parentNode;
      c.font = `${g.getAttribute("font-size")}px ${g.getAttribute("font-family")}`;
      return { text: t.textContent, natural: c.measureText(t.textContent).width,
        length: Number(t.getAttribute("textLength")), x: Number(t.getAttribute("x")) };
    }));
    const rects = await bpage.$$eval("g[clip-path] rect", (r) => r.slice(0, 2).map((e) => [Number(e.getAttribute("x") || 0), Number(e.getAttribute("width"))]));
    for (const t of texts) {
      check(Math.abs(t.natural - t.length) < 0.05, `badge '${t.text}': measured ${t.natural.toFixed(2)}px, textLength ${t.length}`);
      const part = rects.find(([x, w]) => t.x > x && t.x < x + w);
      check(part && t.x - t.length / 2 >= part[0] + 4 && t.x + t.length / 2 <= part[0] + part[1] - 4, `badge '${t.text}' inside its part`);
    }
    await bpage.setViewport({ width: 200, height: 30 });
    await bpage.screenshot({ path: "badge.png" });

    // 7. The fleet page: the audit table with a hostile repository name, escaped.
    const fleet_dir = path.join(out, "fleet");
    // (No '=' in the name: NAME=REPORT splits at the first one.)
    run(["audit", `</script><b id"pwned3">api</b>=${path.join(fixtures, "coveragepy-6.5.0-lines", "coverage.xml")}`,
      "--target", "70", "--today", "2026-01-01", "--html", fleet_dir, "--no-step-summary"]);
    const fleet = await open(path.join(fleet_dir, "index.html"));
    equal(await fleet.evaluate(() => [document.querySelectorAll("b, script").length]), [0],
      "fleet page: no injected element");
    equal(await fleet.$eval("#audit tbody tr td", (e) => e.firstChild.textContent.trim()),
      '</script><b id"pwned3">api</b>', "fleet page: the name shown as text");
    equal(await fleet.$eval("#audit tbody tr td:nth-child(2)", (e) => e.textContent), "75.00% (30 / 40)",
      "fleet page: the repository's figure");

    // 8. The fleet page's trend: each repository's recorded figures (two earlier audits in
    // the history, then today's) against its ratchet's schedule, drawn inline and listed.
    const trend_dir = path.join(out, "trend");
    const history = path.join(out, "history.jsonl");
    const state = path.join(out, "api-ratchet.json");
    const xml = path.join(fixtures, "coveragepy-6.5.0-lines", "coverage.xml");
    // (No '=' in the name: NAME=REPORT splits at the first one.)
    const evil_repo = "</svg></figure><b>web</b><script>console.error(4)</script>";
    fs.writeFileSync(history, [
      { date: "2026-01-05", metric: "lines", target: "70", repositories: [{ name: "api", covered: 28, total: 40 }, { name: evil_repo, covered: 20, total: 40 }] },
      { date: "2026-01-12", metric: "lines", target: "70", repositories: [{ name: "api", problem: "no report" }, { name: evil_repo, covered: 25, total: 40 }] },
    ].map((l) => JSON.stringify(l) + "\n").join(""));
    // api's ratchet: from today's figure (75%) on 2026-01-05, +2 points per 7-day sprint to 85%.
    run(["ratchet", "init", xml, "--root", path.join(fixtures, "projects", "python"), "--today", "2026-01-05",
      "--target", "85", "--step", "2", "--sprint-days", "7", "--state", state, "--no-step-summary"]);
    run(["audit", `api=${xml}`, `${evil_repo}=${xml}`, "--target", "70", "--today", "2026-01-19",
      "--ratchet-state", `api=${state}`, "--report-link", "api=https://example.invalid/runs/1",
      "--append-history", history, "--html", trend_dir, "--no-step-summary"]);
    const tpage = await open(path.join(trend_dir, "index.html"));
    equal(await tpage.$$eval("section.trend", (s) => s.map((e) => e.dataset.repo)), ["api", evil_repo],
      "trend: one section per repository, the name as text");
    equal(await tpage.evaluate(() => [document.querySelectorAll("b, script").length]), [0],
      "trend: no injected element");
    // The schedule, computed here from the state's parameters: sprint k asks min(85, 75 + 2(k - 1)).
    const required = (day) => String(Math.min(85, 75 + 2 * Math.floor((Date.parse(day) - Date.parse("2026-01-05")) / 864e5 / 7)));
    const rows = (repo) => tpage.$$eval(`section.trend[data-repo="${repo}"] tr[data-date]`, (trs) => trs.map((tr) => [
      tr.dataset.date, tr.dataset.covered || null, tr.dataset.total || null,
      tr.querySelector(".req").dataset.required || null]));
    equal(await rows("api"), [["2026-01-05", "28", "40", required("2026-01-05")], ["2026-01-12", null, null, required("2026-01-12")],
      ["2026-01-19", "30", "40", required("2026-01-19")]], "trend: api's figures are the history's and today's, against its schedule");
    equal(await tpage.$$eval("section.trend", (s) => s[1].querySelectorAll("tr[data-date]").length), 3,
      "trend: the hostile repository's three audits");
    const chart = await tpage.$eval('section.trend[data-repo="api"] figure svg', (svg) => ({
      role: svg.getAttribute("role"), title: svg.querySelector("title").textContent,
      crosses: svg.querySelectorAll('path[stroke="#c62828"]').length, dots: svg.querySelectorAll("circle").length,
      width: svg.getBoundingClientRect().width,
    }));
    equal([chart.role, chart.title, chart.crosses, chart.dots], ["img",
      "covbar audit: lines coverage of api by date against its ratchet's schedule", 2, 0],
    "trend: api's chart inline, its two figures below the schedule drawn as crosses");
    check(chart.width > 0, "trend: the chart is rendered");
    equal(await tpage.$eval('section.trend[data-repo="api"]', (s) => s.dataset.status), "behind", "trend: api is behind");
    equal(await tpage.$eval('section.trend[data-repo="api"] a.last-report', (a) => a.getAttribute("href")),
      "https://example.invalid/runs/1", "trend: links the last report");
    await tpage.screenshot({ path: "html-fleet.png", fullPage: true });
  } finally {
    await browser.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
  equal(problems, [], "no console error, page error or network request");
  console.log(failures === 0 ? "browser: all checks passed" : `browser: ${failures} check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
