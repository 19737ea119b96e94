-- CreateEnum
CREATE TYPE "SimilarityTrigger" AS ENUM ('INSTRUCTOR', 'DEADLINE');

-- CreateEnum
CREATE TYPE "SimilarityStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'ERROR');

-- CreateTable
CREATE TABLE "SimilarityRun" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "trigger" "SimilarityTrigger" NOT NULL,
    "requestedById" TEXT,
    "status" "SimilarityStatus" NOT NULL DEFAULT 'QUEUED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueuedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "library" TEXT,
    "parameters" JSONB,
    "submissions" INTEGER NOT NULL DEFAULT 0,
    "pairsCompared" INTEGER NOT NULL DEFAULT 0,
    "histogram" JSONB,
    "errorMessage" TEXT,

    CONSTRAINT "SimilarityRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimilarityPair" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "leftSubmissionId" TEXT NOT NULL,
    "rightSubmissionId" TEXT NOT NULL,
    "leftUserId" TEXT NOT NULL,
    "rightUserId" TEXT NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,
    "longest" INTEGER NOT NULL,
    "overlap" INTEGER NOT NULL,
    "fragments" JSONB NOT NULL,

    CONSTRAINT "SimilarityPair_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SimilarityRun_assignmentId_createdAt_idx" ON "SimilarityRun"("assignmentId", "createdAt");

-- CreateIndex
CREATE INDEX "SimilarityRun_status_idx" ON "SimilarityRun"("status");

-- CreateIndex
CREATE INDEX "SimilarityPair_runId_similarity_idx" ON "SimilarityPair"("runId", "similarity");

-- CreateIndex
CREATE INDEX "SimilarityPair_runId_longest_idx" ON "SimilarityPair"("runId", "longest");

-- AddForeignKey
ALTER TABLE "SimilarityRun" ADD CONSTRAINT "SimilarityRun_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimilarityPair" ADD CONSTRAINT "SimilarityPair_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SimilarityRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

