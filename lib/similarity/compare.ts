/**
 * Compare contributions with Dolos (`@dodona/dolos-lib`): winnowed fingerprints of k-grams of tokens. Code is
 * tokenised by Dolos' tree-sitter C parser into syntax-node types, so renamed variables and functions look the
 * same, and fingerprints do not depend on where in a file they occur, so reordered functions still match. Comments
 * (annotation homework) are tokenised into lower-cased words by a tokenizer of our own on Dolos' fingerprint index.
 *
 * Everything in the template (pristine CPython files, the reference solution, starter code) is excluded exactly:
 * the hash of every k-gram of the template (not only its winnowed fingerprints, which would let the edges of a
 * copied pristine function through) goes to Dolos' ignored hashes, so shared base code never matches.
 * Context lines are parsed with the student's lines, so the parser sees whole statements, but only tokens that
 * start on a line the student added are fingerprinted.
 *
 * Worker-only: this module loads native tree-sitter parsers and must not be imported by the web app.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

import { File, FingerprintIndex, Region, TokenizedFile, WinnowFilter, type FileEntry, type Pair } from '@dodona/dolos-core'
import { LanguagePicker, type Tokenizer } from '@dodona/dolos-lib'

import type { Contribution, ContributionKind, ContributionRow } from './extract'
import type { Template } from './template'
import { DEFAULT_PARAMETERS, type CompareParameters, type FragmentSide, type SharedFragment } from './parameters'

export { DEFAULT_PARAMETERS, type CompareParameters }

export type Document = { id: string; contribution: Contribution }

export type PairResult = {
  left: string
  right: string
  /** Dolos' similarity: the share of both sides' fingerprints that the other side has too, 0..1 */
  similarity: number
  /** the longest run of consecutive shared fingerprints */
  longest: number
  /** shared fingerprints in total */
  overlap: number
  fragments: SharedFragment[]
}

export type CompareResult = {
  library: string
  parameters: CompareParameters
  /** every pair of documents, best first by similarity */
  pairs: PairResult[]
  /** fingerprints per document after the template was removed */
  fingerprints: Record<string, number>
}

const require = createRequire(import.meta.url)

/** The exact library version that produced a result, stored with it. */
export function dolosVersion(): string {
  // the package exports only its entry point (dist/index.js); its package.json sits one folder up
  const entry = require.resolve('@dodona/dolos-lib')
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }
  return `@dodona/dolos-lib ${pkg.version}`
}

let cTokenizer: Promise<Tokenizer> | undefined

function codeTokenizer(): Promise<Tokenizer> {
  cTokenizer ??= new LanguagePicker()
    .findLanguage('c')
    .then((language) => language.createTokenizer({ includeComments: false }))
    .catch((error: Error) => {
      throw new Error(
        `the C parser could not be loaded (${error.message}). @dodona/dolos-parsers compiles it when it is installed; ` +
          'install python3, make and g++, then run "npm rebuild @dodona/dolos-parsers" where the worker runs',
      )
    })
  cTokenizer.catch(() => (cTokenizer = undefined))
  return cTokenizer
}

const WORD = /[\p{L}\p{N}_]+/gu

/** Words of a text, lower-cased, each with its place: Dolos' token mapping. */
export function wordTokens(text: string): { tokens: string[]; mapping: Region[] } {
  const tokens: string[] = []
  const mapping: Region[] = []
  text.split('\n').forEach((line, row) => {
    for (const m of line.matchAll(WORD)) {
      tokens.push(m[0].toLowerCase())
      mapping.push(new Region(row, m.index, row, m.index + m[0].length))
    }
  })
  return { tokens, mapping }
}

async function tokenizer(kind: ContributionKind): Promise<(file: File) => TokenizedFile> {
  if (kind === 'code') {
    const t = await codeTokenizer()
    return (file) => t.tokenizeFile(file)
  }
  return (file) => {
    const { tokens, mapping } = wordTokens(file.content)
    return new TokenizedFile(file, tokens, mapping)
  }
}

/**
 * Own tokens fingerprinted per submission, at most: about 1,500 lines of dense C, ten times the largest reference
 * solution. Dolos compares a pair in time quadratic in their shared fingerprint occurrences, so this bounds the
 * worst pair (two huge, repetitive patches) to well under a second.
 */
export const MAX_TOKENS = 20_000

/** Only the tokens that start on a row the student added: context helps the parser but is not the student's. */
function ownTokens(tokenized: TokenizedFile, rows: ContributionRow[]): TokenizedFile {
  const tokens: string[] = []
  const mapping: Region[] = []
  for (let i = 0; i < tokenized.tokens.length && tokens.length < MAX_TOKENS; i++) {
    const region = tokenized.mapping[i]!
    if (rows[region.startRow]?.added) {
      tokens.push(tokenized.tokens[i]!)
      mapping.push(region)
    }
  }
  return new TokenizedFile(tokenized.file, tokens, mapping)
}

/**
 * Dolos builds a pair's fragments from every pairing of a shared fingerprint's occurrences on the left with those on
 * the right, so repetitive text (a long table, a line pasted a thousand times) makes that quadratic. Above this many
 * pairings the pair keeps its score but no fragments.
 */
export const MAX_PAIRED_OCCURRENCES = 50_000

function pairedOccurrences(left: FileEntry, right: FileEntry): number {
  const [small, large] = left.shared.size < right.shared.size ? [left, right] : [right, left]
  let n = 0
  for (const fingerprint of small.shared) {
    if (!large.shared.has(fingerprint)) continue
    n += fingerprint.occurrencesOf(left.file).length * fingerprint.occurrencesOf(right.file).length
    if (n > MAX_PAIRED_OCCURRENCES) break
  }
  return n
}

