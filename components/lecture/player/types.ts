// One interface over the two ways a lecture plays: the YouTube IFrame Player API and an HTML5 <video> with a
// self-hosted file. The lecture page (quiz stops, progress, controls) talks only to this.

export type PlayerEvent = 'ready' | 'play' | 'pause' | 'timeupdate' | 'seeking' | 'seeked' | 'ratechange' | 'durationchange' | 'ended' | 'error'

export interface VideoPlayer {
  readonly kind: 'html5' | 'youtube'
  play(): void
  pause(): void
  seek(seconds: number): void
  /** seconds */
  currentTime(): number
  /** seconds, or null while unknown */
  duration(): number | null
  rate(): number
  setRate(rate: number): void
  /** the rates this player supports */
  availableRates(): number[]
  paused(): boolean
  /** a seek is in progress (HTML5 knows; YouTube reports false) */
  seeking(): boolean
  muted(): boolean
  setMuted(muted: boolean): void
  /** the element to show full screen */
  element(): HTMLElement
  on(event: PlayerEvent, listener: (detail?: string) => void): () => void
  destroy(): void
}

/** A tiny event emitter shared by the implementations. */
export class PlayerEvents {
  private listeners = new Map<PlayerEvent, Set<(detail?: string) => void>>()
  private isReady = false

  on(event: PlayerEvent, listener: (detail?: string) => void): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener)
    // 'ready' is sticky: a listener added after the player became ready still hears it (once)
    if (event === 'ready' && this.isReady) queueMicrotask(() => set!.has(listener) && listener())
    return () => set!.delete(listener)
  }

  emit(event: PlayerEvent, detail?: string): void {
    if (event === 'ready') {
      if (this.isReady) return
      this.isReady = true
    }
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(detail)
      } catch (e) {
        console.error(e)
      }
    }
  }

  clear(): void {
    this.listeners.clear()
  }
}
