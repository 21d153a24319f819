/** Whether I follow someone, shared by every follow button on screen (the feed's rail, the
 * profile) so one toggle updates them all. Feed items do not carry it, so it is looked up
 * from the profile the first time a button for that creator is shown. */
import { useEffect, useSyncExternalStore } from "react";
import { getProfile } from "../api/users";
import { onTokensChange } from "../api/tokens";

const known = new Map<string, boolean>();
const listeners = new Set<() => void>();
const loading = new Set<string>();

function emit() {
  listeners.forEach((fn) => fn());
}

export function setFollowing(username: string, value: boolean): void {
  known.set(username, value);
  emit();
}

function subscribe(fn: () => void) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// Another account signs in: forget what the previous one followed.
onTokensChange(() => {
  known.clear();
  emit();
});

export function useFollowing(username: string, signedIn: boolean, initial?: boolean): boolean | undefined {
  const value = useSyncExternalStore(subscribe, () => known.get(username));
  useEffect(() => {
    // A freshly loaded profile is the truth; feed items leave it undefined.
    if (initial !== undefined && known.get(username) !== initial) setFollowing(username, initial);
  }, [username, initial]);
  useEffect(() => {
    if (!signedIn || initial !== undefined || known.has(username) || loading.has(username)) return;
    loading.add(username);
    getProfile(username)
      .then((p) => setFollowing(username, p.is_following ?? false))
      .catch(() => undefined)
      .finally(() => loading.delete(username));
  }, [username, signedIn, initial]);
  return value ?? initial;
}
