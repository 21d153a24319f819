// The fetch wrapper against a fake gateway at the fetch boundary: error shape and token refresh.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, SIGNED_OUT, get, loadTokens, saveTokens } from './client'

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status })

afterEach(() => vi.unstubAllGlobals())

describe('api client', () => {
  it('turns the gateway error shape into ApiError', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ error: { code: 'forbidden', message: 'moderator role required' } }, 403)))
    const err = (await get('/api/admin/queue').catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect([err.status, err.code, err.message]).toEqual([403, 'forbidden', 'moderator role required'])
  })

  it('refreshes once on 401 and retries with the new token', async () => {
    saveTokens({ access_token: 'old', refresh_token: 'r1' })
    const seen: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (url === '/api/auth/refresh') return json({ access_token: 'new', refresh_token: 'r2' })
        const auth = (init?.headers as Record<string, string>).Authorization
        seen.push(auth)
        return auth === 'Bearer new' ? json({ ok: true }) : json({ error: { code: 'invalid_token', message: 'expired' } }, 401)
      }),
    )
    expect(await get('/api/admin/queue')).toEqual({ ok: true })
    expect(seen).toEqual(['Bearer old', 'Bearer new'])
    expect(loadTokens()).toEqual({ access_token: 'new', refresh_token: 'r2' })
  })

  it('signs out when the refresh token is refused', async () => {
    saveTokens({ access_token: 'old', refresh_token: 'spent' })
    const signedOut = vi.fn()
    window.addEventListener(SIGNED_OUT, signedOut)
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/api/auth/refresh'
          ? json({ error: { code: 'invalid_refresh_token', message: 'no' } }, 401)
          : json({ error: { code: 'invalid_token', message: 'expired' } }, 401),
      ),
    )
    await expect(get('/api/admin/queue')).rejects.toMatchObject({ status: 401 })
    expect(loadTokens()).toBeNull()
    expect(signedOut).toHaveBeenCalledOnce()
    window.removeEventListener(SIGNED_OUT, signedOut)
  })
})
