package com.example.contactsync.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ItemProcessor;

import com.example.contactsync.change.ContactChange;

/**
 * Turns each change into its entry, or into a rejection with the reason. Never filters
 * and never throws for a row: a rejected change goes on to the writer, which records it.
 */
class PrepareChangeProcessor implements ItemProcessor<ContactChange, PreparedChange> {

	private static final Logger logger = LoggerFactory.getLogger(PrepareChangeProcessor.class);

	private final CustomerEntryFactory entryFactory;

	public PrepareChangeProcessor(CustomerEntryFactory entryFactory) {
		this.entryFactory = entryFactory;
	}

	@Override
	public PreparedChange process(ContactChange change) {
		try {
			return new PreparedChange.Sendable(change, this.entryFactory.create(change));
		}
		catch (InvalidChangeException ex) {
			logger.info("Change {} rejected: {}", change.changeId(), ex.getMessage());
			return new PreparedChange.Rejected(change, ex.getMessage());
		}
		catch (RuntimeException ex) {
			// a row that breaks the checks themselves costs that row, never the run; the
			// exception's message may quote the row's values, so the reason names only
			// its type
			logger.warn("Change {} rejected: it could not be prepared ({}; the stack trace is logged at DEBUG)",
					change.changeId(), ex.getClass().getName());
			logger.debug("Change {} could not be prepared", change.changeId(), ex);
			return new PreparedChange.Rejected(change,
					"could not be prepared (" + ex.getClass().getSimpleName() + "); the log has the details");
		}
	}

}
