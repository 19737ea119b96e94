import { PlayerEvents, type VideoPlayer } from './types'

const HTML5_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]

/** A VideoPlayer over a <video> element the page rendered (self-hosted file). */
export function createHtml5Player(video: HTMLVideoElement): VideoPlayer {
  const events = new PlayerEvents()
  const forward: [keyof HTMLMediaElementEventMap, Parameters<PlayerEvents['emit']>[0]][] = [
    ['play', 'play'],
    ['pause', 'pause'],
    ['timeupdate', 'timeupdate'],
    ['seeking', 'seeking'],
    ['seeked', 'seeked'],
    ['ratechange', 'ratechange'],
    ['durationchange', 'durationchange'],
    ['ended', 'ended'],
  ]
  const handlers = forward.map(([dom, ours]) => {
    const h = () => events.emit(ours)
    video.addEventListener(dom, h)
    return [dom, h] as const
  })
  const onError = () => events.emit('error', video.error?.message || `the video could not be loaded (code ${video.error?.code ?? '?'})`)
  video.addEventListener('error', onError)
  // the file may have failed before this player was attached
  if (video.error) queueMicrotask(onError)
  const onReady = () => events.emit('ready')
  if (video.readyState >= 1) queueMicrotask(onReady)
  else video.addEventListener('loadedmetadata', onReady, { once: true })

  return {
    kind: 'html5',
    play: () => {
      video.play().catch((e: unknown) => {
        // a play() interrupted by pause() or a seek is not an error worth showing
        if ((e as Error)?.name !== 'AbortError') events.emit('error', (e as Error)?.message ?? 'playback failed')
      })
    },
    pause: () => video.pause(),
    seek: (t) => {
      const d = Number.isFinite(video.duration) ? video.duration : Infinity
      video.currentTime = Math.max(0, Math.min(t, d))
    },
    currentTime: () => video.currentTime,
    duration: () => (Number.isFinite(video.duration) && video.duration > 0 ? video.duration : null),
    rate: () => video.playbackRate,
    setRate: (r) => {
      video.playbackRate = r
      video.defaultPlaybackRate = r
    },
    availableRates: () => HTML5_RATES,
    paused: () => video.paused,
    seeking: () => video.seeking,
    muted: () => video.muted,
    setMuted: (m) => {
      video.muted = m
    },
    element: () => video.parentElement ?? video,
    on: (event, listener) => events.on(event, listener),
    destroy: () => {
      for (const [dom, h] of handlers) video.removeEventListener(dom, h)
      video.removeEventListener('error', onError)
      video.removeEventListener('loadedmetadata', onReady)
      events.clear()
    },
  }
}
