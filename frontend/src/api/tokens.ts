/** Where the session's tokens live. localStorage so a reload stays signed in; listeners let
 * the auth context react when a refresh fails in the middle of a request. */
import type { TokenPair } from "./types";

const KEY = "opentok.tokens";
type Listener = (tokens: TokenPair | null) => void;
const listeners = new Set<Listener>();

export function getTokens(): TokenPair | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as TokenPair) : null;
  } catch {
    return null;
  }
}

export function setTokens(tokens: TokenPair | null): void {
  if (tokens) localStorage.setItem(KEY, JSON.stringify(tokens));
  else localStorage.removeItem(KEY);
  listeners.forEach((fn) => fn(tokens));
}

export function onTokensChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
