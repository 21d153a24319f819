/** The one fetch wrapper: JSON in and out, bearer auth, the gateway's error envelope, and a
 * silent refresh (once, shared by concurrent requests) when the access token has expired. */
import { getTokens, setTokens } from "./tokens";
import type { TokenPair } from "./types";

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field?: string | null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Body = Record<string, unknown> | unknown[] | FormData | undefined;

export interface RequestOptions {
  method?: string;
  body?: Body;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Let the request outlive the page (watch reports sent while leaving). */
  keepalive?: boolean;
}

let refreshing: Promise<TokenPair | null> | null = null;

/** Rotate the refresh token once; every request that hit a 401 meanwhile waits on the same promise. */
export function refreshTokens(): Promise<TokenPair | null> {
  if (!refreshing) {
    const current = getTokens();
    refreshing = (async () => {
      if (!current) return null;
      try {
        const resp = await fetch("/api/auth/refresh", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ refresh_token: current.refresh_token }),
        });
        if (!resp.ok) {
          setTokens(null);
          return null;
        }
        const fresh = (await resp.json()) as TokenPair;
        setTokens(fresh);
        return fresh;
      } catch {
        return null; // offline: keep the tokens, the next request tries again
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

function buildUrl(path: string, query?: RequestOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) params.set(k, String(v));
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ""}`;
}

async function send(path: string, opts: RequestOptions, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(buildUrl(path, opts.query), { method: opts.method ?? "GET", headers, body, signal: opts.signal, keepalive: opts.keepalive });
}

async function toError(resp: Response): Promise<ApiError> {
  try {
    const data = await resp.json();
    const e = data?.error;
    if (e) return new ApiError(resp.status, e.code, e.message, e.field);
  } catch {
    /* not JSON */
  }
  return new ApiError(resp.status, "http_error", `request failed (${resp.status})`);
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let resp: Response;
  try {
    resp = await send(path, opts, getTokens()?.access_token);
    if (resp.status === 401 && getTokens()) {
      const fresh = await refreshTokens();
      // Retry once with the new token, or anonymously if the session is gone.
      resp = await send(path, opts, fresh?.access_token);
    }
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network_error", "cannot reach OpenTok; check your connection");
  }
  if (!resp.ok) throw await toError(resp);
  if (resp.status === 204) return undefined as T;
  return (await resp.json()) as T;
}

/** A human sentence for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return "something went wrong";
}
