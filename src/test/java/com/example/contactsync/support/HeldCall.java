package com.example.contactsync.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Holds one call of the sandbox in flight (its 1-based number) until released, for the
 * tests that kill or stop a process in the middle of a chunk: pass it to
 * {@code TestDustessSandbox.onCall}. Holds only while armed.
 */
public final class HeldCall implements IntConsumer {

	private final int number;

	private final CountDownLatch arrived = new CountDownLatch(1);

	private final CountDownLatch released = new CountDownLatch(1);

	private volatile boolean armed;

	private HeldCall(int number, boolean armed) {
		this.number = number;
		this.armed = armed;
	}

	/** Holds call {@code number}. */
	public static HeldCall holding(int number) {
		return new HeldCall(number, true);
	}

	/** Holds call {@code number} once {@link #arm() armed}. */
	public static HeldCall unarmed(int number) {
		return new HeldCall(number, false);
	}

	public void arm() {
		this.armed = true;
	}

	@Override
	public void accept(int call) {
		if (this.armed && call == this.number) {
			this.arrived.countDown();
			try {
				this.released.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Whether the call arrived (and is held) within {@code seconds}. */
	public boolean awaitArrival(long seconds) throws InterruptedException {
		return this.arrived.await(seconds, TimeUnit.SECONDS);
	}

	/** Lets the call be answered. */
	public void release() {
		this.released.countDown();
	}

}
