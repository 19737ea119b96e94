import { describe, expect, it } from 'vitest'

import { cueIndexAt, cuePlainText, parseTimestamp, parseWebVtt, searchCues } from './webvtt'

const GOOD = `WEBVTT

NOTE the opening

intro
00:00.000 --> 00:03.500
Welcome to the <v Lecturer>eval loop</v>.

00:03.500 --> 00:08.000 align:start
Python/ceval.c holds
the main loop.

01:02:03.250 --> 01:02:05.000
Much later.
`

describe('parseWebVtt', () => {
  it('reads cues with identifiers, settings, multi-line text and hour timestamps; skips notes', () => {
    const { cues, problems } = parseWebVtt(GOOD)
    expect(problems).toEqual([])
    expect(cues).toEqual([
      { id: 'intro', start: 0, end: 3.5, text: 'Welcome to the <v Lecturer>eval loop</v>.' },
      { id: null, start: 3.5, end: 8, text: 'Python/ceval.c holds\nthe main loop.' },
      { id: null, start: 3723.25, end: 3725, text: 'Much later.' },
    ])
  })

  it('names the line and the fix for every problem', () => {
    expect(parseWebVtt('WEBVT\n\n00:00.000 --> 00:01.000\nx').problems).toEqual([{ line: 1, message: 'the first line must be "WEBVTT"' }])
    const { problems } = parseWebVtt(
      'WEBVTT\n\n00:05.000 --> 00:04.000\nbackwards\n\n00:03.000 --> 00:06.000\nout of order\n\n00:7.000 --> 00:08.000\nbad time\n\n00:09.000 --> 00:10.000\n',
      { durationSeconds: 9 },
    )
    expect(problems).toEqual([
      { line: 3, message: 'the cue ends before it starts; the second time must be later than the first' },
      { line: 6, message: 'cues must be in time order; this one starts before the one above it' },
      { line: 9, message: expect.stringContaining('is not a timing line; write it as mm:ss.ttt --> mm:ss.ttt') },
      { line: 12, message: 'the cue has no text; add a line of text under its timing line' },
      { line: 12, message: 'the cue starts after the end of the video (9 s)' },
    ])
    expect(parseWebVtt('WEBVTT\n\n00:00.000 --> 00:05.000\na\n\n00:04.000 --> 00:06.000\nb\n').problems[0].message).toMatch(/must not overlap/)
  })
})

describe('cue lookups', () => {
  const { cues } = parseWebVtt(GOOD)
  it('finds the cue playing at a time', () => {
    expect(cueIndexAt(cues, 0)).toBe(0)
    expect(cueIndexAt(cues, 3.49)).toBe(0)
    expect(cueIndexAt(cues, 3.5)).toBe(1)
    expect(cueIndexAt(cues, 5000)).toBe(2)
    expect(cueIndexAt([], 1)).toBe(-1)
  })
  it('searches every word, case-insensitively', () => {
    expect(searchCues(cues, 'MAIN loop')).toEqual([1])
    expect(searchCues(cues, 'loop')).toEqual([0, 1])
    expect(searchCues(cues, '  ')).toEqual([])
  })
  it('reads timestamps and strips voice tags', () => {
    expect(parseTimestamp('00:01.500')).toBe(1.5)
    expect(parseTimestamp('1:00.000')).toBeNull()
    expect(cuePlainText('Welcome to the <v Lecturer>eval loop</v> &amp; more')).toBe('Welcome to the eval loop & more')
  })
})
