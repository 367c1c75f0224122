package com.example.contactsync.operations;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Whether another process runs the job, from the heartbeats: never from the run lock.
 */
class RunnerLivenessTests {

	private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 25, 2, 30);

	private final Runners runners = mock(Runners.class);

	private final List<Duration> slept = new ArrayList<>();

	private final List<Long> livePids = new ArrayList<>();

	private final RunnerLiveness liveness = new RunnerLiveness(this.runners, "here", Duration.ofSeconds(2),
			Duration.ofSeconds(15), (runner) -> this.livePids.contains(runner.pid()), this.slept::add);

	@Test
	void otherWhenOnlyItsOwnRowThenNone() {
		given(this.runners.all()).willReturn(List.of(runner("self", "here", 1, 0)));

		assertThat(this.liveness.other("self")).isEmpty();
	}

	@Test
	void otherWhenAProcessOfThisHostLivesThenAliveHoweverOldItsHeartbeat() {
		this.livePids.add(42L);
		given(this.runners.all()).willReturn(List.of(runner("a", "here", 42, 600)));

		assertThat(this.liveness.other("self")).map(Runners.Runner::id).hasValue("a");
	}

	@Test
	void otherWhenAProcessOfThisHostIsGoneThenDeadAtOnceHoweverFreshItsHeartbeat() {
		given(this.runners.all()).willReturn(List.of(runner("a", "here", 42, 0)));

		assertThat(this.liveness.other("self")).isEmpty();
		assertThat(this.slept).isEmpty();
	}

	@Test
	void otherWhenAnotherHostsHeartbeatIsFreshThenAlive() {
		given(this.runners.all()).willReturn(List.of(runner("b", "there", 7, 14)));

		assertThat(this.liveness.other("self")).map(Runners.Runner::id).hasValue("b");
	}

	@Test
	void otherWhenAnotherHostsHeartbeatIsOldButRenewedAfterTwoIntervalsThenAlive() {
		given(this.runners.all()).willReturn(List.of(runner("b", "there", 7, 90)), List.of(runner("b", "there", 7, 0)));

		assertThat(this.liveness.other("self")).map(Runners.Runner::id).hasValue("b");
		assertThat(this.slept).containsExactly(Duration.ofSeconds(4));
	}

	@Test
	void otherWhenAnotherHostsHeartbeatStaysOldThenDead() {
		Runners.Runner stale = runner("b", "there", 7, 90);
		given(this.runners.all()).willReturn(List.of(stale), List.of(stale));

		assertThat(this.liveness.other("self")).isEmpty();
		assertThat(this.slept).containsExactly(Duration.ofSeconds(4));
	}

	private static Runners.Runner runner(String id, String host, long pid, long silentSeconds) {
		return new Runners.Runner(id, host, pid, NOW.minusSeconds(silentSeconds), Duration.ofSeconds(silentSeconds));
	}

}
