// Types for setup.mjs, which stays plain JavaScript because it runs before dependencies are installed.
export const ROOT: string
export const DATA_DIR: string
export const DEFAULT_DATABASE_URL: string
export const DEFAULT_REDIS_URL: string
export class SetupError extends Error {
  constructor(message: string, fix?: string)
  fix?: string
}
export function logger(name: string): (...parts: unknown[]) => void
export function loadDotEnv(file?: string): void
export function isDebianRoot(): boolean
export function run(
  cmd: string,
  args: string[],
  options?: { env?: NodeJS.ProcessEnv; cwd?: string; quiet?: boolean; prefix?: (line: string) => void },
): Promise<string>
export function productionBuildInputs(root?: string): string[]
export function hashFiles(files: string[]): string
export function ensureNpmDependencies(): Promise<boolean>
export function ensurePrismaClient(): Promise<boolean>
export function postgresReachable(url: string): Promise<boolean>
export function ensureDatabase(url: string): Promise<boolean>
export function dropDatabase(url: string): Promise<void>
export function migrate(url: string): Promise<number>
export function startEmbeddedPostgres(): Promise<{ child: import('node:child_process').ChildProcess; url: string }>
export function redisPing(url: string, timeoutMs?: number): Promise<boolean>
export function ensureRedis(url: string, options: { install: boolean }): Promise<'running' | 'started'>
export function dockerAvailable(): boolean
export function ensureDocker(options: { install: boolean }): Promise<'running' | 'started'>
export function ensureDebootstrap(options: { install: boolean }): Promise<boolean>
export function ensureAptPackages(packages: [string, string][], options: { install: boolean }): Promise<string[]>
export function fail(error: Error & { fix?: string; output?: string }): never
