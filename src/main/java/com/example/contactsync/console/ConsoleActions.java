package com.example.contactsync.console;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.springframework.batch.core.job.JobExecution;

import com.example.contactsync.operations.OperationsQueries;
import com.example.contactsync.operations.RestartDate;
import com.example.contactsync.operations.RunNumbers;
import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.RunStillInProgressException;
import com.example.contactsync.operations.SyncRunner;

/**
 * The console's actions, each through the code of its command — {@link SyncRunner} for
 * {@code stop}, {@code restart} and {@code recover}, {@link OperationsQueries#requeue}
 * for {@code requeue} — with what it will touch shown first ({@link #plan}) and what it
 * did recorded ({@link ConsoleAudit}).
 */
class ConsoleActions {

	/** The actions, by the name in their URL. */
	enum Action {

		STOP, RESTART, RECOVER, REQUEUE;

		public String path() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** What an action would act on now: a sentence and a count. */
	record Plan(Action action, String target, int count, String description) {
	}

	/** What an action did. */
	record Done(Action action, String target, int touched, String message) {
	}

	/**
	 * The changes to requeue: of a run, with a Dustess code, one change (any of them may
	 * be null, not all).
	 */
	record Selection(Long run, Integer code, Long change) {

		String target() {
			StringBuilder target = new StringBuilder();
			if (this.run != null) {
				target.append("run=").append(this.run).append(' ');
			}
			if (this.code != null) {
				target.append("code=").append(this.code).append(' ');
			}
			if (this.change != null) {
				target.append("change=").append(this.change);
			}
			return target.toString().trim();
		}

		List<Long> changes() {
			return (this.change != null) ? List.of(this.change) : null;
		}

		boolean isEmpty() {
			return this.run == null && this.code == null && this.change == null;
		}

	}

	private final SyncRunner runner;

	private final OperationsQueries queries;

	private final ConsoleAudit audit;

	private final Executor runs;

	/**
	 * @param runs where a restarted run goes on after the request that started it
	 */
	ConsoleActions(SyncRunner runner, OperationsQueries queries, ConsoleAudit audit, Executor runs) {
		this.runner = runner;
		this.queries = queries;
		this.audit = audit;
		this.runs = runs;
	}

	Plan plan(Action action, Selection selection) {
		return switch (action) {
			case STOP -> {
				List<JobExecution> running = this.runner.runningExecutions();
				yield new Plan(action, runs(running), running.size(), running.isEmpty() ? "No run is in progress."
						: "Asks " + describe(running) + " to stop after its current chunk; it ends STOPPED.");
			}
			case RESTART -> {
				Optional<LocalDate> date = RestartDate.of(this.runner);
				yield new Plan(action, date.map((d) -> "date=" + d).orElse(""), date.isPresent() ? 1 : 0, date
					.map((d) -> "Resumes the run of " + d
							+ " from its last committed chunk, in this process; its committed items are not sent again.")
					.orElse("Nothing to restart: no run ended FAILED or STOPPED without completing since."));
			}
			case RECOVER -> {
				List<JobExecution> running = this.runner.runningExecutions();
				yield new Plan(action, runs(running), running.size(),
						"Marks runs whose process died FAILED so that they can resume"
								+ (running.isEmpty() ? "; no run is left STARTED now (ended runs with a partition "
										+ "left running are repaired too)." : ": " + describe(running) + ".")
								+ " Refused while a run is in progress.");
			}
			case REQUEUE -> {
				requireSelection(selection);
				int count = this.queries.countRequeue(OperationsQueries.REQUEUEABLE, selection.run(), selection.code(),
						selection.changes());
				yield new Plan(action, selection.target(), count,
						"Moves " + count + " change" + ((count == 1) ? "" : "s") + " in "
								+ OperationsQueries.REQUEUEABLE
								+ " back to PENDING (attempts reset): the next run sends them.");
			}
		};
	}

	Done perform(Action action, Selection selection, String username) {
		Done done = switch (action) {
			case STOP -> {
				List<JobExecution> stopped = this.runner.stop();
				yield new Done(action, runs(stopped), stopped.size(), stopped.isEmpty() ? "No run in progress."
						: "Asked " + describe(stopped) + " to stop after its current chunk.");
			}
			case RESTART -> restart();
			case RECOVER -> recover();
			case REQUEUE -> {
				requireSelection(selection);
				int count = this.queries.requeue(OperationsQueries.REQUEUEABLE, selection.run(), selection.code(),
						selection.changes());
				yield new Done(action, selection.target(), count,
						"Requeued " + count + " change" + ((count == 1) ? "" : "s") + ": the next run sends them.");
			}
		};
		this.audit.record(username, action.path(), done.target(), done.touched(), done.message());
		return done;
	}

	private Done restart() {
		Optional<LocalDate> date = RestartDate.of(this.runner);
		if (date.isEmpty()) {
			return new Done(Action.RESTART, "", 0,
					"Nothing to restart: no run ended FAILED or STOPPED without completing since.");
		}
		this.runs.execute(() -> {
			RunResult result = this.runner.run(date.get());
			org.slf4j.LoggerFactory.getLogger(ConsoleActions.class)
				.info("Run restarted from the console: {}", result.message());
		});
		return new Done(Action.RESTART, "date=" + date.get(), 1,
				"Restarted the run of " + date.get() + ": it goes on in this process; its page shows its progress.");
	}

	private Done recover() {
		try {
			Optional<List<JobExecution>> recovered = this.runner.recover();
			if (recovered.isEmpty()) {
				return new Done(Action.RECOVER, "", 0,
						"A run is in progress (it holds the run lock); nothing was recovered.");
			}
			return new Done(Action.RECOVER, runs(recovered.get()), recovered.get().size(),
					recovered.get().isEmpty() ? "Nothing to recover: no run is left STARTED."
							: "Recovered " + describe(recovered.get()) + ": now FAILED, it can resume.");
		}
		catch (RunStillInProgressException ex) {
			return new Done(Action.RECOVER, "", 0, ex.getMessage());
		}
	}

	private static void requireSelection(Selection selection) {
		if (selection.isEmpty()) {
			throw new IllegalArgumentException("Choose the changes to requeue: a run, a code or a change");
		}
	}

	private static String runs(List<JobExecution> executions) {
		return String.join(" ", executions.stream().map((execution) -> "run=" + execution.getId()).toList());
	}

	private static String describe(List<JobExecution> executions) {
		return String.join(", ",
				executions.stream()
					.map((execution) -> "run " + execution.getId() + " (" + RunNumbers.label(execution) + ")")
					.toList());
	}

}
