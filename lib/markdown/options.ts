export type MarkdownOptions = {
  /**
   * Called for each inline code span with its text; returning an href turns the span into a link (e.g. a
   * `Python/ceval.c:964` reference into a link to the source viewer). Unsafe hrefs are dropped.
   */
  linkCode?: (code: string) => string | null | undefined
  /** Open every link in a new tab (target="_blank" rel="noopener"), e.g. inside a video player. */
  newTab?: boolean
  /** Level of a top-level `#` heading (default 1). Pages that already have an h1 pass 2 or 3. */
  headingLevel?: number
}
