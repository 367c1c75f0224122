package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

import com.example.contactsync.dustess.DustessApiException;
import com.example.contactsync.logging.PersonalDataMasking;

/**
 * Puts the cause of a failure — the API failure, else the innermost cause — into the exit
 * description of the step and the job ({@code EXIT_MESSAGE}). Spring Batch would store a
 * stack trace cut at 2,500 characters, which seldom reaches the cause.
 */
public class FailureDescriptions implements JobExecutionListener, StepExecutionListener {

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		List<Throwable> failures = stepExecution.getFailureExceptions();
		return failures.isEmpty() ? null
				: new ExitStatus(stepExecution.getExitStatus().getExitCode(), describe(failures));
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		List<Throwable> failures = jobExecution.getAllFailureExceptions();
		if (!failures.isEmpty()) {
			jobExecution.setExitStatus(new ExitStatus(jobExecution.getExitStatus().getExitCode(), describe(failures)));
		}
	}

	/**
	 * The message of the API failure among the failures, else the first one's innermost
	 * cause; personal data masked and secrets removed, since it is stored and printed.
	 */
	public static String describe(List<Throwable> failures) {
		return PersonalDataMasking.maskForOutput(cause(failures));
	}

	private static String cause(List<Throwable> failures) {
		for (Throwable failure : failures) {
			for (Throwable cause : causes(failure)) {
				if (cause instanceof DustessApiException) {
					return cause.getMessage();
				}
				for (Throwable suppressed : cause.getSuppressed()) {
					if (suppressed instanceof DustessApiException) {
						return suppressed.getMessage();
					}
				}
			}
		}
		if (failures.isEmpty()) {
			return "unknown cause";
		}
		List<Throwable> chain = causes(failures.get(0));
		Throwable root = chain.get(chain.size() - 1);
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	/**
	 * A failure and its causes, the failure first, the innermost cause last; a cause
	 * chain that loops is followed once round.
	 */
	public static List<Throwable> causes(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

}
