// The moderation journey on a real platform (run by testing/tests/test_e2e_admin.py):
// a user posts an offending comment in the app; a moderator signs in to /admin, finds it in
// the queue and overrides the AI with a reason (keyboard only); the comment shows in the
// user's app and the decision in the history; an ordinary user is refused at /admin and at
// the admin API. Screenshots of the queue, history and analytics go to testing/out/screenshots.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  DESKTOP,
  api,
  launch,
  loginViaForm,
  loginWithTokens,
  newContext,
  registerAccount,
  screenshot,
  screenshotDir,
  waitFor,
  watchErrors,
} from "./lib/index.js";

const VIDEO_ID = Number(process.env.E2E_VIDEO_ID);
const HELD_VIDEO_ID = Number(process.env.E2E_HELD_VIDEO_ID);
const MODERATOR = { username: process.env.E2E_MODERATOR_USERNAME, password: process.env.E2E_MODERATOR_PASSWORD };
const AI_TIMEOUT_MS = Number(process.env.E2E_AI_TIMEOUT_MS || 180000);
const OFFENSIVE = "You are a worthless idiot and I will hurt you if you post again";
const REASON = "Quoted song lyric between friends, not a threat";

let browser;
let author;
let commentId;
let moderatorPage;
let moderatorToken;
let errors = [];

async function adminLogin(page, account) {
  await loginViaForm(page, { path: "/admin/", username: account.username, password: account.password });
}

