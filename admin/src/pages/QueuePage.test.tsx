// The queue page against a fake gateway at the fetch boundary: keyboard triage end to end.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { MemoryRouter } from 'react-router-dom'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { QueueItem } from '../api/types'
import { QueuePage } from './QueuePage'

function item(id: number, text: string, verdict = 'reject'): QueueItem {
  return {
    key: `comment:${id}`,
    subject_type: 'comment',
    subject_id: id,
    status: verdict === 'reject' ? 'rejected' : 'pending',
    created_at: '2026-11-21T06:00:00',
    author: { id: 9, username: 'author', display_name: 'Author' },
    text,
    ai: { verdict, scores: { H: 0.93, HR: 0.4, OK: 0.05 }, categories: ['H'], explanation: 'hate speech', provider: 'comment-model', model_version: 'cm-1' },
    escalated: false,
    report_count: 0,
    comment: { video_id: 3, video_title: 'Pasta' },
  }
}

let queue: QueueItem[]
let posted: { url: string; body: unknown }[]

beforeEach(() => {
  queue = [item(1, 'first offending comment'), item(2, 'second one', 'review')]
  posted = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        const body = JSON.parse(String(init.body))
        posted.push({ url, body })
        queue = queue.filter((i) => i.subject_id !== body.subject_id)
        return new Response(JSON.stringify({ subject_type: 'comment', subject_id: body.subject_id, ok: true, status: 'approved' }), { status: 201 })
      }
      return new Response(JSON.stringify({ items: queue, counts: { video: 0, comment: queue.length, report: 0 } }), { status: 200 })
    }),
  )
})

afterEach(() => {
  vi.unstubAllGlobals()
})

const renderQueue = () =>
  render(
    <MemoryRouter>
      <QueuePage pollMs={60_000} />
    </MemoryRouter>,
  )

describe('QueuePage', () => {
  it('shows the AI verdict with scores, provider and model for the focused item', async () => {
    renderQueue()
    const detail = await screen.findByRole('article', { name: 'focused item' })
    await waitFor(() => expect(detail).toHaveTextContent('first offending comment'))
    expect(detail).toHaveTextContent('hate speech')
    expect(detail).toHaveTextContent('comment-model')
    expect(detail).toHaveTextContent('cm-1')
    expect(detail.querySelectorAll('.scorebars li')).toHaveLength(2)
  })

  it('moves with j/k and refuses to act without a reason', async () => {
    renderQueue()
    await screen.findByText('second one')
    fireEvent.keyDown(window, { key: 'j' })
    await waitFor(() => expect(document.querySelector('.item.focused')).toHaveAttribute('data-key', 'comment:2'))
    fireEvent.keyDown(window, { key: 'k' })
    await waitFor(() => expect(document.querySelector('.item.focused')).toHaveAttribute('data-key', 'comment:1'))
    fireEvent.keyDown(window, { key: 'a' })
    expect(await screen.findByRole('status')).toHaveTextContent('Give a reason first')
    expect(posted).toEqual([])
  })

  it('approves the focused item with a preset reason from the keyboard', async () => {
    renderQueue()
    await screen.findByText('second one')
    fireEvent.keyDown(window, { key: '1' })
    expect(screen.getByLabelText('Reason')).toHaveValue('Not a violation')
    await act(async () => {
      fireEvent.keyDown(window, { key: 'a' })
    })
    await waitFor(() => expect(posted).toHaveLength(1))
    expect(posted[0]).toEqual({
      url: '/api/admin/decisions',
      body: { subject_type: 'comment', subject_id: 1, action: 'approve', reason: 'Not a violation' },
    })
    expect(await screen.findByRole('status')).toHaveTextContent('Approved comment 1')
    await waitFor(() => expect(screen.queryByText('first offending comment')).not.toBeInTheDocument())
  })

  it('sends selected items as one bulk request', async () => {
    renderQueue()
    await screen.findByText('second one')
    fireEvent.keyDown(window, { key: 'A', shiftKey: true })
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'spam wave' } })
    await act(async () => {
      fireEvent.keyDown(window, { key: 'r' })
    })
    await waitFor(() => expect(posted).toHaveLength(1))
    expect(posted[0].url).toBe('/api/admin/decisions/bulk')
    expect(posted[0].body).toMatchObject({ action: 'reject', reason: 'spam wave', items: [{ subject_id: 1 }, { subject_id: 2 }] })
  })
})
