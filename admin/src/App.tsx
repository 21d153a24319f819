// Routes, navigation and the role gate: only moderators and admins get past it.
import { NavLink, Navigate, Route, Routes } from 'react-router-dom'
import { AuthProvider, isStaff, useAuth } from './auth'
import { PolicyProvider } from './lib/policy'
import { AnalyticsPage } from './pages/AnalyticsPage'
import { HistoryPage } from './pages/HistoryPage'
import { LoginPage } from './pages/LoginPage'
import { ModelsPage } from './pages/ModelsPage'
import { PolicyPage } from './pages/PolicyPage'
import { QueuePage } from './pages/QueuePage'
import { UserProfilePage } from './pages/UserProfilePage'
import { UsersPage } from './pages/UsersPage'

const NAV = [
  ['/queue', 'Queue'],
  ['/history', 'History'],
  ['/users', 'Users'],
  ['/policy', 'Policy'],
  ['/analytics', 'Analytics'],
  ['/models', 'Models'],
]

function Shell() {
  const { me, loading, logout } = useAuth()
  if (loading) return <p className="muted pad">Loading…</p>
  if (!me) return <LoginPage />
  if (!isStaff(me)) {
    return (
      <main className="login">
        <div role="alert" className="denied">
          <h1>Access denied</h1>
          <p>
            This dashboard is for moderators and admins. You are signed in as <strong>@{me.username}</strong>.
          </p>
          <button onClick={logout}>Sign out</button>
        </div>
      </main>
    )
  }
  return (
    <PolicyProvider>
      <div className="layout">
        <aside className="sidebar">
          <div className="brand">OpenTok · moderation</div>
          <nav aria-label="main">
            {NAV.map(([to, label]) => (
              <NavLink key={to} to={to}>
                {label}
              </NavLink>
            ))}
          </nav>
          <div className="whoami">
            @{me.username} <span className="badge type">{me.role}</span>
            <button className="ghost" onClick={logout}>
              Sign out
            </button>
          </div>
        </aside>
        <main className="content">
          <Routes>
            <Route path="/" element={<Navigate to="/queue" replace />} />
            <Route path="/queue" element={<QueuePage />} />
            <Route path="/history" element={<HistoryPage />} />
            <Route path="/users" element={<UsersPage />} />
            <Route path="/users/:id" element={<UserProfilePage />} />
            <Route path="/policy" element={<PolicyPage canEdit={me.role === 'admin'} />} />
            <Route path="/analytics" element={<AnalyticsPage />} />
            <Route path="/models" element={<ModelsPage />} />
            <Route path="*" element={<Navigate to="/queue" replace />} />
          </Routes>
        </main>
      </div>
    </PolicyProvider>
  )
}

export function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  )
}
