package com.example.contactsync.dustess;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ceiling on calls to the API: every call passes here. A call starts no sooner than
 * {@code 1 / callsPerSecond} after the previous call started <em>and</em> after the
 * previous call ended, and at most {@code maxInFlight} calls are under way at once.
 * <p>
 * Waiting from the end, not only from the start, is what makes the ceiling hold on the
 * server's clock: a request reaches the server somewhere between its start and its end (a
 * new connection can take tens of milliseconds), so spacing starts alone lets a server
 * see two arrivals closer than the interval. With sequential calls (the job's writer) no
 * window of one second, wherever it begins, sees more than {@code callsPerSecond}
 * arrivals; calls run concurrently ({@code maxInFlight > 1}) have their starts spaced.
 * The price is that sequential calls go out at {@code 1 / (interval + latency)} at most.
 * <p>
 * A limiter that hands out permits per fixed refresh period (such as resilience4j's) lets
 * a sliding second see up to twice the limit at a period boundary.
 */
class CallGate {

	private final long intervalNanos;

	private final Semaphore inFlight;

	private boolean started;

	private long lastStartNanos;

	private long lastEndNanos;

	public CallGate(double callsPerSecond, int maxInFlight) {
		this.intervalNanos = (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) / callsPerSecond);
		this.inFlight = new Semaphore(maxInFlight, true);
	}

	/**
	 * The smallest gap between the start of a call and the start or end of the one
	 * before.
	 */
	public Duration interval() {
		return Duration.ofNanos(this.intervalNanos);
	}

	/**
	 * Runs a call once the ceiling allows it.
	 * @throws DustessApiException if the thread is interrupted while waiting
	 */
	public <T> T call(Supplier<T> call) {
		try {
			this.inFlight.acquire();
		}
		catch (InterruptedException ex) {
			throw interrupted(ex);
		}
		try {
			awaitStartSlot();
			return call.get();
		}
		finally {
			ended();
			this.inFlight.release();
		}
	}

	/**
	 * Waits (holding the monitor, so that waiters queue) until the next call may start.
	 */
	private synchronized void awaitStartSlot() {
		if (this.started) {
			long earliest = Math.max(this.lastStartNanos, this.lastEndNanos) + this.intervalNanos;
			long wait = earliest - System.nanoTime();
			if (wait > 0) {
				try {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				catch (InterruptedException ex) {
					throw interrupted(ex);
				}
			}
		}
		this.started = true;
		this.lastStartNanos = System.nanoTime();
	}

	private synchronized void ended() {
		long now = System.nanoTime();
		if (now - this.lastEndNanos > 0 || this.lastEndNanos == 0) {
			this.lastEndNanos = now;
		}
	}

	private static DustessApiException interrupted(InterruptedException ex) {
		Thread.currentThread().interrupt();
		return new DustessApiException(DustessApiException.Kind.TRANSPORT, "interrupted while waiting to call the API",
				null, null, null, null);
	}

}
