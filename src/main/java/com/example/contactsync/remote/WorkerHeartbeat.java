package com.example.contactsync.remote;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import com.example.contactsync.system.Hosts;

/**
 * A worker's heartbeat: its row in {@code contact_sync_worker}, added when the worker
 * starts, renewed every {@code contact-sync.remote.heartbeat-interval} from a thread of
 * its own (a long chunk never delays it), deleted when the worker stops. The manager
 * takes a worker whose heartbeat is older than {@code lost-after} for dead.
 */
public class WorkerHeartbeat implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WorkerHeartbeat.class);

	private final Workers workers;

	private final Duration interval;

	private final String id;

	private final String host;

	private final long pid;

	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	private volatile boolean beating;

	public WorkerHeartbeat(Workers workers, Duration interval) {
		this.workers = workers;
		this.interval = interval;
		this.host = Hosts.localName();
		this.pid = ProcessHandle.current().pid();
		this.id = this.host + ":" + this.pid + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** This worker's id: {@code host:pid:random}. */
	public String id() {
		return this.id;
	}

	@Override
	public void start() {
		this.workers.register(this.id, this.host, this.pid);
		this.beating = true;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "contact-sync-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(this::beat, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.running = true;
		logger.info("Worker {} is ready for partitions", this.id);
	}

	private void beat() {
		try {
			this.workers.heartbeat(this.id, this.host, this.pid);
			if (!this.beating) {
				logger.info("Worker {} reaches the database again", this.id);
			}
			this.beating = true;
		}
		catch (RuntimeException ex) {
			if (this.beating) {
				logger.warn("Worker {} cannot renew its heartbeat: {}", this.id, ex.toString());
			}
			this.beating = false;
		}
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
		try {
			this.workers.unregister(this.id);
		}
		catch (RuntimeException ex) {
			logger.warn("Worker {} could not remove its row: {}", this.id, ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// started before the channel's poller, stopped after it
		return Integer.MIN_VALUE + 1000;
	}

}
