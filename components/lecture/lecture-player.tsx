'use client'

import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'

import { formatVideoTime } from '@/lib/content/time'
import { advanceFurthest, chapterIndexAt, isSeek, PLAYBACK_RATES, QuizTimeline, resumePosition, type Stop } from '@/lib/lectures/timeline'
import { youtubeWatchUrl, type VideoSource } from '@/lib/lectures/video'
import type { AnswerOutcome, PublicQuestion, QuestionStatus, Reveal } from '@/lib/quiz/types'
import type { SourceLink } from '@/lib/source/links'

import { ApiError, getPreview, getResult, postProgress } from './api'
import { ChapterList } from './chapter-list'
import styles from './lecture.module.css'
import { createHtml5Player } from './player/html5'
import type { VideoPlayer } from './player/types'
import { createYouTubePlayer, youtubeEmbedUrl } from './player/youtube'
import { QuestionList } from './question-list'
import { QuizDialog, type DialogMode } from './quiz-dialog'
import { ReadingQuiz } from './reading-quiz'
import { SeekBar } from './seek-bar'
import { StaffTools } from './staff-tools'
import { TranscriptPanel } from './transcript-panel'
import { useTranscript } from './use-transcript'

export type PlayerChapter = { position: number; startSeconds: number; title: string; sources: SourceLink[] }

type Props = {
  lecture: { slug: string; number: number; title: string; summary?: string | null; durationHint: number | null }
  video: VideoSource | null
  chapters: PlayerChapter[]
  questions: PublicQuestion[]
  statuses: Record<string, QuestionStatus>
  watch: { positionSeconds: number; furthestSeconds: number; durationSeconds: number | null; playbackRate: number } | null
  /** ?t= from the URL (a chapter or back-link) */
  startAt: number | null
  staff: boolean
  /** the lecture has a WebVTT transcript (shown beside the video, and as captions on a self-hosted file) */
  hasTranscript?: boolean
}

type Active = {
  question: PublicQuestion
  mode: DialogMode
  reveal: Reveal | null
  notice: string | null
  /** resume playback when the student continues (the question stopped the video) */
  resumeAfter: boolean
}

const SAVE_EVERY_MS = 10_000
/** a player that is not ready by then (an embed that shows the browser's error page, a stalled file) counts as unavailable */
const LOAD_TIMEOUT_MS = 20_000
const SHORTCUT_KEYS = new Set(['k', ' ', 'j', 'l', 'ArrowLeft', 'ArrowRight', 'm', 'f', '<', '>'])

/**
 * The lecture player: video (YouTube or a self-hosted file, behind one VideoPlayer interface), controls,
 * chapters, the in-video quiz and progress saving. Quiz timing rules live in lib/lectures/timeline.ts.
 */
