import { describe, expect, it } from 'vitest'

import { crossSiteRefusal } from './cross-site'

const APP = 'https://course.example.edu'
const req = (method: string, headers: Record<string, string> = {}) => ({ method, headers: new Headers(headers) })

describe('crossSiteRefusal', () => {
  it('lets safe methods through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(crossSiteRefusal(req(method, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), APP)).toBeNull()
  })

  it('refuses a state-changing request a browser marks cross-site or same-site (a sibling subdomain)', () => {
    for (const site of ['cross-site', 'same-site']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const message = crossSiteRefusal(req(method, { 'sec-fetch-site': site, origin: 'https://students.example.edu' }), APP)
        expect(message).toMatch(/from https:\/\/students\.example\.edu .*only from https:\/\/course\.example\.edu.*API token/)
      }
    }
  })

  it('lets the app’s own pages and typed-in navigations through', () => {
    expect(crossSiteRefusal(req('POST', { 'sec-fetch-site': 'same-origin', origin: APP }), APP)).toBeNull()
    expect(crossSiteRefusal(req('POST', { 'sec-fetch-site': 'none' }), APP)).toBeNull()
  })

  it('without Sec-Fetch-Site, decides by Origin', () => {
    expect(crossSiteRefusal(req('POST', { origin: APP }), APP)).toBeNull()
    expect(crossSiteRefusal(req('POST', { origin: 'https://course.example.edu:8443' }), APP)).not.toBeNull()
    expect(crossSiteRefusal(req('POST', { origin: 'http://course.example.edu' }), APP)).not.toBeNull()
    expect(crossSiteRefusal(req('POST', { origin: 'null' }), APP)).toMatch(/from another site/)
  })

  it('Sec-Fetch-Site wins over a matching Origin', () => {
    expect(crossSiteRefusal(req('POST', { 'sec-fetch-site': 'cross-site', origin: APP }), APP)).not.toBeNull()
  })

  it('lets a request with neither header through: no browser sends one like that', () => {
    expect(crossSiteRefusal(req('POST'), APP)).toBeNull()
  })
})
