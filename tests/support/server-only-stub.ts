// Next's 'server-only' guard throws outside React Server Components; plain Node tests import it as a no-op.
export {}
