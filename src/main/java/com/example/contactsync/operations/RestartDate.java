package com.example.contactsync.operations;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Which date {@code restart} (the command, and the console's action) resumes.
 */
public final class RestartDate {

	private RestartDate() {
	}

	/**
	 * The newest run that ended FAILED or STOPPED
	 * ({@link SyncRunner#latestRestartableDate}), else the date of a run left STARTED by
	 * a process that died ({@link SyncRunner#run} of it then says it needs
	 * {@code recover}), else empty.
	 */
	public static Optional<LocalDate> of(SyncRunner runner) {
		return runner.latestRestartableDate()
			.or(() -> runner.runningExecutions().stream().findFirst().map(SyncRunner::runDate));
	}

}
