package com.example.contactsync.job;

import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.RunScope;

/**
 * Fixes the {@link RunScope} when a job instance first starts (in source mode, when its
 * capture step completes) and keeps it in the job's execution context: a restart of the
 * same instance reads it back (Spring Batch copies the context to the new execution) and
 * works on the same set of changes. Changes written during a run wait for the next run.
 */
class RunScopeListener implements JobExecutionListener, StepExecutionListener {

	static final String MAX_CHANGE_ID_KEY = "contactSync.maxChangeId";

	static final String STARTED_AT_KEY = "contactSync.startedAt";

	private static final Logger logger = LoggerFactory.getLogger(RunScopeListener.class);

	private final ContactChangeRepository changes;

	private final JobRepository jobRepository;

	public RunScopeListener(ContactChangeRepository changes, JobRepository jobRepository) {
		this.changes = changes;
		this.jobRepository = jobRepository;
	}

	/**
	 * In source mode, as the capture step's listener: the scope is fixed once the capture
	 * has written its changes, so that they belong to the run.
	 */
	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
			beforeJob(stepExecution.getJobExecution());
		}
		return null;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		ExecutionContext context = jobExecution.getExecutionContext();
		if (context.containsKey(MAX_CHANGE_ID_KEY)) {
			logger.info("Resuming the run: changes up to change_id {} belong to it",
					context.getLong(MAX_CHANGE_ID_KEY));
			return;
		}
		RunScope scope = this.changes.newRunScope();
		context.putLong(MAX_CHANGE_ID_KEY, scope.maxChangeId());
		context.putString(STARTED_AT_KEY, scope.startedAt().toString());
		this.jobRepository.updateExecutionContext(jobExecution);
		logger.info("Pending changes up to change_id {} belong to this run", scope.maxChangeId());
	}

	/** The scope fixed for a job execution's instance. */
	public static RunScope scopeOf(JobExecution jobExecution) {
		ExecutionContext context = jobExecution.getExecutionContext();
		return new RunScope(context.getLong(MAX_CHANGE_ID_KEY),
				OffsetDateTime.parse(context.getString(STARTED_AT_KEY)));
	}

}
