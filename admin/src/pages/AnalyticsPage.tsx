// Charts over one date range: growth, moderation load and quality, speed, topics, engagement.
import { useEffect, useState } from 'react'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { get } from '../api/client'
import { DateRange, lastDays, type Range } from '../components/DateRange'
import { agreementRows, byDay, decisionTimeRows, pickUnit, volumeRows, type Dashboard } from '../lib/analytics'
import { duration, pct } from '../lib/format'
import { usePolicy } from '../lib/policy'

const C = { blue: '#4f7cff', green: '#22a06b', amber: '#e6a700', red: '#e5484d', violet: '#8e4ec6', grey: '#8b8d98' }

function Chart({ title, name, children, empty }: { title: string; name: string; children: React.ReactElement; empty?: boolean }) {
  return (
    <section className="card chartcard" data-chart={name}>
      <h2>{title}</h2>
      {empty ? (
        <p className="muted">No data in this range.</p>
      ) : (
        <div className="chart">
          <ResponsiveContainer width="100%" height={240}>
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </section>
  )
}

export function AnalyticsPage() {
  const { names } = usePolicy()
  const [range, setRange] = useState<Range>(lastDays(14))
  const [data, setData] = useState<Dashboard | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    get<Dashboard>('/api/analytics/dashboard', { start: range.start, end: range.end }).then(
      (d) => {
        setData(d)
        setError(null)
      },
      (e) => setError(e.message),
    )
  }, [range])

  const growth = data ? byDay({ uploads: data.uploads_per_day, 'active users': data.active_users_per_day }) : []
  const engagement = data
    ? byDay({ views: data.engagement.views_per_day, likes: data.engagement.likes_per_day, comments: data.engagement.comments_per_day })
    : []
  const volume = data ? volumeRows(data, names) : []
  const agreement = data ? agreementRows(data, names) : []
  const speed = data ? decisionTimeRows(data) : []
  const tags = data?.top_hashtags ?? []
  const speedUnit = pickUnit(Math.max(0, ...speed.map((s) => s.median_s)))

  return (
    <div>
      <header className="pagehead">
        <h1>Analytics</h1>
        <DateRange value={range} onChange={setRange} />
      </header>
      {error && <p className="toast bad">{error}</p>}
      {data && (
        <div className="stats">
          <div>
            <span className="bignum">{data.uploads_per_day.reduce((s, d) => s + d.count, 0)}</span> uploads
          </div>
          <div>
            <span className="bignum">{data.engagement.views}</span> views
          </div>
          <div>
            <span className="bignum">{pct(data.engagement.completion_rate)}</span> completion
          </div>
          <div>
            <span className="bignum">{data.engagement.mean_watch_s != null ? `${data.engagement.mean_watch_s.toFixed(1)} s` : '—'}</span> mean watch
          </div>
          {speed.map((s) => (
            <div key={s.source}>
              <span className="bignum">{duration(s.median_s)}</span> median to {s.source} decision
            </div>
          ))}
        </div>
      )}
      <div className="charts">
        <Chart title="Uploads and active users per day" name="growth" empty={!growth.length}>
          <LineChart data={growth}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Line type="linear" dataKey="uploads" stroke={C.blue} strokeWidth={2} isAnimationActive={false} />
            <Line type="linear" dataKey="active users" stroke={C.green} strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        </Chart>
        <Chart title="Moderation volume per category (AI verdicts)" name="volume" empty={!volume.length}>
          <BarChart data={volume}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="category" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar dataKey="approve" stackId="v" fill={C.green} isAnimationActive={false} />
            <Bar dataKey="review" stackId="v" fill={C.amber} isAnimationActive={false} />
            <Bar dataKey="reject" stackId="v" fill={C.red} isAnimationActive={false} />
          </BarChart>
        </Chart>
        <Chart title="AI / human agreement per category" name="agreement" empty={!agreement.length}>
          <BarChart data={agreement}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="category" />
            <YAxis yAxisId="n" allowDecimals={false} />
            <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} unit="%" />
            <Tooltip />
            <Legend />
            <Bar yAxisId="n" dataKey="agree" stackId="a" fill={C.green} isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="disagree" stackId="a" fill={C.red} isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="deferred" stackId="a" fill={C.grey} isAnimationActive={false} />
            <Bar yAxisId="rate" dataKey="rate" name="agreement %" fill={C.violet} isAnimationActive={false} />
          </BarChart>
        </Chart>
        <Chart title={`Median time to a decision (${speedUnit.label})`} name="speed" empty={!speed.length}>
          <BarChart data={speed.map((s) => ({ ...s, value: Math.round((s.median_s / speedUnit.seconds) * 10) / 10 }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="source" />
            <YAxis unit={speedUnit.short} />
            <Tooltip formatter={(v, _n, item) => [`${v} ${speedUnit.short} (n=${item.payload?.n})`, 'median']} />
            <Bar dataKey="value" name="median" fill={C.blue} isAnimationActive={false} />
          </BarChart>
        </Chart>
        <Chart title="Top hashtags" name="hashtags" empty={!tags.length}>
          <BarChart data={tags} layout="vertical" margin={{ left: 24 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="tag" width={110} tickFormatter={(t: string) => `#${t}`} />
            <Tooltip />
            <Bar dataKey="count" name="videos" fill={C.violet} isAnimationActive={false} />
          </BarChart>
        </Chart>
        <Chart title="Engagement per day" name="engagement" empty={!engagement.length}>
          <LineChart data={engagement}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Line type="linear" dataKey="views" stroke={C.blue} strokeWidth={2} isAnimationActive={false} />
            <Line type="linear" dataKey="likes" stroke={C.red} strokeWidth={2} isAnimationActive={false} />
            <Line type="linear" dataKey="comments" stroke={C.green} strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        </Chart>
      </div>
    </div>
  )
}
