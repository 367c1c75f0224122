package com.example.contactsync.operations;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Service mode ({@code serve}): starts today's run from a cron expression, in-process,
 * through the same {@link SyncRunner} as the command line — so the one-run-at-a-time rule
 * holds against scheduled and manual runs alike.
 */
public class ScheduledSync {

	private static final Logger logger = LoggerFactory.getLogger(ScheduledSync.class);

	private final SyncRunner runner;

	private final CronTrigger trigger;

	private final ZoneId zone;

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private ScheduledFuture<?> future;

	public ScheduledSync(SyncRunner runner, String cron, ZoneId zone) {
		this.runner = runner;
		this.zone = zone;
		this.trigger = new CronTrigger(cron, zone);
	}

	public synchronized void start() {
		this.scheduler.setThreadNamePrefix("contact-sync-schedule-");
		this.scheduler.setWaitForTasksToCompleteOnShutdown(true);
		this.scheduler.setAwaitTerminationSeconds(15 * 60);
		this.scheduler.initialize();
		this.future = this.scheduler.schedule(this::runToday, this.trigger);
		logger.info("Serving: the sync runs on the schedule '{}' ({})", this.trigger.getExpression(), this.zone);
	}

	void runToday() {
		LocalDate date = LocalDate.now(this.zone);
		try {
			RunResult result = this.runner.run(date);
			logger.info("Scheduled run: {}", result.message());
		}
		catch (RuntimeException ex) {
			logger.error("Scheduled run of {} could not start: {}", date, ex.getMessage());
		}
	}

	/**
	 * Stops scheduling, asks a run in progress to stop after its chunk, and waits for it.
	 */
	public synchronized void shutdown() {
		if (this.future != null) {
			this.future.cancel(false);
		}
		this.runner.stop();
		this.scheduler.shutdown();
	}

}
