// Imported first, for its effect, by processes started outside `npm start` and Next (worker/main.ts): reads `.env`
// and checks every setting before any other module is evaluated, so module-level reads (the Prisma client, the patch
// size limit) already see `.env`, and a bad setting stops the process with its name instead of a stack trace.
import { loadDotEnv } from './dotenv'
import { EnvError, envProblems } from './env'

loadDotEnv()
const problems = envProblems()
if (problems.length) {
  console.error(`${process.argv[1] ? `${process.argv[1].split('/').slice(-2).join('/')}: ` : ''}cannot start: ${new EnvError(problems).message}`)
  process.exit(1)
}
