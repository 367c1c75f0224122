package com.example.contactsync.dustess;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ceiling on calls to the API: every call passes here. No window of one second,
 * wherever it begins, sees more than {@code callsPerSecond} calls <em>arrive at the
 * server</em>, and at most {@code maxInFlight} calls are under way at once.
 * <p>
 * A call arrives at the server some time after it starts here — at once on an open
 * connection, much later when the HTTP client is cold or a connection must first be
 * opened — and certainly before it ends. Its <em>arrival bound</em> is therefore its end
 * once it has ended, and its start plus {@code arrivalMargin} while it is still under
 * way. Starts are handed out in order, and a call starts only one window after the
 * {@code K}-th latest arrival bound of the calls before it
 * ({@code K = floor(callsPerSecond)}): then no {@code K + 1} calls can arrive within one
 * window, as long as a call still under way a window later reached the server within
 * {@code arrivalMargin} of its start.
 * <p>
 * What it costs: {@code K} calls per window plus the duration of a call (or the margin,
 * for calls still under way): {@code callsPerSecond / (1 s + latency)} calls per second
 * at the worst, 95 % of the ceiling at a latency of 50 ms, whatever the number of calls
 * in flight. The previous gate waited a whole interval after each call ended, which
 * limited a run to {@code 1 / (interval + latency)} (50 % at 20 calls per second and 50
 * ms).
 * <p>
 * Why not a token bucket (Bucket4j, Guava) or a fixed window (resilience4j): a bucket of
 * capacity {@code C} refilled at {@code R} per second admits {@code C + R} calls in a
 * sliding second, so holding the ceiling means {@code R = callsPerSecond - 1} at capacity
 * 1 (80 % of a ceiling of 5), and it counts starts, not arrivals; a fixed window admits
 * twice the limit across a boundary.
 */
class CallGate {

	/**
	 * Above this many calls per second the ceiling is not enforced (only calls in flight
	 * are capped).
	 */
	static final int UNLIMITED = 10_000;

	/** How much later than planned a sleeping caller may wake. */
	private static final long WAKE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final int perWindow;

	private final long windowNanos;

	private final long marginNanos;

	private final Semaphore inFlight;

	/**
	 * The latest calls, twice {@code K} of them: a call older than that started at least
	 * a window before the {@code K}-th latest one and cannot hold one of the {@code K}
	 * latest arrival bounds.
	 */
	private final Slot[] log;

	private int next;

	private long lastStart = Long.MIN_VALUE;

	/**
	 * @param callsPerSecond the ceiling; below 1, one call per {@code 1 / callsPerSecond}
	 * seconds; above {@link #UNLIMITED}, none
	 * @param maxInFlight calls under way at once
	 * @param arrivalMargin how long a request may take to reach the server after it
	 * starts
	 */
	CallGate(double callsPerSecond, int maxInFlight, Duration arrivalMargin) {
		this.perWindow = (int) Math.max(1, Math.min(UNLIMITED + 1, Math.floor(callsPerSecond)));
		this.windowNanos = (callsPerSecond >= 1) ? TimeUnit.SECONDS.toNanos(1)
				: (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) / callsPerSecond);
		this.marginNanos = arrivalMargin.toNanos();
		this.inFlight = new Semaphore(maxInFlight, true);
		this.log = (this.perWindow > UNLIMITED) ? new Slot[0] : new Slot[2 * this.perWindow];
	}

	/** How many calls may arrive within one {@link #window()}. */
	int callsPerWindow() {
		return this.perWindow;
	}

	/** The window in which at most {@link #callsPerWindow()} calls arrive. */
	Duration window() {
		return Duration.ofNanos(this.windowNanos);
	}

	/**
	 * Runs a call once the ceiling allows it.
	 * @throws DustessApiException if the thread is interrupted while waiting
	 */
	<T> T call(Supplier<T> call) {
		try {
			this.inFlight.acquire();
		}
		catch (InterruptedException ex) {
			throw interrupted(ex);
		}
		try {
			Slot slot = reserve();
			if (slot == null) {
				return call.get();
			}
			long wait = slot.start - System.nanoTime();
			if (wait > 0) {
				try {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				catch (InterruptedException ex) {
					slot.ended(System.nanoTime());
					throw interrupted(ex);
				}
			}
			slot.started(System.nanoTime());
			try {
				return call.get();
			}
			finally {
				slot.ended(System.nanoTime());
			}
		}
		finally {
			this.inFlight.release();
		}
	}

	/**
	 * Takes the next start: not before the previous one, and a window after the
	 * {@code K}-th latest arrival bound of the calls before.
	 */
	private synchronized Slot reserve() {
		if (this.log.length == 0) {
			return null;
		}
		long now = System.nanoTime();
		long[] bounds = new long[this.log.length];
		int known = 0;
		for (Slot slot : this.log) {
			if (slot != null) {
				bounds[known++] = slot.arrivalBound(this.marginNanos, now);
			}
		}
		long start = now;
		if (known >= this.perWindow) {
			java.util.Arrays.sort(bounds, 0, known);
			start = Math.max(start, bounds[known - this.perWindow] + this.windowNanos);
		}
		start = Math.max(start, this.lastStart);
		this.lastStart = start;
		Slot slot = new Slot(start);
		this.log[this.next] = slot;
		this.next = (this.next + 1) % this.log.length;
		return slot;
	}

	private static DustessApiException interrupted(InterruptedException ex) {
		Thread.currentThread().interrupt();
		return new DustessApiException(DustessApiException.Kind.TRANSPORT, "interrupted while waiting to call the API",
				null, null, null, null);
	}

	/** One call's start and, once known, its end. */
	private static final class Slot {

		private volatile long start;

		private volatile boolean started;

		private volatile long end;

		private volatile boolean ended;

		Slot(long plannedStart) {
			this.start = plannedStart;
		}

		void started(long nanos) {
			this.start = Math.max(this.start, nanos);
			this.started = true;
		}

		void ended(long nanos) {
			this.end = nanos;
			this.ended = true;
		}

		/** The latest time the call can have reached, or can reach, the server. */
		long arrivalBound(long marginNanos, long now) {
			if (this.ended) {
				return this.end;
			}
			if (!this.started) {
				// still asleep: it starts no sooner than planned, and no sooner than now
				// if it
				// has overslept
				return Math.max(this.start, now) + WAKE_SLACK_NANOS + marginNanos;
			}
			return this.start + marginNanos;
		}

	}

}
