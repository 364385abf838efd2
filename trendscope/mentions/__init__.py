"""Finding which catalog movies a comment talks about (pure: no I/O, no Faust)."""