/** How many of a file's fingerprint occurrences are its own (neither template nor common to most of the class). */
function ownOccurrences(entry: FileEntry): number {
  let n = 0
  for (const shared of entry.shared) n += shared.occurrencesOf(entry.file).length
  return n
}

function side(rows: ContributionRow[], region: Region): FragmentSide {
  const startRow = Math.max(0, Math.min(region.startRow, rows.length - 1))
  const endRow = Math.max(startRow, Math.min(region.endRow, rows.length - 1))
  // name the source by the first row that has one (a fragment can start on a separator's blank line)
  let first = startRow
  while (first < endRow && rows[first]?.path === null) first++
  const path = rows[first]?.path ?? null
  let last = endRow
  while (last > first && rows[last]?.path !== path) last--
  return {
    startRow,
    endRow,
    path,
    startLine: rows[first]?.line ?? 0,
    endLine: rows[last]?.line ?? 0,
    pristineStart: rows[first]?.pristineLine ?? 0,
    pristineEnd: rows[last]?.pristineLine ?? 0,
  }
}

/**
 * Compare every pair of documents, with `template` (pristine and instructor code) ignored. `kind` decides the
 * tokenizer; all documents must be of that kind. Needs at least two documents.
 */
export async function compareContributions(
  documents: Document[],
  template: Template,
  kind: ContributionKind,
  parameters: CompareParameters = DEFAULT_PARAMETERS[kind],
): Promise<CompareResult> {
  if (documents.length < 2) throw new Error(`a similarity check needs at least two submissions; this one has ${documents.length}`)
  const tokenize = await tokenizer(kind)
  const cap = documents.length >= parameters.minClassForSharedCap ? Math.max(2, Math.floor(parameters.maxSharedFraction * documents.length)) : undefined
  const index = new FingerprintIndex(parameters.kgramLength, parameters.kgramsInWindow, false, cap)
  const extension = kind === 'code' ? 'c' : 'txt'
  // a window of one selects every k-gram: the template is excluded whole, not by sample
  const everyKgram = new WinnowFilter(parameters.kgramLength, 1)
  const ignore = (tokens: string[]) => index.addIgnoredHashes(everyKgram.fingerprints(tokens).map((f) => f.hash))
  let fileId = documents.length
  for (const text of template.texts) {
    // one pristine file at a time (ceval.c takes about 0.35 s), letting the event loop run in between
    ignore(tokenize(new File(`template-${fileId}.${extension}`, text, undefined, fileId++)).tokens)
    await yieldToEventLoop()
  }
  for (const c of template.contributions) ignore(ownTokens(tokenize(new File(`template-${fileId}.${extension}`, c.text, undefined, fileId++)), c.rows).tokens)
  const files: TokenizedFile[] = []
  for (const [i, d] of documents.entries()) {
    files.push(ownTokens(tokenize(new File(`${d.id}.${extension}`, d.contribution.text, undefined, i)), d.contribution.rows))
    if (i % 20 === 19) await yieldToEventLoop()
  }
  const byFile = new Map(files.map((f, i) => [f, documents[i]!]))
  index.addFiles(files)

  const fingerprints: Record<string, number> = {}
  const own = new Map<TokenizedFile, number>()
  for (const entry of index.entries()) {
    const n = ownOccurrences(entry)
    own.set(entry.file, n)
    fingerprints[byFile.get(entry.file)!.id] = n
  }

  const pairs: PairResult[] = []
  let sinceYield = 0
  for (let i = 0; i < files.length; i++) {
    for (let j = i + 1; j < files.length; j++) {
      // the grading worker shares this process: give its lock renewals and heartbeats a turn every so often
      if (++sinceYield % 200 === 0) await yieldToEventLoop()
      pairs.push(comparePair(index.getPair(files[i]!, files[j]!), byFile, own))
    }
  }
  pairs.sort((a, b) => b.similarity - a.similarity || b.longest - a.longest || (a.left + a.right).localeCompare(b.left + b.right))
  return { library: dolosVersion(), parameters, pairs, fingerprints }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

function comparePair(pair: Pair, byFile: Map<TokenizedFile, Document>, own: Map<TokenizedFile, number>): PairResult {
  const left = byFile.get(pair.leftFile)!
  const right = byFile.get(pair.rightFile)!
  // Dolos 3.5.1's Pair.similarity subtracts the left file's ignored count for both sides; use the own counts
  const denominator = (own.get(pair.leftFile) ?? 0) + (own.get(pair.rightFile) ?? 0)
  const similarity = denominator > 0 ? (pair.leftCovered + pair.rightCovered) / denominator : 0
  const fragments =
    pair.overlap === 0 || pairedOccurrences(pair.leftEntry, pair.rightEntry) > MAX_PAIRED_OCCURRENCES
      ? []
      : pair
          .buildFragments()
          .map((f) => ({ left: side(left.contribution.rows, f.leftSelection), right: side(right.contribution.rows, f.rightSelection), kgrams: f.pairs.length }))
          .sort((a, b) => b.kgrams - a.kgrams || a.left.startRow - b.left.startRow)
  return { left: left.id, right: right.id, similarity: roundSimilarity(similarity), longest: pair.longest, overlap: pair.overlap, fragments }
}

function roundSimilarity(x: number): number {
  return Number.isFinite(x) ? Math.round(Math.min(1, Math.max(0, x)) * 10_000) / 10_000 : 0
}
