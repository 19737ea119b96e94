'use client'

import { loader } from '@monaco-editor/react'
import type * as MonacoApi from 'monaco-editor'
import type { editor } from 'monaco-editor'

// Monaco is served by the app itself from public/monaco/vs (scripts/copy-monaco.mjs runs before every build): no CDN.
loader.config({ paths: { vs: '/monaco/vs' } })

/** The monaco namespace (typed from monaco-editor itself: @monaco-editor/react's own type does not resolve here). */
export type Monaco = typeof MonacoApi
export type CodeEditor = editor.IStandaloneCodeEditor
export type DiffEditor = editor.IStandaloneDiffEditor
export type TextModel = editor.ITextModel

let loading: Promise<Monaco> | undefined

/** Monaco, loaded once per page. Rejects when /monaco/vs is missing (the build skipped copy-monaco). */
export function loadMonaco(): Promise<Monaco> {
  loading ??= loader.init() as unknown as Promise<Monaco>
  loading.catch(() => (loading = undefined))
  return loading
}

/** The URI of a file's model: the draft (editable or read-only view) or the pristine side of the diff view. */
export function modelUri(monaco: Monaco, side: 'draft' | 'pristine', path: string) {
  return monaco.Uri.from({ scheme: side === 'draft' ? 'workbench' : 'pristine', path: `/${path}` })
}

/** Options shared by the editor and the diff editor: readable on a laptop, usable on a phone. */
export function editorOptions(narrow: boolean): editor.IEditorOptions & editor.IGlobalEditorOptions {
  return {
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 13,
    tabSize: 4,
    insertSpaces: true,
    detectIndentation: true,
    renderWhitespace: 'selection',
    lineNumbersMinChars: narrow ? 3 : 5,
    folding: !narrow,
    glyphMargin: false,
    wordWrap: narrow ? 'on' : 'off',
    contextmenu: true,
    links: false,
    // screen readers: Monaco's accessible mode is toggled with Ctrl+E / Alt+F1 shows its help
    accessibilitySupport: 'auto',
    fixedOverflowWidgets: true,
  }
}
