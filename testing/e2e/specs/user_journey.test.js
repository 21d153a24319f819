// The end-user journey on a real platform: a creator registers and uploads a clip, it goes
// through the real pipeline to `published`, and a viewer finds it in the feed, watches it
// (the <video> really plays), likes, comments, follows, opens the profile, searches the
// hashtag and reports it. Screenshots of each key screen land in testing/out/screenshots/.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DESKTOP,
  api,
  launch,
  loginAccount,
  newAccount,
  newContext,
  screenshot,
  tokensOf,
  waitFor,
  watchErrors,
} from "../lib/index.js";

const CLIP = process.env.E2E_CLIP;
const PUBLISH_TIMEOUT_MS = Number(process.env.E2E_PUBLISH_TIMEOUT_MS || 240000);
const tag = `e2e${Date.now().toString(36)}`;
const title = `Test pattern ${tag}`;

let browser;
const creator = newAccount("creator");
const viewer = newAccount("viewer");
let creatorPage;
let viewerPage;
let viewerErrors = [];
let videoId;

async function registerViaUI(page, account) {
  await page.goto("/register");
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel(/^Password/).fill(account.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("heading", { name: /welcome/i }).waitFor();
}

/** A moderator (made by the test wrapper: E2E_MODERATOR="username:password") approves a video. */
async function approveAsModerator(id) {
  const cred = process.env.E2E_MODERATOR;
  const [username, password] = cred.split(":");
  const { access_token } = await loginAccount(username, password);
  await api("/admin/decisions", {
    method: "POST",
    token: access_token,
    body: { subject_type: "video", subject_id: id, action: "approve", reason: "e2e: checked by a moderator" },
  });
}

/** Move down the vertical feed with the keyboard until the slide for `id` is the active one. */
async function scrollFeedTo(page, id, maxSteps = 30) {
  for (let i = 0; i < maxSteps; i++) {
    const active = await page.locator('[data-testid=slide][aria-current="true"]').getAttribute("data-video-id");
    if (Number(active) === id) return;
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(600);
  }
  throw new Error(`video ${id} never became the active slide`);
}

describe("end-user journey", { timeout: PUBLISH_TIMEOUT_MS + 180000 }, () => {
  before(async () => {
    assert.ok(CLIP, "E2E_CLIP must name a generated video file");
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it("a stranger can browse, and is asked to sign in for actions", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("tab", { name: "For You" }).waitFor();
    // With nothing published yet the feed explains itself instead of showing a blank screen.
    await page.getByText(/No videos yet|Loading videos/).first().waitFor();
    await screenshot(page, "01-anonymous-feed");
    await page.getByRole("link", { name: "Upload", exact: true }).click();
    await page.waitForURL(/\/login\?next=%2Fupload/);
    await screenshot(page, "02-sign-in");
    await context.close();
  });

  it("a creator signs up and picks interests", async () => {
    const context = await newContext(browser, { viewport: DESKTOP });
    creatorPage = await context.newPage();
    await registerViaUI(creatorPage, creator);
    await creatorPage.getByText("comedy", { exact: true }).click();
    await creatorPage.getByText("pets", { exact: true }).click();
    await screenshot(creatorPage, "03-pick-interests");
    await creatorPage.getByRole("button", { name: "Continue" }).click();
    await creatorPage.waitForURL((url) => url.pathname === "/");
    const me = await api("/auth/me", { token: (await tokensOf(creatorPage)).access_token });
    assert.deepEqual(me.interests, ["comedy", "pets"]);
  });

  it("uploads a clip with a progress bar, then follows it to published", async () => {
    const page = creatorPage;
    await page.goto("/upload");
    await page.getByLabel("Video file").setInputFiles(CLIP);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill(`A generated clip for the browser test #${tag}`);
    await page.getByLabel("Hashtags").fill(`#${tag} #opentok`);
    await page.getByLabel("Category").selectOption("comedy");
    await screenshot(page, "04-upload-form");
    // Drop the connection under the first chunk: the tus upload must resume, not restart or fail.
    const tusMethods = [];
    let dropped = 0;
    page.on("request", (r) => r.url().includes("/api/uploads/tus") && tusMethods.push(r.method()));
    await page.route("**/api/uploads/tus/**", async (route) => {
      if (route.request().method() === "PATCH" && dropped === 0) {
        dropped += 1;
        return route.abort("connectionreset");
      }
      return route.continue();
    });
    await page.getByRole("button", { name: "Post" }).click();
    const status = page.getByTestId("processing-status");
    await status.waitFor();
    await screenshot(page, "05-upload-processing");
    await page.unroute("**/api/uploads/tus/**");
    assert.equal(dropped, 1, "the first chunk's connection was dropped");
    assert.ok(tusMethods.includes("HEAD"), `the upload resumed from the server's offset (${tusMethods})`);
    assert.ok(tusMethods.filter((m) => m === "PATCH").length >= 2, `the chunk was sent again (${tusMethods})`);
    const settled = () =>
      waitFor(
        async () => {
          const now = await status.getAttribute("data-status");
          return ["published", "rejected", "failed", ...(heldOnce ? [] : ["pending_review"])].includes(now) && now;
        },
        { timeoutMs: PUBLISH_TIMEOUT_MS, intervalMs: 1000, what: "the upload to be published" },
      );
    // Without a moderator account (dev mode) just wait: something else must publish it.
    let heldOnce = !process.env.E2E_MODERATOR;
    let final = await settled();
    if (final === "pending_review") {
      // The AI held it for a human: a moderator approves it through the moderation API,
      // exactly as from the dashboard, and the creator's page updates live.
      await screenshot(page, "05b-upload-in-review");
      heldOnce = true;
      await approveAsModerator(Number(await page.getByTestId("upload-result").getAttribute("data-video-id")));
      final = await settled();
    }
    assert.equal(final, "published", await status.innerText());
    await screenshot(page, "06-upload-published");
    const mine = await api(`/users/${creator.username}/videos`);
    videoId = mine.items.find((v) => v.title === title)?.id;
    assert.ok(videoId, "the published video is on the creator's profile");
  });

  it("a viewer finds it in the feed and it really plays", async () => {
    const context = await newContext(browser);
    viewerPage = await context.newPage();
    viewerErrors = watchErrors(viewerPage);
    await registerViaUI(viewerPage, viewer);
    await viewerPage.getByRole("button", { name: "Skip" }).click();
    await viewerPage.waitForURL((url) => url.pathname === "/");
    const viewSent = viewerPage.waitForResponse(
      (r) => r.url().endsWith(`/api/videos/${videoId}/view`) && r.request().method() === "POST",
      { timeout: 30000 },
    );
    await viewerPage.locator(`[data-testid=slide][data-video-id="${videoId}"]`).waitFor();
    await scrollFeedTo(viewerPage, videoId);
    const video = viewerPage.locator(`video[data-video-id="${videoId}"]`);
    const t0 = await video.evaluate((el) => el.currentTime);
    await viewerPage.waitForTimeout(1500);
    const t1 = await video.evaluate((el) => el.currentTime);
    const state = await video.evaluate((el) => ({ paused: el.paused, muted: el.muted, ready: el.readyState, src: el.currentSrc }));
    assert.ok(t1 > t0 || (t1 < t0 && t0 > 0), `currentTime advances (${t0} → ${t1}); ${JSON.stringify(state)}`);
    assert.equal(state.muted, true, "autoplay starts muted");
    // The fMP4 HLS stream plays (natively, or through hls.js on Media Source Extensions), not
    // the MP4 fallback.
    assert.ok(
      state.src.startsWith("blob:") || state.src.endsWith("/master.m3u8"),
      `the fMP4 HLS stream plays; ${JSON.stringify(state)}`,
    );
    await screenshot(viewerPage, "07-feed-playing");
    // A view is recorded after 3 s of play.
    assert.equal((await viewSent).status(), 201);
    await viewerPage.getByRole("button", { name: "Unmute" }).first().click();
    assert.equal(await video.evaluate((el) => el.muted), false);
  });

  it("likes, comments (in review) and follows the author", async () => {
    const page = viewerPage;
    const slide = page.locator(`[data-testid=slide][data-video-id="${videoId}"]`);
    // Expire the access token: the like must still go through, refreshed silently.
    const before = await tokensOf(page);
    await page.evaluate(() => {
      const t = JSON.parse(localStorage.getItem("opentok.tokens"));
      localStorage.setItem("opentok.tokens", JSON.stringify({ ...t, access_token: "expired.token.value" }));
    });
    await slide.getByRole("button", { name: "Like" }).click();
    await slide.getByRole("button", { name: "Unlike" }).waitFor();
    await waitFor(async () => (await api(`/videos/${videoId}`)).like_count === 1, { what: "the like to be saved" });
    const after = await tokensOf(page);
    assert.notEqual(after.refresh_token, before.refresh_token, "the refresh token was rotated");
    assert.notEqual(after.access_token, "expired.token.value");

    await slide.getByRole("button", { name: "Comments" }).click();
    const drawer = page.getByRole("dialog", { name: "Comments" });
    await drawer.getByLabel("Add a comment").fill("What a lovely test pattern!");
    await drawer.getByRole("button", { name: "Post" }).click();
    const mine = drawer.getByTestId("comment").filter({ hasText: "What a lovely test pattern!" });
    await mine.waitFor();
    assert.match(await mine.innerText(), /In review|lovely/);
    await screenshot(page, "08-comments-drawer");
    await drawer.getByRole("button", { name: "Close" }).click();

    await slide.getByRole("button", { name: `Follow ${creator.username}` }).click();
    await slide.getByRole("button", { name: `Unfollow ${creator.username}` }).waitFor();
  });

  it("opens the author's profile with counts and the video grid", async () => {
    const page = viewerPage;
    const slide = page.locator(`[data-testid=slide][data-video-id="${videoId}"]`);
    await slide.getByRole("link", { name: new RegExp(`${creator.username}'s profile`) }).click();
    await page.waitForURL(new RegExp(`/u/${creator.username}$`));
    await page.getByRole("heading", { name: creator.username }).waitFor();
    assert.equal(await page.getByTestId("follower-count").innerText(), "1");
    await page.getByRole("button", { name: `Unfollow ${creator.username}` }).waitFor();
    const tile = page.locator(`[data-testid=tile][data-video-id="${videoId}"]`);
    await tile.hover();
    await screenshot(page, "09-profile");
  });

  it("searches the hashtag and opens its page", async () => {
    const page = viewerPage;
    await page.getByRole("link", { name: "Search" }).click();
    await page.getByLabel(/Search videos, people and hashtags/).fill(`#${tag}`);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: new RegExp(`#${tag}`) }).first().waitFor();
    await screenshot(page, "10-search");
    await page.getByRole("link", { name: new RegExp(`#${tag}`) }).first().click();
    await page.waitForURL(new RegExp(`/tag/${tag}$`));
    await page.locator(`[data-testid=tile][data-video-id="${videoId}"]`).waitFor();
    await screenshot(page, "11-hashtag");
  });

  it("reports the video with a reason", async () => {
    const page = viewerPage;
    await page.locator(`[data-testid=tile][data-video-id="${videoId}"] a`).click();
    await page.waitForURL(new RegExp(`/v/${videoId}$`));
    await page.getByRole("button", { name: "Report" }).click();
    const dialog = page.getByRole("dialog", { name: "Report this video" });
    await dialog.getByLabel("Spam or scam").check();
    await screenshot(page, "12-report");
    await dialog.getByRole("button", { name: "Submit report" }).click();
    await dialog.getByText(/moderators will review it/).waitFor();
  });

  it("a stranger sees the published video and is asked to sign in to like it", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/");
    const slide = page.locator(`[data-testid=slide][data-video-id="${videoId}"]`);
    await slide.waitFor();
    await slide.getByRole("button", { name: "Like" }).click();
    await page.waitForURL(/\/login\?next=/);
    await context.close();
  });

  it("the creator sees the comment and the follower", async () => {
    const page = creatorPage;
    await page.goto(`/u/${creator.username}`);
    await page.getByTestId("follower-count").waitFor();
    assert.equal(await page.getByTestId("follower-count").innerText(), "1");
    await page.locator(`[data-testid=tile][data-video-id="${videoId}"]`).waitFor();
    await screenshot(page, "13-creator-profile");
    await page.goto(`/v/${videoId}`);
    await page.locator(`video[data-video-id="${videoId}"]`).waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, "14-video-desktop");
    // A 401 comes from the deliberately expired token, that the client refreshed silently.
    const unexpected = viewerErrors.filter((e) => !/favicon|net::ERR_ABORTED|status of 401/.test(e));
    assert.deepEqual(unexpected, []);
  });
});
