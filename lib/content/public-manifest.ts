import { z } from 'zod'

// `Assignment.manifest`: what content:sync stores about an assignment's tests (lib/content/assignments.ts
// `publicManifest`), with no expected outputs and no hidden programs. Code that reads the column parses it here
// instead of casting the JSON.

export const publicManifestSchema = z.object({
  tests: z.array(
    z.object({
      name: z.string(),
      visibility: z.enum(['public', 'hidden']),
      points: z.number(),
      timeoutSeconds: z.number(),
      program: z.string().optional(),
    }),
  ),
  build: z.object({ target: z.string() }),
  annotation: z.object({ files: z.array(z.string()), minimumPerFile: z.number() }).optional(),
})

export type PublicManifest = z.infer<typeof publicManifestSchema>

/** The stored manifest of an assignment; throws (naming the assignment) when the column does not match. */
export function parsePublicManifest(stored: unknown, slug: string): PublicManifest {
  const parsed = publicManifestSchema.safeParse(stored)
  if (!parsed.success)
    throw new Error(`The stored manifest of assignment ${slug} is malformed (run content:sync again): ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return parsed.data
}
