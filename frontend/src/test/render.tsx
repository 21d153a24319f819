/** Render inside the app's router and auth context, optionally signed in. */
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { setTokens } from "../api/tokens";
import { AuthProvider } from "../hooks/useAuth";

export function Where() {
  const loc = useLocation();
  return <output data-testid="location">{loc.pathname + loc.search}</output>;
}

export function renderApp(ui: ReactElement, { path = "/", route = "*", signedIn = false } = {}) {
  if (signedIn) setTokens({ access_token: "a1", refresh_token: "refresh-token-1", token_type: "bearer", expires_in: 900 });
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <Routes>
          <Route path={route} element={ui} />
          <Route path="/login" element={<Where />} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
}

export const me = {
  id: 2,
  username: "bob",
  display_name: "Bob",
  verified: false,
  bio: "",
  created_at: "2026-01-01T00:00:00Z",
  follower_count: 0,
  following_count: 0,
  video_count: 0,
  like_count: 0,
  email: "bob@example.com",
  role: "user",
  status: "active",
  interests: [],
};
