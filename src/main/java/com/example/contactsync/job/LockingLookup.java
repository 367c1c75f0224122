package com.example.contactsync.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.RunScope;

/**
 * The writer's look-up of a chunk's changes, which locks them until the chunk is recorded
 * — without ever waiting blindly for a lock another session holds: the changes no one
 * else holds are locked at once ({@code FOR UPDATE SKIP LOCKED}), those held elsewhere
 * are tried again every {@value #RETRY_MILLIS} ms, with a log line every
 * {@code logInterval} naming the session that holds them, for at most {@code maxWait}.
 * Then their contacts are left out of the chunk ({@link #lockedElsewhere}): they stay
 * {@code PENDING} for the next run. A stop asked for while waiting ends the wait at once
 * ({@link #stopRequested}): the writer then sends nothing of the chunk.
 * <p>
 * One per chunk: it is not thread-safe.
 */
class LockingLookup implements ChunkAssembler.OtherChanges {

	static final long RETRY_MILLIS = 500;

	private static final Logger logger = LoggerFactory.getLogger(LockingLookup.class);

	private final Settings settings;

	private final LongSupplier nanoClock;

	private final Set<Long> lockedElsewhere = new HashSet<>();

	private boolean stopRequested;

	LockingLookup(Settings settings, LongSupplier nanoClock) {
		this.settings = settings;
		this.nanoClock = nanoClock;
	}

	@Override
	public List<ContactChange> find(Set<Long> changeIds, Set<String> customerIds, Set<String> externalIds) {
		long start = this.nanoClock.getAsLong();
		long lastLog = start;
		boolean announced = false;
		while (true) {
			List<ContactChange> inScope = this.settings.changes()
				.findInScope(this.settings.scope(), changeIds, customerIds, externalIds, false);
			if (inScope.isEmpty()) {
				return inScope;
			}
			Map<Long, ContactChange> byId = new TreeMap<>();
			inScope.forEach((change) -> byId.put(change.changeId(), change));
			Set<Long> held = new LinkedHashSet<>(byId.keySet());
			for (ContactChange locked : this.settings.changes()
				.lockInScopeSkippingLocked(this.settings.scope(), List.copyOf(byId.keySet()))) {
				// the version locked is the one sent
				byId.put(locked.changeId(), locked);
				held.remove(locked.changeId());
			}
			long now = this.nanoClock.getAsLong();
			Duration waited = Duration.ofNanos(now - start);
			if (held.isEmpty()) {
				if (announced) {
					logger.info("The changes locked by another session were released after {} s", waited.toSeconds());
				}
				return new ArrayList<>(byId.values());
			}
			if (this.settings.stopAsked().getAsBoolean()) {
				logger.info("Stop requested while waiting for changes {} locked by another session: "
						+ "this chunk is not sent; resuming the date sends it", held);
				this.stopRequested = true;
				this.lockedElsewhere.addAll(held);
				return new ArrayList<>(byId.values());
			}
			if (waited.compareTo(this.settings.maxWait()) >= 0) {
				logger.warn(
						"Changes {} are locked by another session ({}) for {} s: their contacts are not sent "
								+ "in this run and stay PENDING for the next one (contact-sync.row-lock-wait={})",
						held, holders(held), waited.toSeconds(), this.settings.maxWait());
				this.lockedElsewhere.addAll(held);
				return new ArrayList<>(byId.values());
			}
			if (!announced) {
				logger.info("Changes {} are locked by another session ({}): waiting for it at most {}", held,
						holders(held), this.settings.maxWait());
				announced = true;
				lastLog = now;
			}
			else if (Duration.ofNanos(now - lastLog).compareTo(this.settings.logInterval()) >= 0) {
				logger.info("Waiting for changes {} locked by another session ({}) for {} s; at most {}", held,
						holders(held), waited.toSeconds(), this.settings.maxWait());
				lastLog = now;
			}
			sleep();
		}
	}

	private String holders(Set<Long> held) {
		List<Integer> pids = this.settings.changes().lockHolders(held);
		return pids.isEmpty() ? "pid unknown" : "pid " + pids.toString().replaceAll("[\\[\\]]", "");
	}

	private static void sleep() {
		try {
			Thread.sleep(RETRY_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a row lock", ex);
		}
	}

	@Override
	public boolean lockedElsewhere(long changeId) {
		return this.lockedElsewhere.contains(changeId);
	}

	/** Whether a stop was asked for while this look-up waited. */
	boolean stopRequested() {
		return this.stopRequested;
	}

	/**
	 * What the look-ups of a step's chunks share: one {@link #newLookup} a chunk.
	 *
	 * @param changes where the changes are found and locked
	 * @param scope the run's scope
	 * @param maxWait the longest wait for changes another session holds locked
	 * ({@code contact-sync.row-lock-wait})
	 * @param logInterval how often a wait is logged
	 * @param stopAsked whether a stop of the run was asked for
	 */
	record Settings(ContactChangeRepository changes, RunScope scope, Duration maxWait, Duration logInterval,
			BooleanSupplier stopAsked) {

		LockingLookup newLookup() {
			return new LockingLookup(this, System::nanoTime);
		}

	}

}
