import { z } from 'zod'

/** Defaults for the limits in a PatchPolicy. */
export const PATCH_LIMITS = {
  /** A course patch is a few KiB; 512 KiB leaves room for a large refactor and still bounds parsing work. */
  maxBytes: 512 * 1024,
  /** Homework touches a handful of files; 50 is generous and keeps messages and the build bounded. */
  maxFiles: 50,
  /** The longest line in CPython 2.7.8's C sources is 323 characters; longer lines in a patch are almost always junk. */
  maxLineLength: 4096,
  /** Errors returned at most; further ones are summarised in a final `too-many-errors` entry. */
  maxErrors: 50,
} as const

const glob = z
  .string()
  .min(1)
  .max(300)
  .refine((g) => !g.startsWith('/') && !g.includes('\\') && !g.split('/').includes('..'), {
    message: 'a path glob must be relative to the CPython tree, use "/" and contain no ".."',
  })

/** The serialisable part of a policy, as stored with an assignment (homework files, the Assignment row). */
export const patchPolicySettingsSchema = z.object({
  /** Globs of existing files that may be modified, relative to the tree root: "Objects/*.c", "Include/**". */
  allowedPaths: z.array(glob),
  /** Globs of new files that may be created; none by default. */
  allowCreate: z.array(glob).optional(),
  /** Globs of files that may be deleted; none by default. */
  allowDelete: z.array(glob).optional(),
  maxBytes: z
    .number()
    .int()
    .positive()
    .max(16 * 1024 * 1024)
    .optional(),
  maxFiles: z.number().int().positive().max(10_000).optional(),
  maxLineLength: z
    .number()
    .int()
    .positive()
    .max(1024 * 1024)
    .optional(),
})

export type PatchPolicySettings = z.infer<typeof patchPolicySettingsSchema>

export type PatchPolicy = PatchPolicySettings & {
  /**
   * Whether the pristine CPython tree has this file. Only ever called with a path that passed every path check
   * (relative, no "..", no unusual characters), so an implementation may join it to the tree root.
   */
  pristineHas: (relPath: string) => boolean
}
