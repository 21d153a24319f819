import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { barLevel, ScoreBars } from './ScoreBars'

const thresholds = [
  { category: 'H', name: 'hate', review: 0.3, reject: 0.8, source: 'db', custom: true },
  { category: 'HR', name: 'harassment', review: 0.5, reject: 0.9, source: 'default', custom: false },
]

describe('ScoreBars', () => {
  it('draws one bar per unsafe category, worst first, without the safe score', () => {
    render(<ScoreBars scores={{ OK: 0.9, HR: 0.6, H: 0.85, V: 0.1 }} names={{ H: 'hate', HR: 'harassment' }} thresholds={thresholds} />)
    const rows = screen.getAllByRole('listitem')
    expect(rows.map((r) => r.getAttribute('data-category'))).toEqual(['H', 'HR', 'V'])
    expect(rows[0]).toHaveTextContent('hate')
    expect(rows[0]).toHaveTextContent('0.85')
    expect(rows[2]).toHaveTextContent('V') // no name known: the code stands in
  })

  it('colours each bar by the policy thresholds of its own category', () => {
    const { container } = render(<ScoreBars scores={{ H: 0.85, HR: 0.6 }} thresholds={thresholds} highlight={['H']} />)
    const fills = [...container.querySelectorAll('.fill')].map((f) => f.className)
    expect(fills).toEqual(['fill reject', 'fill review'])
    expect(container.querySelectorAll('.mark')).toHaveLength(4)
    expect(container.querySelector('li.hl')?.getAttribute('data-category')).toBe('H')
  })

  it('says so when there are no scores', () => {
    render(<ScoreBars scores={{ OK: 1 }} />)
    expect(screen.getByText('no scores')).toBeInTheDocument()
  })

  it('falls back to default thresholds without a policy', () => {
    expect(barLevel(0.9)).toBe('reject')
    expect(barLevel(0.5)).toBe('review')
    expect(barLevel(0.1)).toBe('ok')
    expect(barLevel(0.85, thresholds[1])).toBe('review')
  })
})
