// A stand-in for https://www.youtube.com/iframe_api, served by tests/e2e/youtube-player.spec.ts: the same
// player API surface (YT.Player attached to an existing iframe, states, rates, seekTo, events), driven by a
// clock instead of a video. window.__fakeYT exposes it to the test.
;(() => {
  var STATE = { UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 }
  function Player(iframe, options) {
    var events = options?.events || {}
    var self = this
    var state = STATE.CUED
    var base = 0
    var since = 0
    var rate = 1
    var muted = false
    var duration = 120
    var m = /[?&]start=(\d+)/.exec(iframe.src || '')
    if (m) base = Number(m[1])
    function now() {
      return state === STATE.PLAYING ? Math.min(duration, base + ((performance.now() - since) / 1000) * rate) : base
    }
    function setState(s) {
      base = now()
      since = performance.now()
      state = s
      events.onStateChange?.({ target: self, data: s })
    }
    this.playVideo = () => {
      setState(STATE.PLAYING)
    }
    this.pauseVideo = () => {
      if (state === STATE.PLAYING) setState(STATE.PAUSED)
    }
    this.seekTo = (t) => {
      base = Math.max(0, Math.min(duration, t))
      since = performance.now()
      if (state !== STATE.PAUSED && state !== STATE.PLAYING) setState(STATE.PLAYING)
    }
    this.cuePlaylist = (o) => {
      base = o?.startSeconds || 0
      window.__fakeYT.cued = o
      setState(STATE.CUED)
    }
    this.getCurrentTime = () => now()
    this.getDuration = () => duration
    this.getPlaybackRate = () => rate
    this.setPlaybackRate = (r) => {
      base = now()
      since = performance.now()
      rate = r
      events.onPlaybackRateChange?.({ target: self, data: r })
    }
    this.getAvailablePlaybackRates = () => [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]
    this.getPlayerState = () => state
    this.mute = () => {
      muted = true
    }
    this.unMute = () => {
      muted = false
    }
    this.isMuted = () => muted
    this.destroy = () => {}
    window.__fakeYT = {
      player: this,
      iframeSrc: iframe.src,
      state: () => state,
    }
    setTimeout(() => {
      events.onReady?.({ target: self })
    }, 50)
  }
  window.YT = { Player: Player, PlayerState: STATE }
  setTimeout(() => {
    window.onYouTubeIframeAPIReady?.()
  }, 0)
})()
