package com.example.contactsync.job;

import org.springframework.batch.core.step.StepExecution;

/**
 * Whether this process still executes a partition, asked just before each call that sends
 * its changes. A remote worker that was taken for dead (paused, or cut off from the
 * database, for longer than {@code contact-sync.remote.lost-after}) finds its partition
 * resumed by another worker when it comes back: it must send nothing more of it. In one
 * process (local partitioning) nobody takes a partition over: {@link #NONE}.
 */
@FunctionalInterface
public interface PartitionFence {

	/** The fence of a process whose partitions nobody else executes. */
	PartitionFence NONE = (partition) -> {
	};

	/**
	 * @param partition the partition about to send a call
	 * @throws TakenOverException if this process no longer executes it
	 */
	void check(StepExecution partition);

	/** A partition taken over by another process: the call is not sent. */
	class TakenOverException extends RuntimeException {

		public TakenOverException(String message) {
			super(message);
		}

	}

}
