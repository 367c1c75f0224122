package com.example.contactsync.capture;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The capture step's work: one {@link Capture} in the step's transaction (at
 * {@link Capture#SNAPSHOT} isolation), its counts kept in the step's execution context
 * (and its write count: the changes written).
 *
 * @param capture the capture
 */
public record CaptureTasklet(Capture capture) implements Tasklet {

	/** The key of the capture's one-line description in the step's execution context. */
	public static final String COUNTS_KEY = "contactSync.capture";

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		var stepExecution = chunkContext.getStepContext().getStepExecution();
		CaptureCounts counts = this.capture.capture(stepExecution.getJobExecutionId(), false);
		contribution.incrementWriteCount(counts.changes());
		stepExecution.getExecutionContext().putString(COUNTS_KEY, counts.describe());
		return RepeatStatus.FINISHED;
	}

}
