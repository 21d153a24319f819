import { describe, expect, it } from "vitest";
import { videoIdFromTus } from "./uploads";

describe("videoIdFromTus", () => {
  it("reads the video id from a header or a JSON body", () => {
    expect(videoIdFromTus((n) => (n === "OpenTok-Video-Id" ? "42" : null), "")).toBe(42);
    expect(videoIdFromTus(() => null, JSON.stringify({ video_id: 7 }))).toBe(7);
    expect(videoIdFromTus(() => null, JSON.stringify({ video: { id: 9 } }))).toBe(9);
    expect(videoIdFromTus(() => null, "")).toBeNull();
  });
});
