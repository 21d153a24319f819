/** Who is signed in. The tokens live in api/tokens; this context mirrors the account. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import * as authApi from "../api/auth";
import { getTokens, onTokensChange } from "../api/tokens";
import type { LoginIn, RegisterIn, UserMe } from "../api/types";

interface AuthState {
  user: UserMe | null;
  loading: boolean;
  login: (body: LoginIn) => Promise<void>;
  register: (body: RegisterIn) => Promise<void>;
  logout: () => Promise<void>;
  reloadMe: () => Promise<void>;
  setUser: (user: UserMe) => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<UserMe | null>(null);
  const [loading, setLoading] = useState(() => getTokens() !== null);

  const reloadMe = useCallback(async () => {
    if (!getTokens()) {
      setUser(null);
      setLoading(false);
      return;
    }
    try {
      setUser(await authApi.fetchMe());
    } catch {
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reloadMe();
    // A failed silent refresh clears the tokens: drop the account too.
    return onTokensChange((tokens) => {
      if (!tokens) setUser(null);
    });
  }, [reloadMe]);

  const value = useMemo<AuthState>(
    () => ({
      user,
      loading,
      reloadMe,
      setUser,
      login: async (body) => {
        await authApi.login(body);
        await reloadMe();
      },
      register: async (body) => {
        await authApi.register(body);
        await reloadMe();
      },
      logout: async () => {
        await authApi.logout();
        setUser(null);
      },
    }),
    [user, loading, reloadMe],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}

/** For actions that need an account: returns a guard that sends strangers to sign in and
 * brings them back here afterwards. */
export function useRequireAuth(): () => boolean {
  const { user } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(() => {
    if (user) return true;
    navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    return false;
  }, [user, navigate, location]);
}
