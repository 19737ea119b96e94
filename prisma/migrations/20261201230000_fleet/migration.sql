-- AlterTable
ALTER TABLE "GradingRun" ADD COLUMN     "buildMs" INTEGER,
ADD COLUMN     "gradedOn" TEXT,
ADD COLUMN     "testsMs" INTEGER;