describe("moderation journey", { timeout: AI_TIMEOUT_MS + 180000 }, () => {
  before(async () => {
    assert.ok(VIDEO_ID && MODERATOR.username, "the pytest wrapper sets E2E_VIDEO_ID and the moderator");
    browser = await launch();
    moderatorToken = (await api("/auth/login", { method: "POST", body: MODERATOR })).access_token;
  });
  after(async () => {
    await browser?.close();
  });

  it("an ordinary user is refused at /admin and at the admin API", async () => {
    const user = await registerAccount();
    const context = await newContext(browser, { viewport: DESKTOP });
    const page = await context.newPage();
    await adminLogin(page, user);
    await page.getByRole("heading", { name: "Access denied" }).waitFor();
    await screenshot(page, "admin-01-denied");
    assert.equal(await page.getByRole("link", { name: "Queue" }).count(), 0);
    for (const path of ["/admin/queue", "/admin/decisions", "/admin/users", "/admin/policy", "/analytics/dashboard?start=2026-01-01&end=2026-01-02"]) {
      await assert.rejects(api(path, { token: user.tokens.access_token }), /→ 403/, path);
    }
    await context.close();
  });

  it("a user posts an offending comment in the app", async () => {
    author = await registerAccount();
    const context = await newContext(browser);
    const page = await context.newPage();
    await loginWithTokens(page, { username: author.username, password: author.password, path: `/v/${VIDEO_ID}` });
    await page.getByRole("button", { name: "Comments" }).first().click();
    const drawer = page.getByRole("dialog", { name: "Comments" });
    await drawer.getByLabel("Add a comment").fill(OFFENSIVE);
    await drawer.getByRole("button", { name: "Post" }).click();
    await drawer.getByTestId("comment").filter({ hasText: OFFENSIVE }).waitFor();
    const own = await api(`/videos/${VIDEO_ID}/comments`, { token: author.tokens.access_token });
    commentId = own.items.find((c) => c.text === OFFENSIVE)?.id;
    assert.ok(commentId, "the author sees their own comment");
    // Nobody else does while it is pending or rejected.
    assert.ok(!(await api(`/videos/${VIDEO_ID}/comments`)).items.some((c) => c.id === commentId));
    await context.close();
  });

  it("the AI holds or rejects it, and a moderator overrides it from the queue", async () => {
    const key = `comment:${commentId}`;
    const queued = await waitFor(
      async () => (await api("/admin/queue?type=comment", { token: moderatorToken })).items.find((i) => i.key === key),
      { timeoutMs: AI_TIMEOUT_MS, intervalMs: 1000, what: "the AI verdict to put the comment in the queue" },
    );
    assert.ok(["reject", "review"].includes(queued.ai.verdict), JSON.stringify(queued.ai));

    const context = await newContext(browser, { viewport: { width: 1400, height: 900 } });
    moderatorPage = await context.newPage();
    errors = watchErrors(moderatorPage);
    await adminLogin(moderatorPage, MODERATOR);
    const row = moderatorPage.locator(`[data-key="${key}"]`);
    await row.waitFor();
    await row.click();
    const detail = moderatorPage.locator(`[data-detail="${key}"]`);
    await detail.getByText(OFFENSIVE).waitFor();
    // Scores come with a model verdict; a service without a model holds with none.
    if (Object.keys(queued.ai.scores).length) await detail.getByRole("list", { name: "category scores" }).waitFor();
    else await detail.getByText("no scores").waitFor();
    assert.match(await detail.innerText(), new RegExp(`provider\\s+${queued.ai.provider}`));
    await screenshot(moderatorPage, "admin-02-queue");

    // Keyboard triage: type the reason, leave the field, press "a".
    await moderatorPage.getByLabel("Reason").fill(REASON);
    await moderatorPage.keyboard.press("Escape");
    await moderatorPage.keyboard.press("a");
    await moderatorPage.getByRole("status").filter({ hasText: `Approved comment ${commentId}` }).waitFor();
    await row.waitFor({ state: "detached" });
  });

  it("a held video plays in the queue with its frame strip, and approving publishes it", async () => {
    const page = moderatorPage;
    const key = `video:${HELD_VIDEO_ID}`;
    await page.locator(`[data-key="${key}"]`).click();
    const detail = page.locator(`[data-detail="${key}"]`);
    await detail.getByText("possible nudity in frames 2-3").waitFor();
    const player = detail.locator("video.player");
    await waitFor(() => player.evaluate((v) => v.readyState >= 2 && v.duration > 0), { what: "hls.js to load the video" });
    await waitFor(() => detail.getByAltText("frame strip").evaluate((img) => img.complete && img.naturalWidth > 0), {
      what: "the frame strip",
    });
    await screenshot(page, "admin-02-queue-video");
    await assert.rejects(api(`/videos/${HELD_VIDEO_ID}`), /→ 404/);
    await page.getByLabel("Reason").fill("Sports clothing, not nudity");
    await page.getByRole("button", { name: /Approve/ }).click();
    await page.getByRole("status").filter({ hasText: `Approved video ${HELD_VIDEO_ID}` }).waitFor();
    const published = await api(`/videos/${HELD_VIDEO_ID}`);
    assert.equal(published.status, "published");
    assert.ok(published.published_at);
  });

  it("the comment now shows in the user's app", async () => {
    const everyone = await api(`/videos/${VIDEO_ID}/comments`);
    assert.ok(everyone.items.some((c) => c.id === commentId), "approved comments are public");
    assert.ok((await api(`/videos/${VIDEO_ID}`)).comment_count >= 1);
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`/v/${VIDEO_ID}`);
    await page.getByRole("button", { name: "Comments" }).first().click();
    const shown = page.getByRole("dialog", { name: "Comments" }).getByTestId("comment").filter({ hasText: OFFENSIVE });
    await shown.waitFor();
    assert.doesNotMatch(await shown.innerText(), /In review/);
    await screenshot(page, "admin-03-user-app");
    await context.close();
  });

  it("the override is in the history with its reason and moderator", async () => {
    const page = moderatorPage;
    await page.getByRole("link", { name: "History" }).click();
    await page.getByLabel("Moderator").fill(MODERATOR.username);
    await page.locator("[data-chart=agreement] svg.recharts-surface").first().waitFor();
    const entry = page.getByRole("table", { name: "decisions" }).getByRole("row").filter({ hasText: REASON });
    await entry.waitFor();
    const text = await entry.innerText();
    assert.match(text, /approve/);
    assert.match(text, new RegExp(`@${MODERATOR.username}`));
    await screenshot(page, "admin-04-history");
    const audit = await api(`/admin/decisions?subject_type=comment&subject_id=${commentId}`, { token: moderatorToken });
    assert.deepEqual(
      audit.items.map((d) => d.source),
      ["human", ...audit.items.slice(1).map(() => "ai")],
    );
  });

  it("the analytics charts draw real data", async () => {
    const page = moderatorPage;
    await page.getByRole("link", { name: "Analytics" }).click();
    for (const chart of ["growth", "volume", "engagement"]) {
      await page.locator(`[data-chart=${chart}] svg.recharts-surface`).first().waitFor();
    }
    await page.locator("[data-chart=hashtags] svg.recharts-surface").first().waitFor();
    await page.screenshot({ path: path.join(screenshotDir(), "admin-05-analytics.png"), fullPage: true });
    assert.deepEqual(errors.filter((e) => !/favicon|net::ERR_ABORTED/.test(e)), []);
  });
});
