import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { useLike } from "./useLike";

describe("useLike", () => {
  it("applies a like at once and keeps the server's count", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    mockFetch({ "POST /api/videos/3/like": async () => (await gate, { json: { liked: true, like_count: 11 } }) });
    const { result } = renderHook(() => useLike(3, false, 9));
    act(() => result.current.toggle());
    expect(result.current).toMatchObject({ liked: true, count: 10 }); // optimistic, before the server answers
    release();
    await waitFor(() => expect(result.current.count).toBe(11));
  });

  it("rolls back and explains when the server refuses", async () => {
    mockFetch({
      "DELETE /api/videos/3/like": () => ({ status: 403, json: { error: { code: "account_suspended", message: "this account is suspended" } } }),
    });
    const { result } = renderHook(() => useLike(3, true, 5));
    act(() => result.current.toggle());
    expect(result.current).toMatchObject({ liked: false, count: 4 });
    await waitFor(() => expect(result.current.error).toBe("this account is suspended"));
    expect(result.current).toMatchObject({ liked: true, count: 5 });
  });
});
