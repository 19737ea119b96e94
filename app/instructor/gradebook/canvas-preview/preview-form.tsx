'use client'

import { useState } from 'react'

import type { CanvasImportPreview } from '@/lib/gradebook/canvas-import-preview'

import { Status, useAction } from '../../_forms/use-action'

import { previewCanvasImportAction } from './preview-canvas-import'

export function CanvasPreviewForm() {
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<CanvasImportPreview | null>(null)
  const { pending, message, run, setMessage } = useAction()
  return (
    <>
      <form
        onSubmit={async (e) => {
          e.preventDefault()
          if (!file) return setMessage({ ok: false, text: 'Choose the CSV Canvas exported first.' })
          const csv = await file.text()
          run(
            async () => {
              const r = await previewCanvasImportAction({ csv })
              setPreview(r.ok ? r.data : null)
              return r
            },
            (d) => `${d.overwrites.length} score(s) would be overwritten, ${d.fills.length} blank(s) filled, ${d.unchanged} unchanged.`,
          )
        }}
      >
        <label htmlFor="canvas-csv">Canvas gradebook export (Grades → Export → Export Entire Gradebook)</label>
        <input id="canvas-csv" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <div style={{ marginTop: '0.5rem', display: 'flex', gap: '0.75rem', alignItems: 'center' }}>
          <button type="submit" disabled={pending}>
            Preview
          </button>
          <Status message={message} />
        </div>
      </form>
      {preview && (
        <>
          <h2>Scores the import would overwrite in Canvas</h2>
          {preview.overwrites.length === 0 ? (
            <p>None.</p>
          ) : (
            <table className="data" aria-label="Scores the import would overwrite">
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  <th scope="col">SIS Login ID</th>
                  <th scope="col">Column</th>
                  <th scope="col">In Canvas now</th>
                  <th scope="col">Would become</th>
                </tr>
              </thead>
              <tbody>
                {preview.overwrites.map((o) => (
                  <tr key={`${o.login}-${o.column}`}>
                    <td>{o.student}</td>
                    <td>{o.login}</td>
                    <td>{o.column}</td>
                    <td>{o.canvas}</td>
                    <td>{o.incoming}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            {preview.fills.length} blank score(s) in Canvas would be filled; {preview.unchanged} would stay the same.
          </p>
          {preview.newColumns.length > 0 && <p>Canvas would create new assignments for: {preview.newColumns.join(', ')}.</p>}
          {preview.studentsNotInCanvas.length > 0 && <p>Canvas would not find (and skip): {preview.studentsNotInCanvas.join(', ')}.</p>}
        </>
      )}
    </>
  )
}
