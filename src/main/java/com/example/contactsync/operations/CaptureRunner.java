package com.example.contactsync.operations;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.transaction.PlatformTransactionManager;

import com.example.contactsync.capture.Capture;
import com.example.contactsync.capture.CaptureCounts;
import com.example.contactsync.capture.SourceProperties;
import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Source mode's commands: {@code capture} (the capture step alone: capture often, sync
 * nightly), {@code capture --baseline} and {@code resync}. Each holds the run lock, as a
 * run does (one run at a time), and works in one transaction: one snapshot of the source,
 * all or nothing. Each is recorded in {@code contact_sync_capture}.
 *
 * @param runLocks the run lock, as {@code run} takes it
 * @param capture the capture
 * @param transactionManager for the capture's one transaction
 * @param source source mode's settings (refused when it is off)
 * @param migrations applies the schema's pending migrations first
 */
public record CaptureRunner(RunLocks runLocks, Capture capture, PlatformTransactionManager transactionManager,
		SourceProperties source, Runnable migrations) {

	/**
	 * Captures the source now: writes the changes the next run sends, or with
	 * {@code baseline} records the source as already in Dustess (nothing is sent).
	 * @return the counts, or empty when another run holds the run lock (nothing done)
	 * @throws com.example.contactsync.capture.SourceRefusedException if the source is
	 * refused (nothing written)
	 */
	public Optional<CaptureCounts> capture(boolean baseline) {
		return underTheRunLock((capture) -> capture.capture(null, baseline));
	}

	/**
	 * Marks keys to be sent whole by the next capture.
	 * @param keys the keys, or empty for every key present in the source
	 * @return how many keys were marked, or empty when another run holds the run lock
	 */
	public Optional<Long> resync(List<String> keys) {
		return underTheRunLock((capture) -> capture.resync(keys));
	}

	private <T> Optional<T> underTheRunLock(Function<Capture, T> action) {
		if (!this.source.enabled()) {
			throw new InvalidConfigurationException(
					"Source mode is off: set contact-sync.source.relation (CONTACT_SYNC_SOURCE_RELATION) to the "
							+ "company's contact table or view");
		}
		this.migrations.run();
		Optional<RunLease> lock = this.runLocks.tryAcquire(() -> {
		});
		if (lock.isEmpty()) {
			return Optional.empty();
		}
		try (RunLease lease = lock.get()) {
			if (this.runLocks.liveness().other(lease.id()).isPresent()) {
				return Optional.empty();
			}
			return Optional.ofNullable(
					Capture.transaction(this.transactionManager).execute((status) -> action.apply(this.capture)));
		}
	}

}
