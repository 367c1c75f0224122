package com.example.contactsync.dustess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallGateTests {

	@Test
	void callWhenSequentialThenEachStartsAnIntervalAfterThePreviousEnded() {
		CallGate gate = new CallGate(20, 1);
		List<long[]> spans = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			gate.call(() -> {
				long start = System.nanoTime();
				sleep((spans.size() % 2 == 0) ? 70 : 5);
				spans.add(new long[] { start, System.nanoTime() });
				return null;
			});
		}
		for (int i = 1; i < spans.size(); i++) {
			assertThat(spans.get(i)[0] - spans.get(i - 1)[1]).isGreaterThanOrEqualTo(gate.interval().toNanos());
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void callWhenManyThreadsThenStartsAreSpacedAndInFlightIsCapped() throws Exception {
		CallGate gate = new CallGate(50, 2);
		List<Long> starts = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(6);
		for (int i = 0; i < 30; i++) {
			executor.execute(() -> gate.call(() -> {
				starts.add(System.nanoTime());
				maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
				try {
					Thread.sleep(30);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				inFlight.decrementAndGet();
				return null;
			}));
		}
		executor.shutdown();
		assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		List<Long> sorted = starts.stream().sorted().toList();
		for (int i = 1; i < sorted.size(); i++) {
			assertThat(sorted.get(i) - sorted.get(i - 1)).isGreaterThanOrEqualTo(gate.interval().toNanos());
		}
		assertThat(maxInFlight.get()).isEqualTo(2);
	}

}
