"""Pages of civil society's part: public (organisations, asking and confirming a question) and
workspace (assessments, self-assessment, answers, moderation, reviewers' invitations)."""
