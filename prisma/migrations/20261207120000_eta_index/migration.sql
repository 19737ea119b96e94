-- A student's ETA reads an assignment's last 50 finished runs (lib/submissions/queue-standing.ts): newest DONE runs
-- by finishedAt, walked backwards, instead of every DONE run sorted on each page load.
CREATE INDEX "GradingRun_status_finishedAt_idx" ON "GradingRun"("status", "finishedAt");