export function LecturePlayer({ lecture, video, chapters, questions, statuses: initialStatuses, watch, startAt, staff, hasTranscript = false }: Props) {
  const [timeline] = useState(
    () =>
      new QuizTimeline(
        questions,
        Object.entries(initialStatuses)
          .filter(([, s]) => s.finished)
          .map(([id]) => id),
      ),
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: computed once, for the first load; later changes must not move the player
  const initialTime = useMemo(() => {
    const wanted = startAt ?? resumePosition(watch?.positionSeconds, watch?.durationSeconds)
    return timeline.clampSeek(wanted).time
  }, [])

  const wrapperRef = useRef<HTMLDivElement>(null)
  const videoRef = useRef<HTMLVideoElement>(null)
  const iframeRef = useRef<HTMLIFrameElement>(null)
  const playButtonRef = useRef<HTMLButtonElement>(null)
  const playerRef = useRef<VideoPlayer | null>(null)
  const lastObservation = useRef<{ time: number; now: number } | null>(null)
  const furthest = useRef(watch?.furthestSeconds ?? 0)
  const lastSaved = useRef('')
  const activeRef = useRef<Active | null>(null)
  const authoringRef = useRef(false)

  const [ready, setReady] = useState(false)
  const [playing, setPlaying] = useState(false)
  const [time, setTime] = useState(initialTime)
  const [duration, setDuration] = useState<number | null>(watch?.durationSeconds ?? lecture.durationHint)
  const [rate, setRate] = useState(watch?.playbackRate ?? 1)
  const [rates, setRates] = useState<number[]>([...PLAYBACK_RATES])
  const [muted, setMuted] = useState(false)
  const [statuses, setStatuses] = useState(initialStatuses)
  const [active, setActiveState] = useState<Active | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const [playerError, setPlayerError] = useState<string | null>(null)
  const [embedSrc, setEmbedSrc] = useState<string | null>(null)
  const [authoring, setAuthoringState] = useState(false)
  const [loadingQuestion, setLoadingQuestion] = useState<string | null>(null)
  // the lecture without the video: when the player cannot load, or when the student asks for it
  const [videoFailed, setVideoFailed] = useState(false)
  const [readingChosen, setReadingChosen] = useState(false)
  const readingMode = !video || videoFailed || readingChosen
  const readingModeRef = useRef(readingMode)
  readingModeRef.current = readingMode
  /** a visible answer when a control cannot act (no player yet, no video) */
  const [controlNotice, setControlNotice] = useState<string | null>(null)
  const lastOpened = useRef<string | null>(null)
  // the transcript is fetched again when a required question is finished: more of it may be read then
  const transcriptGate = questions.find((q) => q.blocking && !statuses[q.id]?.finished)?.id ?? 'none'
  const { transcript, error: transcriptError } = useTranscript(lecture.slug, hasTranscript, transcriptGate)

  const setActive = useCallback((a: Active | null) => {
    activeRef.current = a
    setActiveState(a)
  }, [])
  const setAuthoring = (on: boolean) => {
    authoringRef.current = on
    setAuthoringState(on)
    const p = playerRef.current
    if (p) timeline.reset(p.currentTime(), performance.now())
  }

  // ---- saving progress -------------------------------------------------------------------------------------

  const save = useCallback(
    (beacon = false) => {
      const p = playerRef.current
      if (!p) return
      const body = { position: round2(p.currentTime()), furthest: round2(furthest.current), duration: p.duration() ?? undefined, rate: p.rate() }
      const signature = `${Math.round(body.position)}|${Math.round(body.furthest)}|${body.duration ?? ''}|${body.rate}`
      if (signature === lastSaved.current) return
      lastSaved.current = signature
      void postProgress(lecture.slug, body, { beacon })
    },
    [lecture.slug],
  )

  // ---- questions ---------------------------------------------------------------------------------------------

  const numberOf = useCallback((q: PublicQuestion) => questions.findIndex((x) => x.id === q.id) + 1, [questions])

  const openQuestion = useCallback(
    (question: PublicQuestion, mode: DialogMode, options: { notice?: string | null; resumeAfter?: boolean; reveal?: Reveal | null } = {}) => {
      lastOpened.current = question.id
      setActive({ question, mode, reveal: options.reveal ?? null, notice: options.notice ?? null, resumeAfter: options.resumeAfter ?? false })
      const n = numberOf(question)
      setAnnouncement(
        mode === 'answer'
          ? `Video paused for question ${n} of ${questions.length}${question.blocking ? ', which must be answered to continue' : ''}.`
          : `Question ${n} of ${questions.length}.`,
      )
    },
    [numberOf, questions.length, setActive],
  )

  const stopFor = useCallback(
    (stop: Stop) => {
      const p = playerRef.current
      if (!p) return
      p.pause()
      if (p.currentTime() !== stop.seekTo) p.seek(stop.seekTo)
      lastObservation.current = { time: stop.seekTo, now: performance.now() }
      setTime(stop.seekTo)
      if (activeRef.current?.question.id === stop.question.id) return
      const question = questions.find((q) => q.id === stop.question.id)
      if (!question) return
      openQuestion(question, 'answer', {
        resumeAfter: true,
        notice: stop.reason === 'clamped' ? 'Answer this question to continue: the video cannot skip past it until you do.' : null,
      })
      save()
    },
    [openQuestion, questions, save],
  )

  /** Observe the player's time: quiz stops, furthest-watched, the time shown. */
  const check = useCallback(() => {
    const p = playerRef.current
    if (!p) return
    const now = performance.now()
    const t = p.currentTime()
    const observation = { time: t, now, rate: p.rate(), playing: !p.paused(), seeking: p.seeking() }
    const prev = lastObservation.current
    if (prev) furthest.current = advanceFurthest(furthest.current, prev.time, t, isSeek(prev, observation) ? 'seek' : 'play')
    lastObservation.current = { time: t, now }
    if (!authoringRef.current) {
      const stop = timeline.observe(observation)
      if (stop) {
        stopFor(stop)
        return
      }
    }
    setTime((shown) => (Math.abs(shown - t) >= 0.2 || p.paused() ? t : shown))
  }, [stopFor, timeline])

  /** Seeks from the page's controls (seek bar, chapters, ±10 s, shortcuts) go through the blocking gate. */
  const seekTo = useCallback(
    (target: number) => {
      const p = playerRef.current
      if (!p) {
        const why = readingModeRef.current
          ? `The video is unavailable, so it cannot jump to ${formatVideoTime(Math.max(0, target))}. Answer the questions in the reading list instead.`
          : `The video has not loaded yet, so it cannot jump to ${formatVideoTime(Math.max(0, target))}. Try again in a moment.`
        setControlNotice(why)
        setAnnouncement(why)
        return
      }
      const max = p.duration() ?? Infinity
      let to = Math.max(0, Math.min(target, max))
      if (!authoringRef.current) {
        const clamped = timeline.clampSeek(to)
        if (clamped.stop) {
          stopFor(clamped.stop)
          return
        }
        to = clamped.time
      }
      p.seek(to)
      const now = performance.now()
      lastObservation.current = { time: to, now }
      timeline.reset(to, now)
      setTime(to)
      // landing exactly on a question (its time in the list, or the blocking question itself) opens it
      const here = authoringRef.current ? null : timeline.questionAt(to, 0.05)
      if (here) stopFor(here)
      else window.setTimeout(() => save(), 1000)
    },
    [save, stopFor, timeline],
  )

  const onAnswered = useCallback(
    (outcome: AnswerOutcome) => {
      setStatuses((s) => ({ ...s, [outcome.questionId]: outcome.status }))
      if (outcome.status.finished) timeline.markFinished(outcome.questionId)
      setAnnouncement(
        outcome.correct
          ? 'Correct.'
          : outcome.attemptsLeft > 0
            ? `Not quite. ${outcome.attemptsLeft} attempts left.`
            : 'Not quite. The answer and explanation are shown.',
      )
    },
    [timeline],
  )

  const closeQuestion = useCallback(
    (action: 'continue' | 'skip' | 'close') => {
      const a = activeRef.current
      setActive(null)
      if (!a) return
      if (action === 'skip') timeline.markSkipped(a.question.id)
      if (readingModeRef.current) {
        setAnnouncement(action === 'close' ? '' : 'Question closed.')
        // back to the reading list: the next question's button, else this question's own
        window.requestAnimationFrame(() => focusInReadingList(a.question.id))
        return
      }
      setAnnouncement(action === 'close' ? '' : 'Question closed; the video continues.')
      // return focus to the player
      window.requestAnimationFrame(() => playButtonRef.current?.focus())
      if ((action === 'continue' || action === 'skip') && a.resumeAfter) playerRef.current?.play()
    },
    [setActive, timeline],
  )

  const showQuestion = useCallback(
    async (question: PublicQuestion, mode: 'answer' | 'review' | 'preview') => {
      playerRef.current?.pause()
      if (mode === 'answer') {
        openQuestion(question, 'answer')
        return
      }
      setLoadingQuestion(question.id)
      try {
        const reveal = mode === 'preview' ? (await getPreview(question.id)).reveal : (await getResult(question.id)).reveal
        openQuestion(question, mode, { reveal })
      } catch (e) {
        setAnnouncement(e instanceof ApiError ? e.message : 'The question could not be loaded.')
      } finally {
        setLoadingQuestion(null)
      }
    },
    [openQuestion],
  )

  /** "Review this part": back to the start of the question's chapter, paused, with the cited source opened. */
  const reviewPart = useCallback(
    (question: PublicQuestion, sources: SourceLink[] | null) => {
      const index = Math.max(0, chapterIndexAt(chapters, question.atSeconds))
      const chapter = chapters[index]
      const link = (sources && sources.length > 0 ? sources : (chapter?.sources ?? []))[0]
      if (link) window.open(link.href, '_blank', 'noopener')
      setActive(null)
      const p = playerRef.current
      const where = chapter ? `the start of “${chapter.title}” (${formatVideoTime(chapter.startSeconds)})` : 'the start of the lecture'
      const opened = link ? ` ${link.label} opened in a new tab.` : ''
      if (readingModeRef.current || !p) {
        const message = `Read ${chapter ? `“${chapter.title}”` : 'the chapter'} again.${opened}`
        setControlNotice(message)
        setAnnouncement(message)
        window.requestAnimationFrame(() => focusInReadingList(question.id))
        return
      }
      p.pause()
      const to = chapter?.startSeconds ?? 0
      p.seek(to)
      const now = performance.now()
      lastObservation.current = { time: to, now }
      timeline.reset(to, now)
      setTime(to)
      const message = `Back at ${where}.${opened}${statuses[question.id]?.finished ? '' : ` The question comes up again at ${formatVideoTime(question.atSeconds)}.`}`
      setControlNotice(message)
      setAnnouncement(message)
      window.requestAnimationFrame(() => playButtonRef.current?.focus())
      save()
    },
    [chapters, save, setActive, statuses, timeline],
  )

  // ---- the player ----------------------------------------------------------------------------------------------

  // YouTube: the iframe's URL needs this page's origin, known only in the browser
  useEffect(() => {
    if (video?.kind === 'youtube') setEmbedSrc(youtubeEmbedUrl(video, window.location.origin, initialTime))
  }, [video, initialTime])

  // biome-ignore lint/correctness/useExhaustiveDependencies: the player is made once per video; it reads the rest through refs and stable callbacks
  useEffect(() => {
    let cancelled = false
    let player: VideoPlayer | null = null
    const unsubscribe: (() => void)[] = []

    const attach = (p: VideoPlayer) => {
      if (cancelled) {
        p.destroy()
        return
      }
      player = p
      playerRef.current = p
      unsubscribe.push(
        p.on('ready', () => {
          const wanted = watch?.playbackRate ?? 1
          const available = p.availableRates()
          setRates(available)
          if (available.includes(wanted)) p.setRate(wanted)
          setRate(p.rate())
          if (p.kind === 'html5' && initialTime > 0) p.seek(initialTime)
          const now = performance.now()
          timeline.reset(initialTime, now)
          lastObservation.current = { time: initialTime, now }
          setDuration(p.duration() ?? duration)
          setMuted(p.muted())
          setReady(true)
          if (startAt !== null) {
            // a ?t= link is used once; a reload resumes from the saved position instead
            const url = new URL(window.location.href)
            url.searchParams.delete('t')
            window.history.replaceState(window.history.state, '', url)
          }
          // a question exactly at the resume point (the page was reloaded while it was open) opens again
          const here = authoringRef.current ? null : timeline.questionAt(initialTime)
          if (here) stopFor(here)
          else window.setTimeout(check, 0)
        }),
        p.on('play', () => {
          setPlaying(true)
          setPlayerError(null)
        }),
        p.on('pause', () => {
          setPlaying(false)
          check()
          save()
        }),
        p.on('timeupdate', check),
        p.on('seeking', check),
        p.on('seeked', check),
        p.on('ratechange', () => {
          setRate(p.rate())
          save()
        }),
        p.on('durationchange', () => setDuration(p.duration())),
        p.on('ended', () => {
          check()
          save()
        }),
        p.on('error', (message) => {
          setPlayerError(message ?? 'The video could not be played.')
          // an error before the player was ever ready means the video cannot load at all
          if (!p.duration()) setVideoFailed(true)
        }),
      )
    }

    if (video?.kind === 'file' && videoRef.current) attach(createHtml5Player(videoRef.current))
    else if (video?.kind === 'youtube' && embedSrc && iframeRef.current) {
      createYouTubePlayer(iframeRef.current, video, initialTime).then(attach, (e: Error) => {
        if (cancelled) return
        setPlayerError(e.message)
        setVideoFailed(true)
      })
    }
    return () => {
      cancelled = true
      unsubscribe.forEach((u) => u())
      player?.destroy()
      if (playerRef.current === player) playerRef.current = null
    }
  }, [video, embedSrc])

  // a player that never becomes ready is treated as unavailable
  useEffect(() => {
    if (!video || ready || videoFailed) return
    const timer = window.setTimeout(() => {
      setPlayerError('The video did not load within 20 seconds.')
      setVideoFailed(true)
    }, LOAD_TIMEOUT_MS)
    return () => window.clearTimeout(timer)
  }, [video, ready, videoFailed])

  // frame-accurate checks while playing (timeupdate alone fires only ~4 times a second), and a slower interval
  // that keeps working in a background tab where animation frames stop
  useEffect(() => {
    if (!playing) return
    let frame = 0
    const loop = () => {
      check()
      frame = window.requestAnimationFrame(loop)
    }
    frame = window.requestAnimationFrame(loop)
    const interval = window.setInterval(check, 250)
    const saver = window.setInterval(() => save(), SAVE_EVERY_MS)
    return () => {
      window.cancelAnimationFrame(frame)
      window.clearInterval(interval)
      window.clearInterval(saver)
    }
  }, [playing, check, save])

  // save with sendBeacon when the page is hidden or closed
  useEffect(() => {
    const onHide = () => save(true)
    const onVisibility = () => document.visibilityState === 'hidden' && save(true)
    window.addEventListener('pagehide', onHide)
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      window.removeEventListener('pagehide', onHide)
      document.removeEventListener('visibilitychange', onVisibility)
    }
  }, [save])

  // ---- controls ----------------------------------------------------------------------------------------------

  const togglePlay = () => {
    const p = playerRef.current
    if (!p || activeRef.current) return
    if (p.paused()) p.play()
    else p.pause()
  }
  const changeRate = (r: number) => {
    const p = playerRef.current
    if (!p) return
    p.setRate(r)
    setRate(r)
    setAnnouncement(`Speed ${r}×`)
  }
  const toggleMute = () => {
    const p = playerRef.current
    if (!p) return
    p.setMuted(!p.muted())
    setMuted(!muted)
  }
  const fullscreen = () => {
    const el = wrapperRef.current
    if (!el) return
    if (document.fullscreenElement) void document.exitFullscreen()
    else void el.requestFullscreen?.().catch(() => {})
  }

  const onPlayerKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (activeRef.current || e.ctrlKey || e.metaKey || e.altKey) return
    const target = e.target as HTMLElement
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return
    const onButton = target.closest('button, a') !== null
    const p = playerRef.current
    if (!p || readingModeRef.current) {
      if (!SHORTCUT_KEYS.has(e.key) || (onButton && (e.key === ' ' || e.key.startsWith('Arrow')))) return
      const why = readingModeRef.current
        ? 'Playback shortcuts are off because the video is unavailable. Answer the questions in the reading list below.'
        : 'Playback shortcuts work once the video has loaded.'
      setControlNotice(why)
      setAnnouncement(why)
      e.preventDefault()
      return
    }
    const t = p.currentTime()
    switch (e.key) {
      case 'k':
        togglePlay()
        break
      case ' ':
        if (onButton) return // a focused button activates itself
        togglePlay()
        break
      case 'j':
        seekTo(t - 10)
        break
      case 'l':
        seekTo(t + 10)
        break
      case 'ArrowLeft':
        if (onButton) return
        seekTo(t - 5)
        break
      case 'ArrowRight':
        if (onButton) return
        seekTo(t + 5)
        break
      case 'm':
        toggleMute()
        break
      case 'f':
        fullscreen()
        break
      case '>':
      case '<': {
        const i = rates.indexOf(rate)
        const next = rates[Math.max(0, Math.min(rates.length - 1, (i < 0 ? rates.indexOf(1) : i) + (e.key === '>' ? 1 : -1)))]
        if (next) changeRate(next)
        break
      }
      default:
        return
    }
    e.preventDefault()
  }

  // ---- render ------------------------------------------------------------------------------------------------

  const currentChapter = chapterIndexAt(chapters, time)
  const reached = Math.max(time, furthest.current)
  const gate = timeline.gate()

  return (
    <div className={`${styles.layout} ${readingMode ? styles.readingMode : ''}`} data-reading-mode={readingMode ? 'true' : 'false'}>
      <div className={styles.main}>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the player's keyboard shortcuts bubble up from its focusable controls */}
        <div
          ref={wrapperRef}
          className={styles.player}
          onKeyDown={onPlayerKeyDown}
          data-ready={ready ? 'true' : 'false'}
          data-playing={playing ? 'true' : 'false'}
        >
          <div className={styles.videoBox}>
            {readingMode && (
              <VideoUnavailable
                lectureNumber={lecture.number}
                video={video}
                failed={videoFailed}
                error={playerError}
                onBackToVideo={readingChosen && !videoFailed ? () => setReadingChosen(false) : undefined}
              />
            )}
            {video?.kind === 'file' && (
              // biome-ignore lint/a11y/useMediaCaption: no lecture ships a caption file yet; the transcript panel and WebVTT captions are issue 13's
              <video
                hidden={readingMode}
                ref={videoRef}
                className={styles.video}
                src={video.url}
                preload="metadata"
                playsInline
                onClick={togglePlay}
                aria-label={`Lecture ${lecture.number} video`}
                data-testid="lecture-video"
              >
                {hasTranscript && (
                  <track
                    key={transcriptGate}
                    kind="captions"
                    srcLang="en"
                    label="English"
                    default
                    src={`/api/lectures/${encodeURIComponent(lecture.slug)}/captions?through=${transcriptGate}`}
                  />
                )}
              </video>
            )}
            {video?.kind === 'youtube' && embedSrc && (
              <iframe
                hidden={readingMode}
                ref={iframeRef}
                className={styles.video}
                src={embedSrc}
                title={`Lecture ${lecture.number}: ${lecture.title} (YouTube)`}
                allow="autoplay; encrypted-media; picture-in-picture; fullscreen"
                referrerPolicy="strict-origin-when-cross-origin"
                allowFullScreen
              />
            )}
            {active && (
              <QuizDialog
                key={`${active.question.id}-${active.mode}`}
                question={active.question}
                number={numberOf(active.question)}
                total={questions.length}
                status={statuses[active.question.id] ?? { attemptsUsed: 0, correct: false, finished: false, bestPoints: 0, lastAnswer: null }}
                mode={active.mode}
                reveal={active.reveal}
                notice={active.notice}
                resumes={active.resumeAfter}
                onAnswered={onAnswered}
                onClose={closeQuestion}
                onReviewPart={active.mode === 'answer' ? (sources) => reviewPart(active.question, sources) : undefined}
                chapterTitle={chapters[Math.max(0, chapterIndexAt(chapters, active.question.atSeconds))]?.title ?? null}
              />
            )}
          </div>

          {readingMode && (
            <p className={`hint ${styles.playerNotice}`} style={{ padding: '0 0.75rem' }} data-testid="controls-off">
              Video controls and jump buttons are off while the video is unavailable.
            </p>
          )}
          {!readingMode && (
            <div className={styles.controls} role="group" aria-label="Video controls" inert={active ? true : undefined}>
              <button
                ref={playButtonRef}
                type="button"
                className={styles.playButton}
                onClick={togglePlay}
                disabled={!ready}
                aria-label={playing ? 'Pause' : 'Play'}
                data-testid="play-pause"
              >
                {playing ? '❚❚' : '▶'}
              </button>
              <button type="button" className="secondary" onClick={() => seekTo(time - 10)} disabled={!ready} aria-label="Back 10 seconds">
                −10s
              </button>
              <button type="button" className="secondary" onClick={() => seekTo(time + 10)} disabled={!ready} aria-label="Forward 10 seconds">
                +10s
              </button>
              <span className={styles.time} aria-live="off" data-testid="current-time">
                {formatVideoTime(time)} / {duration ? formatVideoTime(duration) : '–:––'}
              </span>
              <SeekBar
                time={time}
                duration={duration}
                chapters={chapters}
                questions={staff ? questions : []}
                gateSeconds={!authoring && gate ? gate.atSeconds : null}
                disabled={!ready}
                onSeek={seekTo}
                onMarker={staff ? (q) => void showQuestion(q, 'preview') : undefined}
              />
              <label className={styles.rateLabel}>
                <span>Speed</span>
                <select
                  value={String(rate)}
                  onChange={(e) => changeRate(Number(e.target.value))}
                  disabled={!ready}
                  aria-label="Playback speed"
                  data-testid="playback-speed"
                >
                  {rates.map((r) => (
                    <option key={r} value={String(r)}>
                      {r}×
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="secondary" onClick={toggleMute} disabled={!ready} aria-pressed={muted}>
                {muted ? 'Unmute' : 'Mute'}
              </button>
              <button type="button" className="secondary" onClick={fullscreen} disabled={!ready}>
                Full screen
              </button>
            </div>
          )}
          <p className={styles.srOnly} aria-live="assertive" data-testid="announcer">
            {announcement}
          </p>
        </div>

        {playerError && !videoFailed && (
          <p className="notice error" role="alert">
            {sentence(playerError)} Reload the page to try again, or use <q>Read and answer without the video</q> below.
          </p>
        )}
        {controlNotice && (
          <p className={`notice info ${styles.playerNotice}`} role="status" data-testid="control-notice">
            {controlNotice}
          </p>
        )}
        {!readingMode && questions.length > 0 && (
          <p className={styles.playerNotice}>
            <button type="button" className="linklike" onClick={() => setReadingChosen(true)}>
              Read and answer without the video
            </button>
          </p>
        )}
        {gate && !authoring && !readingMode && (
          <p className="hint">The question at {formatVideoTime(gate.atSeconds)} must be answered before the video can go past it.</p>
        )}

        <div className={styles.mainPanel} inert={active ? true : undefined}>
          {readingMode ? (
            <ReadingQuiz
              summary={lecture.summary ?? null}
              chapters={chapters}
              questions={questions}
              statuses={statuses}
              loadingQuestion={loadingQuestion}
              onAnswer={(q) => void showQuestion(q, 'answer')}
              onReview={(q) => void showQuestion(q, 'review')}
            />
          ) : (
            <QuestionList
              questions={questions}
              statuses={statuses}
              reached={reached}
              duration={ready ? duration : null}
              loadingQuestion={loadingQuestion}
              onAnswer={(q) => void showQuestion(q, 'answer')}
              onReview={(q) => void showQuestion(q, 'review')}
              onJump={(q) => seekTo(q.atSeconds)}
            />
          )}
        </div>

        <details className={styles.shortcuts}>
          <summary>Keyboard shortcuts</summary>
          <ul>
            <li>
              <kbd>k</kbd> or <kbd>Space</kbd>: play / pause
            </li>
            <li>
              <kbd>j</kbd> / <kbd>l</kbd>: back / forward 10 seconds; <kbd>←</kbd> / <kbd>→</kbd>: 5 seconds
            </li>
            <li>
              <kbd>&lt;</kbd> / <kbd>&gt;</kbd>: slower / faster; <kbd>m</kbd>: mute; <kbd>f</kbd>: full screen
            </li>
            <li>
              In a question: <kbd>Tab</kbd> moves between answers and buttons; <kbd>Esc</kbd> skips an optional question
            </li>
          </ul>
        </details>

        {staff && (
          <div inert={active ? true : undefined}>
            <StaffTools
              time={time}
              chapters={chapters}
              authoring={authoring}
              onAuthoring={setAuthoring}
              questions={questions}
              loadingQuestion={loadingQuestion}
              onPreview={(q) => void showQuestion(q, 'preview')}
              onJump={(q) => seekTo(q.atSeconds)}
            />
          </div>
        )}
      </div>

      {/* while a question is open it is modal: the rest of the lecture page is inert */}
      <aside className={styles.side} aria-label="Chapters" inert={active ? true : undefined}>
        <ChapterList
          chapters={chapters}
          current={currentChapter}
          duration={duration}
          onSeek={seekTo}
          disabled={!ready || readingMode}
          disabledNote={
            readingMode
              ? 'Jumping to a chapter needs the video; each chapter’s questions are in the reading list.'
              : !ready
                ? 'Chapters become clickable once the video has loaded.'
                : undefined
          }
        />
        {hasTranscript && transcript && (
          <TranscriptPanel
            cues={transcript.cues}
            hiddenAfter={authoring ? null : transcript.hiddenAfter}
            time={time}
            canSeek={ready && !readingMode}
            seekNote={readingMode ? 'Jumping to a line needs the video, which is unavailable.' : 'Clicking a line jumps there once the video has loaded.'}
            onSeek={seekTo}
          />
        )}
        {hasTranscript && transcriptError && (
          <p className="notice error" role="alert">
            {transcriptError}
          </p>
        )}
      </aside>
    </div>
  )
}

/** Focus the next question's button in the reading list after `questionId`, else that question's own. */
function focusInReadingList(questionId: string) {
  const rows = [...document.querySelectorAll<HTMLElement>('[data-reading-question]')]
  const i = rows.findIndex((r) => r.dataset.readingQuestion === questionId)
  const next = rows.slice(i + 1).find((r) => r.querySelector('button:not([disabled])'))
  const target = (next ?? rows[i])?.querySelector<HTMLElement>('button:not([disabled])') ?? document.getElementById('reading-title')
  target?.focus()
}

function sentence(text: string): string {
  const t = text.trim()
  if (!t) return t
  const s = t[0].toUpperCase() + t.slice(1)
  return /[.!?]$/.test(s) ? s : `${s}.`
}

function VideoUnavailable({
  lectureNumber,
  video,
  failed,
  error,
  onBackToVideo,
}: {
  lectureNumber: number
  video: VideoSource | null
  failed: boolean
  error: string | null
  onBackToVideo?: () => void
}) {
  const watch = video ? youtubeWatchUrl(video) : null
  const goToQuestions = () => {
    const title = document.getElementById('reading-title')
    title?.scrollIntoView({ block: 'start' })
    title?.focus()
  }
  return (
    <div className={styles.unavailable} data-testid="video-unavailable" data-error={error ?? undefined}>
      <h2>{onBackToVideo ? 'Reading without the video' : !video ? 'This lecture has no video yet' : 'Video unavailable'}</h2>
      {failed && (
        <p>
          The video for lecture {lectureNumber} could not be loaded{video?.kind === 'youtube' ? '; YouTube may be blocked on this network' : ''}.
        </p>
      )}
      <p>
        You can still do the whole lecture: every question is in the reading list below, in order, with its chapter and the source it discusses. Your answers
        count as usual.
      </p>
      <div className={styles.unavailableActions}>
        <button type="button" onClick={goToQuestions}>
          Go to the questions
        </button>
        {onBackToVideo && (
          <button type="button" className="secondary" onClick={onBackToVideo}>
            Back to the video
          </button>
        )}
        {failed && (
          <button type="button" className="secondary" onClick={() => window.location.reload()}>
            Try the video again
          </button>
        )}
        {failed && watch && (
          <a href={watch} target="_blank" rel="noopener noreferrer">
            Open on YouTube
          </a>
        )}
      </div>
      {failed && (
        <p className="hint" style={{ color: '#ddd' }}>
          If the video never loads here, tell the course staff: they can serve this lecture from this site instead of YouTube.
        </p>
      )}
    </div>
  )
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}
