package com.example.contactsync.dustess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's guarantee, checked on what the calls recorded rather than on timings: a call
 * starts no sooner than one window after the arrival bound of the call K before it — that
 * call's end, or its start plus the margin if it ended later — so that K + 1 arrivals
 * never fit into one window. (How close the gate gets to the ceiling is a speed target:
 * the benchmark measures it.)
 */
class CallGateTests {

	private static final long MARGIN = TimeUnit.MILLISECONDS.toNanos(100);

	@Test
	void callsFromManyThreadsNeverStartBeforeTheArrivalBoundOfTheCallKBeforePlusAWindow() throws Exception {
		CallGate gate = new CallGate(25, 8, Duration.ofNanos(MARGIN));
		List<long[]> calls = run(gate, 6, 60, () -> ThreadLocalRandom.current().nextInt(0, 90));
		// (every call takes less than the margin, so the gate's bound of each was its end
		// or later)
		assertWindowRespected(gate, calls);
	}

	@Test
	void callsBelowOnePerSecondAreSpacedByTheirWindow() throws Exception {
		CallGate gate = new CallGate(4, 2, Duration.ofNanos(MARGIN));
		assertThat(gate.callsPerWindow()).isEqualTo(4);
		CallGate slow = new CallGate(0.5, 2, Duration.ofNanos(MARGIN));
		assertThat(slow.callsPerWindow()).isEqualTo(1);
		assertThat(slow.window()).isEqualTo(Duration.ofSeconds(2));
		CallGate fractional = new CallGate(5.7, 2, Duration.ofNanos(MARGIN));
		assertThat(fractional.callsPerWindow()).isEqualTo(5);
		assertThat(fractional.window()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void inFlightIsCapped() throws Exception {
		CallGate gate = new CallGate(1000, 2, Duration.ZERO);
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(6);
		for (int i = 0; i < 30; i++) {
			executor.execute(() -> gate.call(() -> {
				maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
				sleep(20);
				inFlight.decrementAndGet();
				return null;
			}));
		}
		executor.shutdown();
		assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(maxInFlight.get()).isEqualTo(2);
	}

	/**
	 * Runs {@code count} calls of random length on {@code threads} threads; their [start,
	 * end].
	 */
	private static List<long[]> run(CallGate gate, int threads, int count, java.util.function.IntSupplier millis)
			throws InterruptedException {
		List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		for (int i = 0; i < count; i++) {
			int length = millis.getAsInt();
			executor.execute(() -> gate.call(() -> {
				long start = System.nanoTime();
				sleep(length);
				calls.add(new long[] { start, System.nanoTime() });
				return null;
			}));
		}
		executor.shutdown();
		assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		assertThat(calls).hasSize(count);
		return calls;
	}

	private static void assertWindowRespected(CallGate gate, List<long[]> calls) {
		List<long[]> byStart = new ArrayList<>(calls);
		byStart.sort(Comparator.comparingLong((long[] call) -> call[0]));
		int k = gate.callsPerWindow();
		long window = gate.window().toNanos();
		long tolerance = TimeUnit.MILLISECONDS.toNanos(2);
		for (int i = k; i < byStart.size(); i++) {
			// the K-th latest arrival bound among the calls that started before
			long[] bounds = byStart.subList(0, i).stream().mapToLong((earlier) -> earlier[1]).sorted().toArray();
			long kthLatest = bounds[bounds.length - k];
			assertThat(byStart.get(i)[0] - kthLatest).as("call %d", i).isGreaterThanOrEqualTo(window - tolerance);
		}
		// and so no window holds more than K starts
		for (long[] call : byStart) {
			long inWindow = byStart.stream()
				.filter((other) -> other[0] >= call[0] && other[0] - call[0] < window - tolerance)
				.count();
			assertThat(inWindow).isLessThanOrEqualTo(k);
		}
	}

	@Test
	void aCeilingAboveTheUnlimitedMarkCapsOnlyCallsInFlight() throws Exception {
		CallGate gate = new CallGate(1_000_000, 4, Duration.ofMillis(100));
		long start = System.nanoTime();
		run(gate, 4, 200, () -> 0);
		assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
