import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { usePaged } from "./usePaged";

describe("usePaged", () => {
  it("loads the first page, then more by cursor until there is none", async () => {
    const pages: Record<string, { items: number[]; next_cursor: string | null }> = {
      first: { items: [1, 2], next_cursor: "c2" },
      c2: { items: [3], next_cursor: null },
    };
    const { result } = renderHook(() => usePaged((cursor) => Promise.resolve(pages[cursor ?? "first"]), []));
    await waitFor(() => expect(result.current.items).toEqual([1, 2]));
    expect(result.current.hasMore).toBe(true);
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items).toEqual([1, 2, 3]));
    expect(result.current.hasMore).toBe(false);
  });
});
