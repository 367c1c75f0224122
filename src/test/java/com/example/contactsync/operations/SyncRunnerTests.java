package com.example.contactsync.operations;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.job.ContactSyncProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * What {@code run} says when the launch itself throws: the database went away before or
 * during the run. (The runs that end normally are covered on real databases by the job
 * and command integration tests.)
 */
class SyncRunnerTests {

	private static final LocalDate DATE = LocalDate.of(2026, 11, 25);

	private final JobOperator jobOperator = mock(JobOperator.class);

	private final JobRepository jobRepository = mock(JobRepository.class);

	private final Job job = mock(Job.class);

	private final RunHistory history = mock(RunHistory.class);

	private final RunLock runLock = mock(RunLock.class);

	private final Runners runners = mock(Runners.class);

	private final RunRepair repair = mock(RunRepair.class);

	private final RunLocks runLocks = new RunLocks(this.runLock, this.runners, new RunnerLiveness(this.runners, "here",
			Duration.ofSeconds(2), Duration.ofSeconds(15), (runner) -> false, (duration) -> {
			}), this.repair,
			new ContactSyncProperties.Run(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ZERO));

	private final java.util.List<Object> events = new java.util.ArrayList<>();

	private final SyncRunner runner = new SyncRunner(this.jobOperator, this.jobRepository, this.job,
			mock(DustessClient.class), this.history, this.runLocks, (execution) -> java.util.List.of(),
			this.events::add, () -> {
			});

	SyncRunnerTests() throws Exception {
		given(this.job.getName()).willReturn("contactSyncJob");
		given(this.runLock.tryAcquire()).willReturn(Optional.of(mock(RunLock.Held.class)));
		given(this.jobRepository.findRunningJobExecutions("contactSyncJob")).willReturn(Set.of());
		willThrow(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")).given(this.jobOperator)
			.start(any(Job.class), any());
	}

	@Test
	void runWhenTheDatabaseWentAwayMidRunAndAnswersAgainThenMarksItsRunFailedSoThatTheSameCommandResumes() {
		JobExecution execution = startedExecution();
		given(this.repair.markFailed(eq(execution), any())).willReturn(execution);

		RunResult result = this.runner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.FAILED);
		assertThat(result.message()).isEqualTo("The sync of 2026-11-25 (run 7) was cut off after it started: "
				+ "CannotGetJdbcConnectionException: Failed to obtain JDBC Connection — marked FAILED: "
				+ "run the same command again to resume it.");
		verify(this.repair).markFailed(eq(execution), startsWith("run (cut off: CannotGetJdbcConnectionException"));
		assertThat(this.events).containsExactly(new RunEnded(result));
	}

	@Test
	void runWhenTheDatabaseWentAwayMidRunAndStaysAwayThenSaysTheRunIsLeftForRecover() {
		JobExecution execution = startedExecution();
		given(this.repair.markFailed(eq(execution), any()))
			.willThrow(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));

		RunResult result = this.runner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.FAILED);
		assertThat(result.message()).isEqualTo("The sync of 2026-11-25 (run 7) was cut off after it started: "
				+ "CannotGetJdbcConnectionException: Failed to obtain JDBC Connection — the database did not answer "
				+ "again in time: once it is back, run 'contact-sync recover', then the same command again to resume it.");
	}

	private JobExecution startedExecution() {
		JobExecution execution = new JobExecution(7L, new JobInstance(3L, "contactSyncJob"),
				SyncRunner.parameters(DATE));
		execution.setStatus(BatchStatus.STARTED);
		given(this.jobRepository.getLastJobExecution("contactSyncJob", SyncRunner.parameters(DATE)))
			.willReturn(execution);
		given(this.jobRepository.getJobExecution(7L)).willReturn(execution);
		return execution;
	}

	@Test
	void runWhenTheDatabaseIsStillAwayThenSaysItMayHaveStarted() {
		given(this.jobRepository.getLastJobExecution("contactSyncJob", SyncRunner.parameters(DATE)))
			.willThrow(new CannotGetJdbcConnectionException("still down"));

		RunResult result = this.runner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.FAILED);
		assertThat(result.message()).startsWith("The sync of 2026-11-25 failed: CannotGetJdbcConnectionException")
			.contains("it may have started")
			.contains("contact-sync recover");
	}

	@Test
	void runWhenNothingStartedThenSaysCouldNotStart() {
		RunResult result = this.runner.run(DATE);

		assertThat(result.message()).isEqualTo(
				"The sync of 2026-11-25 could not start: CannotGetJdbcConnectionException: Failed to obtain JDBC Connection");
	}

}
