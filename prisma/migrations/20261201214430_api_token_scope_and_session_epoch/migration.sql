-- CreateEnum
CREATE TYPE "ApiTokenScope" AS ENUM ('SUBMIT');

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "scope" "ApiTokenScope" NOT NULL DEFAULT 'SUBMIT';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionEpoch" INTEGER NOT NULL DEFAULT 0;

-- Tokens no longer live for ever: those created without an expiry get the default lifetime (180 days),
-- counted from this migration so nobody's terminal stops working without warning.
UPDATE "ApiToken" SET "expiresAt" = now() + interval '180 days' WHERE "expiresAt" IS NULL AND "revokedAt" IS NULL;
