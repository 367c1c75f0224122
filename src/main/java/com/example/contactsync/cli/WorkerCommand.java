package com.example.contactsync.cli;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import com.example.contactsync.remote.WorkerHeartbeat;
import com.example.contactsync.remote.WorkerPartitions;

import picocli.CommandLine.Command;

/**
 * {@code worker}: keeps running and executes partitions of whatever run is in progress,
 * with {@code contact-sync.partitioning=remote}; Actuator on {@code server.port} as
 * {@code serve} has it. SIGTERM takes no more partitions and ends those under way after
 * their current chunk.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, description = {
		"Keeps running and executes partitions of the runs in progress (remote partitioning).",
		"For a manager started with contact-sync.partitioning=remote (run or serve) on the same PostgreSQL",
		"database; idles while none is.", "Actuator health and Prometheus metrics on server.port (default 8080).",
		"SIGTERM: takes no more partitions; those under way end after their current chunk (STOPPED: the manager",
		"resumes them on the workers alive), then the worker exits." })
class WorkerCommand extends AbstractCommand {

	private static final Logger logger = LoggerFactory.getLogger(WorkerCommand.class);

	/** How long a stopping worker waits for its partitions' current chunks. */
	private static final Duration STOP_WAIT = Duration.ofMinutes(10);

	@Override
	public Integer call() throws InterruptedException {
		ConfigurableApplicationContext context = this.parent.cli.startWorker();
		return untilStopped(context, () -> "Worker " + context.getBean(WorkerHeartbeat.class).id()
				+ " is waiting for partitions; SIGTERM or Ctrl-C stops.", WorkerCommand::stopPartitions);
	}

	/**
	 * No more requests taken; the partitions under way end after their chunk, and one
	 * taken but not started yet before its first. The flow's endpoints stay up until
	 * then: stopping the one that executes a request would drop a request already taken.
	 */
	private static void stopPartitions(ConfigurableApplicationContext context) throws InterruptedException {
		WorkerPartitions partitions = context.getBean(WorkerPartitions.class);
		if (!partitions.stop(STOP_WAIT)) {
			logger.error("{} partition(s) did not end within {}; the manager fails them once this worker's "
					+ "heartbeat stops", partitions.running(), STOP_WAIT);
		}
	}

}
