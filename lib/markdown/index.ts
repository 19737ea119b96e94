// Safe server-side Markdown for staff-written content (quiz prompts and explanations, homework READMEs).
export { renderMarkdown, renderInlineMarkdown } from './render'
export { escapeHtml } from './escape'
export { safeHref } from './links'
export type { MarkdownOptions } from './options'
