import { renderMarkdown, type MarkdownOptions } from '@/lib/markdown'

import styles from './markdown.module.css'

/** Markdown written by the course staff, rendered on the server to safe HTML (lib/markdown). */
export function Markdown({ text, options, className }: { text: string; options?: MarkdownOptions; className?: string }) {
  return <div className={`${styles.markdown} ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: renderMarkdown(text, options) }} />
}

/** Already rendered HTML from renderMarkdown (e.g. sent by an API), with the same styles. */
export function RenderedMarkdown({ html, className }: { html: string; className?: string }) {
  return <div className={`${styles.markdown} ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />
}

export const markdownClassName = styles.markdown
