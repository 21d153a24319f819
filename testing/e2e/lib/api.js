// Talk to the gateway directly: set-up and assertions that should not go through the UI.
import { baseURL } from "./browser.js";

export async function api(pathname, { method = "GET", token, body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const resp = await fetch(`${baseURL()}/api${pathname}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await resp.text();
  const data = text ? JSON.parse(text) : null;
  if (!resp.ok) throw new Error(`${method} ${pathname} → ${resp.status}: ${text}`);
  return data;
}

let counter = 0;
/** A unique, valid username/email/password triple. */
export function newAccount(prefix = "e2e") {
  const tag = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const username = `${prefix}_${tag}`.slice(0, 32);
  return { username, email: `${username}@example.com`, password: "correct horse battery", display_name: "" };
}

/** Register through the API; returns the account with its tokens. */
export async function registerAccount(account = newAccount()) {
  const tokens = await api("/auth/register", { method: "POST", body: account });
  return { ...account, tokens };
}

export async function loginAccount(username, password) {
  return api("/auth/login", { method: "POST", body: { username, password } });
}

/** Poll until `check()` returns a truthy value (or throw with the last value seen). */
export async function waitFor(check, { timeoutMs = 30000, intervalMs = 500, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
}
