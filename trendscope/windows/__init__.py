"""Event-time windows (pure: no Faust, no I/O); the window agent calls them.

``ranges``: window specs and starts; ``aggregate``: one window's exact, order-free stats;
``watermark``: markers sent by source partitions and the minimum-over-partitions watermark;
``finality``: which windows are final, each once; ``partition``: all of it for one
``reddit.mentions`` partition, over minute buckets (the agent's one entry point);
``oracle``: a batch recomputation of the same results, for tests and checks.
"""
