package com.example.contactsync.job;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Spring Batch's own updates across a short outage: tried again outside a transaction,
 * for a failure to reach the database only, for a bounded time.
 */
class OutageTolerantJobRepositoryTests {

	private final JobRepository target = mock(JobRepository.class);

	private final AtomicLong clock = new AtomicLong();

	private final JobRepository repository = OutageTolerantJobRepository.wrap(this.target, Duration.ofSeconds(10), 0,
			() -> this.clock.addAndGet(Duration.ofSeconds(1).toNanos()));

	private final JobExecution execution = mock(JobExecution.class);

	@Test
	void updateWhenTheDatabaseIsAwayForAWhileThenTriedAgainUntilItAnswers() {
		willThrow(unreachable()).willThrow(unreachable())
			.willAnswer((invocation) -> null)
			.given(this.target)
			.update(this.execution);

		this.repository.update(this.execution);

		verify(this.target, times(3)).update(this.execution);
	}

	@Test
	void updateWhenTheDatabaseStaysAwayLongerThanTheWaitThenItsFailureIsThrown() {
		willThrow(unreachable()).given(this.target).update(this.execution);

		assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
			.isThrownBy(() -> this.repository.update(this.execution));
		verify(this.target, times(10)).update(this.execution);
	}

	@Test
	void updateWhenOptimisticLockingFailsThenNotTriedAgain() {
		willThrow(new OptimisticLockingFailureException("version")).given(this.target).update(this.execution);

		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.repository.update(this.execution));
		verify(this.target, times(1)).update(this.execution);
	}

	@Test
	void updateWhenInsideATransactionThenNotTriedAgain() {
		willThrow(unreachable()).given(this.target).update(this.execution);
		TransactionSynchronizationManager.setActualTransactionActive(true);
		try {
			assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
				.isThrownBy(() -> this.repository.update(this.execution));
		}
		finally {
			TransactionSynchronizationManager.setActualTransactionActive(false);
		}
		verify(this.target, times(1)).update(this.execution);
	}

	@Test
	void otherMethodsWhenTheDatabaseIsAwayThenNotTriedAgain() {
		willThrow(unreachable()).given(this.target).getJobExecution(1L);

		assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
			.isThrownBy(() -> this.repository.getJobExecution(1L));
		verify(this.target, times(1)).getJobExecution(1L);
		assertThat(this.repository).isNotEqualTo(this.target);
	}

	private static CannotGetJdbcConnectionException unreachable() {
		return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
	}

}
