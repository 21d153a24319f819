// A from/to day picker with quick presets; the range applies to every chart on a page.
import { daysAgo, isoDay } from '../lib/format'

export interface Range {
  start: string
  end: string
}

export const lastDays = (n: number): Range => ({ start: daysAgo(n - 1), end: isoDay(new Date()) })

export function DateRange({ value, onChange }: { value: Range; onChange: (r: Range) => void }) {
  return (
    <div className="daterange" role="group" aria-label="date range">
      <label>
        From <input type="date" value={value.start} max={value.end} onChange={(e) => onChange({ ...value, start: e.target.value })} />
      </label>
      <label>
        To <input type="date" value={value.end} min={value.start} onChange={(e) => onChange({ ...value, end: e.target.value })} />
      </label>
      {[7, 30, 90].map((n) => (
        <button key={n} type="button" className="ghost" onClick={() => onChange(lastDays(n))}>
          {n} days
        </button>
      ))}
    </div>
  )
}

/** Start of the first day and start of the day after the last, as API query values. */
export function rangeQuery(r: Range): { start: string; end: string } {
  const end = new Date(`${r.end}T00:00:00Z`)
  end.setUTCDate(end.getUTCDate() + 1)
  return { start: `${r.start}T00:00:00Z`, end: end.toISOString().replace('.000', '') }
}
