// A stand-in for https://www.youtube.com/iframe_api, served by tests/e2e/youtube-player.spec.ts: the same
// player API surface (YT.Player attached to an existing iframe, states, rates, seekTo, events), driven by a
// clock instead of a video. window.__fakeYT exposes it to the test.
;(function () {
  var STATE = { UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 }
  function Player(iframe, options) {
    var events = (options && options.events) || {}
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
      events.onStateChange && events.onStateChange({ target: self, data: s })
    }
    this.playVideo = function () {
      setState(STATE.PLAYING)
    }
    this.pauseVideo = function () {
      if (state === STATE.PLAYING) setState(STATE.PAUSED)
    }
    this.seekTo = function (t) {
      base = Math.max(0, Math.min(duration, t))
      since = performance.now()
      if (state !== STATE.PAUSED && state !== STATE.PLAYING) setState(STATE.PLAYING)
    }
    this.cuePlaylist = function (o) {
      base = (o && o.startSeconds) || 0
      window.__fakeYT.cued = o
      setState(STATE.CUED)
    }
    this.getCurrentTime = function () {
      return now()
    }
    this.getDuration = function () {
      return duration
    }
    this.getPlaybackRate = function () {
      return rate
    }
    this.setPlaybackRate = function (r) {
      base = now()
      since = performance.now()
      rate = r
      events.onPlaybackRateChange && events.onPlaybackRateChange({ target: self, data: r })
    }
    this.getAvailablePlaybackRates = function () {
      return [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]
    }
    this.getPlayerState = function () {
      return state
    }
    this.mute = function () {
      muted = true
    }
    this.unMute = function () {
      muted = false
    }
    this.isMuted = function () {
      return muted
    }
    this.destroy = function () {}
    window.__fakeYT = {
      player: this,
      iframeSrc: iframe.src,
      state: function () {
        return state
      },
    }
    setTimeout(function () {
      events.onReady && events.onReady({ target: self })
    }, 50)
  }
  window.YT = { Player: Player, PlayerState: STATE }
  setTimeout(function () {
    window.onYouTubeIframeAPIReady && window.onYouTubeIframeAPIReady()
  }, 0)
})()
