package com.example.contactsync.dustess;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ceiling on calls to the API: every call passes here. Calls start at least
 * {@code 1 / callsPerSecond} apart — so no window of one second, wherever it begins, sees more
 * than {@code callsPerSecond} of them — and at most {@code maxInFlight} are under way at once.
 * <p>
 * A limiter that hands out permits per fixed refresh period (such as resilience4j's) lets a
 * sliding second see up to twice the limit at a period boundary; spacing the starts does not.
 */
public class CallGate {

	private final long intervalNanos;

	private final Semaphore inFlight;

	private long nextStartNanos = Long.MIN_VALUE;

	public CallGate(double callsPerSecond, int maxInFlight) {
		// 1% above the exact interval, so that a server's clock never counts one call too many
		this.intervalNanos = (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) * 1.01 / callsPerSecond);
		this.inFlight = new Semaphore(maxInFlight, true);
	}

	/** The smallest gap between the starts of two calls. */
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
			this.inFlight.release();
		}
	}

	/**
	 * Waits until {@code interval} has passed since the previous call started. Waiters queue on
	 * the monitor, so the gap is measured from when the previous call really started, not from
	 * when it was scheduled (a late wake-up never shortens the next gap).
	 */
	private synchronized void awaitStartSlot() {
		long wait = this.nextStartNanos - System.nanoTime();
		if (this.nextStartNanos != Long.MIN_VALUE && wait > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			catch (InterruptedException ex) {
				throw interrupted(ex);
			}
		}
		this.nextStartNanos = System.nanoTime() + this.intervalNanos;
	}

	private static DustessApiException interrupted(InterruptedException ex) {
		Thread.currentThread().interrupt();
		return new DustessApiException(DustessApiException.Kind.TRANSPORT, "interrupted while waiting to call the API",
				null, null, null, null);
	}

}
