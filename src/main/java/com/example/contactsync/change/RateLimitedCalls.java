package com.example.contactsync.change;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The answers HTTP 429 ("too many requests") of each run's calls, kept in
 * {@code contact_sync_rate_limited} (migration V23): one row per call that met any, none
 * otherwise. Written in a transaction of its own, so that the 429s of a call that failed
 * as a whole stay recorded when its chunk rolls back; a failure to write them is logged,
 * never a failure of the run. Read per run with the run's summary
 * ({@code operations/RunHistory}).
 */
public class RateLimitedCalls {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitedCalls.class);

	private static final String INSERT = "INSERT INTO contact_sync_rate_limited (job_execution_id, call_id, answers) VALUES (?, ?, ?)";

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate ownTransaction;

	public RateLimitedCalls(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		this.jdbcTemplate = jdbcTemplate;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Records that a call of a run was answered HTTP 429 {@code answers} times (its
	 * retries included).
	 */
	public void record(long run, String callId, int answers) {
		try {
			this.ownTransaction
				.executeWithoutResult((status) -> this.jdbcTemplate.update(INSERT, run, callId, answers));
		}
		catch (DataAccessException ex) {
			logger.warn("Could not record the {} HTTP 429 answers of call {} in contact_sync_rate_limited: {}", answers,
					callId, ex.getMessage());
		}
	}

}
