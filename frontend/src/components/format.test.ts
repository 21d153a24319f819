import { describe, expect, it } from "vitest";
import { compact, parseHashtags } from "./format";

describe("format", () => {
  it("compacts counts", () => {
    expect(compact(999)).toBe("999");
    expect(compact(1234)).toBe("1.2K");
    expect(compact(25_000)).toBe("25K");
    expect(compact(3_400_000)).toBe("3.4M");
  });
  it("parses hashtags typed with or without #, commas or spaces", () => {
    expect(parseHashtags("#Dance, fun  #dance ##cats")).toEqual(["dance", "fun", "cats"]);
  });
});
