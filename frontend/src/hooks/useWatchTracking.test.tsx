import { renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { useWatchTracking } from "./useWatchTracking";

function fakeVideo(duration: number) {
  const el = document.createElement("video");
  let t = 0;
  Object.defineProperty(el, "currentTime", { get: () => t, set: (v) => (t = v), configurable: true });
  Object.defineProperty(el, "duration", { get: () => duration, configurable: true });
  const playTo = (seconds: number) => {
    while (t < seconds - 1e-9) {
      t = Math.min(seconds, t + 0.25);
      el.dispatchEvent(new Event("timeupdate"));
    }
  };
  return { el, playTo };
}

describe("useWatchTracking", () => {
  it("sends a view after 3 s of play and the watch time when the video is left", async () => {
    const net = mockFetch({
      "POST /api/videos/8/view": () => ({ status: 201, json: { event_id: 77, view_count: 1 } }),
      "POST /api/videos/8/watch": () => ({ status: 201, json: { event_id: 77, view_count: 1 } }),
    });
    const { el, playTo } = fakeVideo(10);
    const ref = { current: el };
    const { rerender } = renderHook(({ active }) => useWatchTracking(ref, 8, active, "feed"), { initialProps: { active: true } });
    playTo(2.5);
    expect(net.calls).toHaveLength(0); // not yet 3 s
    playTo(3.25);
    await waitFor(() => expect(net.calls.map((c) => c.path)).toEqual(["/api/videos/8/view"]));
    expect(net.calls[0].body).toEqual({ source: "feed" });
    playTo(4);
    rerender({ active: false }); // scrolled on
    await waitFor(() => expect(net.calls).toHaveLength(2));
    expect(net.calls[1].body).toEqual({ event_id: 77, watched_ms: 4000, completed: false, source: "feed" });
  });

  it("reports completion, and does not count seeks as watch time", async () => {
    const net = mockFetch({ "POST /api/videos/9/watch": () => ({ status: 201, json: { event_id: 1, view_count: 0 } }) });
    const { el, playTo } = fakeVideo(2);
    const { unmount } = renderHook(() => useWatchTracking({ current: el }, 9, true, "profile"));
    playTo(1);
    el.currentTime = 1.9; // a seek forward
    el.dispatchEvent(new Event("seeked"));
    playTo(2);
    unmount();
    await waitFor(() => expect(net.calls).toHaveLength(1));
    expect(net.calls[0].body).toMatchObject({ watched_ms: 1100, completed: true, source: "profile" });
  });
});
