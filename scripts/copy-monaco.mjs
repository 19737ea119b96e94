#!/usr/bin/env node
// Monaco is served by the app itself (never from a CDN): copy its AMD build into public/monaco/vs, which git ignores.
// Runs before every `next build`; a no-op when the copy matches the installed monaco-editor version.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const from = path.join(root, 'node_modules', 'monaco-editor', 'min', 'vs')
const to = path.join(root, 'public', 'monaco', 'vs')
const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'monaco-editor', 'package.json'), 'utf8')).version
const stamp = path.join(root, 'public', 'monaco', '.version')
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === version && fs.existsSync(to)) process.exit(0)
fs.rmSync(path.join(root, 'public', 'monaco'), { recursive: true, force: true })
fs.mkdirSync(path.dirname(to), { recursive: true })
fs.cpSync(from, to, { recursive: true })
fs.writeFileSync(stamp, version)
console.log(`copied monaco-editor ${version} to public/monaco/vs`)
