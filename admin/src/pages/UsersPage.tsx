// Account search: username, email or display name, optionally by status.
import { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { get } from '../api/client'
import type { AdminUserRow } from '../api/types'
import { Badge } from '../components/Badge'
import { when } from '../lib/format'

export function UsersPage() {
  const [q, setQ] = useState('')
  const [status, setStatus] = useState('')
  const [rows, setRows] = useState<AdminUserRow[]>([])
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const timer = setTimeout(() => {
      get<AdminUserRow[]>('/api/admin/users', { q, status, limit: 50 }).then(
        (r) => {
          setRows(r)
          setError(null)
        },
        (e) => setError(String(e.message ?? e)),
      )
    }, 200)
    return () => clearTimeout(timer)
  }, [q, status])

  return (
    <div>
      <header className="pagehead">
        <h1>Users</h1>
      </header>
      <div className="filters">
        <label>
          Search <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="username, email, name" autoFocus />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">any</option>
            <option>active</option>
            <option>suspended</option>
            <option>banned</option>
          </select>
        </label>
      </div>
      {error && <p className="toast bad">{error}</p>}
      <table className="table" aria-label="users">
        <thead>
          <tr>
            <th>User</th>
            <th>Email</th>
            <th>Role</th>
            <th>Status</th>
            <th>Trust</th>
            <th>Violations</th>
            <th>Joined</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id}>
              <td>
                <Link to={`/users/${u.id}`}>@{u.username}</Link> <span className="muted">{u.display_name}</span>
              </td>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>
                <Badge value={u.status} />
              </td>
              <td>{u.trust_score != null ? u.trust_score.toFixed(0) : '—'}</td>
              <td>{u.violations}</td>
              <td className="nowrap">{when(u.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">No accounts match.</p>}
    </div>
  )
}
