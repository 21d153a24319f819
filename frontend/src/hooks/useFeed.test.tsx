import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockFetch, video } from "../test/fetchMock";
import { useFeed } from "./useFeed";

describe("useFeed", () => {
  it("pages by cursor and never repeats a video", async () => {
    const net = mockFetch({
      "GET /api/feed": ({ url }) =>
        url.searchParams.get("cursor") === "c1"
          ? { json: { items: [video(2), video(3)], next_cursor: null } }
          : { json: { items: [video(1), video(2)], next_cursor: "c1" } },
    });
    const { result } = renderHook(() => useFeed("foryou"));
    await waitFor(() => expect(result.current.items.map((v) => v.id)).toEqual([1, 2]));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.done).toBe(true));
    expect(result.current.items.map((v) => v.id)).toEqual([1, 2, 3]);
    expect(net.calls.map((c) => c.path)).toEqual(["/api/feed?limit=8", "/api/feed?cursor=c1&limit=8"]);
    act(() => result.current.loadMore()); // the end: no further request
    expect(net.calls).toHaveLength(2);
  });

  it("surfaces errors and retries", async () => {
    let fail = true;
    mockFetch({
      "GET /api/feed/following": () =>
        fail ? { status: 503, json: { error: { code: "down", message: "feed unavailable" } } } : { json: { items: [video(5)] } },
    });
    const { result } = renderHook(() => useFeed("following"));
    await waitFor(() => expect(result.current.error).toBeTruthy());
    fail = false;
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.items.map((v) => v.id)).toEqual([5]));
  });
});
