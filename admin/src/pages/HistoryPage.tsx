// The audit log with filters, and the AI/human agreement per category for the same dates.
import { useCallback, useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { get } from '../api/client'
import type { AgreementOut, Decision, Page } from '../api/types'
import { Badge } from '../components/Badge'
import { DateRange, lastDays, rangeQuery, type Range } from '../components/DateRange'
import { pct, when } from '../lib/format'
import { usePolicy } from '../lib/policy'

interface Filters {
  moderator: string
  subject_type: string
  verdict: string
  category: string
  source: string
}

const EMPTY: Filters = { moderator: '', subject_type: '', verdict: '', category: '', source: '' }

function subjectLink(d: Decision) {
  if (d.subject_type === 'user') return <Link to={`/users/${d.subject_id}`}>{d.subject_label || `user ${d.subject_id}`}</Link>
  return <span title={`${d.subject_type} ${d.subject_id}`}>{d.subject_label || `${d.subject_type} ${d.subject_id}`}</span>
}

export function HistoryPage() {
  const { names, thresholds } = usePolicy()
  const [filters, setFilters] = useState<Filters>(EMPTY)
  const [range, setRange] = useState<Range>(lastDays(30))
  const [rows, setRows] = useState<Decision[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [agreement, setAgreement] = useState<AgreementOut | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(
    async (after?: string) => {
      try {
        const page = await get<Page<Decision>>('/api/admin/decisions', { ...filters, ...rangeQuery(range), cursor: after, limit: 50 })
        setRows((old) => (after ? [...old, ...page.items] : page.items))
        setCursor(page.next_cursor ?? null)
        setError(null)
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e))
      }
    },
    [filters, range],
  )
  useEffect(() => {
    load()
  }, [load])
  useEffect(() => {
    get<AgreementOut>('/api/admin/decisions/agreement', rangeQuery(range)).then(setAgreement, () => setAgreement(null))
  }, [range])

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [k]: e.target.value })
  const chart = (agreement?.categories ?? []).map((r) => ({
    label: r.rate === null ? r.name : `${r.name} (${pct(r.rate)})`,
    agree: r.agree,
    disagree: r.total - r.agree,
    deferred: r.deferred,
  }))
  const categories = ['OK', ...thresholds.map((t) => t.category)]

  return (
    <div>
      <header className="pagehead">
        <h1>History</h1>
        <DateRange value={range} onChange={setRange} />
      </header>
      <section className="card">
        <h2>
          AI / human agreement <span className="muted">overall {pct(agreement?.overall.rate)} of {agreement?.overall.total ?? 0} compared, {agreement?.overall.deferred ?? 0} deferred by the AI</span>
        </h2>
        {chart.length === 0 ? (
          <p className="muted">No human decisions on AI verdicts in this range.</p>
        ) : (
          <div className="chart small" data-chart="agreement">
            <ResponsiveContainer width="100%" height={200}>
              <BarChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar dataKey="agree" stackId="a" fill="#22a06b" isAnimationActive={false} />
                <Bar dataKey="disagree" stackId="a" fill="#e5484d" isAnimationActive={false} />
                <Bar dataKey="deferred" stackId="a" fill="#8b8d98" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </section>
      <form className="filters" aria-label="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Moderator <input value={filters.moderator} onChange={set('moderator')} placeholder="username" />
        </label>
        <label>
          Subject
          <select value={filters.subject_type} onChange={set('subject_type')}>
            <option value="">any</option>
            {['video', 'comment', 'report', 'user', 'policy'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Verdict
          <select value={filters.verdict} onChange={set('verdict')}>
            <option value="">any</option>
            {['approve', 'review', 'reject', 'escalate'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select value={filters.category} onChange={set('category')}>
            <option value="">any</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {names[c] ?? c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source
          <select value={filters.source} onChange={set('source')}>
            <option value="">AI and human</option>
            <option value="ai">AI</option>
            <option value="human">human</option>
          </select>
        </label>
        <button type="button" className="ghost" onClick={() => setFilters(EMPTY)}>
          Clear
        </button>
      </form>
      {error && <p className="toast bad">{error}</p>}
      <table className="table" aria-label="decisions">
        <thead>
          <tr>
            <th>When</th>
            <th>Subject</th>
            <th>Source</th>
            <th>Verdict</th>
            <th>Categories</th>
            <th>Reason</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-decision={d.id}>
              <td className="nowrap">{when(d.created_at)}</td>
              <td>
                <Badge value={d.subject_type} kind="type" /> {subjectLink(d)}
              </td>
              <td className="src">{d.source === 'ai' ? `AI · ${d.provider ?? ''}` : 'human'}</td>
              <td>
                <Badge value={d.verdict} />
                {typeof d.details?.ai_verdict === 'string' && d.details.ai_verdict !== d.verdict && (
                  <span className="muted small"> (AI: {d.details.ai_verdict})</span>
                )}
              </td>
              <td>{(d.categories ?? []).map((c) => names[c] ?? c).join(', ')}</td>
              <td className="reasoncell">{d.reason}</td>
              <td className="small">{d.actor ? <Link to={`/users/${d.actor.id}`}>@{d.actor.username}</Link> : d.model_version ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !error && <p className="muted">No decisions match.</p>}
      {cursor && (
        <button className="ghost" onClick={() => load(cursor)}>
          Load more
        </button>
      )}
    </div>
  )
}
