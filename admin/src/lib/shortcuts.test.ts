import { describe, expect, it } from 'vitest'
import { commandFor } from './shortcuts'

const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...extra })

describe('queue shortcuts', () => {
  it('maps the triage keys', () => {
    expect(commandFor(key('j'), false)).toEqual({ kind: 'move', delta: 1 })
    expect(commandFor(key('ArrowUp'), false)).toEqual({ kind: 'move', delta: -1 })
    expect(commandFor(key('a'), false)).toEqual({ kind: 'act', action: 'approve' })
    expect(commandFor(key('r'), false)).toEqual({ kind: 'act', action: 'reject' })
    expect(commandFor(key('e'), false)).toEqual({ kind: 'act', action: 'escalate' })
    expect(commandFor(key('x'), false)).toEqual({ kind: 'toggle' })
    expect(commandFor(key('A', { shiftKey: true }), false)).toEqual({ kind: 'selectAll' })
    expect(commandFor(key('3'), false)).toEqual({ kind: 'preset', index: 2 })
  })

  it('never fires while typing or with modifiers', () => {
    expect(commandFor(key('a'), true)).toBeNull()
    expect(commandFor(key('r', { ctrlKey: true }), false)).toBeNull()
    expect(commandFor(key('q'), false)).toBeNull()
  })
})
