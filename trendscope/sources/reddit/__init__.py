"""Reddit: parsing API things into records, a persistent seen-id set and the live streamer."""
