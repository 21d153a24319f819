// Model registry versions with their metrics, and which providers made AI decisions.
import { useEffect, useState } from 'react'
import { get } from '../api/client'
import type { ModelsOut } from '../api/types'
import { when } from '../lib/format'

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4)
  if (v && typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

export function ModelsPage() {
  const [data, setData] = useState<ModelsOut | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    get<ModelsOut>('/api/admin/models').then(setData, (e) => setError(e.message))
  }, [])
  const groups: Record<string, ModelsOut['versions']> = {}
  for (const v of data?.versions ?? []) (groups[v.name] ??= []).push(v)
  return (
    <div>
      <header className="pagehead">
        <h1>Models</h1>
        <span className="muted">The comment model, the video provider, the recommender and the trust models.</span>
      </header>
      {error && <p className="toast bad">{error}</p>}
      {data && Object.keys(groups).length === 0 && <p className="muted">No trained model is registered yet.</p>}
      {Object.entries(groups).map(([name, versions]) => (
        <section className="card" key={name} data-model={name}>
          <h2>{name}</h2>
          <table className="table">
            <thead>
              <tr>
                <th>Version</th>
                <th>Built</th>
                <th>Metrics</th>
                <th>Params</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} className={v.active ? 'active' : undefined}>
                  <td>
                    {v.version} {v.active && <span className="badge approve">active</span>}
                    {v.promotion_note && <div className="muted small">{v.promotion_note}</div>}
                  </td>
                  <td className="nowrap">{when(v.created_at)}</td>
                  <td>
                    <dl className="kv">
                      {Object.entries(v.metrics).map(([k, m]) => (
                        <div key={k}>
                          <dt>{k}</dt>
                          <dd>{fmt(m)}</dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                  <td className="muted small">{Object.entries(v.params).map(([k, p]) => `${k}=${fmt(p)}`).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <section className="card">
        <h2>Providers in use</h2>
        <table className="table" aria-label="providers">
          <thead>
            <tr>
              <th>Subject</th>
              <th>Provider</th>
              <th>Model version</th>
              <th>AI decisions</th>
              <th>Last decision</th>
            </tr>
          </thead>
          <tbody>
            {(data?.providers ?? []).map((p, i) => (
              <tr key={i}>
                <td>{p.subject_type}</td>
                <td>{p.provider ?? '—'}</td>
                <td>{p.model_version ?? '—'}</td>
                <td>{p.decisions}</td>
                <td className="nowrap">{when(p.last_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}
