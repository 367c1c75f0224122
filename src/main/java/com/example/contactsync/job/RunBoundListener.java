package com.example.contactsync.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.example.contactsync.change.ContactChangeRepository;

/**
 * Fixes the highest pending {@code change_id} when a job instance first starts, and keeps it in
 * the job's execution context: a restart of the same instance reads it back (Spring Batch copies
 * the context to the new execution) and works on the same set of changes. Changes written
 * during a run wait for the next run.
 */
public class RunBoundListener implements JobExecutionListener {

	/** Key of the bound in the job execution context. */
	public static final String MAX_CHANGE_ID_KEY = "contactSync.maxChangeId";

	private static final Logger logger = LoggerFactory.getLogger(RunBoundListener.class);

	private final ContactChangeRepository changes;

	private final JobRepository jobRepository;

	public RunBoundListener(ContactChangeRepository changes, JobRepository jobRepository) {
		this.changes = changes;
		this.jobRepository = jobRepository;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		ExecutionContext context = jobExecution.getExecutionContext();
		if (context.containsKey(MAX_CHANGE_ID_KEY)) {
			logger.info("Resuming: changes up to change_id {} belong to this run", context.getLong(MAX_CHANGE_ID_KEY));
			return;
		}
		long bound = this.changes.maxPendingChangeId();
		context.putLong(MAX_CHANGE_ID_KEY, bound);
		this.jobRepository.updateExecutionContext(jobExecution);
		logger.info("Pending changes up to change_id {} belong to this run", bound);
	}

}
