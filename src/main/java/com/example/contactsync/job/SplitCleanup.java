package com.example.contactsync.job;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Deletes a run's split ({@link ContactPartitions}) once the run has completed: a
 * completed run is never restarted, so its split is of no further use. A run that failed
 * or stopped keeps it, for its restart.
 */
record SplitCleanup(ContactPartitions partitions) implements JobExecutionListener {

	@Override
	public void afterJob(JobExecution jobExecution) {
		if (jobExecution.getStatus() == BatchStatus.COMPLETED) {
			this.partitions.delete(jobExecution.getJobInstanceId());
		}
	}

}
