-- The per-student build cache (lib/grading/build-cache.ts): ccache's hits and misses in the run's build, null when
-- the build ran without the cache (regrades, runs before the cache existed).
ALTER TABLE "GradingRun" ADD COLUMN "cacheHits" INTEGER;
ALTER TABLE "GradingRun" ADD COLUMN "cacheMisses" INTEGER;
