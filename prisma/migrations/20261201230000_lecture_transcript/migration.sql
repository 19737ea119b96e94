-- A lecture's WebVTT transcript (quizzes/<lecture>.vtt), validated and stored by content:sync. Optional: lectures
-- without a transcript keep NULL.
ALTER TABLE "Lecture" ADD COLUMN "transcriptVtt" TEXT;
