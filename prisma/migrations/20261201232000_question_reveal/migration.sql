-- When a student sees an in-video question's key and explanation: 'finished' (after a correct answer or the last
-- attempt, as before) or 'never' (the verdict and points only). Set by content:sync from `reveal:` or the
-- lecture's `quizPolicy.reveal`.
ALTER TABLE "Question" ADD COLUMN "reveal" TEXT NOT NULL DEFAULT 'finished';
