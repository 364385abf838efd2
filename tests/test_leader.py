import asyncio

from trendscope.leader import LeaderOnly


def test_runs_only_while_leader_and_never_restarts_after_a_failure():
    async def scenario():
        runs = []

        async def source(stop: asyncio.Event) -> None:
            runs.append("start")
            if runs.count("start") == 2:
                raise PermissionError("401 from the API")
            await stop.wait()
            runs.append("stop")

        leader = LeaderOnly("source", source)
        await leader.update(False)
        assert runs == [] and not leader.running
        await leader.update(True)
        await asyncio.sleep(0.01)
        await leader.update(True)  # still leader: not started twice
        assert runs == ["start"] and leader.running
        await leader.update(False)
        assert runs == ["start", "stop"] and not leader.running
        await leader.update(True)  # leader again: second run fails at once
        await asyncio.sleep(0.01)
        await leader.update(True)
        await leader.update(True)
        assert runs == ["start", "stop", "start"]
        assert leader.failed and not leader.running

    asyncio.run(scenario())
