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
 * <p>
 * The latest calls are kept in a {@link Log}: in this process ({@code LocalLog}), or in
 * the database ({@link DatabaseCallLog}), where every process that calls the API — remote
 * partitioning's workers on several machines — shares one ceiling.
 */
class CallGate {

	/**
	 * Above this many calls per second the ceiling is not enforced (only calls in flight
	 * are capped).
	 */
	static final int UNLIMITED = 10_000;

	/** How much later than planned a sleeping caller may wake. */
	static final long WAKE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final int perWindow;

	private final long windowNanos;

	private final Semaphore inFlight;

	private final Log log;

	/**
	 * A gate whose log of calls is kept in this process.
	 * @param callsPerSecond the ceiling; below 1, one call per {@code 1 / callsPerSecond}
	 * seconds; above {@link #UNLIMITED}, none
	 * @param maxInFlight calls under way at once
	 * @param arrivalMargin how long a request may take to reach the server after it
	 * starts
	 */
	CallGate(double callsPerSecond, int maxInFlight, Duration arrivalMargin) {
		this(callsPerSecond, maxInFlight, (perWindow, window) -> new LocalLog(perWindow, window, arrivalMargin));
	}

	/**
	 * A gate whose log of calls is made by {@code logs} from the calls per window and the
	 * window.
	 */
	CallGate(double callsPerSecond, int maxInFlight, LogFactory logs) {
		this.perWindow = perWindow(callsPerSecond);
		this.windowNanos = windowNanos(callsPerSecond);
		this.inFlight = new Semaphore(maxInFlight, true);
		this.log = (this.perWindow > UNLIMITED) ? null : logs.create(this.perWindow, this.windowNanos);
	}

	static int perWindow(double callsPerSecond) {
		return (int) Math.max(1, Math.min(UNLIMITED + 1, Math.floor(callsPerSecond)));
	}

	static long windowNanos(double callsPerSecond) {
		return (callsPerSecond >= 1) ? TimeUnit.SECONDS.toNanos(1)
				: (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) / callsPerSecond);
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
			if (this.log == null) {
				return call.get();
			}
			Reservation reservation = this.log.reserve();
			long wait = reservation.waitNanos();
			if (wait > 0) {
				try {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				catch (InterruptedException ex) {
					reservation.ended();
					throw interrupted(ex);
				}
			}
			try {
				reservation.started();
				return call.get();
			}
			finally {
				reservation.ended();
			}
		}
		finally {
			this.inFlight.release();
		}
	}

	/**
	 * The start a new call may take: not before {@code now}, nor before the latest start
	 * handed out, and one window after the {@code K}-th latest of the arrival bounds of
	 * the calls before it.
	 * @param bounds the arrival bounds of the latest calls (at most {@code 2K} of them),
	 * in any order; sorted in place
	 */
	static long nextStart(long[] bounds, int known, int perWindow, long windowNanos, long now, long lastStart) {
		long start = now;
		if (known >= perWindow) {
			java.util.Arrays.sort(bounds, 0, known);
			start = Math.max(start, bounds[known - perWindow] + windowNanos);
		}
		return Math.max(start, lastStart);
	}

	/**
	 * The latest time a call can have reached, or can reach, the server.
	 * @param start its planned start, or its start once started
	 * @param started whether it has started
	 * @param ended whether it has ended
	 * @param end its end, if it has ended
	 */
	static long arrivalBound(long start, boolean started, boolean ended, long end, long marginNanos, long now) {
		if (ended) {
			return end;
		}
		if (!started) {
			// still asleep: it starts no sooner than planned, and no sooner than now if
			// it
			// has overslept
			return Math.max(start, now) + WAKE_SLACK_NANOS + marginNanos;
		}
		return start + marginNanos;
	}

	private static DustessApiException interrupted(InterruptedException ex) {
		Thread.currentThread().interrupt();
		return new DustessApiException(DustessApiException.Kind.TRANSPORT, "interrupted while waiting to call the API",
				null, null, null, null);
	}

	/** Where the latest calls are kept. */
	interface Log {

		/** Takes the next start for a call. */
		Reservation reserve();

	}

	/** Makes the {@link Log} of a gate. */
	@FunctionalInterface
	interface LogFactory {

		Log create(int perWindow, long windowNanos);

	}

	/** One call's place in the log. */
	interface Reservation {

		/** How long the call must wait before it starts, from now. */
		long waitNanos();

		/** The call starts now. */
		void started();

		/** The call has ended (or gave up before it started). */
		void ended();

	}

	/**
	 * The log of one process: its latest calls, twice {@code K} of them (a call older
	 * than that started at least a window before the {@code K}-th latest one and cannot
	 * hold one of the {@code K} latest arrival bounds).
	 */
	static final class LocalLog implements Log {

		private final int perWindow;

		private final long windowNanos;

		private final long marginNanos;

		private final Slot[] slots;

		private int next;

		private long lastStart = Long.MIN_VALUE;

		LocalLog(int perWindow, long windowNanos, Duration arrivalMargin) {
			this.perWindow = perWindow;
			this.windowNanos = windowNanos;
			this.marginNanos = arrivalMargin.toNanos();
			this.slots = new Slot[2 * perWindow];
		}

		@Override
		public synchronized Reservation reserve() {
			long now = System.nanoTime();
			long[] bounds = new long[this.slots.length];
			int known = 0;
			for (Slot slot : this.slots) {
				if (slot != null) {
					bounds[known++] = arrivalBound(slot.start, slot.started, slot.ended, slot.end, this.marginNanos,
							now);
				}
			}
			long start = nextStart(bounds, known, this.perWindow, this.windowNanos, now, this.lastStart);
			this.lastStart = start;
			Slot slot = new Slot(start);
			this.slots[this.next] = slot;
			this.next = (this.next + 1) % this.slots.length;
			return slot;
		}

	}

	/** One call's start and, once known, its end. */
	private static final class Slot implements Reservation {

		private volatile long start;

		private volatile boolean started;

		private volatile long end;

		private volatile boolean ended;

		Slot(long plannedStart) {
			this.start = plannedStart;
		}

		@Override
		public long waitNanos() {
			return this.start - System.nanoTime();
		}

		@Override
		public void started() {
			this.start = Math.max(this.start, System.nanoTime());
			this.started = true;
		}

		@Override
		public void ended() {
			this.end = System.nanoTime();
			this.ended = true;
		}

	}

}
