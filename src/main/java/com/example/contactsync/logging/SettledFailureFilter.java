package com.example.contactsync.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Logback filter (in {@code logback-spring.xml}) that keeps Spring Batch's error reports
 * of a run out of the log once the run's failure is known to be a setting to fix (Dustess
 * refused the credentials): each partition would log the same refusal with two stack
 * traces, where the command prints one line and the run's history keeps the reason.
 * <p>
 * The job calls {@link #settled()} when it meets the refusal; the run's launcher calls
 * {@link #reset()} before and after each run, so that no other failure is hidden. Where
 * no launcher resets it (a remote worker), it lapses after {@link #LAPSE}: the failing
 * partitions report within moments of the refusal. Only Spring Batch's own loggers at
 * WARN and above are affected while it holds.
 */
public class SettledFailureFilter extends Filter<ILoggingEvent> {

	private static final String SPRING_BATCH = "org.springframework.batch.";

	private static volatile boolean settled;

	/**
	 * The run in progress failed for a reason already reported: keep Spring Batch quiet.
	 */
	public static void settled() {
		settled = true;
	}

	/** A run starts or ended: Spring Batch's errors are logged again. */
	public static void reset() {
		settled = false;
	}

	@Override
	public FilterReply decide(ILoggingEvent event) {
		if (settled && event.getLevel().isGreaterOrEqual(Level.WARN)
				&& event.getLoggerName().startsWith(SPRING_BATCH)) {
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

}
