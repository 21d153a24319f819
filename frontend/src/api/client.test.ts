import { describe, expect, it } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { ApiError, request } from "./client";
import { getTokens, setTokens } from "./tokens";

const pair = (n: number) => ({ access_token: `a${n}`, refresh_token: `refresh-token-${n}`, token_type: "bearer", expires_in: 900 });

describe("request", () => {
  it("refreshes an expired access token once, silently, and retries", async () => {
    setTokens(pair(1));
    const net = mockFetch({
      "GET /api/auth/me": ({ headers }) =>
        headers.get("Authorization") === "Bearer a2"
          ? { json: { username: "alice" } }
          : { status: 401, json: { error: { code: "invalid_token", message: "expired" } } },
      "POST /api/auth/refresh": ({ body }) => {
        expect(body).toEqual({ refresh_token: "refresh-token-1" });
        return { json: pair(2) };
      },
    });
    const [a, b] = await Promise.all([request("/auth/me"), request("/auth/me")]);
    expect(a).toEqual({ username: "alice" });
    expect(b).toEqual({ username: "alice" });
    expect(net.calls.filter((c) => c.path === "/api/auth/refresh")).toHaveLength(1);
    expect(getTokens()?.refresh_token).toBe("refresh-token-2");
  });

  it("signs out when the refresh token is rejected", async () => {
    setTokens(pair(1));
    mockFetch({
      "GET /api/feed": ({ headers }) =>
        headers.get("Authorization") ? { status: 401, json: { error: { code: "invalid_token", message: "x" } } } : { json: { items: [] } },
      "POST /api/auth/refresh": () => ({ status: 401, json: { error: { code: "refresh_token_reused", message: "no" } } }),
    });
    // The request still succeeds anonymously; the dead session is gone.
    await expect(request("/feed")).resolves.toEqual({ items: [] });
    expect(getTokens()).toBeNull();
  });

  it("turns the gateway's error envelope into an ApiError with its field", async () => {
    mockFetch({
      "POST /api/auth/register": () => ({
        status: 409,
        json: { error: { code: "username_taken", message: "that username is taken", field: "username" } },
      }),
    });
    const err = await request("/auth/register", { method: "POST", body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: "username_taken", field: "username", message: "that username is taken" });
  });
});
