import { describe, expect, it } from 'vitest'

import { DEFAULT_HOST, isLoopback, listenHost } from './listen-address.mjs'

describe('listenHost (npm start)', () => {
  it('listens on 127.0.0.1 unless --host is given, development sign-in or not', () => {
    expect(listenHost({ host: undefined, devLogin: true })).toBe('127.0.0.1')
    expect(listenHost({ host: undefined, devLogin: false })).toBe(DEFAULT_HOST)
  })

  it('refuses to listen beyond loopback while the development sign-in is on, and says how to set up real sign-in', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'course.example.edu', '128.0.0.1']) {
      expect(() => listenHost({ host, devLogin: true, port: 3100 })).toThrow(/refusing to listen on .*development sign-in is on/)
    }
    const error = (() => {
      try {
        listenHost({ host: '0.0.0.0', devLogin: true, port: 3100 })
      } catch (e) {
        return e as { fix?: string }
      }
    })()
    expect(error?.fix).toMatch(/AUTH_GITHUB_ID, AUTH_GITHUB_SECRET.*AUTH_DEV_LOGIN=0.*--host 0\.0\.0\.0 --port 3100/)
  })

  it('allows loopback addresses with the development sign-in, and any address without it', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(listenHost({ host, devLogin: true })).toBe(host)
    expect(listenHost({ host: '0.0.0.0', devLogin: false })).toBe('0.0.0.0')
  })

  it('wants a value after --host', () => {
    expect(() => listenHost({ host: '', devLogin: false })).toThrow(/--host needs an address/)
    expect(() => listenHost({ host: '--port', devLogin: false })).toThrow(/--host needs an address/)
  })

  it('knows loopback from the rest', () => {
    expect(isLoopback('127.0.0.1')).toBe(true)
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true)
    expect(isLoopback('0.0.0.0')).toBe(false)
    expect(isLoopback('localhost.example.edu')).toBe(false)
  })
})
