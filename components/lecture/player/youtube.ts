import { PlayerEvents, type VideoPlayer } from './types'

// The YouTube IFrame Player API. Its script (https://www.youtube.com/iframe_api) is loaded only when a lecture
// actually plays from YouTube; a self-hosted lecture never contacts YouTube. The iframe is created by the page
// (youtube-nocookie.com, with a referrer policy YouTube accepts) and the API attaches to it.

type YTPlayer = {
  playVideo(): void
  pauseVideo(): void
  seekTo(seconds: number, allowSeekAhead: boolean): void
  cuePlaylist(options: { listType: 'playlist'; list: string; index: number; startSeconds?: number }): void
  getCurrentTime(): number
  getDuration(): number
  getPlaybackRate(): number
  setPlaybackRate(rate: number): void
  getAvailablePlaybackRates(): number[]
  getPlayerState(): number
  mute(): void
  unMute(): void
  isMuted(): boolean
  destroy(): void
}

type YTNamespace = {
  Player: new (element: HTMLElement, options: { events: Record<string, (event: { data: number }) => void> }) => YTPlayer
}

declare global {
  interface Window {
    YT?: YTNamespace
    onYouTubeIframeAPIReady?: () => void
  }
}

const API_URL = 'https://www.youtube.com/iframe_api'
const EMBED_HOST = 'https://www.youtube-nocookie.com'
const STATE = { ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3 } as const

let apiPromise: Promise<YTNamespace> | undefined

function loadYouTubeApi(): Promise<YTNamespace> {
  if (window.YT?.Player) return Promise.resolve(window.YT)
  apiPromise ??= new Promise<YTNamespace>((resolve, reject) => {
    const previous = window.onYouTubeIframeAPIReady
    window.onYouTubeIframeAPIReady = () => {
      previous?.()
      if (window.YT) resolve(window.YT)
    }
    const script = document.createElement('script')
    script.src = API_URL
    script.async = true
    script.onerror = () => {
      apiPromise = undefined
      reject(new Error('the YouTube player could not be loaded (is youtube.com reachable?)'))
    }
    document.head.appendChild(script)
  })
  return apiPromise
}

export type YouTubeTarget = { videoId: string; playlist?: undefined } | { videoId?: undefined; playlist: { id: string; index: number } }

/** The embed URL for the page's iframe. */
export function youtubeEmbedUrl(target: YouTubeTarget, origin: string, startSeconds = 0): string {
  const params = new URLSearchParams({ enablejsapi: '1', origin, rel: '0', playsinline: '1', modestbranding: '1' })
  if (startSeconds > 0) params.set('start', String(Math.floor(startSeconds)))
  if (target.videoId) return `${EMBED_HOST}/embed/${encodeURIComponent(target.videoId)}?${params}`
  // the playlist position is cued through the API once the player is ready (its index is documented there)
  params.set('list', target.playlist!.id)
  return `${EMBED_HOST}/embed/videoseries?${params}`
}

/** Attach the IFrame API to the page's iframe; for a playlist item, cue that item (1-based, as in the quiz files). */
export async function createYouTubePlayer(iframe: HTMLIFrameElement, target?: YouTubeTarget, startSeconds = 0): Promise<VideoPlayer> {
  const YT = await loadYouTubeApi()
  const events = new PlayerEvents()
  let state = -1
  let knownDuration: number | null = null
  let ready = false
  let rate = 1
  const player: YTPlayer = await new Promise((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error('the YouTube player did not start')), 20_000)
    const p = new YT.Player(iframe, {
      events: {
        onReady: () => {
          window.clearTimeout(timer)
          ready = true
          resolve(p)
        },
        onStateChange: (e) => {
          state = e.data
          if (state === STATE.PLAYING) events.emit('play')
          else if (state === STATE.PAUSED) events.emit('pause')
          else if (state === STATE.ENDED) {
            events.emit('pause')
            events.emit('ended')
          }
        },
        onPlaybackRateChange: (e) => {
          rate = e.data
          events.emit('ratechange')
        },
        onError: (e) => events.emit('error', `YouTube could not play this video (error ${e.data})`),
      },
    })
  })
  if (target?.playlist) {
    player.cuePlaylist({
      listType: 'playlist',
      list: target.playlist.id,
      index: Math.max(0, target.playlist.index - 1),
      startSeconds: Math.floor(startSeconds),
    })
  }
  rate = player.getPlaybackRate() || 1
  // YouTube has no timeupdate event: poll while playing
  const poll = window.setInterval(() => {
    if (!ready) return
    const d = player.getDuration()
    if (d > 0 && d !== knownDuration) {
      knownDuration = d
      events.emit('durationchange')
    }
    if (state === STATE.PLAYING || state === STATE.BUFFERING) events.emit('timeupdate')
  }, 250)
  events.emit('ready') // sticky: the page's listener, attached after this returns, still receives it

  return {
    kind: 'youtube',
    play: () => player.playVideo(),
    pause: () => player.pauseVideo(),
    seek: (t) => {
      events.emit('seeking')
      player.seekTo(Math.max(0, t), true)
      events.emit('seeked')
    },
    currentTime: () => player.getCurrentTime() || 0,
    duration: () => {
      const d = player.getDuration()
      return d > 0 ? d : null
    },
    rate: () => rate,
    setRate: (r) => {
      player.setPlaybackRate(r)
      rate = r
    },
    availableRates: () => {
      const rates = player.getAvailablePlaybackRates()
      return rates?.length ? rates : [1]
    },
    paused: () => state !== STATE.PLAYING && state !== STATE.BUFFERING,
    seeking: () => false,
    muted: () => player.isMuted(),
    setMuted: (m) => (m ? player.mute() : player.unMute()),
    element: () => iframe.parentElement ?? iframe,
    on: (event, listener) => events.on(event, listener),
    destroy: () => {
      window.clearInterval(poll)
      events.clear()
      // not player.destroy(): that removes the iframe, which belongs to React
    },
  }
}
