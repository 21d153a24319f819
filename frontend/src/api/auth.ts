import { request } from "./client";
import { getTokens, setTokens } from "./tokens";
import type { LoginIn, RegisterIn, TokenPair, UserMe } from "./types";

export async function register(body: RegisterIn): Promise<void> {
  setTokens(await request<TokenPair>("/auth/register", { method: "POST", body: { ...body } }));
}

export async function login(body: LoginIn): Promise<void> {
  setTokens(await request<TokenPair>("/auth/login", { method: "POST", body: { ...body } }));
}

export async function logout(): Promise<void> {
  const tokens = getTokens();
  setTokens(null);
  if (tokens) {
    await request("/auth/logout", { method: "POST", body: { refresh_token: tokens.refresh_token } }).catch(
      () => undefined,
    );
  }
}

export const fetchMe = () => request<UserMe>("/auth/me");
