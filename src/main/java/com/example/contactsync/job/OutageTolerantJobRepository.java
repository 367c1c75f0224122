package com.example.contactsync.job;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring Batch's own updates of its executions ({@code update},
 * {@code updateExecutionContext}) tried again across a short database outage, for at most
 * {@code maxWait}, every 2 s: so that a step or a run that fails because its database
 * went away is recorded FAILED once it is back, instead of UNKNOWN (which Spring Batch
 * refuses to restart).
 * <p>
 * Only where that is safe: outside a transaction (each such update is a transaction of
 * its own, which either committed or did not; the updates of a chunk's transaction are
 * not tried again, the chunk rolls back), and only for a failure to reach the database.
 * Should an update have committed although its answer was lost, the retry meets the
 * execution's new version and fails as before (optimistic locking): nothing is written
 * twice.
 */
final class OutageTolerantJobRepository implements InvocationHandler {

	private static final Logger logger = LoggerFactory.getLogger(OutageTolerantJobRepository.class);

	private static final Set<String> RETRIED = Set.of("update", "updateExecutionContext");

	private final JobRepository target;

	private final Duration maxWait;

	private final long retryMillis;

	private final LongSupplier nanoClock;

	private OutageTolerantJobRepository(JobRepository target, Duration maxWait, long retryMillis,
			LongSupplier nanoClock) {
		this.target = target;
		this.maxWait = maxWait;
		this.retryMillis = retryMillis;
		this.nanoClock = nanoClock;
	}

	/**
	 * {@code target}, its updates tried again across an outage of at most
	 * {@code maxWait}.
	 */
	static JobRepository wrap(JobRepository target, Duration maxWait) {
		return wrap(target, maxWait, 2000, System::nanoTime);
	}

	static JobRepository wrap(JobRepository target, Duration maxWait, long retryMillis, LongSupplier nanoClock) {
		return (JobRepository) Proxy.newProxyInstance(OutageTolerantJobRepository.class.getClassLoader(),
				new Class<?>[] { JobRepository.class },
				new OutageTolerantJobRepository(target, maxWait, retryMillis, nanoClock));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "OutageTolerantJobRepository(" + this.target + ")";
				default -> method.invoke(this.target, args);
			};
		}
		boolean retried = RETRIED.contains(method.getName())
				&& !TransactionSynchronizationManager.isActualTransactionActive();
		long deadline = this.nanoClock.getAsLong() + this.maxWait.toNanos();
		boolean logged = false;
		while (true) {
			try {
				return method.invoke(this.target, args);
			}
			catch (InvocationTargetException ex) {
				Throwable failure = ex.getTargetException();
				if (!retried || !unreachable(failure) || this.nanoClock.getAsLong() >= deadline) {
					throw failure;
				}
				if (!logged) {
					logger.warn(
							"Spring Batch's {} cannot reach the database ({}): trying again every 2 s for at most {}",
							method.getName(), failure.getClass().getSimpleName(), this.maxWait);
					logged = true;
				}
				try {
					Thread.sleep(this.retryMillis);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw failure;
				}
			}
		}
	}

	/**
	 * A failure to reach the database; not a conflict of versions (which Spring counts as
	 * transient too, but which another try would only hide).
	 */
	static boolean unreachable(Throwable failure) {
		if (failure instanceof ConcurrencyFailureException) {
			return false;
		}
		return failure instanceof DataAccessResourceFailureException || failure instanceof TransientDataAccessException
				|| failure instanceof RecoverableDataAccessException
				|| failure instanceof CannotCreateTransactionException;
	}

}
