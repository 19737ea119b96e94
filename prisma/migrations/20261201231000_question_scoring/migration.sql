-- Which attempt of an in-video question counts: 'best' (as before), 'latest' or 'first'. Set by content:sync from
-- the question's `scoring:` or its lecture's `quizPolicy.scoring`.
ALTER TABLE "Question" ADD COLUMN "scoring" TEXT NOT NULL DEFAULT 'best';
