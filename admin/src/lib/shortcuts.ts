// Queue keyboard shortcuts, kept apart from the page so they are easy to test and list.
import type { Action } from '../api/types'

export type Command =
  | { kind: 'move'; delta: number }
  | { kind: 'act'; action: Action }
  | { kind: 'toggle' }
  | { kind: 'selectAll' }
  | { kind: 'preset'; index: number }
  | { kind: 'focusReason' }
  | { kind: 'refresh' }

export const SHORTCUTS: [string, string][] = [
  ['j / ↓', 'next item'],
  ['k / ↑', 'previous item'],
  ['x', 'select for bulk'],
  ['shift+a', 'select all'],
  ['a', 'approve'],
  ['r', 'reject'],
  ['e', 'escalate'],
  ['1–6', 'pick a reason'],
  ['/', 'type a reason'],
  ['u', 'refresh now'],
]

/** Map a key press to a queue command; typing in a form field is never a shortcut. */
export function commandFor(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>, inField: boolean): Command | null {
  if (inField || e.ctrlKey || e.metaKey || e.altKey) return null
  if (e.shiftKey && e.key.toLowerCase() === 'a') return { kind: 'selectAll' }
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return { kind: 'move', delta: 1 }
    case 'k':
    case 'ArrowUp':
      return { kind: 'move', delta: -1 }
    case 'a':
      return { kind: 'act', action: 'approve' }
    case 'r':
      return { kind: 'act', action: 'reject' }
    case 'e':
      return { kind: 'act', action: 'escalate' }
    case 'x':
      return { kind: 'toggle' }
    case '/':
      return { kind: 'focusReason' }
    case 'u':
      return { kind: 'refresh' }
  }
  if (/^[1-9]$/.test(e.key)) return { kind: 'preset', index: Number(e.key) - 1 }
  return null
}
