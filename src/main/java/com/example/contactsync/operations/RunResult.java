package com.example.contactsync.operations;

import java.time.LocalDate;

/**
 * What {@code run} did for one date.
 *
 * @param date the run date (the job instance's identity)
 * @param kind how the attempt ended
 * @param run the execution that ran, or for {@link Kind#ALREADY_COMPLETED} the one that
 * completed earlier; {@code null} when nothing ran
 * @param message a one-line explanation
 */
public record RunResult(LocalDate date, Kind kind, RunSummary run, String message) {

	/** How a {@code run} attempt ended. */
	public enum Kind {

		/** The run completed. */
		COMPLETED,

		/** This date had completed before; nothing was sent. */
		ALREADY_COMPLETED,

		/** The run failed or stopped; running the same command again resumes it. */
		FAILED,

		/** Another run is in progress; nothing was sent. */
		ALREADY_RUNNING,

		/**
		 * The run failed because Dustess refused the credentials: a setting to fix; then
		 * the same command resumes it.
		 */
		CREDENTIALS_REFUSED,

		/**
		 * The run failed because its source was refused (source mode: NULL or repeated
		 * keys, unknown columns, more keys gone than allowed); nothing was captured.
		 * Fixed (or accepted), the same command resumes it.
		 */
		SOURCE_REFUSED

	}

}
