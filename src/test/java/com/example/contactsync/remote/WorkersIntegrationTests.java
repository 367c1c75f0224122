package com.example.contactsync.remote;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * The workers' table on a real PostgreSQL server, with the application's migrations: a
 * live worker's fair share of the partitions waiting or under way (three workers and a
 * grid of 8 take 3, 3 and 2), and the fence's question — does this worker still execute
 * this partition — for a claim under way, released, or a partition the manager ended.
 */
class WorkersIntegrationTests {

	private static final Duration LOST_AFTER = Duration.ofSeconds(30);

	private static final Duration IDLE_LIMIT = Duration.ofMinutes(4);

	private static final TestPostgres.Database database = TestPostgres.createDatabase("workers_tests");

	private final DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.user(),
			database.password());

	private final JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);

	private final Workers workers = new Workers(this.jdbcTemplate);

	private JobRepository repository;

	private JobExecution job;

	@BeforeEach
	void setUp() throws Exception {
		database.migrate();
		this.jdbcTemplate.update("DELETE FROM contact_sync_worker_partition");
		this.jdbcTemplate.update("DELETE FROM contact_sync_worker");
		this.jdbcTemplate.update("UPDATE batch_job_execution SET status = 'COMPLETED'");
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(this.dataSource);
		factory.setTransactionManager(new JdbcTransactionManager(this.dataSource));
		factory.afterPropertiesSet();
		this.repository = factory.getObject();
		JobParameters parameters = new JobParametersBuilder().addLong("n", System.nanoTime()).toJobParameters();
		JobInstance instance = this.repository.createJobInstance("contactSyncJob", parameters);
		this.job = this.repository.createJobExecution(instance, parameters, new ExecutionContext());
		this.job.setStatus(BatchStatus.STARTED);
		this.job.setStartTime(LocalDateTime.now());
		this.repository.update(this.job);
	}

	@Test
	void threeWorkersAliveAndAGridOfEightTakeThreeThreeAndTwo() {
		List<StepExecution> partitions = partitions(8);
		List<String> ids = List.of("a", "b", "c");
		ids.forEach((id) -> this.workers.register(id, "host", 1));
		assertThat(this.workers.fairShare(LOST_AFTER)).isEqualTo(3);

		// each takes while under its share, as the workers' take does, share asked anew
		List<Integer> taken = new ArrayList<>(List.of(0, 0, 0));
		int next = 0;
		for (int worker = 0; worker < 3; worker++) {
			while (next < partitions.size() && taken.get(worker) < this.workers.fairShare(LOST_AFTER)) {
				StepExecution partition = partitions.get(next++);
				assertThat(this.workers.claim(partition.getId(), ids.get(worker))).isTrue();
				start(partition);
				taken.set(worker, taken.get(worker) + 1);
			}
		}
		assertThat(taken).containsExactly(3, 3, 2);

		// a worker gone quiet no longer counts: the two others' share grows
		this.jdbcTemplate.update(
				"UPDATE contact_sync_worker SET heartbeat_at = clock_timestamp() - interval '1 minute' WHERE worker_id = 'c'");
		assertThat(this.workers.fairShare(LOST_AFTER)).isEqualTo(4);
	}

	@Test
	void aWorkerExecutesAPartitionOnlyWhileItsClaimStandsAndThePartitionIsUnderWay() {
		StepExecution partition = partitions(1).get(0);
		this.workers.register("a", "host", 1);
		this.workers.register("b", "host", 2);
		assertThat(this.workers.claim(partition.getId(), "a")).isTrue();
		assertThat(this.workers.claim(partition.getId(), "b")).as("a claim is exclusive").isFalse();
		start(partition);
		assertThat(this.workers.executes(partition.getId(), "a", IDLE_LIMIT)).isTrue();
		assertThat(this.workers.executes(partition.getId(), "b", IDLE_LIMIT)).isFalse();

		// the manager took worker a for dead: it ended the partition, then the claim
		partition.setStatus(BatchStatus.FAILED);
		partition.setEndTime(LocalDateTime.now());
		this.repository.update(partition);
		assertThat(this.workers.executes(partition.getId(), "a", IDLE_LIMIT)).isFalse();
		this.workers.release(partition.getId());
		assertThat(this.workers.released(Set.of(partition.getId()))).containsExactly(partition.getId());
	}

	/**
	 * A worker paused (or cut off) in a chunk's transaction after its fence said yes
	 * holds the chunk's changes locked only until the server ends its idle session.
	 */
	@Test
	void aWorkerPausedInAChunksTransactionHoldsItsLocksNoLongerThanTheIdleLimit() throws Exception {
		StepExecution partition = partitions(1).get(0);
		this.workers.register("a", "host", 1);
		this.workers.claim(partition.getId(), "a");
		start(partition);
		this.jdbcTemplate.update("INSERT INTO contact_change (external_id, remark) VALUES ('crm-locked', 'x')");
		boolean[] lockFreed = new boolean[1];
		TransactionTemplate chunk = new TransactionTemplate(new JdbcTransactionManager(this.dataSource));
		assertThatRuntimeException().isThrownBy(() -> chunk.executeWithoutResult((status) -> {
			this.jdbcTemplate
				.queryForList("SELECT change_id FROM contact_change WHERE external_id = 'crm-locked'" + " FOR UPDATE");
			assertThat(this.workers.executes(partition.getId(), "a", Duration.ofSeconds(1))).isTrue();
			sleep(2500);
			// the worker is paused: another session can lock what it had locked
			try (var other = this.dataSource.getConnection(); var statement = other.createStatement()) {
				statement.executeQuery(
						"SELECT change_id FROM contact_change WHERE external_id = 'crm-locked' FOR UPDATE NOWAIT");
				lockFreed[0] = true;
			}
			catch (java.sql.SQLException ex) {
				throw new IllegalStateException("still locked: " + ex.getMessage(), ex);
			}
		}));
		assertThat(lockFreed[0]).isTrue();
	}

	@Test
	void aClaimLetGoBeforeThePartitionStartedIsTold() {
		List<StepExecution> partitions = partitions(2);
		this.workers.register("a", "host", 1);
		this.workers.claim(partitions.get(0).getId(), "a");
		this.workers.claim(partitions.get(1).getId(), "a");
		this.workers.release(partitions.get(0).getId());
		assertThat(this.workers.released(List.of(partitions.get(0).getId(), partitions.get(1).getId())))
			.containsExactly(partitions.get(0).getId());
		// a worker that shuts down lets go of all it holds
		this.workers.unregister("a");
		assertThat(this.workers.released(List.of(partitions.get(1).getId()))).hasSize(1);
	}

	private List<StepExecution> partitions(int count) {
		List<StepExecution> partitions = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			partitions.add(this.repository
				.createStepExecution("syncContactChangesPartition:partition" + i + "of" + count, this.job));
		}
		return partitions;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void start(StepExecution partition) {
		partition.setStatus(BatchStatus.STARTED);
		partition.setStartTime(LocalDateTime.now());
		this.repository.update(partition);
	}

}
