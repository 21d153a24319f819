import { BrowserRouter, Link, Route, Routes } from "react-router-dom";
import { NavBar } from "./components/NavBar";
import { EmptyState } from "./components/Status";
import { AuthProvider } from "./hooks/useAuth";
import { LoginPage, RegisterPage } from "./pages/AuthPages";
import { FeedPage } from "./pages/FeedPage";
import { ProfilePage } from "./pages/ProfilePage";
import { HashtagPage, SearchPage } from "./pages/SearchPages";
import { SettingsPage } from "./pages/SettingsPage";
import { UploadPage } from "./pages/UploadPage";
import { VideoPage } from "./pages/VideoPage";

export function AppRoutes() {
  return (
    <div className="app">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <NavBar />
      <div id="content" className="content">
        <Routes>
          <Route path="/" element={<FeedPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/upload" element={<UploadPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/search" element={<SearchPage />} />
          <Route path="/tag/:tag" element={<HashtagPage />} />
          <Route path="/u/:username" element={<ProfilePage />} />
          <Route path="/v/:id" element={<VideoPage />} />
          <Route
            path="*"
            element={
              <main className="page">
                <EmptyState title="Page not found">
                  <Link to="/">Back to the feed</Link>
                </EmptyState>
              </main>
            }
          />
        </Routes>
      </div>
    </div>
  );
}

export default function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <AppRoutes />
      </AuthProvider>
    </BrowserRouter>
  );
}
