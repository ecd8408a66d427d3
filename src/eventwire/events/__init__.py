"""Events read from article sentences: who was killed or injured, and when it happened."""
