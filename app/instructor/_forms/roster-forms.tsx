'use client'

import { useState } from 'react'

import { changeRoleAction } from '../actions/change-role'
import { importRosterAction } from '../actions/import-roster'
import { setAllowedDomainsAction } from '../actions/set-allowed-domains'

import { Status, useAction } from './use-action'

export function RosterImportForm() {
  const [file, setFile] = useState<File | null>(null)
  const [replace, setReplace] = useState(false)
  const [problems, setProblems] = useState<string[]>([])
  const { pending, message, run, setMessage } = useAction()
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault()
        if (!file) return setMessage({ ok: false, text: 'Choose a CSV file first.' })
        const csv = await file.text()
        setProblems([])
        run(
          async () => {
            const result = await importRosterAction({ csv, fileName: file.name, replace })
            if (!result.ok) {
              const details = (result.error as { details?: { problems?: { message: string }[] } }).details
              setProblems(details?.problems?.map((p) => p.message) ?? [])
            }
            return result
          },
          (d) =>
            `Imported ${d.rows} rows: ${d.added} new, ${d.updated} updated${d.removed ? `, ${d.removed} removed` : ''}${d.usersUpdated ? `; ${d.usersUpdated} accounts got their section` : ''}.`,
        )
      }}
    >
      <label htmlFor="roster-file">Roster CSV (email, name, optional section; a header row is optional)</label>
      <input id="roster-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <label style={{ fontWeight: 400 }}>
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Replace the roster (remove people not in this file)
      </label>
      <div style={{ marginTop: '0.5rem', display: 'flex', gap: '0.75rem', alignItems: 'center', flexWrap: 'wrap' }}>
        <button type="submit" disabled={pending}>
          Import roster
        </button>
        <Status message={message} />
      </div>
      {problems.length > 1 && (
        <ul className="hint" data-testid="roster-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </form>
  )
}

export function DomainsForm({ domains }: { domains: string[] }) {
  const [value, setValue] = useState(domains.join(', '))
  const { pending, message, run } = useAction()
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        run(
          () => setAllowedDomainsAction({ domains: value }),
          (d) => (d.domains.length ? `Saved: ${d.domains.join(', ')}.` : 'Saved: no domain restriction.'),
        )
      }}
    >
      <label htmlFor="domains">Allowed email domains (anyone with such an address may sign in as a student)</label>
      <input id="domains" type="text" value={value} onChange={(e) => setValue(e.target.value)} placeholder="example.edu, cs.example.edu" />
      <div style={{ marginTop: '0.5rem', display: 'flex', gap: '0.75rem', alignItems: 'center' }}>
        <button type="submit" disabled={pending}>
          Save domains
        </button>
        <Status message={message} />
      </div>
    </form>
  )
}

export function RoleSelect({ userId, role, label }: { userId: string; role: 'STUDENT' | 'TA' | 'INSTRUCTOR'; label: string }) {
  const [value, setValue] = useState(role)
  const { pending, message, run } = useAction()
  return (
    <span style={{ display: 'inline-flex', gap: '0.4rem', alignItems: 'center' }}>
      <select
        aria-label={`Role of ${label}`}
        value={value}
        disabled={pending}
        style={{ width: 'auto' }}
        onChange={(e) => {
          const next = e.target.value as typeof role
          const previous = value
          setValue(next)
          run(
            async () => {
              const r = await changeRoleAction({ userId, role: next })
              if (!r.ok) setValue(previous)
              return r
            },
            (d) => `Now ${d.role.toLowerCase()}.`,
          )
        }}
      >
        <option value="STUDENT">student</option>
        <option value="TA">TA</option>
        <option value="INSTRUCTOR">instructor</option>
      </select>
      <Status message={message} />
    </span>
  )
}
