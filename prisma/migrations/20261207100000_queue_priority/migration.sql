-- The BullMQ priority a run was last enqueued at (its band plus its student's queued runs ahead of it, from
-- lib/queue/fair-priority.ts), so a student's position in the queue is counted in PostgreSQL the way the queue
-- orders jobs. Null for runs enqueued before fair priorities (their stored band is used instead).
ALTER TABLE "GradingRun" ADD COLUMN "queuePriority" INTEGER;
CREATE INDEX "GradingRun_status_queuePriority_createdAt_idx" ON "GradingRun"("status", "queuePriority", "createdAt");
-- the operations page reads the last hours of runs by createdAt
CREATE INDEX "GradingRun_createdAt_idx" ON "GradingRun"("createdAt");
