package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import com.example.contactsync.dustess.CredentialsRefusedException;
import com.example.contactsync.dustess.DustessApiException;
import com.example.contactsync.logging.PersonalDataMasking;

/**
 * Puts the cause of a failure — the API failure, else the innermost cause, masked — into
 * the exit description of the job and of each failed step ({@code EXIT_MESSAGE} of
 * {@code BATCH_JOB_EXECUTION} and {@code BATCH_STEP_EXECUTION}). Spring Batch would store
 * a stack trace cut at 2,500 characters, which seldom reaches the cause and may quote a
 * row.
 * <p>
 * A step listener cannot do it: Spring Batch appends what {@code afterStep} returns to
 * the stack trace. So the job's listener rewrites the failed steps' descriptions once
 * they have ended, partitions included.
 */
public class FailureDescriptions implements JobExecutionListener {

	/** What Spring Batch's partition step throws when a partition did not succeed. */
	private static final String UNSUCCESSFUL_PARTITION = "Partition handler returned an unsuccessful step";

	private final JobRepository jobRepository;

	public FailureDescriptions(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		for (StepExecution step : jobExecution.getStepExecutions()) {
			rewrite(step, this.jobRepository);
		}
		List<Throwable> failures = jobExecution.getAllFailureExceptions();
		if (!failures.isEmpty()) {
			String description = describe(failures);
			if (description.contains(UNSUCCESSFUL_PARTITION)) {
				// remote partitions: their outcome is in the job repository, not here
				String partitions = failedPartitions(jobExecution.getId());
				description = partitions.isEmpty() ? description : partitions;
			}
			jobExecution.setExitStatus(new ExitStatus(jobExecution.getExitStatus().getExitCode(), description));
		}
	}

	/**
	 * Puts the cause of a failed step's failure into its exit description, in place of
	 * Spring Batch's stack trace; for a partition executed by a remote worker, the worker
	 * does it.
	 */
	public static void rewrite(StepExecution step, JobRepository jobRepository) {
		List<Throwable> failures = step.getFailureExceptions();
		String description = step.getExitStatus().getExitDescription();
		if (!failures.isEmpty() || (step.getStatus().isUnsuccessful() && !description.isEmpty())) {
			String cause = failures.isEmpty() ? PersonalDataMasking.maskForOutput(firstLine(description))
					: describe(failures);
			step.setExitStatus(new ExitStatus(step.getExitStatus().getExitCode(), cause));
			jobRepository.update(step);
		}
	}

	/**
	 * The failed partitions of a run and why, as the job repository has them:
	 * {@code "partition1of4: ...; partition3of4: ..."}.
	 */
	private String failedPartitions(long jobExecutionId) {
		JobExecution stored = this.jobRepository.getJobExecution(jobExecutionId);
		if (stored == null) {
			return "";
		}
		String prefix = ContactSyncJobConfiguration.PARTITION_STEP_NAME + ":";
		return ContactPartitioner.lastOfEach(stored.getStepExecutions())
			.stream()
			.filter((step) -> step.getStepName().startsWith(prefix) && step.getStatus().isUnsuccessful())
			.sorted(java.util.Comparator.comparing(StepExecution::getStepName))
			.map((step) -> {
				String name = step.getStepName().substring(prefix.length());
				String why = PersonalDataMasking.maskForOutput(firstLine(step.getExitStatus().getExitDescription()));
				return why.contains(name) ? why : name + ": " + why;
			})
			.collect(java.util.stream.Collectors.joining("; "));
	}

	/**
	 * Why a run failed: the description {@link #afterJob} gave it, else the cause among
	 * its failures.
	 */
	public static String describe(JobExecution execution) {
		String description = execution.getExitStatus().getExitDescription();
		return (description != null && !description.isBlank()) ? description
				: describe(execution.getAllFailureExceptions());
	}

	private static String firstLine(String text) {
		int end = text.indexOf('\n');
		return ((end >= 0) ? text.substring(0, end) : text).strip();
	}

	/**
	 * The message of a refusal of the credentials among the failures, else of the API
	 * failure among them, else the first one's innermost cause; personal data masked and
	 * secrets removed, since it is stored and printed.
	 */
	public static String describe(List<Throwable> failures) {
		return PersonalDataMasking.maskForOutput(cause(failures));
	}

	private static String cause(List<Throwable> failures) {
		for (Throwable failure : failures) {
			for (Throwable cause : causes(failure)) {
				if (cause instanceof CredentialsRefusedException) {
					return cause.getMessage();
				}
			}
		}
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
