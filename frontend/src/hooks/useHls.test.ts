import { describe, expect, it } from "vitest";
import { choosePlayback } from "./useHls";

const el = (native: boolean) => ({ canPlayType: () => (native ? "maybe" : "") }) as unknown as HTMLVideoElement;

describe("choosePlayback", () => {
  it("prefers native HLS, then hls.js, then MP4", () => {
    expect(choosePlayback(el(true), "/m.m3u8", "/v.mp4", true)).toBe("native-hls");
    expect(choosePlayback(el(false), "/m.m3u8", "/v.mp4", true)).toBe("hls.js");
    expect(choosePlayback(el(false), "/m.m3u8", "/v.mp4", false)).toBe("mp4");
    expect(choosePlayback(el(false), null, null, true)).toBe("none");
  });
});
