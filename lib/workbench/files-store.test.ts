import { describe, expect, it, vi } from 'vitest'

import { WorkbenchFiles } from './files-store'
import type { WorkbenchFile } from './workbench'

const file = (path: string, original: string, draft: string | null = null, editable = true): WorkbenchFile => ({
  path,
  language: 'c',
  editable,
  readOnlyReason: editable ? null : 'not part of this assignment',
  original,
  draft: draft === null ? null : { content: draft, updatedAt: '2026-01-01T00:00:00Z' },
})

describe('WorkbenchFiles', () => {
  it('opens the first editable files as tabs, the first one active', () => {
    const files = new WorkbenchFiles(['a.c', 'b.c', 'c.c'], { openTabs: 2 })
    expect(files.getSnapshot()).toMatchObject({ tabs: ['a.c', 'b.c'], active: 'a.c', patch: '' })
  })

  it('loads a file once, and again only after a failure; the text is the draft when there is one', () => {
    const files = new WorkbenchFiles(['a.c'])
    expect(files.startLoading('a.c')).toBe(true)
    expect(files.startLoading('a.c')).toBe(false)
    files.loadFailed('a.c', 'offline')
    expect(files.getSnapshot().slots.get('a.c')).toEqual({ state: 'error', error: 'offline' })
    expect(files.startLoading('a.c')).toBe(true)
    expect(files.loaded('a.c', file('a.c', 'x\n', 'y\n'))).toBe('y\n')
    expect(files.text('a.c')).toBe('y\n')
    expect(files.startLoading('a.c')).toBe(false)
  })

  it('gives a new snapshot after each change and the same one otherwise, and tells subscribers', () => {
    const files = new WorkbenchFiles(['a.c'])
    const listener = vi.fn()
    const unsubscribe = files.subscribe(listener)
    const before = files.getSnapshot()
    expect(files.getSnapshot()).toBe(before)
    files.startLoading('a.c')
    expect(files.getSnapshot()).not.toBe(before)
    expect(listener).toHaveBeenCalledTimes(1)
    unsubscribe()
    files.loaded('a.c', file('a.c', 'x\n'))
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('computes the diff and the changed files from the editable files only', () => {
    const files = new WorkbenchFiles(['a.c', 'b.c'])
    files.loaded('a.c', file('a.c', 'one\n'))
    files.loaded('b.c', file('b.c', 'two\n'))
    files.loaded('Python/other.c', file('Python/other.c', 'three\n', null, false))
    files.setText('a.c', 'one\nmore\n')
    files.setText('Python/other.c', 'changed\n')
    const patch = files.refreshPatch()
    expect(patch).toContain('+++ b/a.c')
    expect(patch).toContain('+more')
    expect(patch).not.toContain('b.c')
    expect(patch).not.toContain('other.c')
    expect(files.getSnapshot().patch).toBe(patch)
    expect([...files.getSnapshot().changed]).toEqual(['a.c'])
  })

  it('a text that differs from the pristine file only in line endings is not a change', () => {
    const files = new WorkbenchFiles(['a.c'])
    files.loaded('a.c', file('a.c', 'one\ntwo\n'))
    files.setText('a.c', 'one\r\ntwo\r\n')
    expect(files.refreshPatch()).toBe('')
    expect(files.getSnapshot().changed.size).toBe(0)
  })

  it('hands out edited files once', () => {
    const files = new WorkbenchFiles(['a.c', 'b.c'])
    files.markDirty('a.c')
    files.markDirty('b.c')
    files.clearDirty('b.c')
    expect(files.isDirty('a.c')).toBe(true)
    expect(files.takeDirty()).toEqual(['a.c'])
    expect(files.takeDirty()).toEqual([])
    expect(files.isDirty('a.c')).toBe(false)
  })

  it('opens, activates and closes tabs; closing the active tab activates the one before it', () => {
    const files = new WorkbenchFiles(['a.c', 'b.c'])
    files.open('Python/x.c')
    files.open('Python/x.c')
    expect(files.getSnapshot()).toMatchObject({ tabs: ['a.c', 'b.c', 'Python/x.c'], active: 'Python/x.c' })
    files.activate('a.c')
    files.close('b.c')
    expect(files.getSnapshot()).toMatchObject({ tabs: ['a.c', 'Python/x.c'], active: 'a.c' })
    files.activate('Python/x.c')
    files.close('Python/x.c')
    expect(files.getSnapshot()).toMatchObject({ tabs: ['a.c'], active: 'a.c' })
    files.close('a.c')
    expect(files.getSnapshot()).toMatchObject({ tabs: [], active: null })
  })

  it('keeps each file’s editor view state', () => {
    const files = new WorkbenchFiles(['a.c'])
    files.saveViewState('a.c', { scrollTop: 120 })
    expect(files.viewState('a.c')).toEqual({ scrollTop: 120 })
    expect(files.viewState('b.c')).toBeUndefined()
  })
})
