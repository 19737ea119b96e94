// `tsx scripts/baseline.ts <image's CPython version>`: the baseline decision of lib/cpython/baseline.ts for
// scripts/start.mjs (plain JavaScript, which cannot import TypeScript), as one line of JSON:
//   {"course":"2.7.8","allowMismatch":false,"banner":[]}
import { courseCpythonVersion, startBaselineDecision } from '@/lib/cpython/baseline'

const imageVersion = process.argv[2] ?? ''
console.log(JSON.stringify({ course: courseCpythonVersion(), ...startBaselineDecision(imageVersion) }))
